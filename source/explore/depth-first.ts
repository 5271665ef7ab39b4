/**
 * Depth-first search over distinct states (fingerprints, reduced by symmetry.ts and
 * independence.ts). It decides the verdict: memory is the visited set and one path,
 * where breadth first holds a whole frontier of states.
 * The violation it finds need not be the shortest; explore.ts then asks breadth-first.ts
 * for that.
 */
import {createMachine, enabled, step, type Choice, type Config, type MachineState, type Program} from '../engine/index.js';
import {defaultMaxStates, type Exploration, type ExploreOptions} from './exploration.js';
import {Footprints} from './footprint.js';
import {ampleSet} from './independence.js';
import {printContext, statePrint, type PrintContext} from './symmetry.js';
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
};

/** Explores PROGRAM under CONFIG depth first. */
export function depthFirst(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const maxStates = options.maxStates ?? defaultMaxStates;
	const symmetry = !options.noSymmetry;
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

	/** Pushes STATE unless it was seen; returns a violation it is in, if any. */
	const visit = (state: MachineState, parent: Level | undefined, via: Choice | undefined): 'deadlock' | 'bounded' | undefined => {
		const context = printContext(state, parent?.context);
		if (!seen.add(statePrint(context, symmetry))) {
			return undefined;
		}

		if (seen.size % 20_000 === 0) {
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
		pruned += choices.length - ample.length;
		stack.push({state, context, footprints, choices: ample, next: 0, via});
		return seen.size >= maxStates ? 'bounded' : undefined;
	};

	const first = visit(createMachine(config, program), undefined, undefined);
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
		const result = step(level.state, choice);
		transitions++;
		if (result.events.some(event => event.event === 'stale_use')) {
			return outcome('violation', 'stale_use', choice);
		}

		const found = visit(result.state, level, choice);
		if (found === 'deadlock') {
			return outcome('violation', 'deadlock', choice);
		}

		if (found === 'bounded') {
			return outcome('bounded');
		}
	}

	return outcome('safe');
}
