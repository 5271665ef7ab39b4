/**
 * Breadth-first search over distinct states (fingerprints, reduced by symmetry.ts and
 * independence.ts): the first violation it meets is at the smallest depth, so its
 * schedule is a shortest one. It keeps the whole frontier, which depth-first.ts does
 * not; explore.ts runs it only once a violation is known to exist.
 */
import {createMachine, enabled, step, type Choice, type Config, type Program} from '../engine/index.js';
import {choiceCode, choiceOf, defaultMaxStates, type Exploration, type ExploreOptions} from './exploration.js';
import {Footprints} from './footprint.js';
import {ampleSet} from './independence.js';
import {printContext, statePrint} from './symmetry.js';
import {VisitedSet} from './visited.js';

/** Int32Array storage that grows: one slot per visited state. */
class IntColumn {
	data = new Int32Array(1 << 12);

	set(index: number, value: number): void {
		if (index >= this.data.length) {
			const grown = new Int32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}

		this.data[index] = value;
	}
}

/** Explores PROGRAM under CONFIG breadth first. */
export function breadthFirst(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const maxStates = options.maxStates ?? defaultMaxStates;
	const initial = createMachine(config, program);
	const symmetry = !options.noSymmetry;
	// Node k is the k-th state visited: its parent node and the choice that reached it.
	// Breadth first, the queue holds nodes in that same order.
	const parents = new IntColumn();
	const choicesTaken = new IntColumn();
	parents.set(0, -1);
	const seen = new VisitedSet();
	const queue = [initial];
	// Each queued state's fingerprints, which its children reuse.
	const contexts = [printContext(initial)];
	const footprints = [new Footprints(initial)];
	seen.add(statePrint(contexts[0]!, symmetry));
	let transitions = 0;
	let pruned = 0;
	const path = (node: number, last: Choice | undefined): Choice[] => {
		const choices: Choice[] = last === undefined ? [] : [last];
		for (let at = node; at > 0; at = parents.data[at]!) {
			choices.push(choiceOf(choicesTaken.data[at]!));
		}

		return choices.reverse();
	};

	for (let head = 0; head < queue.length; head++) {
		const state = queue[head]!;
		const node = head;
		queue[head] = undefined as never;
		const choices = enabled(state);
		if (choices.length === 0) {
			if (state.busy.length > 0) {
				const schedule = path(node, undefined);
				return {result: 'violation', states: seen.size, transitions, schedule, violation: 'deadlock', pruned};
			}

			continue;
		}

		const context = contexts[head]!;
		contexts[head] = undefined as never;
		const analysis = footprints[head]!;
		footprints[head] = undefined as never;
		const ample = options.noReduction ? choices : ampleSet(analysis, choices);
		pruned += choices.length - ample.length;
		for (const choice of ample) {
			const result = step(state, choice);
			transitions++;
			if (result.events.some(event => event.event === 'stale_use')) {
				return {result: 'violation', states: seen.size, transitions, schedule: path(node, choice), violation: 'stale_use', pruned};
			}

			const childContext = printContext(result.state, context);
			if (!seen.add(statePrint(childContext, symmetry))) {
				continue;
			}

			contexts.push(childContext);
			footprints.push(new Footprints(result.state, analysis));
			parents.set(queue.length, node);
			choicesTaken.set(queue.length, choiceCode(choice));
			queue.push(result.state);
			if (seen.size % 20_000 === 0) {
				options.onProgress?.(seen.size, transitions);
			}

			if (seen.size >= maxStates) {
				return {result: 'bounded', states: seen.size, transitions, schedule: undefined, violation: undefined, pruned};
			}
		}
	}

	return {result: 'safe', states: seen.size, transitions, schedule: undefined, violation: undefined, pruned};
}
