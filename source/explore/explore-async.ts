/**
 * Exploration for the command line: the search runs a slice at a time so that Ctrl-C
 * (an AbortSignal) is heard, and with several jobs it goes on in worker threads
 * (parallel.ts) once a first slice on this thread has not settled it.
 */
import {setImmediate as yieldToEvents} from 'node:timers/promises';
import type {Config, Program} from '../engine/index.js';
import {defaultMemoryLimit, MemoryBudget} from './budget.js';
import type {SearchEnd} from './depth-first.js';
import {conclude, shorten, startSearch} from './explore.js';
import type {Exploration, ExploreOptions} from './exploration.js';

/** Options of the command line's exploration. */
export type AsyncExploreOptions = ExploreOptions & {
	/** Threads to search with (default 1). */
	readonly jobs?: number;
	/** Aborting ends the search as bounded, reason `interrupted`. */
	readonly signal?: AbortSignal;
};

/** Steps between two turns of the event loop (a few tens of milliseconds). */
const slice = 4096;

/** Explores PROGRAM under CONFIG, hearing SIGNAL between slices. */
export async function exploreAsync(config: Config, program: Program, options: AsyncExploreOptions = {}): Promise<Exploration> {
	const budget = new MemoryBudget(options.maxMemory ?? defaultMemoryLimit());
	const {search, seen} = startSearch(config, program, options, budget);
	let end: SearchEnd | undefined;
	while (end === undefined) {
		end = search.run(slice);
		if (end === undefined) {
			await yieldToEvents();
			if (options.signal?.aborted) {
				search.stop('interrupted');
			}
		}
	}

	const counts = {states: seen.size, transitions: search.transitions, pruned: search.pruned};
	seen.dispose();
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

	return conclude(end, counts, budget, shrunk, found);
}
