/**
 * Explorer benchmarks (bench.md): explore_states_per_s, explore_seconds_<scenario> for
 * the shipped race scenarios, and explore_seconds_race_n3/_n5 (whole process).
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
import {raceScenario} from './races.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const races = ['pm-active-race-late-zero', 'pm-active-race-no-zero', 'pm-active-race-no-ipi', 'curpmap-window', 'pending-upt-flush', 'two-initiators'];

export {raceScenario} from './races.js';

/** Seconds for `pmapdbg explore FILE` as a whole process, or undefined past LIMIT seconds. */
function processSeconds(file: string, limit: number): number | undefined {
	const start = performance.now();
	const run = spawnSync(process.execPath, [path.join(root, 'bin/pmapdbg.js'), 'explore', file], {timeout: limit * 1000, encoding: 'utf8'});
	const seconds = (performance.now() - start) / 1000;
	return run.status === 0 ? seconds : undefined;
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
	results.explore_states_race_n3 = explore(makeConfig('pcid'), loadText('race-n3.scn', raceScenario(3)).scenario!.program).states;
	reductionKeys(results, 'race_n3', raceScenario(3), 'race-n3.scn');
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-race-'));
	for (const n of quick ? [3] : [3, 5]) {
		const file = path.join(folder, `race-n${n}.scn`);
		writeFileSync(file, raceScenario(n));
		results[`explore_seconds_race_n${n}`] = Number((processSeconds(file, n === 3 ? 60 : 65) ?? -1).toFixed(2));
	}

	return results;
}
