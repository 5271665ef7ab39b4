/**
 * Depth-first search over distinct states (fingerprints, reduced by symmetry.ts and the
 * persistent sets of independence.ts), with sleep sets (Godefroid 1996, chapter 5).
 * It decides the verdict: memory is the visited set and one path, where breadth first
 * holds a whole frontier of states. The violation it finds need not be the shortest;
 * explore.ts then asks breadth-first.ts for that.
 *
 * Sleep sets prune transitions, not states: once a choice t has been explored from a
 * state, a later sibling u that is independent of t carries t "asleep", since taking t
 * after u reaches a state already reached by taking u after t. A state met again with
 * a smaller sleep set explores the choices that were asleep before and are awake now.
 * Choices are bits (two per CPU), so sleep sets are used up to 15 CPUs; and not in
 * states fingerprinted in a renumbering, whose choices' numbers depend on it.
 */
import {createMachine, enabled, step, type Choice, type Config, type MachineState, type Program} from '../engine/index.js';
import {choiceCode, choiceOf, defaultMaxStates, type Exploration, type ExploreOptions} from './exploration.js';
import {Footprints, stepFootprint} from './footprint.js';
import type {Footprint} from './footprint-set.js';
import {ampleSet} from './independence.js';
import {printContext, renumbers, statePrint, type PrintContext} from './symmetry.js';
import {VisitedSet} from './visited.js';

/** A state on the current path, with the choices still to try from it. */
type Level = {
	readonly state: MachineState;
	readonly context: PrintContext;
	readonly footprints: Footprints;
	readonly choices: readonly Choice[];
	next: number;
	/** The choice that led here from the level below (undefined at the start). */
	readonly via: Choice | undefined;
	/** Choices asleep here (bits), and those explored from here so far. */
	readonly sleep: number;
	done: number;
	/** Whether sleep sets apply to this state. */
	readonly sleeps: boolean;
	/** The footprints of this state's choices, by bit, as computed. */
	readonly prints: Array<Footprint | undefined>;
};

/** The bit of CHOICE in a sleep set. */
function bit(choice: Choice): number {
	return 1 << choiceCode(choice);
}

/** The footprint of the choice with bit number INDEX in LEVEL's state. */
function printOf(level: Level, index: number): Footprint {
	let print = level.prints[index];
	if (print === undefined) {
		const choice = choiceOf(index);
		print = stepFootprint(level.footprints, level.state.cpus[choice.cpu]!, choice.kind);
		level.prints[index] = print;
	}

	return print;
}

/** The sleep set of the state CHOICE leads to from LEVEL: what slept or was done, and commutes with it. */
function childSleep(level: Level, choice: Choice): number {
	const candidates = level.sleep | level.done;
	if (candidates === 0) {
		return 0;
	}

	const mine = printOf(level, choiceCode(choice));
	let sleep = 0;
	for (let other = 0; other < 31; other++) {
		// Two choices of one CPU never commute.
		if (((candidates >>> other) & 1) === 1 && other >> 1 !== choice.cpu && !mine.conflicts(printOf(level, other))) {
			sleep |= 1 << other;
		}
	}

	return sleep;
}

/** Explores PROGRAM under CONFIG depth first. */
export function depthFirst(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const maxStates = options.maxStates ?? defaultMaxStates;
	const symmetry = !options.noSymmetry;
	const sleepSets = !options.noReduction && !options.noSleep && program.cpus <= 15;
	const seen = new VisitedSet();
	let transitions = 0;
	let pruned = 0;
	const stack: Level[] = [];
	const outcome = (result: Exploration['result'], violation?: Exploration['violation'], last?: Choice): Exploration => {
		const schedule = violation === undefined ? undefined : stack.slice(1).map(level => level.via!);
		if (last !== undefined) {
			schedule!.push(last);
		}

		return {result, states: seen.size, transitions, schedule, violation, pruned};
	};

	/** Pushes STATE unless it was explored with a sleep set as small; returns a violation it is in, if any. */
	const visit = (state: MachineState, parent: Level | undefined, via: Choice | undefined, sleep: number): 'deadlock' | 'bounded' | undefined => {
		const context = printContext(state, parent?.context);
		const sleeps = sleepSets && !renumbers(context, symmetry);
		const asleep = sleeps ? sleep : 0;
		const awake = seen.visit(statePrint(context, symmetry), asleep);
		if (awake === 0) {
			return undefined;
		}

		const isNew = awake === -1;
		if (isNew && seen.size % 20_000 === 0) {
			options.onProgress?.(seen.size, transitions);
		}

		const choices = enabled(state);
		if (choices.length === 0) {
			if (state.busy.length > 0) {
				return 'deadlock';
			}

			options.onEnd?.(state);
			return undefined;
		}

		const footprints = new Footprints(state, parent?.footprints);
		const ample = options.noReduction ? choices : ampleSet(footprints, choices);
		if (isNew) {
			pruned += choices.length - ample.length;
		}

		// A state seen before explores only the choices that slept then and are awake now.
		const todo = ample.filter(choice => (isNew || (awake & bit(choice)) !== 0) && (asleep & bit(choice)) === 0);
		stack.push({state, context, footprints, choices: todo, next: 0, via, sleep: asleep, done: 0, sleeps, prints: []});
		return seen.size >= maxStates ? 'bounded' : undefined;
	};

	const first = visit(createMachine(config, program), undefined, undefined, 0);
	if (first !== undefined) {
		return outcome(first === 'deadlock' ? 'violation' : 'bounded', first === 'deadlock' ? 'deadlock' : undefined);
	}

	while (stack.length > 0) {
		const level = stack.at(-1)!;
		if (level.next >= level.choices.length) {
			stack.pop();
			continue;
		}

		const choice = level.choices[level.next++]!;
		const sleep = level.sleeps ? childSleep(level, choice) : 0;
		level.done |= bit(choice);
		const result = step(level.state, choice);
		transitions++;
		if (result.events.some(event => event.event === 'stale_use')) {
			return outcome('violation', 'stale_use', choice);
		}

		const found = visit(result.state, level, choice, sleep);
		if (found === 'deadlock') {
			return outcome('violation', 'deadlock', choice);
		}

		if (found === 'bounded') {
			return outcome('bounded');
		}
	}

	return outcome('safe');
}
