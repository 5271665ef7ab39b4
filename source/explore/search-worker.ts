/**
 * A search thread of parallel.ts: depth-first searches of the work items the
 * coordinator sends, over the shared visited set, giving part of its path away when
 * another thread is waiting for work.
 */
import {parentPort} from 'node:worker_threads';
import type {Config, MachineState, Program} from '../engine/index.js';
import {MemoryBudget} from './budget.js';
import {DepthFirst, type SearchEnd, type WorkItem} from './depth-first.js';
import type {ExploreOptions} from './exploration.js';
import {SharedVisitedSet, Stop, type SharedTables} from './shared-visited.js';

/** What the coordinator gives a thread at its start. */
export type WorkerSetup = {
	readonly tables: SharedTables;
	readonly config: Config;
	readonly program: Program;
	readonly options: Pick<ExploreOptions, 'maxStates' | 'noReduction' | 'noSleep' | 'noSymmetry'>;
	/** Send every final state (for the tests' onEnd). */
	readonly ends: boolean;
	/** Bytes this thread's path may hold. */
	readonly pathBytes: number;
};

/** Messages to a search thread: a new search to take part in, then its work items. */
export type ToWorker = {readonly type: 'setup'; readonly setup: WorkerSetup} | {readonly type: 'work'; readonly item: WorkItem | 'root'} | {readonly type: 'release'};

/** Messages from a search thread. */
export type FromWorker =
	| {readonly type: 'work'; readonly item: WorkItem}
	| {readonly type: 'violation'; readonly end: Extract<SearchEnd, {kind: 'violation'}>}
	| {readonly type: 'end'; readonly state: MachineState}
	| {readonly type: 'idle'; readonly transitions: number; readonly pruned: number};

/** Steps between two looks at the stop and hungry words. */
const slice = 256;

const port = parentPort!;

/** The search this thread takes part in. */
type Current = {readonly setup: WorkerSetup; readonly seen: SharedVisitedSet; readonly budget: MemoryBudget; readonly options: ExploreOptions};
let current: Current | undefined;

function post(message: FromWorker): void {
	port.postMessage(message);
}

const reasons = {[Stop.maxStates]: 'max-states', [Stop.maxMemory]: 'max-memory', [Stop.interrupted]: 'interrupted', [Stop.violation]: 'interrupted'} as const;

/** Searches ITEM to its end, or until the threads are told to stop. */
function search(item: WorkItem | 'root'): void {
	const {setup, seen, budget, options} = current!;
	const search = new DepthFirst(setup.config, setup.program, options, seen, budget);
	seen.enter();
	if (item === 'root') {
		search.start();
	} else {
		search.startFrom(item);
	}

	let end = search.ended;
	while (end === undefined) {
		end = search.run(slice);
		const stop = seen.stopped;
		if (end === undefined && stop !== Stop.none) {
			search.stop(reasons[stop]);
		} else if (end === undefined && seen.hungry > 0) {
			const gift = search.donate();
			if (gift !== undefined) {
				seen.hungry = Math.max(0, seen.hungry - 1);
				post({type: 'work', item: gift});
			}
		}
	}

	seen.leave();
	if (end.kind === 'violation') {
		seen.stop(Stop.violation);
		post({type: 'violation', end});
	} else if (end.kind === 'bounded') {
		seen.stop(end.reason === 'max-states' ? Stop.maxStates : end.reason === 'max-memory' ? Stop.maxMemory : Stop.interrupted);
	}

	post({type: 'idle', transitions: search.transitions, pruned: search.pruned});
}

port.on('message', (message: ToWorker) => {
	if (message.type === 'release') {
		current = undefined;
	} else if (message.type === 'setup') {
		const {setup} = message;
		current = {
			setup,
			seen: new SharedVisitedSet(setup.tables),
			budget: new MemoryBudget(setup.pathBytes),
			options: {...setup.options, onEnd: setup.ends ? state => post({type: 'end', state}) : undefined},
		};
	} else {
		search(message.item);
	}
});
