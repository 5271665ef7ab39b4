/**
 * What x86-TSO store buffers cost the explorer (issue 12): for each shipped race scenario
 * (and the three TSO ablation scenarios), explore_states_tso_vs_sc_<scenario>, the states
 * explored under --memory tso divided by those under sc, both with every reduction; and
 * explore_seconds_race_n3_tso, a whole `pmapdbg explore --memory tso` of race_n3.
 * `node --import tsx bench/tso.ts` runs only these (after npm run build).
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {makeConfig, type MemoryModel} from '../source/engine/index.js';
import {explore} from '../source/explore/explore.js';
import {loadText} from '../source/scenario/load.js';
import {exploreProcess, races} from './explore.js';
import {raceScenario} from './races.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const tsoScenarios = ['tso-preipi-fence', 'tso-reciprocal-fence', 'tso-pte-publication'];

function states(name: string, memory: MemoryModel): number {
	const file = `scenarios/${name}.scn`;
	const scenario = loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
	return explore(makeConfig(scenario.mode, scenario.invpcid, scenario.ablate, memory), scenario.program).states;
}

/** The tso keys; a key past its time limit is reported as -1. */
export function tsoBenchmarks(): Record<string, number> {
	const results: Record<string, number> = {};
	for (const name of [...races, ...tsoScenarios]) {
		const sc = states(name, 'sc');
		const tso = states(name, 'tso');
		results[`explore_states_tso_vs_sc_${name.replaceAll('-', '_')}`] = Number((tso / sc).toFixed(2));
	}

	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-tso-race-'));
	const file = path.join(folder, 'race-n3.scn');
	writeFileSync(file, raceScenario(3));
	const sc = exploreProcess([file], 60);
	const tso = exploreProcess([file, '--memory', 'tso'], 60);
	results.explore_states_race_n3_sc = sc?.states ?? -1;
	results.explore_states_race_n3_tso = tso?.states ?? -1;
	results.explore_seconds_race_n3_sc = Number((sc?.seconds ?? -1).toFixed(2));
	results.explore_seconds_race_n3_tso = Number((tso?.seconds ?? -1).toFixed(2));
	return results;
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
	for (const [key, value] of Object.entries(tsoBenchmarks())) {
		process.stdout.write(`${key.padEnd(56)}${String(value).padStart(14)}\n`);
	}
}
