/**
 * Exhaustive exploration: every interleaving of a scenario's micro-operations and IPI
 * deliveries, up to the reductions of symmetry.ts (renumbering interchangeable CPUs),
 * independence.ts (persistent sets) and depth-first.ts (sleep sets). A violation is a
 * stale use, or a deadlock (no CPU can move, work remains).
 *
 * Depth first decides the verdict in little memory, and its first violation is the one
 * reported: shrunk (shrink.ts) at once, then, as a bounded extra, a breadth-first
 * search without partial-order reduction looks for a shorter one (breadth-first.ts);
 * finishing it proves the schedule shortest. Every phase stays within one memory
 * budget (budget.ts).
 */
import type {Choice, Config, Program} from '../engine/index.js';
import {BreadthFirst} from './breadth-first.js';
import {defaultMemoryLimit, MemoryBudget} from './budget.js';
import {DepthFirst, type SearchEnd} from './depth-first.js';
import {defaultShortestStates, type Exploration, type ExploreOptions} from './exploration.js';
import {shrink} from './shrink.js';
import {VisitedSet} from './visited.js';

export type {Exploration, ExploreOptions} from './exploration.js';

/** What a search did, beside how it ended. */
export type SearchCounts = {readonly states: number; readonly transitions: number; readonly pruned: number};

/** A depth-first search of PROGRAM with its visited set, ready to run. */
export function startSearch(config: Config, program: Program, options: ExploreOptions, budget: MemoryBudget): {search: DepthFirst; seen: VisitedSet} {
	const seen = new VisitedSet(budget);
	const search = new DepthFirst(config, program, options, seen, budget);
	search.start();
	return {search, seen};
}

/** What the end of a violation's search hands on: the schedule shrunk, and the search for a shorter one. */
export type Shortening = {readonly shrunk: readonly Choice[]; readonly search: BreadthFirst};

/**
 * A violation's schedule shrunk, and a breadth-first search for a shorter one within
 * what is left of the budget: only a search of every interleaving proves a schedule
 * shortest, and it need look no deeper than the one in hand.
 */
export function shorten(config: Config, program: Program, options: ExploreOptions, end: Extract<SearchEnd, {kind: 'violation'}>, budget: MemoryBudget): Shortening {
	const shrunk = shrink(config, program, end.schedule, end.violation);
	const maxStates = options.shortestStates ?? defaultShortestStates;
	const search = new BreadthFirst(config, program, {noReduction: true, noSymmetry: options.noSymmetry, maxStates}, budget, shrunk.length);
	return {shrunk, search};
}

/**
 * The exploration a search's END makes; for a violation, with its shrunk schedule and
 * what the search for a shorter one found (SHORTER).
 */
export function conclude(end: SearchEnd, counts: SearchCounts, budget: MemoryBudget, shrunk?: readonly Choice[], shorter?: Exploration): Exploration {
	const base = {...counts, memory: budget.peak, threads: 1, shortest: false, schedule: undefined, violation: undefined, reason: undefined};
	switch (end.kind) {
		case 'safe': {
			return {...base, result: 'safe'};
		}

		case 'bounded': {
			return {...base, result: 'bounded', reason: end.reason};
		}

		case 'violation': {
			// The shorter search ends safe when no schedule shorter than the shrunk one exists.
			const found = shorter?.result === 'violation';
			return {
				...base,
				result: 'violation',
				schedule: found ? shorter.schedule : shrunk,
				violation: found ? shorter.violation : end.violation,
				shortest: found || shorter?.result === 'safe',
				reason: shorter?.reason === 'interrupted' ? 'interrupted' : undefined,
			};
		}

		default: {
			return end satisfies never;
		}
	}
}

/** Explores PROGRAM under CONFIG on this thread. */
export function explore(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const budget = new MemoryBudget(options.maxMemory ?? defaultMemoryLimit());
	const {search, seen} = startSearch(config, program, options, budget);
	let end: SearchEnd | undefined;
	while (end === undefined) {
		end = search.run(Number.POSITIVE_INFINITY);
	}

	const counts = {states: seen.size, transitions: search.transitions, pruned: search.pruned};
	seen.dispose();
	if (end.kind !== 'violation') {
		return conclude(end, counts, budget);
	}

	const {shrunk, search: shorter} = shorten(config, program, options, end, budget);
	let found: Exploration | undefined;
	while (found === undefined) {
		found = shorter.run(Number.POSITIVE_INFINITY);
	}

	return conclude(end, counts, budget, shrunk, found);
}
