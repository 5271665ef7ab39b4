/**
 * Cost bounded by what the scenario holds, not by the numbers in it (issue 16):
 * run_seconds_huge_range and compile_ratio_40k_vs_10k.
 */
import {performance} from 'node:perf_hooks';
import {runScenario} from '../source/run/run-scenario.js';
import {loadText} from '../source/scenario/load.js';

/** Two mapped pages and a protect and a remove over the whole user half (2^35 pages), then the kernel half's top. */
export const hugeRangeScenario = `title "whole-half ranges"
cpus 2
pmap A
map A 0x400000 -> 0x1000 rw
map A 0x7ffffffff000 -> 0x2000 rw
map kernel 0xfffffffffffff000 -> 0x3000 rw
cpu1: switch A
cpu1: user
cpu1: read 0x400000
cpu0: protect A 0x0 0x800000000000 r
cpu0: remove A 0x0 0x800000000000
cpu0: remove kernel 0xffff800000000000 0xffffffffffffffff
expect cpu1 tlb lacks A 0x400000
expect no-stale
`;

/** A scenario of LINES lines: steps, comments and expectations in turn. */
export function longScenario(lines: number): string {
	const out = ['cpus 4', 'pmap A B', 'map A 0x400000 -> 0x1000 rw'];
	for (let i = 0; out.length < lines; i++) {
		const cpu = i % 4;
		out.push(
			[`cpu${cpu}: switch ${i % 8 < 4 ? 'A' : 'B'}`, `cpu${cpu}: read 0x400000  # line ${out.length + 1}`, 'expect count ipi_send >= 0', `cpu${cpu}: kernel`][i % 4]!,
		);
	}

	return out.join('\n') + '\n';
}

function gc(): void {
	(globalThis as {gc?: () => void}).gc?.();
}

/** The median of REPEAT timings of RUN, in seconds. */
function median(repeat: number, run: () => void): number {
	const times: number[] = [];
	for (let i = 0; i < repeat; i++) {
		gc();
		const start = performance.now();
		run();
		times.push((performance.now() - start) / 1000);
	}

	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)]!;
}

/** run_seconds_huge_range (compile and run, every mode) and compile_ratio_40k_vs_10k. */
export function scaleBenchmarks(quick: boolean): Record<string, number> {
	const repeat = quick ? 3 : 5;
	const runHuge = () => {
		const loaded = loadText('huge.scn', hugeRangeScenario);
		for (const mode of ['nopcid', 'pcid', 'pti', 'pti-pcid'] as const) {
			if (runScenario(loaded.scenario!, {mode}).result !== 'pass') {
				throw new Error(`the huge-range scenario failed in ${mode}`);
			}
		}
	};

	runHuge();
	const small = longScenario(10_000);
	const large = longScenario(40_000);
	// Warm-up: the first compile pays for the JIT.
	loadText('warm.scn', small);
	loadText('warm.scn', large);
	const compile10k = median(repeat, () => loadText('10k.scn', small));
	const compile40k = median(repeat, () => loadText('40k.scn', large));
	return {
		run_seconds_huge_range: Number(median(repeat, runHuge).toFixed(4)),
		compile_seconds_10k: Number(compile10k.toFixed(4)),
		compile_seconds_40k: Number(compile40k.toFixed(4)),
		compile_ratio_40k_vs_10k: Number((compile40k / compile10k).toFixed(3)),
	};
}
