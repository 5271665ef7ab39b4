/**
 * Explorer benchmarks (bench.md, issue 15): explore_states_per_s, explore_seconds_<scenario>
 * for the shipped race scenarios; whole processes: explore_seconds_race_n3/_n5/_n6 (with
 * the n6 run's peak memory), the n5 violation race, and the n5 race on one thread against
 * all (explore_parallel_speedup_n5).
 */
import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {makeConfig} from '../source/engine/index.js';
import {explore} from '../source/explore/explore.js';
import {loadText} from '../source/scenario/load.js';
import {raceScenario, warmRaceScenario} from './races.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
/** The shipped race scenarios (their explore_states_tso_vs_sc_* keys are in tso.ts). */
export const races = ['pm-active-race-late-zero', 'pm-active-race-no-zero', 'pm-active-race-no-ipi', 'curpmap-window', 'pending-upt-flush', 'two-initiators'];

export {raceScenario} from './races.js';

/** A whole `pmapdbg explore` process: seconds and peak resident memory (MiB), or undefined past LIMIT seconds or on the wrong exit status. */
export function exploreProcess(args: readonly string[], limit: number, status = 0): {seconds: number; mib: number; states: number} | undefined {
	const start = performance.now();
	const run = spawnSync(process.execPath, [path.join(root, 'bench/measured.mjs'), 'explore', '--json', ...args], {timeout: limit * 1000, encoding: 'utf8'});
	const seconds = (performance.now() - start) / 1000;
	const peak = /peak-rss-kib (\d+)/.exec(run.stderr);
	if (run.status !== status || peak === null) {
		return undefined;
	}

	const {states} = JSON.parse(run.stdout) as {states: number};
	return {seconds, mib: Math.round(Number(peak[1]) / 1024), states};
}

/** The reductions, one at a time: what each saves (states) on a scenario. */
const variants = {
	exact: {noReduction: true, noSymmetry: true},
	no_por: {noReduction: true},
	no_symmetry: {noSymmetry: true},
	no_sleep: {noSleep: true},
} as const;

function reductionKeys(results: Record<string, number>, tag: string, source: string, name: string): void {
	const scenario = loadText(name, source).scenario!;
	const config = makeConfig(scenario.mode, scenario.invpcid, scenario.ablate);
	for (const [variant, options] of Object.entries(variants)) {
		results[`explore_states_${variant}_${tag}`] = explore(config, scenario.program, options).states;
	}
}

/** The explore keys; a key past its time limit is reported as -1. */
export function exploreBenchmarks(quick: boolean): Record<string, number> {
	const results: Record<string, number> = {};
	let states = 0;
	let seconds = 0;
	for (const name of races) {
		const file = `scenarios/${name}.scn`;
		const source = readFileSync(path.join(root, file), 'utf8');
		const scenario = loadText(file, source).scenario!;
		const tag = name.replaceAll('-', '_');
		const start = performance.now();
		const result = explore(makeConfig(scenario.mode, scenario.invpcid, scenario.ablate), scenario.program);
		const elapsed = (performance.now() - start) / 1000;
		results[`explore_seconds_${tag}`] = Number(elapsed.toFixed(3));
		results[`explore_states_${tag}`] = result.states;
		reductionKeys(results, tag, source, file);
		states += result.states;
		seconds += elapsed;
	}

	results.explore_states_per_s = Math.round(states / seconds);
	// Throughput on a space large enough to time: the race with 4 switching CPUs.
	const n4 = loadText('race-n4.scn', raceScenario(4)).scenario!;
	const start = performance.now();
	const n4States = explore(makeConfig(n4.mode, n4.invpcid, n4.ablate), n4.program).states;
	results.explore_states_per_s_race_n4 = Math.round(n4States / ((performance.now() - start) / 1000));
	results.explore_states_race_n4 = n4States;
	results.explore_states_no_symmetry_race_n4 = explore(makeConfig(n4.mode, n4.invpcid, n4.ablate), n4.program, {noSymmetry: true}).states;
	reductionKeys(results, 'race_n3', raceScenario(3), 'race-n3.scn');
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-race-'));
	const write = (name: string, text: string) => {
		const file = path.join(folder, name);
		writeFileSync(file, text);
		return file;
	};

	const rounded = (value: number | undefined) => Number((value ?? -1).toFixed(2));
	for (const n of quick ? [3] : [3, 5]) {
		const run = exploreProcess([write(`race-n${n}.scn`, raceScenario(n))], n === 3 ? 60 : 65);
		results[`explore_seconds_race_n${n}`] = rounded(run?.seconds);
		results[`explore_states_race_n${n}`] = run?.states ?? -1;
	}

	// The same n3 race with Linux's tlb.c running (whole process).
	const linux = exploreProcess([write('race-n3.scn', raceScenario(3)), '--kernel', 'linux'], 60);
	results.explore_seconds_race_n3_linux = rounded(linux?.seconds);
	results.explore_states_race_n3_linux = linux?.states ?? -1;

	// The SPIN model's race (5 CPUs that ran P, switching back) with the EN-22:04 bug:
	// whole process, to the counterexample written.
	const warm = write('warm-race-n5.scn', warmRaceScenario(5));
	results.explore_seconds_race_n5_violation = rounded(exploreProcess([warm, '--ablate', 'late-pm-gen-zero'], 60, 1)?.seconds);
	if (!quick) {
		const n5 = path.join(folder, 'race-n5.scn');
		const one = exploreProcess([n5, '--jobs', '1'], 120);
		results.explore_seconds_race_n5_one_thread = rounded(one?.seconds);
		results.explore_parallel_speedup_n5 = one === undefined || results.explore_seconds_race_n5! < 0 ? -1 : Number((one.seconds / results.explore_seconds_race_n5!).toFixed(2));
		const n6 = exploreProcess([write('race-n6.scn', raceScenario(6))], 600);
		results.explore_seconds_race_n6 = rounded(n6?.seconds);
		results.explore_states_race_n6 = n6?.states ?? -1;
		results.explore_peak_mib_race_n6 = n6?.mib ?? -1;
	}

	return results;
}
