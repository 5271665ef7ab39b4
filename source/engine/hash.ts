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
	return `${cpuScalars(cpu)}|${stack}|${cachedJson(cpu.tlb)}|${cachedJson(cpu.ackedGen)}`;
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

// States are immutable and a step copies only what it changes, so the hash of a CPU or
// pmap record is computed once per record object and reused by every state sharing it.
// Each part hash has two independent 53-bit lanes.
type PartHash = readonly [number, number];
const cpuHashes = new WeakMap<CpuState, PartHash>();
const pmapHashes = new WeakMap<PmapState, PartHash>();
const SECOND_LANE = 0x9e_37_79_b9;

function partHash(key: string): PartHash {
	return [cyrb53(key), cyrb53(key, SECOND_LANE)];
}

/** The two-lane hash of an object's JSON, memoised per object (frames, TLB arrays). */
const objectHashes = new WeakMap<object, PartHash>();

function objectHash(value: object): PartHash {
	let hash = objectHashes.get(value);
	if (hash === undefined) {
		hash = partHash(JSON.stringify(value, bigintAsHex));
		objectHashes.set(value, hash);
	}

	return hash;
}

/**
 * A CPU record's hash: its scalar fields hashed afresh, its frames, TLB and scoreboard
 * row by their memoised hashes (a step changes one frame and rarely the TLB).
 */
function cpuHash(cpu: CpuState): PartHash {
	let hash = cpuHashes.get(cpu);
	if (hash === undefined) {
		const scalars = partHash(
			cpuScalars(cpu),
		);
		// Plain loops: this runs for every new state the explorer meets.
		let first = scalars[0] % 4_294_967_296;
		let second = scalars[1] % 4_294_967_296;
		for (const frame of cpu.stack) {
			const part = objectHash(frame);
			first = mix(first, part[0]);
			second = mix(second, part[1]);
		}

		const tlb = objectHash(cpu.tlb);
		const acked = objectHash(cpu.ackedGen);
		first = mix(mix(first, tlb[0]), acked[0]);
		second = mix(mix(second, tlb[1]), acked[1]);

		hash = [((first >>> 0) * 2_097_152) + (scalars[0] % 2_097_152), ((second >>> 0) * 2_097_152) + (scalars[1] % 2_097_152)];
		cpuHashes.set(cpu, hash);
	}

	return hash;
}

function pmapHash(pmap: PmapState): PartHash {
	let hash = pmapHashes.get(pmap);
	if (hash === undefined) {
		hash = partHash(pmapKey(pmap));
		pmapHashes.set(pmap, hash);
	}

	return hash;
}

/** Mixes a 53-bit VALUE into the 32-bit accumulator H (position-dependent). */
function mix(h: number, value: number): number {
	const low = value >>> 0;
	const high = Math.floor(value / 4_294_967_296) >>> 0;
	h = Math.imul(h ^ low, 2_654_435_761);
	h = Math.imul(h ^ (h >>> 15) ^ high, 2_246_822_507);
	return h ^ (h >>> 13);
}

/**
 * A hash of the canonical key: the parts' two-lane hashes (memoised per record) folded
 * with the block and sequence number into four 32-bit lanes, as hex. Collisions are
 * possible in principle; canonicalKey is exact.
 */
export function stateHash(state: MachineState): string {
	let a = mix(0x85_eb_ca_6b, state.block);
	let b = mix(0xc2_b2_ae_35, state.seq);
	let c = mix(0x27_d4_eb_2f, state.block + 1);
	let d = mix(0x16_56_67_b1, state.seq + 1);
	const {cpus, pmaps} = state;
	for (let i = 0; i < cpus.length + pmaps.length; i++) {
		const part = i < cpus.length ? cpuHash(cpus[i]!) : pmapHash(pmaps[i - cpus.length]!);
		a = mix(a, part[0]);
		b = mix(b, part[1]);
		c = mix(c ^ b, part[0]);
		d = mix(d ^ a, part[1]);
	}

	return [a, b, c, d].map(lane => (lane >>> 0).toString(16).padStart(8, '0')).join('');
}
