/** The shared visited set under real concurrency: every state is new to exactly one thread, none is lost while the table grows. */
import {Worker} from 'node:worker_threads';
import {describe, expect, it} from 'vitest';
import {sharedTables, SharedVisitedSet} from '../../source/explore/shared-visited.js';
import {printOf} from './workers/visit-worker.js';

/** A thread running visit-worker.ts through tsx. */
function visitor(data: object): Promise<number> {
	const url = new URL('workers/visit-worker.ts', import.meta.url);
	const tsx = import.meta.resolve('tsx/esm/api');
	const worker = new Worker(`import(${JSON.stringify(tsx)}).then(({register}) => { register(); return import(${JSON.stringify(url.href)}); });`, {eval: true, workerData: data});
	return new Promise((resolve, reject) => {
		worker.once('message', (fresh: number) => {
			resolve(fresh);
			void worker.terminate();
		});
		worker.once('error', reject);
	});
}

describe('shared visited set', () => {
	it('two threads inserting overlapping states at once while the table doubles four times: each state new to one of them, none lost', async () => {
		const tables = sharedTables(2 ** 30);
		const go = new SharedArrayBuffer(8);
		const start = new Int32Array(go);
		// 0..400,000 and 100,000..500,000 in two orders: 300,000 states both threads meet,
		// from 65,536 slots to 2^20.
		const both = Promise.all([visitor({tables, go, from: 0, to: 400_000, step: 7919}), visitor({tables, go, from: 100_000, to: 500_000, step: 104_729})]);
		while (Atomics.load(start, 0) < 2) {
			await new Promise(resolve => setTimeout(resolve, 5));
		}

		Atomics.store(start, 1, 1);
		Atomics.notify(start, 1);
		const [first, second] = await both;
		expect(first + second).toBe(500_000);
		const seen = new SharedVisitedSet(tables);
		expect(seen.size).toBe(500_000);
		seen.enter();
		let lost = 0;
		for (let i = 0; i < 500_000; i++) {
			if (seen.visit(printOf(i), 0) === -1) {
				lost++;
			}
		}

		seen.leave();
		expect(lost).toBe(0);
	});

	it('a state met again reports what slept before and is awake now, and keeps only what slept both times', () => {
		const seen = new SharedVisitedSet(sharedTables(2 ** 24));
		seen.enter();
		const print = printOf(42);
		expect(seen.visit(print, 0b1011)).toBe(-1);
		expect(seen.visit(print, 0b0011)).toBe(0b1000);
		expect(seen.visit(print, 0b0111)).toBe(0);
		expect(seen.visit(print, 0)).toBe(0b0011);
		seen.leave();
	});
});
