/** What an exploration returns and the options it takes (shared by both searches). */
import type {Choice, MachineState} from '../engine/index.js';

/** The outcome of an exploration. */
export type Exploration = {
	readonly result: 'safe' | 'violation' | 'bounded';
	/** Distinct states visited (up to symmetry) and steps taken. */
	readonly states: number;
	readonly transitions: number;
	/** The schedule from the start to the violation, if one was found. */
	readonly schedule: readonly Choice[] | undefined;
	readonly violation: 'stale_use' | 'deadlock' | undefined;
	/** Choices the persistent sets left out. */
	readonly pruned: number;
};

/** How to explore. */
export type ExploreOptions = {
	readonly maxStates?: number;
	/** Without the persistent sets (to measure what they save, and to cross-check them). */
	readonly noReduction?: boolean;
	/** Without sleep sets (likewise; they prune steps, never states). */
	readonly noSleep?: boolean;
	/** Without symmetry reduction (likewise). */
	readonly noSymmetry?: boolean;
	/** Called with each final state the depth-first search reaches (every CPU done). */
	readonly onEnd?: (state: MachineState) => void;
	/** Called every few thousand states (progress display). */
	readonly onProgress?: (states: number, transitions: number) => void;
};

/** The default bound on distinct states. */
export const defaultMaxStates = 50_000_000;

/** A choice as one small number: twice the CPU, plus one for an interrupt. */
export function choiceCode(choice: Choice): number {
	return choice.cpu * 2 + (choice.kind === 'irq' ? 1 : 0);
}

/** The choice of a choiceCode. */
export function choiceOf(code: number): Choice {
	return {cpu: code >> 1, kind: (code & 1) === 1 ? 'irq' : 'run'};
}
