/** Compiled `expect` statements, checked by the runner where they stand. */
import type {Kernel} from '../engine/index.js';
import type {Op} from './ast.js';

/** A claim about the state or the events, with where it was written. */
export type Expectation = {
	/** The statement as written, for reports. */
	readonly text: string;
	readonly line: number;
	/** Checked once this many program blocks have completed (whole-run claims: at the end). */
	readonly afterBlocks: number;
	readonly check: Check;
	/** The kernel whose state or events it speaks of (pm_active, mm_cpumask, pm_gen_zero...); undefined: the hardware's, checked under both. */
	readonly kernel: Kernel | undefined;
};

/** What an expectation checks. Addresses are page numbers. */
export type Check =
	| {readonly kind: 'tlb'; readonly cpu: number; readonly has: boolean; readonly pmap: number; readonly vpn: number; readonly pfn: number | undefined}
	| {readonly kind: 'pm_active'; readonly pmap: number; readonly cpus: readonly number[]}
	| {readonly kind: 'pm_gen'; readonly pmap: number; readonly cpu: number; readonly op: '==' | '!='; readonly value: number}
	| {
		readonly kind: 'count';
		readonly event: string;
		readonly filters: ReadonlyArray<readonly [string, string]>;
		readonly op: Op;
		readonly n: number;
	}
	| {readonly kind: 'mm_cpumask'; readonly pmap: number; readonly cpus: readonly number[]}
	| {readonly kind: 'tlb_gen'; readonly pmap: number; readonly op: Op; readonly value: number}
	| {readonly kind: 'loaded_mm'; readonly cpu: number; readonly pmap: number}
	| {readonly kind: 'is_lazy'; readonly cpu: number; readonly value: boolean}
	| {readonly kind: 'no-stale' | 'stale'};
