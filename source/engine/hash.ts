/**
 * A canonical form of the protocol state: two states with the same key behave the same
 * from here on, whatever history led to them. The step counter, the round-robin cursor
 * and the stale-use count are history, not state, and are left out; PTE maps are
 * kept sorted by address, so insertion order does not matter.
 */
import type {CpuState, MachineState, PmapState} from './state.js';

/** JSON with CPU sets (bigints) as hex. */
function bigintAsHex(_key: string, value: unknown): unknown {
	return typeof value === 'bigint' ? `#${value.toString(16)}` : value;
}

/** JSON of VALUE, memoised per object: frames and TLB arrays are shared across states. */
const jsonOf = new WeakMap<object, string>();

function cachedJson(value: object): string {
	let text = jsonOf.get(value);
	if (text === undefined) {
		text = JSON.stringify(value, bigintAsHex);
		jsonOf.set(value, text);
	}

	return text;
}

/** A CPU's fields other than its frames, TLB and scoreboard row, as JSON. */
function cpuScalars(cpu: CpuState): string {
	return JSON.stringify([
		cpu.mode,
		cpu.curpmap,
		cpu.cr3,
		cpu.kcr3 ?? null,
		cpu.ucr3 ?? null,
		cpu.ucr3Mask,
		cpu.pcidNext,
		cpu.pcidGen,
		cpu.irqOff,
		cpu.ipiPending,
		cpu.tlbGen,
		cpu.request ?? null,
		cpu.pendingFrom,
		cpu.unacked,
		cpu.stack.length,
	]);
}

function cpuKey(cpu: CpuState): string {
	const stack = cpu.stack.map(frame => cachedJson(frame)).join(',');
	const key = `${cpuScalars(cpu)}|${stack}|${cachedJson(cpu.tlb)}|${cachedJson(cpu.ackedGen)}`;
	// The store buffer (lines are labels) and the litmus registers, when there are any.
	const sb = cpu.sb.length === 0 ? '' : `|${JSON.stringify(cpu.sb, (name, value: unknown) => (name === 'line' ? undefined : value))}`;
	const regs = cpu.regs.length === 0 ? '' : `|${JSON.stringify(cpu.regs)}`;
	return key + sb + regs;
}

function pmapKey(pmap: PmapState): string {
	return JSON.stringify([pmap.active.toString(16), pmap.pcids, pmap.ptes]);
}

/** The canonical key of STATE (exact: equal keys mean equal protocol state). */
export function canonicalKey(state: MachineState): string {
	const parts = [String(state.block), String(state.seq)];
	for (const cpu of state.cpus) {
		parts.push(cpuKey(cpu));
	}

	for (const pmap of state.pmaps) {
		parts.push(pmapKey(pmap));
	}

	return parts.join('\n');
}

/** cyrb53: two multiplicative 32-bit lanes over TEXT, as a number below 2^53. */
function cyrb53(text: string, seed = 0): number {
	let h1 = 0xde_ad_be_ef ^ seed;
	let h2 = 0x41_c6_ce_57 ^ seed;
	for (let i = 0; i < text.length; i++) {
		const ch = text.charCodeAt(i);
		h1 = Math.imul(h1 ^ ch, 2_654_435_761);
		h2 = Math.imul(h2 ^ ch, 1_597_334_677);
	}

	h1 = Math.imul(h1 ^ (h1 >>> 16), 2_246_822_507) ^ Math.imul(h2 ^ (h2 >>> 13), 3_266_489_909);
	h2 = Math.imul(h2 ^ (h2 >>> 16), 2_246_822_507) ^ Math.imul(h1 ^ (h1 >>> 13), 3_266_489_909);
	return 4_294_967_296 * (2_097_151 & h2) + (h1 >>> 0);
}

/**
 * A 106-bit hash of the canonical key (two cyrb53 lanes), as hex. Collisions are
 * possible in principle; canonicalKey is exact. (The explorer fingerprints states its
 * own way, without lines: source/explore/fingerprint.ts.)
 */
export function stateHash(state: MachineState): string {
	const key = canonicalKey(state);
	return cyrb53(key).toString(16).padStart(14, '0') + cyrb53(key, 0x9e_37_79_b9).toString(16).padStart(14, '0');
}
