/** What an exploration returns and the options it takes (shared by every search). */
import {choiceRecords, type Choice, type Config, type MachineState} from '../engine/index.js';

/** Why a search stopped before its verdict. */
export type StopReason = 'max-states' | 'max-memory' | 'interrupted';

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
	/**
	 * Whether the schedule is known to be a shortest one: a breadth-first search without
	 * partial-order reduction found no shorter one (false when its budget ran out first).
	 */
	readonly shortest: boolean;
	/** Why a bounded search stopped. */
	readonly reason: StopReason | undefined;
	/** The most bytes the search held (see budget.ts). */
	readonly memory: number;
	/** Threads that searched (1 when the search settled before threads took over). */
	readonly threads: number;
};

/** How to explore. */
export type ExploreOptions = {
	/** Distinct states after which the search stops (default: none). */
	readonly maxStates?: number;
	/** Bytes the search may hold (default: defaultMemoryLimit()). */
	readonly maxMemory?: number;
	/**
	 * States the search for a shortest counterexample may visit after a violation is
	 * found (default defaultShortestStates; Infinity: up to the memory budget).
	 */
	readonly shortestStates?: number;
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

/** The default budget of the search for a shortest counterexample, in states. */
export const defaultShortestStates = 10_000;

/** The kinds of choice, in the engine's order (operations.ts). */
const kinds = choiceRecords.map(record => record.kind);

/** How many kinds of choice there are. */
export const kindsPerCpu = kinds.length;

/** A choice as one small number: the CPU times kindsPerCpu, plus its kind's index. */
export function choiceCode(choice: Choice): number {
	return choice.cpu * kindsPerCpu + kinds.indexOf(choice.kind);
}

/** The choice of a choiceCode. */
export function choiceOf(code: number): Choice {
	return {cpu: Math.floor(code / kindsPerCpu), kind: kinds[code % kindsPerCpu]!};
}

/**
 * The bits a CPU takes in a sleep set under CONFIG: one per kind of choice it can have.
 * Without store buffers no CPU ever has a flush (the last kind), so sequentially
 * consistent searches keep two bits a CPU, and sleep sets up to 15 CPUs.
 */
export function sleepStride(config: Config): number {
	return config.memory === 'tso' ? kinds.length : kinds.length - 1;
}

/** CHOICE's bit number in a sleep set of STRIDE bits a CPU. */
export function sleepIndex(choice: Choice, stride: number): number {
	return choice.cpu * stride + kinds.indexOf(choice.kind);
}

/** The choice of sleep-set bit number INDEX. */
export function sleepChoice(index: number, stride: number): Choice {
	return {cpu: Math.floor(index / stride), kind: kinds[index % stride]!};
}
