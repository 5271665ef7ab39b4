/** Compiled `expect` statements, checked by the runner where they stand. */
import type {Op} from './ast.js';

/** A claim about the state or the events, with where it was written. */
export type Expectation = {
	/** The statement as written, for reports. */
	readonly text: string;
	readonly line: number;
	/** Checked once this many program blocks have completed (whole-run claims: at the end). */
	readonly afterBlocks: number;
	readonly check: Check;
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
	| {readonly kind: 'no-stale' | 'stale'};
