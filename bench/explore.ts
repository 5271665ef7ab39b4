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

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const races = ['pm-active-race-late-zero', 'pm-active-race-no-zero', 'pm-active-race-no-ipi', 'curpmap-window', 'pending-upt-flush', 'two-initiators'];

/** The pm_active race with N CPUs switching onto P while cpu0 removes a page of P. */
export function raceScenario(n: number): string {
	const lines = [`title "pm_active race, ${n} CPUs switching onto P"`, `cpus ${n + 1}`, 'mode pcid', 'pmap P', 'map P 0x400000 -> 0x1000 rw', 'parallel', '  cpu0: remove P 0x400000'];
	for (let cpu = 1; cpu <= n; cpu++) {
		lines.push(`  cpu${cpu}: switch P`, `  cpu${cpu}: user`, `  cpu${cpu}: read 0x400000`);
	}

	return [...lines, 'end', 'expect no-stale', ''].join('\n');
}

/** Seconds for `pmapdbg explore FILE` as a whole process, or undefined past LIMIT seconds. */
function processSeconds(file: string, limit: number): number | undefined {
	const start = performance.now();
	const run = spawnSync(process.execPath, [path.join(root, 'bin/pmapdbg.js'), 'explore', file], {timeout: limit * 1000, encoding: 'utf8'});
	const seconds = (performance.now() - start) / 1000;
	return run.status === 0 ? seconds : undefined;
}

/** The explore keys; a key past its time limit is reported as -1. */
export function exploreBenchmarks(quick: boolean): Record<string, number> {
	const results: Record<string, number> = {};
	let states = 0;
	let seconds = 0;
	for (const name of races) {
		const file = `scenarios/${name}.scn`;
		const scenario = loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
		const start = performance.now();
		const result = explore(makeConfig(scenario.mode, scenario.invpcid, scenario.ablate), scenario.program);
		const elapsed = (performance.now() - start) / 1000;
		results[`explore_seconds_${name.replaceAll('-', '_')}`] = Number(elapsed.toFixed(3));
		const full = explore(makeConfig(scenario.mode, scenario.invpcid, scenario.ablate), scenario.program, {noReduction: true});
		results[`explore_states_saved_by_por_${name.replaceAll('-', '_')}`] = full.states - result.states;
		states += result.states;
		seconds += elapsed;
	}

	results.explore_states_per_s = Math.round(states / seconds);
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-race-'));
	for (const n of quick ? [3] : [3, 5]) {
		const file = path.join(folder, `race-n${n}.scn`);
		writeFileSync(file, raceScenario(n));
		results[`explore_seconds_race_n${n}`] = Number((processSeconds(file, n === 3 ? 60 : 65) ?? -1).toFixed(2));
	}

	return results;
}
