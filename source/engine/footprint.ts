/**
 * What an operation may touch that another CPU can also touch: the vocabulary of the
 * footprint declarations kept beside each operation (ops/*.ts, operations.ts). The
 * explorer's partial-order reduction reads those declarations; a test runs every
 * operation through a recording transaction and fails when one touches anything its
 * declaration leaves out.
 *
 * A shared object is one kind (below) at one index (a pmap, a CPU, both, or none).
 * Everything else in a CPU record (mode, %cr3, TLB, curpmap, PCID counters, interrupt
 * flag, call stack) is that CPU's alone. Accesses are reads, writes, or commuting
 * updates: two footprints conflict when either writes an object the other touches, or
 * one reads what the other updates; two updates of one object commute (two page walks
 * setting PG_A, two initiators clearing their own scoreboard slots, two IPI sends).
 */
import type {Kernel} from './config.js';
import type {Frame} from './frames.js';
import type {CpuState, MachineState} from './state.js';

/** How a step touches a shared object. */
export type Access = 'read' | 'write' | 'update';

/** In a declaration: every CPU, or every pmap. */
export const ALL = -1;

/** Where a shared object lives in the machine state (what the recording test watches). */
export type Home =
	/** Fields of CPU i's record (`lx.NAME`: a field of its Linux state). */
	| {readonly record: 'cpu'; readonly fields: readonly string[]}
	/** A pmap's field; `bit` of a CPU set per CPU, `entry` of an array per CPU, `whole` for all of it. */
	| {readonly record: 'pmap'; readonly field: string; readonly part: 'bit' | 'entry' | 'whole'; readonly only?: string}
	/** A field of the machine. */
	| {readonly record: 'machine'; readonly field: string};

/** A kind of shared object: one per pmap, per CPU, per (pmap, CPU), or a single one. */
export type ObjectKind = {
	readonly name: string;
	readonly per: readonly ('pmap' | 'cpu')[];
	readonly home: Home;
	readonly doc: string;
};

/** PTE(x): pmap x's page-table entries (the PG_A bits included; PG_M is PGM). */
export const PTE: ObjectKind = {name: 'pte', per: ['pmap'], home: {record: 'pmap', field: 'ptes', part: 'whole'}, doc: "pmap x's PTEs"};
/**
 * PGM(x): the PG_M bits of x's entries. A walk for a write sets them (two commute); a
 * walk for a read copies PG_M into the TLB entry it fills, so it reads them.
 */
export const PGM: ObjectKind = {name: 'pg_m', per: ['pmap'], home: {record: 'pmap', field: 'ptes', part: 'whole', only: 'dirty'}, doc: "the PG_M bits of x's PTEs"};
/** SEQ: the store counter every PTE store stamps; pmap_invalidate_* reads it. */
export const SEQ: ObjectKind = {name: 'seq', per: [], home: {record: 'machine', field: 'seq'}, doc: 'the PTE store counter'};
/** ACTIVE(x, j): CPU j's bit in x's pm_active (Linux: mm_cpumask(x), kept in the same field). */
export const ACTIVE: ObjectKind = {name: 'pm_active', per: ['pmap', 'cpu'], home: {record: 'pmap', field: 'active', part: 'bit'}, doc: "CPU j's bit in x's pm_active (Linux: mm_cpumask)"};
/** GEN(x, j): x's pm_pcidp[j] (PCID and generation). */
export const GEN: ObjectKind = {name: 'pm_gen', per: ['pmap', 'cpu'], home: {record: 'pmap', field: 'pcids', part: 'entry'}, doc: "x's pm_pcidp[j]"};
/** IPI(j): j's pending IPI_INVLOP. */
export const IPI: ObjectKind = {name: 'ipi', per: ['cpu'], home: {record: 'cpu', fields: ['ipiPending', 'ipiLine']}, doc: "j's pending IPI_INVLOP"};
/** SB(j): j's row of invl_scoreboard (the initiators it has still to acknowledge, the generations it has). */
export const SB: ObjectKind = {name: 'scoreboard', per: ['cpu'], home: {record: 'cpu', fields: ['pendingFrom', 'ackedGen']}, doc: "j's scoreboard row"};
/** REQ(i): initiator i's published request (pc_smp_tlb_*, its generation). */
export const REQ: ObjectKind = {name: 'request', per: ['cpu'], home: {record: 'cpu', fields: ['request', 'tlbGen']}, doc: "i's published request"};
/** UNACKED(i): how many targets have still to acknowledge i (handlers decrement it; i's wait reads it). */
export const UNACKED: ObjectKind = {name: 'unacked', per: ['cpu'], home: {record: 'cpu', fields: ['unacked']}, doc: 'targets yet to acknowledge i'};

/** LOADED(j): Linux cpu_tlbstate.loaded_mm of CPU j, which should_flush_tlb reads on other CPUs. */
export const LOADED: ObjectKind = {name: 'loaded_mm', per: ['cpu'], home: {record: 'cpu', fields: ['lx.loadedMm']}, doc: "j's cpu_tlbstate.loaded_mm"};
/** LAZY(j): Linux cpu_tlbstate_shared.is_lazy of CPU j, read by other CPUs' should_flush_tlb. */
export const LAZY: ObjectKind = {name: 'is_lazy', per: ['cpu'], home: {record: 'cpu', fields: ['lx.isLazy']}, doc: "j's cpu_tlbstate_shared.is_lazy"};
/** MMCTX(x): Linux mm->context of x: its tlb_gen (inc_mm_tlb_gen) and ctx_id (init_new_context). */
export const MMCTX: ObjectKind = {name: 'mm_context', per: ['pmap'], home: {record: 'pmap', field: 'mm', part: 'whole'}, doc: "x's mm->context (ctx_id, tlb_gen)"};
/** CSQ(j): Linux call_single_queue of CPU j (llist_add by initiators, llist_del_all by j's handler). */
export const CSQ: ObjectKind = {name: 'call_single_queue', per: ['cpu'], home: {record: 'cpu', fields: ['lx.queue']}, doc: "j's call_single_queue"};
/** INFO(i): Linux per-CPU flush_tlb_info of initiator i, which its targets read. */
export const INFO: ObjectKind = {name: 'flush_tlb_info', per: ['cpu'], home: {record: 'cpu', fields: ['lx.info']}, doc: "i's flush_tlb_info"};
/** CSD(i): how many of Linux initiator i's csds are locked (targets csd_unlock them; i's csd_lock_wait reads it). */
export const CSD: ObjectKind = {name: 'csd_lock', per: ['cpu'], home: {record: 'cpu', fields: ['lx.locked']}, doc: "i's locked csds"};

/** Every kind of shared object FreeBSD's operations declare, numbered in this order by the explorer. */
export const objectKinds: readonly ObjectKind[] = [PTE, PGM, SEQ, ACTIVE, GEN, IPI, SB, REQ, UNACKED];

/** Every kind of shared object Linux's operations declare (the hardware's and Linux's own). */
export const linuxObjectKinds: readonly ObjectKind[] = [PTE, PGM, SEQ, ACTIVE, IPI, LOADED, LAZY, MMCTX, CSQ, INFO, CSD];

/** The kinds of shared object of KERNEL's operations, in the explorer's order. */
export function objectKindsOf(kernel: Kernel): readonly ObjectKind[] {
	return kernel === 'linux' ? linuxObjectKinds : objectKinds;
}

/** Every kind of either kernel (what the recording test watches). */
export const allObjectKinds: readonly ObjectKind[] = [...objectKinds, LOADED, LAZY, MMCTX, CSQ, INFO, CSD];

/** Where declarations put what they touch: the explorer's bit sets, or a test's record. */
export interface Touches {
	/** Declares an ACCESS of KIND at its indices (ALL: every pmap, or every CPU). */
	touch(access: Access, kind: ObjectKind, first?: number, second?: number): void;
}

/** A PTE store: it rewrites the whole entry, PG_M with it. */
export function pteStore(t: Touches, pmap: number): void {
	t.touch('write', PTE, pmap);
	t.touch('write', PGM, pmap);
}

/** How a phase may end its micro-operation. */
export type Reports =
	/** It always reports an event: the step ends after it. */
	| 'always'
	/** It may report nothing: step() then runs the next phase too (whatever it touches counts). */
	| 'maybe';

/** The role of a frame field. */
export type FieldRole =
	/** The scenario line it came from: a label, never part of the state. */
	| 'line'
	/** Which phase comes next. */
	| 'phase'
	/** A pmap (an index of the objects above). */
	| 'pmap'
	/** An argument or a local the code computed or read (compared by value). */
	| 'value'
	/** A CPU number. */
	| 'cpu'
	/** A set of CPUs (cpuset_t). */
	| 'cpus'
	/** CPUs in the order a loop visits them. */
	| 'cpu-list'
	/** The next CPU of a loop from here up to the last CPU (skipping the frame's `skip`). */
	| 'cpu-cursor'
	/** A list of instructions (hardware.ts). */
	| 'instrs';

/** One step of an operation. */
export type Phase<F extends Frame> = {
	/** What it does, in the kernel's words. */
	readonly does: string;
	/** What running it now touches (the state decides the indices). */
	readonly touches: (frame: F, cpu: CpuState, state: MachineState, t: Touches) => void;
	/** Whether it may end without an event (then the next phase runs in the same step). */
	readonly reports: Reports | ((frame: F, cpu: CpuState) => Reports);
};

/**
 * One kernel operation as the explorer and the screen see it: kept beside its code
 * (ops/*.ts) so that it changes with it.
 */
export type Operation<F extends Frame> = {
	readonly kind: F['kind'];
	/** The FreeBSD function(s) it models. */
	readonly models: string;
	/** Its label on the screen (the CPUs pane). */
	readonly label: (frame: F) => string;
	/** The role of each field of its frame. */
	readonly fields: {readonly [K in Exclude<keyof F, 'kind'>]-?: FieldRole};
	/** Kernel code: a CPU in user mode first enters the kernel (which touches nothing shared). */
	readonly kernel: boolean;
	/** The phase FRAME is at. */
	readonly phase: (frame: F) => string;
	/** Its steps, by phase. */
	readonly phases: Readonly<Record<string, Phase<F>>>;
	/**
	 * Everything it may still touch from its phase to its end, with the operations it
	 * calls (over-approximated where the state does not fix it yet). TOP: it is the
	 * CPU's innermost frame.
	 */
	readonly rest: (frame: F, cpu: CpuState, state: MachineState, t: Touches, top: boolean) => void;
	/**
	 * The CPUs its loops have still to visit in CPU order (for symmetry), or undefined
	 * when a loop may still run over CPUs not known yet.
	 */
	readonly loops?: (frame: F, cpu: CpuState, state: MachineState) => readonly number[] | undefined;
};
