/**
 * Breadth-first search over distinct states: the first violation it meets is at the
 * smallest depth, so its schedule is a shortest one (of the interleavings the search
 * keeps; explore.ts runs it without partial-order reduction, so that it is a shortest
 * one of all).
 *
 * It holds no frontier of states: node k (the k-th state reached) is its parent's node
 * and the choice taken, six bytes, beside its fingerprint in the visited set. A node's
 * state is rebuilt by replaying its path from the deepest ancestor still cached; nodes
 * are expanded in the order they were reached, so consecutive nodes share most of
 * their paths and a replay is mostly a step or two.
 */
import {createMachine, enabled, step, type Choice, type Config, type MachineState, type Program} from '../engine/index.js';
import {MemoryBudget, defaultMemoryLimit, levelBytes} from './budget.js';
import {choiceCode, choiceOf, type Exploration, type ExploreOptions} from './exploration.js';
import {Footprints} from './footprint.js';
import {ampleSet} from './independence.js';
import {printContext, statePrint, type PrintContext} from './symmetry.js';
import {noRoom, VisitedSet} from './visited.js';

/** A typed array that grows within the budget. */
class Column<T extends Int32Array | Uint16Array> {
	length = 0;
	data: T;
	private readonly make: (length: number) => T;
	private readonly budget: MemoryBudget;

	constructor(data: T, make: (length: number) => T, budget: MemoryBudget) {
		this.data = data;
		this.make = make;
		this.budget = budget;
	}

	/** Appends VALUE; false when the budget does not allow growing. */
	push(value: number): boolean {
		if (this.length === this.data.length) {
			const old = this.data;
			if (!this.budget.reserve(old.byteLength * 2)) {
				return false;
			}

			this.data = this.make(old.length * 2);
			this.data.set(old);
			this.budget.release(old.byteLength);
		}

		this.data[this.length++] = value;
		return true;
	}
}

/** The states along the path of the node expanded last, by depth. */
type PathCache = {
	nodes: number[];
	states: MachineState[];
	contexts: PrintContext[];
	footprints: Array<Footprints | undefined>;
};

/** A breadth-first search, run a slice at a time. */
export class BreadthFirst {
	private readonly options: ExploreOptions;
	private readonly budget: MemoryBudget;
	private readonly shorterThan: number;
	private readonly start: number;
	private readonly maxStates: number;
	private readonly symmetry: boolean;
	private readonly seen: VisitedSet;
	private readonly parents: Column<Int32Array>;
	private readonly codes: Column<Uint16Array>;
	private readonly cache: PathCache;
	private transitions = 0;
	private pruned = 0;
	private peak = 0;
	private node = 0;
	private depth = 0;
	private levelEnd = 1;
	private result: Exploration | undefined;

	/**
	 * A search of PROGRAM under CONFIG within BUDGET. With SHORTER_THAN it looks only for
	 * violations in fewer steps: reaching that depth ends it as safe.
	 */
	constructor(config: Config, program: Program, options: ExploreOptions, budget: MemoryBudget, shorterThan = Number.POSITIVE_INFINITY) {
		this.options = options;
		this.budget = budget;
		this.shorterThan = shorterThan;
		this.start = budget.used;
		this.maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
		this.symmetry = !options.noSymmetry;
		this.seen = new VisitedSet(budget);
		this.parents = new Column(new Int32Array(1 << 12), length => new Int32Array(length), budget);
		this.codes = new Column(new Uint16Array(1 << 12), length => new Uint16Array(length), budget);
		const initial = createMachine(config, program);
		// Footprints only serve the persistent sets.
		this.cache = {nodes: [0], states: [initial], contexts: [printContext(initial)], footprints: [options.noReduction ? undefined : new Footprints(initial)]};
		this.seen.add(statePrint(this.cache.contexts[0]!, this.symmetry));
		this.parents.push(-1);
		this.codes.push(0);
	}

	/** Ends the search early. */
	stop(): void {
		this.result ??= this.finish('bounded', {reason: 'interrupted'});
	}

	/** Expands up to NODES nodes; the result once the search is over. */
	run(nodes: number): Exploration | undefined {
		const {cache, parents, codes, options} = this;
		let left = nodes;
		while (this.result === undefined && left-- > 0) {
			const node = this.node;
			if (node >= parents.length) {
				this.result = this.finish('safe');
				break;
			}

			this.node++;
			if (node === this.levelEnd) {
				this.depth++;
				this.levelEnd = parents.length;
			}

			const {depth} = this;
			// A deadlock here takes DEPTH steps, a stale use from here DEPTH + 1.
			if (depth >= this.shorterThan) {
				this.result = this.finish('safe');
				break;
			}

			if (!replay(cache, node, depth, parents.data, codes.data, this.budget)) {
				this.result = this.finish('bounded', {reason: 'max-memory'});
				break;
			}

			this.result = this.expand(node, depth, options);
			this.peak = Math.max(this.peak, this.budget.used - this.start);
		}

		return this.result;
	}

	/** Expands NODE (whose state is cached at DEPTH); a result when that ends the search. */
	private expand(node: number, depth: number, options: ExploreOptions): Exploration | undefined {
		const {cache, parents, codes, seen} = this;
		const state = cache.states[depth]!;
		const choices = enabled(state);
		if (choices.length === 0) {
			return state.busy.length > 0 ? this.finish('violation', {schedule: this.path(node, undefined), violation: 'deadlock', shortest: options.noReduction === true}) : undefined;
		}

		if (depth + 1 >= this.shorterThan) {
			return undefined;
		}

		const ample = options.noReduction ? choices : ampleSet(cache.footprints[depth]!, choices);
		this.pruned += choices.length - ample.length;
		for (const choice of ample) {
			const result = step(state, choice);
			this.transitions++;
			if (result.events.some(event => event.event === 'stale_use')) {
				return this.finish('violation', {schedule: this.path(node, choice), violation: 'stale_use', shortest: options.noReduction === true});
			}

			const added = seen.add(statePrint(printContext(result.state, cache.contexts[depth]), this.symmetry));
			if (added === noRoom || (added && !(parents.push(node) && codes.push(choiceCode(choice))))) {
				return this.finish('bounded', {reason: 'max-memory'});
			}

			if (added && seen.size >= this.maxStates) {
				return this.finish('bounded', {reason: 'max-states'});
			}
		}

		return undefined;
	}

	/** The schedule to NODE, then LAST. */
	private path(node: number, last: Choice | undefined): Choice[] {
		const choices: Choice[] = last === undefined ? [] : [last];
		for (let at = node; at > 0; at = this.parents.data[at]!) {
			choices.push(choiceOf(this.codes.data[at]!));
		}

		return choices.reverse();
	}

	/** The result, with the search's memory given back to the budget. */
	private finish(result: Exploration['result'], extra: Partial<Exploration> = {}): Exploration {
		const memory = Math.max(this.peak, this.budget.used - this.start);
		this.budget.release(this.budget.used - this.start);
		return {result, states: this.seen.size, transitions: this.transitions, schedule: undefined, violation: undefined, pruned: this.pruned, shortest: false, reason: undefined, memory, threads: 1, ...extra};
	}
}

/** Explores PROGRAM under CONFIG breadth first, to the end (within BUDGET, or the default one). */
export function breadthFirst(config: Config, program: Program, options: ExploreOptions = {}, budget?: MemoryBudget, shorterThan = Number.POSITIVE_INFINITY): Exploration {
	const search = new BreadthFirst(config, program, options, budget ?? new MemoryBudget(options.maxMemory ?? defaultMemoryLimit()), shorterThan);
	let result: Exploration | undefined;
	while (result === undefined) {
		result = search.run(Number.POSITIVE_INFINITY);
	}

	return result;
}

/** Rebuilds CACHE down to NODE at DEPTH, replaying from its deepest cached ancestor. */
function replay(cache: PathCache, node: number, depth: number, parents: Int32Array, codes: Uint16Array, budget: MemoryBudget): boolean {
	const chain: number[] = [];
	let at = node;
	let level = depth;
	while (level > 0 && cache.nodes[level] !== at) {
		chain.push(at);
		at = parents[at]!;
		level--;
	}

	if (depth >= cache.states.length && !budget.reserve(levelBytes * (depth + 1 - cache.states.length))) {
		return false;
	}

	for (let k = chain.length - 1; k >= 0; k--) {
		const child = chain[k]!;
		const state = step(cache.states[level]!, choiceOf(codes[child]!)).state;
		cache.contexts[level + 1] = printContext(state, cache.contexts[level]);
		const parent = cache.footprints[level];
		cache.footprints[level + 1] = parent === undefined ? undefined : new Footprints(state, parent);
		cache.states[level + 1] = state;
		cache.nodes[level + 1] = child;
		level++;
	}

	return true;
}
