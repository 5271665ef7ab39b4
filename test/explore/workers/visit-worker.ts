/**
 * A thread for shared-visited.test.ts: visits fingerprints FROM..TO of a fixed family
 * (in STEP order) in a shared visited set once every thread is ready, and reports how
 * many were new to it.
 */
import {parentPort, workerData} from 'node:worker_threads';
import {SharedVisitedSet, type SharedTables} from '../../../source/explore/shared-visited.js';

/** The fingerprint of number I (two well-mixed lanes). */
export function printOf(i: number): {a: number; b: number} {
	let a = Math.imul(i ^ 0x9e_37_79_b9, 0x85_eb_ca_6b);
	a ^= a >>> 13;
	let b = Math.imul(i + 0x7f_4a_7c_15, 0xc2_b2_ae_35);
	b ^= b >>> 16;
	return {a: a | 0, b: b | 0};
}

if (parentPort !== null) {
	const {tables, from, to, step, go} = workerData as {tables: SharedTables; from: number; to: number; step: number; go: SharedArrayBuffer};
	const seen = new SharedVisitedSet(tables);
	// Start together: word 0 counts the threads ready, word 1 turns 1 to go.
	const start = new Int32Array(go);
	Atomics.add(start, 0, 1);
	Atomics.notify(start, 0);
	Atomics.wait(start, 1, 0);
	seen.enter();
	let fresh = 0;
	for (let k = 0; k < to - from; k++) {
		// A permutation of FROM..TO, so that two threads meet the same prints in different orders.
		const i = from + ((k * step) % (to - from));
		if (seen.visit(printOf(i), 0) === -1) {
			fresh++;
		}
	}

	seen.leave();
	parentPort.postMessage(fresh);
}
