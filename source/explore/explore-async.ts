/**
 * Exploration for the command line: the search runs a slice at a time so that Ctrl-C
 * (an AbortSignal) is heard, and with several jobs it goes on in worker threads
 * (parallel.ts) once a first stretch on this thread has not settled it.
 *
 * Which violation the threads meet first depends on timing, so it is not the one
 * reported: the single-threaded search of the first stretch is resumed until its own
 * first violation, exactly the one `--jobs 1` reports, with the same counts. (Should
 * that search reach the memory budget first, where `--jobs 1` would have stopped
 * without a verdict, the threads' violation is reported.)
 */
import {setImmediate as yieldToEvents} from 'node:timers/promises';
import type {Config, Program} from '../engine/index.js';
import {defaultMemoryLimit, MemoryBudget} from './budget.js';
import type {DepthFirst, SearchEnd} from './depth-first.js';
import {conclude, shorten, startSearch, type SearchCounts} from './explore.js';
import type {Exploration, ExploreOptions} from './exploration.js';
import {searchInParallel} from './parallel.js';

/** Options of the command line's exploration. */
export type AsyncExploreOptions = ExploreOptions & {
	/** Threads to search with (default 1). */
	readonly jobs?: number;
	/** Aborting ends the search as bounded, reason `interrupted`. */
	readonly signal?: AbortSignal;
	/** States this thread visits before threads take over (default firstStretch; 0: at once). */
	readonly threadsAfter?: number;
};

/** Steps between two turns of the event loop (a few tens of milliseconds). */
const slice = 4096;

/** States the single-threaded search visits before threads take over (small spaces never start any). */
export const firstStretch = 20_000;

/** Runs SEARCH a slice at a time until it ends or WHILE turns false; undefined in the second case. */
async function runSliced(search: DepthFirst, signal: AbortSignal | undefined, keepOn: () => boolean): Promise<SearchEnd | undefined> {
	for (;;) {
		const end = search.run(slice);
		if (end !== undefined || !keepOn()) {
			return end;
		}

		await yieldToEvents();
		if (signal?.aborted) {
			search.stop('interrupted');
		}
	}
}

/** Explores PROGRAM under CONFIG, hearing SIGNAL between slices. */
export async function exploreAsync(config: Config, program: Program, options: AsyncExploreOptions = {}): Promise<Exploration> {
	const budget = new MemoryBudget(options.maxMemory ?? defaultMemoryLimit());
	const {search, seen} = startSearch(config, program, options, budget);
	const jobs = options.jobs ?? 1;
	const counts = (): SearchCounts => ({states: seen.size, transitions: search.transitions, pruned: search.pruned});
	const stretch = options.threadsAfter ?? firstStretch;
	let end = search.ended ?? (jobs > 1 && stretch === 0 ? undefined : await runSliced(search, options.signal, () => jobs === 1 || seen.size < stretch));
	if (end === undefined) {
		const threads = await searchInParallel(config, program, options, jobs, budget.limit - budget.used, options.signal);
		const memory = budget.used + threads.memory;
		if (threads.end.kind !== 'violation') {
			seen.dispose();
			return {...conclude(threads.end, threads, budget), memory, threads: jobs};
		}

		// The violation a single thread finds first.
		end = await runSliced(search, options.signal, () => true);
		const canonical = end?.kind === 'violation';
		const done = canonical ? counts() : threads;
		seen.dispose();
		return {...(await finish(config, program, options, canonical ? end! : threads.end, done, budget, memory)), threads: jobs};
	}

	const done = counts();
	seen.dispose();
	return finish(config, program, options, end, done, budget, budget.peak);
}

/** The exploration of END: a violation shrunk, then a search for a shorter one a slice at a time. */
async function finish(config: Config, program: Program, options: AsyncExploreOptions, end: SearchEnd, counts: SearchCounts, budget: MemoryBudget, memory: number): Promise<Exploration> {
	if (end.kind !== 'violation') {
		return conclude(end, counts, budget);
	}

	const {shrunk, search: shorter} = shorten(config, program, options, end, budget);
	let found: Exploration | undefined;
	while (found === undefined) {
		found = shorter.run(slice / 8);
		if (found === undefined) {
			await yieldToEvents();
			if (options.signal?.aborted) {
				shorter.stop();
			}
		}
	}

	const result = conclude(end, counts, budget, shrunk, found);
	return {...result, memory: Math.max(memory, result.memory)};
}
