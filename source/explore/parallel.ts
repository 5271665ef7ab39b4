/**
 * The depth-first search on several threads (worker_threads) over one shared visited
 * set (shared-visited.ts). Work is split by subtrees: one thread starts at the initial
 * state; a thread that runs out asks this coordinator for work, and while some thread
 * waits, the busy ones give away the untried choices of the lowest level of their path
 * (a work item: the path to that state, its sleep set and what it has explored). The
 * receiver replays the path and searches on with exactly the sleep sets the giver
 * would have used, so persistent and sleep sets stay what they are on one thread: each
 * is a property of a state and of the choices explored from it, not of which thread
 * explores them, and the shared table narrows a state's sleep set atomically.
 *
 * Which violation the threads meet first depends on timing; explore-async.ts reports
 * the one a single-threaded search finds, so the output does not.
 */
import {Worker} from 'node:worker_threads';
import type {Config, Program} from '../engine/index.js';
import type {SearchEnd, WorkItem} from './depth-first.js';
import type {ExploreOptions} from './exploration.js';
import type {FromWorker, ToWorker, WorkerSetup} from './search-worker.js';
import {sharedTables, SharedVisitedSet, Stop} from './shared-visited.js';

/** What the threads found together. */
export type ParallelResult = {
	readonly end: SearchEnd;
	readonly states: number;
	readonly transitions: number;
	readonly pruned: number;
	/** Bytes the shared table committed. */
	readonly memory: number;
};

/** Bytes each thread's path may hold. */
const pathBytes = 8 * 2 ** 20;

/**
 * A search thread running search-worker: compiled, dist/search-worker.js (an entry of
 * scripts/build.mjs, in dist/ beside the chunk this module is bundled into), or under
 * tsx (the tests, a checkout without a build) the .ts source with tsx's loader.
 */
function startWorker(): Worker {
	const fromSource = import.meta.url.endsWith('.ts');
	const url = new URL(fromSource ? './search-worker.ts' : './search-worker.js', import.meta.url);
	let worker: Worker;
	if (fromSource) {
		const tsx = import.meta.resolve('tsx/esm/api');
		const bootstrap = `import(${JSON.stringify(tsx)}).then(({register}) => { register(); return import(${JSON.stringify(url.href)}); });`;
		worker = new Worker(bootstrap, {eval: true});
	} else {
		worker = new Worker(url);
	}

	// Threads stay for the next search (--mode all, the tests) but do not keep the
	// process alive once the work is done.
	worker.unref();
	worker.once('exit', () => {
		pool.splice(pool.indexOf(worker), 1);
	});
	return worker;
}

/** Threads kept between searches. */
const pool: Worker[] = [];

/** JOBS threads from the pool, started as needed. */
function threads(jobs: number): Worker[] {
	while (pool.length < jobs) {
		pool.push(startWorker());
	}

	return pool.slice(0, jobs);
}

/** Searches PROGRAM under CONFIG with JOBS threads within LIMIT bytes, until a verdict, a bound or SIGNAL. */
export async function searchInParallel(config: Config, program: Program, options: ExploreOptions, jobs: number, limit: number, signal?: AbortSignal): Promise<ParallelResult> {
	const tables = sharedTables(Math.max(2 ** 20, limit - jobs * pathBytes));
	const seen = new SharedVisitedSet(tables);
	const setup: WorkerSetup = {
		tables,
		config,
		program,
		options: {maxStates: options.maxStates, noReduction: options.noReduction, noSleep: options.noSleep, noSymmetry: options.noSymmetry},
		ends: options.onEnd !== undefined,
		pathBytes,
	};
	const workers = threads(jobs);
	const queue: WorkItem[] = [];
	const idle: Worker[] = [];
	let violation: Extract<SearchEnd, {kind: 'violation'}> | undefined;
	let transitions = 0;
	let pruned = 0;
	const send = (worker: Worker, message: ToWorker) => {
		worker.postMessage(message);
	};

	const onAbort = () => {
		seen.stop(Stop.interrupted);
	};

	signal?.addEventListener('abort', onAbort);
	const progress = setInterval(() => options.onProgress?.(seen.size, transitions), 250);
	try {
		await new Promise<void>((resolve, reject) => {
			const balance = () => {
				if (seen.stopped !== Stop.none) {
					queue.length = 0;
				}

				seen.hungry = Math.max(0, idle.length - queue.length);
				if (idle.length === jobs && queue.length === 0) {
					resolve();
				}
			};

			for (const worker of workers) {
				send(worker, {type: 'setup', setup});
				worker.on('error', error => {
					seen.stop(Stop.interrupted);
					reject(error);
				});
				worker.on('message', (message: FromWorker) => {
					switch (message.type) {
						case 'work': {
							const taker = idle.pop();
							if (taker === undefined) {
								queue.push(message.item);
							} else {
								send(taker, {type: 'work', item: message.item});
							}

							break;
						}

						case 'violation': {
							violation ??= message.end;
							break;
						}

						case 'end': {
							options.onEnd?.(message.state);
							break;
						}

						case 'idle': {
							transitions += message.transitions;
							pruned += message.pruned;
							const item = seen.stopped === Stop.none ? queue.shift() : undefined;
							if (item === undefined) {
								idle.push(worker);
							} else {
								send(worker, {type: 'work', item});
							}

							break;
						}

						default: {
							message satisfies never;
						}
					}

					balance();
				});
			}

			send(workers[0]!, {type: 'work', item: 'root'});
			idle.push(...workers.slice(1));
			seen.hungry = idle.length;
		});
	} finally {
		clearInterval(progress);
		signal?.removeEventListener('abort', onAbort);
		for (const worker of workers) {
			worker.removeAllListeners('message');
			worker.removeAllListeners('error');
			// Let go of the shared table.
			send(worker, {type: 'release'});
		}
	}

	const stop = seen.stopped;
	const end: SearchEnd =
		violation ?? (stop === Stop.none ? {kind: 'safe'} : {kind: 'bounded', reason: stop === Stop.maxStates ? 'max-states' : stop === Stop.maxMemory ? 'max-memory' : 'interrupted'});
	return {end, states: seen.size, transitions, pruned, memory: seen.bytes};
}
