/** Engine throughput and its scaling with the number of CPUs (bench.md). */
import {performance} from 'node:perf_hooks';
import {createMachine, defaultScheduler, enabled, makeConfig, step, type Kernel, type Mode, type Program} from '../source/engine/index.js';
import {randomWorkload} from './workload.js';

/** Runs PROGRAM to its end; returns micro-operations and seconds. */
function timeRun(program: Program, mode: Mode, kernel: Kernel = 'freebsd'): {ops: number; seconds: number} {
	let state = createMachine(makeConfig(mode, true, [], 'sc', kernel), program);
	const start = performance.now();
	for (;;) {
		const choices = enabled(state);
		if (choices.length === 0) {
			break;
		}

		state = step(state, defaultScheduler(state, choices)).state;
	}

	return {ops: state.step, seconds: (performance.now() - start) / 1000};
}

/** The median of REPEAT timed runs, as micro-operations per second. */
function opsPerSecond(program: Program, mode: Mode, repeat: number, kernel: Kernel = 'freebsd'): {rate: number; ops: number} {
	const rates: number[] = [];
	let ops = 0;
	timeRun(program, mode, kernel); // Warm-up: let the JIT settle.
	for (let i = 0; i < repeat; i++) {
		const run = timeRun(program, mode, kernel);
		ops = run.ops;
		rates.push(run.ops / run.seconds);
	}

	rates.sort((a, b) => a - b);
	return {rate: rates[Math.floor(rates.length / 2)]!, ops};
}

/** engine_ops_per_s and engine_scaling_256_vs_4. */
export function engineBenchmarks(quick: boolean): Record<string, number> {
	const blocks = quick ? 20_000 : 40_000;
	const repeat = quick ? 3 : 5;
	const results: Record<string, number> = {};
	// Warm-up across modes and sizes, so that the first measured key does not pay for
	// the JIT compiling the engine.
	for (const mode of ['pcid', 'pti-pcid', 'nopcid'] as const) {
		timeRun(randomWorkload(8, 8, blocks, 3), mode);
	}

	timeRun(randomWorkload(256, 4, blocks, 3), 'pcid');
	const eight = opsPerSecond(randomWorkload(8, 8, blocks, 1), 'pcid', repeat);
	results.engine_ops_per_s = Math.round(eight.rate);
	results.engine_ops_measured = eight.ops;
	for (const mode of ['pti-pcid', 'nopcid'] as const) {
		results[`engine_ops_per_s_${mode.replace('-', '_')}`] = Math.round(opsPerSecond(randomWorkload(8, 8, blocks, 1), mode, repeat).rate);
	}

	// The same work on CPUs 0-3, on a 4-CPU and on a 256-CPU machine: cost per
	// micro-operation. (pmap_invalidate_preipi_pcid stores pm_gen for every CPU, so
	// the 256-CPU run has more micro-operations; each is measured, not the run.)
	const small = opsPerSecond(randomWorkload(4, 4, blocks, 2), 'pcid', repeat);
	const large = opsPerSecond(randomWorkload(256, 4, blocks, 2), 'pcid', repeat);
	results.engine_scaling_256_vs_4 = Number((small.rate / large.rate).toFixed(3));
	return results;
}

/** engine_ops_per_s_linux: the engine_ops_per_s workload with Linux's tlb.c (v6.14) running. */
export function linuxEngineBenchmarks(quick: boolean): Record<string, number> {
	const blocks = quick ? 20_000 : 40_000;
	timeRun(randomWorkload(8, 8, blocks, 3), 'pcid', 'linux');
	return {engine_ops_per_s_linux: Math.round(opsPerSecond(randomWorkload(8, 8, blocks, 1), 'pcid', quick ? 3 : 5, 'linux').rate)};
}
