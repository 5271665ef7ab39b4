/**
 * Schedulers: who moves next when several CPUs could. The engine itself never chooses;
 * `run` and the debugger use the deterministic default order or a seeded random one,
 * and the explorer tries every choice.
 */
// pure-rand's subpaths, not its index: the index loads all twenty of its modules, and
// every start of the debugger would pay for them (bench key startup_ratio_vs_ink_hello).
import {unsafeUniformIntDistribution} from 'pure-rand/distribution/UnsafeUniformIntDistribution';
import {xoroshiro128plus} from 'pure-rand/generator/XoroShiro';
import type {RandomGenerator} from 'pure-rand/types/RandomGenerator';
import type {MachineState} from './state.js';
import {enabled, step, type Choice} from './step.js';
import type {EngineEvent} from './events.js';

/** Picks one of CHOICES (never empty) in STATE. */
export type Scheduler = (state: MachineState, choices: readonly Choice[]) => Choice;

/**
 * The order in which CPUs get turns: the current block's CPUs in line order, then every
 * other CPU (IPI targets) by number.
 */
function rotation(state: MachineState): number[] {
	const order: number[] = [];
	const seen = new Set<number>();
	for (const {cpu} of state.program.blocks[state.block]?.steps ?? []) {
		if (!seen.has(cpu)) {
			seen.add(cpu);
			order.push(cpu);
		}
	}

	for (const cpu of state.busy) {
		if (!seen.has(cpu)) {
			order.push(cpu);
		}
	}

	return order;
}

/**
 * The deterministic default order. In a sequential step the step's CPU runs whenever
 * it can and other CPUs (targets of its IPIs) run while it waits, lowest first. In a
 * `parallel` block the CPUs take turns round robin in the block's line order, one
 * micro-operation each. A CPU whose turn it is takes a pending interrupt first, as
 * hardware does at the next instruction boundary. Under --memory tso a buffered store
 * reaches memory at once (the lowest CPU's first), so the default trace reads as under
 * sc with the store buffer's events in between; seeded schedules delay them.
 */
export const defaultScheduler: Scheduler = (state, choices) => {
	for (const choice of choices) {
		if (choice.kind === 'flush') {
			return choice;
		}
	}

	const steps = state.program.blocks[state.block]?.steps;
	if (steps === undefined || steps.length < 2) {
		// A sequential step: its CPU if it can move, else the lowest CPU that can
		// (choices come by CPU, the interrupt first).
		const own = steps?.[0]?.cpu;
		for (const choice of choices) {
			if (choice.cpu === own) {
				return choice;
			}
		}

		return choices[0]!;
	}

	const order = rotation(state);
	const last = order.indexOf(state.lastCpu);
	const start = last < 0 ? 0 : last + 1;

	for (let k = 0; k < order.length; k++) {
		const cpu = order[(start + k) % order.length]!;
		const irq = choices.find(choice => choice.cpu === cpu && choice.kind === 'irq');
		const run = choices.find(choice => choice.cpu === cpu && choice.kind === 'run');
		if (irq ?? run) {
			return (irq ?? run)!;
		}
	}

	return choices[0]!;
};

/** A uniformly random order from SEED (xoroshiro128+): same seed, same schedule. */
export function randomScheduler(seed: number): Scheduler {
	const rng: RandomGenerator = xoroshiro128plus(seed);
	return (_state, choices) => choices[unsafeUniformIntDistribution(0, choices.length - 1, rng)]!;
}

/** Why a run stopped. */
export type RunEnd = 'finished' | 'deadlock' | 'limit';

/**
 * Runs from STATE until the program finishes, nothing is enabled, or MAX_STEPS
 * micro-operations; ON_STEP sees every step (for expectations and traces).
 */
export function runToEnd(
	state: MachineState,
	scheduler: Scheduler,
	onStep: (state: MachineState, events: readonly EngineEvent[], choice: Choice) => void = () => {},
	maxSteps = Number.POSITIVE_INFINITY,
): {state: MachineState; end: RunEnd} {
	let current = state;
	for (let i = 0; i < maxSteps; i++) {
		const choices = enabled(current);
		if (choices.length === 0) {
			return {state: current, end: current.busy.length === 0 ? 'finished' : 'deadlock'};
		}

		const choice = scheduler(current, choices);
		const result = step(current, choice);
		current = result.state;
		onStep(current, result.events, choice);
	}

	return {state: current, end: 'limit'};
}

/**
 * Follows a recorded list of CPUs, one per step: the CPU takes its pending interrupt if
 * it can, else runs; an entry that is a choice (a `flush`) is taken as it is. Where the
 * recorded entry has nothing enabled, or the list has run out, FALLBACK decides. With
 * `parallelOnly` the list is consulted only inside `parallel` blocks (sequential steps
 * keep the default order). This replays counterexamples and pins down races in tests.
 */
export function scriptedScheduler(
	cpus: ReadonlyArray<number | Choice>,
	fallback: Scheduler = defaultScheduler,
	{parallelOnly = false}: {parallelOnly?: boolean} = {},
): Scheduler {
	let index = 0;
	return (state, choices) => {
		if (parallelOnly && (state.program.blocks[state.block]?.steps.length ?? 0) < 2) {
			return fallback(state, choices);
		}

		const entry = cpus[index++];
		if (typeof entry === 'object') {
			const picked = choices.find(choice => choice.cpu === entry.cpu && choice.kind === entry.kind);
			if (picked) {
				return picked;
			}
		}

		const cpu = typeof entry === 'number' ? entry : undefined;
		if (cpu !== undefined) {
			const irq = choices.find(choice => choice.cpu === cpu && choice.kind === 'irq');
			const run = choices.find(choice => choice.cpu === cpu && choice.kind === 'run');
			const picked = irq ?? run;
			if (picked) {
				return picked;
			}
		}

		return fallback(state, choices);
	};
}
