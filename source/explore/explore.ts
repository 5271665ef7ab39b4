/**
 * Exhaustive exploration: every interleaving of a scenario's micro-operations and IPI
 * deliveries, breadth first over distinct states (canonical hashes), with the ample
 * sets of independence.ts. Breadth first makes the first violation found a shortest
 * one. A violation is a stale use, or a deadlock (no CPU can move, work remains).
 */
import {createMachine, enabled, stateHash, step, type Choice, type Config, type Program} from '../engine/index.js';
import {ampleSet} from './independence.js';

/** The outcome of an exploration. */
export type Exploration = {
	readonly result: 'safe' | 'violation' | 'bounded';
	readonly states: number;
	readonly transitions: number;
	/** The schedule from the start to the violation (shortest), if one was found. */
	readonly schedule: readonly Choice[] | undefined;
	readonly violation: 'stale_use' | 'deadlock' | undefined;
	/** Transitions the ample sets saved (choices enabled but not taken). */
	readonly pruned: number;
};

/** How to explore. */
export type ExploreOptions = {
	readonly maxStates?: number;
	/** Without the reduction (to measure what it saves). */
	readonly noReduction?: boolean;
	/** Called every few thousand states (progress display). */
	readonly onProgress?: (states: number, transitions: number) => void;
};

type Node = {readonly parent: number; readonly choice: Choice | undefined};

/** Explores PROGRAM under CONFIG. */
export function explore(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const maxStates = options.maxStates ?? 5_000_000;
	const initial = createMachine(config, program);
	const nodes: Node[] = [{parent: -1, choice: undefined}];
	const seen = new Set<string>([stateHash(initial)]);
	const queue = [initial];
	const queueNodes = [0];
	let transitions = 0;
	let pruned = 0;
	const path = (node: number, last: Choice): Choice[] => {
		const choices: Choice[] = [last];
		for (let at = node; nodes[at]!.choice !== undefined; at = nodes[at]!.parent) {
			choices.push(nodes[at]!.choice!);
		}

		return choices.reverse();
	};

	for (let head = 0; head < queue.length; head++) {
		const state = queue[head]!;
		const node = queueNodes[head]!;
		queue[head] = undefined as never;
		const choices = enabled(state);
		if (choices.length === 0) {
			if (state.busy.length > 0) {
				const schedule = path(node, undefined as never).slice(0, -1);
				return {result: 'violation', states: seen.size, transitions, schedule, violation: 'deadlock', pruned};
			}

			continue;
		}

		const ample = options.noReduction ? choices : ampleSet(state, choices);
		pruned += choices.length - ample.length;
		for (const choice of ample) {
			const result = step(state, choice);
			transitions++;
			if (result.events.some(event => event.event === 'stale_use')) {
				return {result: 'violation', states: seen.size, transitions, schedule: path(node, choice), violation: 'stale_use', pruned};
			}

			const hash = stateHash(result.state);
			if (seen.has(hash)) {
				continue;
			}

			seen.add(hash);
			nodes.push({parent: node, choice});
			queue.push(result.state);
			queueNodes.push(nodes.length - 1);
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
