/**
 * Depth-first search over distinct states (fingerprints, reduced by symmetry.ts and the
 * persistent sets of independence.ts), with sleep sets (Godefroid 1996, chapter 5).
 * It decides the verdict: memory is the visited set and one path. The search can be
 * run a slice at a time (so the command line can take Ctrl-C, and a thread can give
 * away work), and it can start from a work item another search gave away.
 *
 * Sleep sets prune transitions: once a choice t has been explored from a state, a
 * later sibling u that is independent of t carries t "asleep", since taking t after u
 * reaches a state already reached by taking u after t. A state met again with a
 * smaller sleep set explores the choices that were asleep before and are awake now.
 * Choices are bits (one per kind of choice of each CPU: two, and a third for the flush
 * under --memory tso), so sleep sets are used up to 15 CPUs (10 under tso). In a state
 * fingerprinted in a renumbering (symmetry.ts) the visited set keeps the sleep set in
 * that renumbering, so that a symmetric state met later reads it in its own numbering.
 */
import {createMachine, enabled, step, type Choice, type Config, type MachineState, type Program} from '../engine/index.js';
import {levelBytes, type MemoryBudget} from './budget.js';
import {choiceCode, choiceOf, sleepChoice, sleepIndex, sleepStride, type ExploreOptions, type StopReason} from './exploration.js';
import {Footprints, stepFootprint} from './footprint.js';
import type {Footprint} from './footprint-set.js';
import {ampleSet} from './independence.js';
import {printContext, statePrint, type PrintContext} from './symmetry.js';
import {newState, noRoom, type Visited} from './visited.js';

/** Work one search gives another: the state PATH leads to, and the choices to try there. */
export type WorkItem = {
	/** Choice codes from the initial state. */
	readonly path: readonly number[];
	/** Choice codes still to explore from the state. */
	readonly choices: readonly number[];
	/** The state's sleep set, and the choices explored from it so far. */
	readonly sleep: number;
	readonly done: number;
};

/** How a search ended. */
export type SearchEnd =
	| {readonly kind: 'safe'}
	| {readonly kind: 'violation'; readonly violation: 'stale_use' | 'deadlock'; readonly schedule: readonly Choice[]}
	| {readonly kind: 'bounded'; readonly reason: StopReason};

/** A state on the current path, with the choices still to try from it. */
type Level = {
	readonly state: MachineState;
	readonly context: PrintContext;
	readonly footprints: Footprints;
	choices: readonly Choice[];
	next: number;
	/** The choice that led here from the level below (undefined at the bottom). */
	readonly via: Choice | undefined;
	/** Choices asleep here (bits), and those explored from here so far. */
	readonly sleep: number;
	done: number;
	/** The footprints of this state's choices, by bit, as computed. */
	readonly prints: Array<Footprint | undefined>;
};

/** Sleep-set BITS (STRIDE a CPU) with each CPU moved to POSITION[cpu] (forward) or back (inverse). */
export function renumberBits(bits: number, position: Int32Array, inverse: boolean, stride: number): number {
	const all = (1 << stride) - 1;
	let out = 0;
	for (let cpu = 0; cpu < position.length; cpu++) {
		const to = position[cpu]!;
		const [from, onto] = inverse ? [to, cpu] : [cpu, to];
		out |= ((bits >>> (stride * from)) & all) << (stride * onto);
	}

	return out;
}

/** The footprint of the choice with bit number INDEX in LEVEL's state. */
function printOf(level: Level, index: number, stride: number): Footprint {
	let print = level.prints[index];
	if (print === undefined) {
		const choice = sleepChoice(index, stride);
		print = stepFootprint(level.footprints, level.state.cpus[choice.cpu]!, choice.kind);
		level.prints[index] = print;
	}

	return print;
}

/** The sleep set of the state CHOICE leads to from LEVEL: what slept or was done, and commutes with it. */
function childSleep(level: Level, choice: Choice, stride: number): number {
	const candidates = level.sleep | level.done;
	if (candidates === 0) {
		return 0;
	}

	const mine = printOf(level, sleepIndex(choice, stride), stride);
	let sleep = 0;
	for (let other = 0; other < 31; other++) {
		// Two choices of one CPU never commute.
		if (((candidates >>> other) & 1) === 1 && Math.floor(other / stride) !== choice.cpu && !mine.conflicts(printOf(level, other, stride))) {
			sleep |= 1 << other;
		}
	}

	return sleep;
}

/** Steps between two looks at the JavaScript heap. */
const heapCheckInterval = 4096;

/** A depth-first search of PROGRAM under CONFIG, run a slice at a time. */
export class DepthFirst {
	transitions = 0;
	pruned = 0;
	private readonly stack: Level[] = [];
	/** The path of the bottom level, when the search started from a work item. */
	private prefix: readonly number[] = [];
	private end: SearchEnd | undefined;
	private readonly maxStates: number;
	private readonly symmetry: boolean;
	private readonly sleepSets: boolean;
	/** Sleep-set bits a CPU. */
	private readonly stride: number;
	private untilHeapCheck = heapCheckInterval;
	private readonly config: Config;
	private readonly program: Program;
	private readonly options: ExploreOptions;
	private readonly seen: Visited;
	private readonly budget: MemoryBudget;

	constructor(config: Config, program: Program, options: ExploreOptions, seen: Visited, budget: MemoryBudget) {
		this.config = config;
		this.program = program;
		this.options = options;
		this.seen = seen;
		this.budget = budget;
		this.maxStates = options.maxStates ?? Number.POSITIVE_INFINITY;
		this.symmetry = !options.noSymmetry;
		this.stride = sleepStride(config);
		this.sleepSets = !options.noReduction && !options.noSleep && program.cpus * this.stride <= 31;
	}

	/** The bit of CHOICE in a sleep set. */
	private bit(choice: Choice): number {
		return 1 << sleepIndex(choice, this.stride);
	}

	/** Starts at the initial state. */
	start(): void {
		this.visit(createMachine(this.config, this.program), undefined, undefined, 0);
	}

	/** Starts from ITEM (whose state another search has visited). */
	startFrom(item: WorkItem): void {
		let state = createMachine(this.config, this.program);
		let context = printContext(state);
		let footprints = new Footprints(state);
		for (const code of item.path) {
			state = step(state, choiceOf(code)).state;
			context = printContext(state, context);
			footprints = new Footprints(state, footprints);
		}

		this.prefix = item.path;
		this.push({state, context, footprints, choices: item.choices.map(code => choiceOf(code)), next: 0, via: undefined, sleep: item.sleep, done: item.done, prints: []});
	}

	/** The end, if the search is over. */
	get ended(): SearchEnd | undefined {
		return this.end;
	}

	/** Ends the search early (another thread found a violation, or the user stopped it). */
	stop(reason: StopReason): void {
		this.end ??= {kind: 'bounded', reason};
	}

	/** Runs up to STEPS transitions; the end once the search is over. */
	run(steps: number): SearchEnd | undefined {
		let left = steps;
		while (this.end === undefined && left-- > 0) {
			const level = this.stack.at(-1);
			if (level === undefined) {
				this.end = {kind: 'safe'};
				break;
			}

			if (level.next >= level.choices.length) {
				this.pop();
				continue;
			}

			const choice = level.choices[level.next++]!;
			const sleep = this.sleepSets ? childSleep(level, choice, this.stride) : 0;
			level.done |= this.bit(choice);
			const result = step(level.state, choice);
			this.transitions++;
			if (result.events.some(event => event.event === 'stale_use')) {
				this.end = {kind: 'violation', violation: 'stale_use', schedule: this.path(choice)};
				break;
			}

			this.visit(result.state, level, choice, sleep);
			if (--this.untilHeapCheck === 0) {
				this.untilHeapCheck = heapCheckInterval;
				if (this.budget.heapNearLimit()) {
					this.stop('max-memory');
				}
			}
		}

		return this.end;
	}

	/**
	 * Gives away the untried choices of the lowest level that has some (the largest
	 * piece of work), or undefined when there are none to give.
	 */
	donate(): WorkItem | undefined {
		for (let i = 0; i < this.stack.length - 1; i++) {
			const level = this.stack[i]!;
			if (level.next < level.choices.length) {
				const path = [...this.prefix, ...this.stack.slice(1, i + 1).map(below => choiceCode(below.via!))];
				const choices = level.choices.slice(level.next).map(choice => choiceCode(choice));
				level.next = level.choices.length;
				return {path, choices, sleep: level.sleep, done: level.done};
			}
		}

		return undefined;
	}

	/** The schedule to the top of the stack, then LAST. */
	private path(last: Choice | undefined): Choice[] {
		const schedule = [...this.prefix.map(code => choiceOf(code)), ...this.stack.slice(1).map(level => level.via!)];
		if (last !== undefined) {
			schedule.push(last);
		}

		return schedule;
	}

	private push(level: Level): void {
		if (!this.budget.reserve(levelBytes)) {
			this.stop('max-memory');
			return;
		}

		this.stack.push(level);
	}

	private pop(): void {
		this.stack.pop();
		this.budget.release(levelBytes);
	}

	/** Pushes STATE unless it was explored with a sleep set as small; ends the search on a deadlock or a bound. */
	private visit(state: MachineState, parent: Level | undefined, via: Choice | undefined, sleep: number): void {
		const context = printContext(state, parent?.context);
		const asleep = this.sleepSets ? sleep : 0;
		const print = statePrint(context, this.symmetry);
		const position = context.renumbering;
		const recorded = this.seen.visit(print, position === undefined ? asleep : renumberBits(asleep, position, false, this.stride));
		if (recorded === noRoom) {
			this.stop('max-memory');
			return;
		}

		const awake = recorded <= 0 || position === undefined ? recorded : renumberBits(recorded, position, true, this.stride);
		if (awake === 0) {
			return;
		}

		const isNew = awake === newState;
		if (isNew && this.seen.size % 20_000 === 0) {
			this.options.onProgress?.(this.seen.size, this.transitions);
		}

		const choices = enabled(state);
		if (choices.length === 0) {
			if (state.busy.length > 0) {
				this.end = {kind: 'violation', violation: 'deadlock', schedule: via === undefined ? this.path(undefined) : this.path(via)};
			} else {
				this.options.onEnd?.(state);
			}

			return;
		}

		const footprints = new Footprints(state, parent?.footprints);
		const ample = this.options.noReduction ? choices : ampleSet(footprints, choices);
		if (isNew) {
			this.pruned += choices.length - ample.length;
		}

		// A state seen before explores only the choices that slept then and are awake now.
		const todo = ample.filter(choice => (isNew || (awake & this.bit(choice)) !== 0) && (asleep & this.bit(choice)) === 0);
		this.push({state, context, footprints, choices: todo, next: 0, via, sleep: asleep, done: 0, prints: []});
		if (isNew && this.seen.size >= this.maxStates) {
			this.stop('max-states');
		}
	}
}
