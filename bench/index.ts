/**
 * `npm run bench`: the benchmark keys of ../shared/docs/bench.md. Every goal is a ratio
 * or a rate measured in this one run; `--json` prints one object per line, `--quick`
 * trades precision for time.
 */
import process from 'node:process';
import {cliBenchmarks} from './cli.js';
import {engineBenchmarks, linuxEngineBenchmarks} from './engine.js';
import {exploreBenchmarks} from './explore.js';
import {scaleBenchmarks} from './scale.js';
import {sessionBenchmarks} from './session.js';
import {tsoBenchmarks} from './tso.js';
import {uiBenchmarks} from './ui.jsx';

/** Goals from bench.md: key -> [comparison, bound]. */
const goals: Record<string, ['>=' | '<=', number]> = {
	engine_ops_per_s: ['>=', 1e6],
	engine_scaling_256_vs_4: ['<=', 2],
	reverse_step_ratio_1e6_vs_1e3: ['<=', 2],
	history_mib_1e6: ['<=', 512],
	frame_ratio_256_vs_4: ['<=', 1.5],
	frame_ratio_256_vs_4_lanes: ['<=', 1.5],
	startup_ratio_vs_ink_hello: ['<=', 1.3],
	cli_ratio_vs_node: ['<=', 2.5],
	explore_seconds_race_n3: ['<=', 2],
	// Issue 12: the same race with x86-TSO store buffers.
	explore_seconds_race_n3_tso: ['<=', 10],
	// bench.md asks 60; issue 15 asks 30 on both cores.
	explore_seconds_race_n5: ['<=', 30],
	// SPIN's time on its model of the same race: 1.6 to 3.6 s.
	explore_seconds_race_n5_violation: ['<=', 1.6],
	explore_seconds_race_n6: ['<=', 300],
	explore_peak_mib_race_n6: ['<=', 4096],
	explore_parallel_speedup_n5: ['>=', 1.6],
	// Issue 16: a 2^35-page protect and remove cost their mapped pages (was > 30 s).
	run_seconds_huge_range: ['<=', 1],
	compile_ratio_40k_vs_10k: ['<=', 5],
};

const json = process.argv.includes('--json');
const quick = process.argv.includes('--quick');
const results = {...engineBenchmarks(quick), ...linuxEngineBenchmarks(quick), ...sessionBenchmarks(quick), ...(await uiBenchmarks(quick)), ...cliBenchmarks(quick), ...exploreBenchmarks(quick), ...tsoBenchmarks(), ...scaleBenchmarks(quick)};

if (json) {
	for (const [key, value] of Object.entries(results)) {
		process.stdout.write(JSON.stringify({[key]: value}) + '\n');
	}
} else {
	process.stdout.write(`${'key'.padEnd(56)}${'value'.padStart(14)}  goal\n`);
	for (const [key, value] of Object.entries(results)) {
		const goal = goals[key];
		// -1 marks a run stopped at its time limit.
		const met = value >= 0 && (goal?.[0] === '>=' ? value >= goal[1] : value <= (goal?.[1] ?? 0));
		const verdict = goal === undefined ? '' : `${goal[0]} ${goal[1]}  ${met ? 'met' : 'MISSED'}`;
		process.stdout.write(`${key.padEnd(56)}${String(value).padStart(14)}  ${verdict}\n`);
	}
}
