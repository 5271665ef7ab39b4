/**
 * The engine's input: per-CPU actions grouped in blocks. A block of one action is a
 * sequential scenario step; a block of several is a `parallel` block whose
 * micro-operations interleave. The scenario compiler produces this; tests and
 * benchmarks may build it directly.
 */
import type {LitmusInstr} from './memory/litmus.js';
import type {Perms, PmapId} from './state.js';

/** One scenario action (scenario-language.md, "Steps"). Addresses are page numbers. */
export type Action =
	| {readonly kind: 'switch'; readonly pmap: PmapId}
	| {readonly kind: 'user'}
	| {readonly kind: 'kernel'}
	| {readonly kind: 'access'; readonly vpn: number; readonly write: boolean}
	| {readonly kind: 'enter'; readonly pmap: PmapId; readonly vpn: number; readonly pfn: number; readonly perms: Perms}
	| {readonly kind: 'remove'; readonly pmap: PmapId; readonly sva: number; readonly eva: number}
	| {readonly kind: 'protect'; readonly pmap: PmapId; readonly sva: number; readonly eva: number; readonly perms: Perms}
	| {readonly kind: 'invalidate'; readonly pmap: PmapId; readonly range: InvalidateRange}
	| {readonly kind: 'pte'; readonly pmap: PmapId; readonly vpn: number; readonly pfn: number | undefined; readonly perms: Perms}
	/** pmap_release + pmap_pinit of the same structure: the process exited, a new one reuses it. */
	| {readonly kind: 'pinit'; readonly pmap: PmapId}
	/** One instruction of a litmus test on the protocol's words (built in code, not a scenario statement). */
	| {readonly kind: 'litmus'; readonly instr: LitmusInstr};

/** What `invalidate` covers: one page, [sva, eva), or the whole pmap. */
export type InvalidateRange =
	| {readonly kind: 'page'; readonly vpn: number}
	| {readonly kind: 'range'; readonly sva: number; readonly eva: number}
	| {readonly kind: 'all'};

/** An action on a CPU, with the scenario line it came from. */
export type Step = {
	readonly cpu: number;
	readonly action: Action;
	readonly line: number;
};

/** Steps that start together; a CPU's steps within a block run in order. */
export type Block = {
	readonly steps: readonly Step[];
	/** Source line of the block (the `parallel` line, or the step's). */
	readonly line: number;
};

/** Address spaces and initial mappings, then the blocks. */
export type Program = {
	readonly cpus: number;
	/** User pmaps in declaration order; they get ids 2, 3, ... */
	readonly pmaps: ReadonlyArray<{readonly name: string; readonly kpti: boolean}>;
	/** Initial page-table entries (`map`): nothing is cached yet. */
	readonly maps: ReadonlyArray<{readonly pmap: PmapId; readonly vpn: number; readonly pfn: number; readonly perms: Perms}>;
	readonly blocks: readonly Block[];
};
