/**
 * Numeric fingerprints of the records that make up a machine state, for the explorer's
 * visited set. Each is two independent 32-bit lanes (64 bits), computed once per record
 * object and reused by every state that shares the record (a step copies only what it
 * changes): the explorer reuses a parent state's fingerprints for the records its
 * children share, and TLBs, PTE tables and instruction lists are memoised per object.
 *
 * Two things are left out on purpose, so that interchangeable CPUs can be compared:
 * - scenario lines (frames, requests, pending IPIs): they only label events;
 * - references to other CPUs (scoreboard rows, an initiator's targets): a record's
 *   `refs` lists them, and symmetry.ts hashes them under a permutation of the CPUs.
 */
import type {CpuSet} from '../engine/cpuset.js';
import {members} from '../engine/cpuset.js';
import {operations, type Cr3, type CpuState, type FieldRole, type Frame, type Instr, type PmapState, type Pte, type TlbEntry} from '../engine/index.js';

/** Accumulates values into two lanes; order-sensitive. */
export class Hasher {
	a: number;
	b: number;

	constructor(seed: number) {
		this.a = (0x9e_37_79_b9 ^ seed) | 0;
		this.b = (0x85_eb_ca_6b ^ Math.imul(seed, 0x27_d4_eb_2f)) | 0;
	}

	/** Adds a 32-bit value. */
	int(value: number): this {
		let a = Math.imul(this.a ^ value, 0xcc_9e_2d_51);
		a = Math.imul((a << 15) | (a >>> 17), 0x1b_87_35_93);
		this.a = (a ^ (a >>> 13)) + 0xe6_54_6b_64;
		let b = Math.imul(this.b ^ value, 0x85_eb_ca_77);
		b = Math.imul((b << 13) | (b >>> 19), 0xc2_b2_ae_3d);
		this.b = (b ^ (b >>> 16)) + 0x16_56_67_b1;
		return this;
	}

	/** Adds an integer of up to 53 bits (page numbers of kernel addresses exceed 32). */
	num(value: number): this {
		return this.int(value | 0).int(Math.floor(value / 4_294_967_296) | 0);
	}

	bool(value: boolean): this {
		return this.int(value ? 1 : 0);
	}

	str(value: string): this {
		return this.int(stringCode(value));
	}

	/** Adds another fingerprint. */
	part(other: Fingerprint): this {
		return this.int(other.a).int(other.b);
	}

	/** Adds a CPU set as its members (sets here are small). */
	set(value: CpuSet): this {
		this.int(-7);
		for (const cpu of members(value)) {
			this.int(cpu);
		}

		return this.int(-8);
	}

	done(): Fingerprint {
		return {a: this.a | 0, b: this.b | 0};
	}
}

/** A 64-bit fingerprint as two 32-bit lanes. */
export type Fingerprint = {readonly a: number; readonly b: number};

const stringCodes = new Map<string, number>();

/** A 32-bit code for a string (the field values here come from a small vocabulary). */
function stringCode(text: string): number {
	let code = stringCodes.get(text);
	if (code === undefined) {
		let h = 0x81_1c_9d_c5;
		for (let i = 0; i < text.length; i++) {
			h = Math.imul(h ^ text.charCodeAt(i), 0x01_00_01_93);
		}

		code = h | 0;
		stringCodes.set(text, code);
	}

	return code;
}

function memo<T extends object, R>(cache: WeakMap<T, R>, key: T, compute: (key: T) => R): R {
	let value = cache.get(key);
	if (value === undefined) {
		value = compute(key);
		cache.set(key, value);
	}

	return value;
}

function addCr3(h: Hasher, cr3: Cr3 | undefined): Hasher {
	return cr3 === undefined ? h.int(-1) : h.int(cr3.pmap).str(cr3.table).int(cr3.pcid).bool(cr3.save);
}

const tlbPrints = new WeakMap<readonly TlbEntry[], Fingerprint>();

/** A TLB's entries, in FIFO order (the order decides the next eviction). */
export function tlbPrint(tlb: readonly TlbEntry[]): Fingerprint {
	return memo(tlbPrints, tlb, entries => {
		const h = new Hasher(1).int(entries.length);
		for (const e of entries) {
			h.num(e.vpn).int(e.pcid).bool(e.global).num(e.pfn).str(e.perms).bool(e.user).bool(e.dirty).int(e.owner).int(e.via).str(e.table).int(e.version);
		}

		return h.done();
	});
}

const ptePrints = new WeakMap<readonly Pte[], Fingerprint>();

/** A pmap's PTE records with the stale-use checker's bookkeeping. */
export function ptesPrint(ptes: readonly Pte[]): Fingerprint {
	return memo(ptePrints, ptes, entries => {
		const h = new Hasher(2).int(entries.length);
		for (const p of entries) {
			h.num(p.vpn).bool(p.valid).num(p.pfn).str(p.perms).bool(p.global).bool(p.accessed).bool(p.dirty);
			h.int(p.version).int(p.lastRestrict).int(p.forbiddenBefore).int(p.pendingRestricts.length);
			for (const seq of p.pendingRestricts) {
				h.int(seq);
			}
		}

		return h.done();
	});
}

const instrPrints = new WeakMap<readonly Instr[], Fingerprint>();

function instrsPrint(list: readonly Instr[]): Fingerprint {
	return memo(instrPrints, list, instrs => {
		const h = new Hasher(3).int(instrs.length);
		for (const instr of instrs) {
			h.str(instr.op);
			switch (instr.op) {
				case 'invlpg': {
					h.num(instr.vpn);
					break;
				}

				case 'invpcid': {
					h.str(instr.type).int(instr.pcid).num(instr.vpn ?? -1);
					break;
				}

				case 'cr3': {
					addCr3(h, instr.value);
					break;
				}

				case 'mask': {
					h.str(instr.value);
					break;
				}

				default: {
					break;
				}
			}
		}

		return h.done();
	});
}

/**
 * CPU references inside a record, in a fixed order: each group is a kind tag, whether
 * its order is meaningful (a list) or not (a set), the CPUs, and per CPU a value that
 * goes with it (0 when none).
 */
export type RefGroup = {
	readonly tag: number;
	readonly ordered: boolean;
	readonly cpus: readonly number[];
	readonly values: readonly number[] | undefined;
};

/** A record's fingerprint without CPU references, and the references. */
export type RecordPrint = {
	readonly print: Fingerprint;
	readonly refs: readonly RefGroup[];
	/** What it was computed from, for the next version of the same CPU to reuse. */
	readonly tlb?: readonly TlbEntry[];
	readonly tlbPrint?: Fingerprint;
	readonly ackedGen?: readonly number[];
	readonly ackedRefs?: RefGroup | undefined;
	readonly stack?: readonly Frame[];
	readonly frames?: readonly RecordPrint[];
	/** The print with the references as they are (no renumbering), once computed. */
	plain?: Fingerprint;
};

const noRefs: readonly RefGroup[] = [];

/** A value of a frame field as the engine makes them: numbers, flags, names, small records. */
function addValue(h: Hasher, value: unknown): void {
	switch (typeof value) {
		case 'number': {
			h.num(value);
			return;
		}

		case 'boolean': {
			h.bool(value);
			return;
		}

		case 'string': {
			h.str(value);
			return;
		}

		case 'undefined': {
			h.int(-0x7f_ff_ff_ff);
			return;
		}

		case 'object': {
			// A record such as an invalidation's range: its fields in order.
			for (const [key, field] of Object.entries(value!)) {
				h.str(key);
				addValue(h, field);
			}

			return;
		}

		default: {
			throw new Error(`fingerprint: a frame field of type ${typeof value}`);
		}
	}
}

/** A frame's fields in the order its record lists them, with their roles. */
const fieldPlans = new Map<string, ReadonlyArray<readonly [string, FieldRole]>>();

function planOf(kind: Frame['kind']): ReadonlyArray<readonly [string, FieldRole]> {
	let plan = fieldPlans.get(kind);
	if (plan === undefined) {
		plan = Object.entries(operations[kind].fields) as Array<[string, FieldRole]>;
		fieldPlans.set(kind, plan);
	}

	return plan;
}

/**
 * A frame as its record's field roles say (source/engine/footprint.ts): lines left out,
 * CPU references in refs (so symmetry.ts can renumber them), a loop's cursor as the CPUs
 * it has still to visit, in order (what is left to do, whatever the numbering).
 */
export function framePrint(f: Frame, cpus: number): RecordPrint {
	const h = new Hasher(4).str(f.kind);
	const fields = f as unknown as Record<string, unknown>;
	let refs: RefGroup[] | undefined;
	const plan = planOf(f.kind);
	for (let tag = 0; tag < plan.length; tag++) {
		const [name, role] = plan[tag]!;
		const value = fields[name];
		switch (role) {
			case 'line': {
				break;
			}

			case 'phase':
			case 'pmap':
			case 'value': {
				addValue(h, value);
				break;
			}

			case 'instrs': {
				h.part(instrsPrint(value as readonly Instr[]));
				break;
			}

			case 'cpu': {
				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: (value as number) >= 0 ? [value as number] : [], values: undefined});
				break;
			}

			case 'cpus': {
				(refs ??= []).push({tag: 100 + tag, ordered: false, cpus: members(value as CpuSet), values: undefined});
				break;
			}

			case 'cpu-list': {
				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: value as readonly number[], values: undefined});
				break;
			}

			case 'cpu-cursor': {
				const skip = fields['skip'] as number;
				const left: number[] = [];
				for (let cpu = value as number; cpu >= 0 && cpu < cpus; cpu++) {
					if (cpu !== skip) {
						left.push(cpu);
					}
				}

				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: left, values: undefined});
				break;
			}

			default: {
				role satisfies never;
			}
		}
	}

	return {print: h.done(), refs: refs ?? noRefs};
}

/**
 * A CPU record without its id, lines and CPU references: pcpu fields, hardware, the
 * call stack, the TLB. Its scoreboard row (initiators it has still to acknowledge, the
 * generation acknowledged to each) and its frames' references go to refs.
 */
export function cpuPrint(c: CpuState, cpus: number, previous?: RecordPrint): RecordPrint {
	const h = new Hasher(5).str(c.mode).int(c.curpmap);
	addCr3(h, c.cr3);
	addCr3(h, c.kcr3);
	addCr3(h, c.ucr3);
	h.str(c.ucr3Mask).int(c.pcidNext).int(c.pcidGen).int(c.irqOff).bool(c.ipiPending).num(c.tlbGen).int(c.unacked);
	const {request} = c;
	if (request === undefined) {
		h.int(-1);
	} else {
		h.int(request.pmap).str(request.op).num(request.sva).num(request.eva);
	}

	// A step changes one or two fields of a CPU: the previous version's prints of the
	// TLB, the scoreboard row and the frames below the top are reused when unchanged.
	const tlb = previous?.tlb === c.tlb ? previous.tlbPrint! : tlbPrint(c.tlb);
	h.part(tlb).int(c.stack.length);
	const refs: RefGroup[] = [];
	if (c.pendingFrom.length > 0) {
		// In order: invlop_handler acknowledges the lowest initiator first.
		refs.push({tag: 5, ordered: true, cpus: c.pendingFrom, values: undefined});
	}

	const acked = previous?.ackedGen === c.ackedGen ? previous.ackedRefs : ackedRefs(c.ackedGen);
	if (acked !== undefined) {
		refs.push(acked);
	}

	const frames: RecordPrint[] = [];
	for (let i = 0; i < c.stack.length; i++) {
		const frame = c.stack[i]!;
		const print = previous?.stack?.[i] === frame ? previous.frames![i]! : framePrint(frame, cpus);
		frames.push(print);
		h.part(print.print);
		if (print.refs.length > 0) {
			refs.push(...print.refs);
		}
	}

	return {print: h.done(), refs: refs.length > 0 ? refs : noRefs, tlb: c.tlb, tlbPrint: tlb, ackedGen: c.ackedGen, ackedRefs: acked, stack: c.stack, frames};
}

/** The generations acknowledged to each initiator, as references (undefined: none yet). */
function ackedRefs(ackedGen: readonly number[]): RefGroup | undefined {
	const cpus: number[] = [];
	const values: number[] = [];
	for (let initiator = 0; initiator < ackedGen.length; initiator++) {
		if (ackedGen[initiator] !== 0) {
			cpus.push(initiator);
			values.push(ackedGen[initiator]!);
		}
	}

	return cpus.length > 0 ? {tag: 6, ordered: false, cpus, values} : undefined;
}

/** Per CPU: its bit in pm_active and its pm_pcidp entry. */
export type PmapPrint = {
	readonly print: Fingerprint;
	readonly perCpu: readonly Fingerprint[];
	/** print and perCpu in CPU order, as one fingerprint. */
	readonly whole: Fingerprint;
};

/**
 * A pmap: its PTEs as one fingerprint, and for each CPU what the pmap holds about it
 * (pm_active bit, PCID and generation), which symmetry.ts moves with the CPU.
 */
export function pmapPrint(p: PmapState, cpus: number): PmapPrint {
	const print = new Hasher(6).int(p.id).bool(p.hasUpt).part(ptesPrint(p.ptes)).done();
	const active = new Set(members(p.active));
	const perCpu: Fingerprint[] = [];
	for (let cpu = 0; cpu < cpus; cpu++) {
		const record = p.pcids[cpu];
		perCpu.push(new Hasher(7).bool(active.has(cpu)).int(record?.pcid ?? -1).int(record?.gen ?? -1).done());
	}

	const whole = new Hasher(12).part(print);
	for (const part of perCpu) {
		whole.part(part);
	}

	return {print, perCpu, whole: whole.done()};
}
