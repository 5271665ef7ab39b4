/**
 * The search on several threads: the same verdicts, final states and counterexamples as
 * on one, whatever the timing; bounds and Ctrl-C; run from the TypeScript sources here
 * (tsx) and from the compiled package through the binary.
 */
import {readFileSync} from 'node:fs';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {raceScenario} from '../../bench/races.js';
import {ablations, makeConfig, ProgramBuilder, type Ablation, type FreeBsdAblation, type Action, type Config, type Program} from '../../source/engine/index.js';
import {exploreAsync} from '../../source/explore/explore-async.js';
import {explore} from '../../source/explore/explore.js';
import {loadText} from '../../source/scenario/load.js';
import {pmapdbg, root} from '../cli/helpers.js';
import {demoScenarios} from './demos.js';
import {oracleKey, orbitKey} from './oracle.js';

/** The threads take over at once, however small the program. */
const threads = {jobs: 2, threadsAfter: 0} as const;

/** Explores PROGRAM on one thread and on two: verdicts, counts' bounds, final states and schedules agree. */
async function sameAsOneThread(config: Config, program: Program, maxStates = 20_000): Promise<void> {
	for (const reductions of [{}, {noSymmetry: true}, {noReduction: true, noSymmetry: true}]) {
		const key = 'noSymmetry' in reductions ? oracleKey : orbitKey;
		const oneEnds = new Set<string>();
		const one = explore(config, program, {...reductions, maxStates, onEnd: state => oneEnds.add(key(state))});
		if (one.result === 'bounded') {
			return;
		}

		const twoEnds = new Set<string>();
		const two = await exploreAsync(config, program, {...reductions, ...threads, onEnd: state => twoEnds.add(key(state))});
		const label = JSON.stringify(reductions);
		expect(two.result, label).toBe(one.result);
		expect(two.violation, label).toBe(one.violation);
		// The violation reported is the single-threaded one, with its counts.
		expect(two.schedule, label).toEqual(one.schedule);
		if (one.result === 'safe') {
			expect([...twoEnds].sort(), label).toEqual([...oneEnds].sort());
		}
	}
}

function scenario(name: string) {
	const file = `scenarios/${name}.scn`;
	return loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
}

const demos = demoScenarios;

describe('explore on several threads', () => {
	it('every demo, as shipped and with its ablation: the same verdict, final states and counterexample as one thread', async () => {
		for (const ablation of ablations) {
			const shipped = scenario(demos[ablation]);
			for (const ablate of [[], [ablation]]) {
				await sameAsOneThread(makeConfig(shipped.mode, shipped.invpcid, [...shipped.ablate, ...ablate], shipped.memory), shipped.program);
			}
		}
	});

	it('the counterexample does not depend on timing: the same schedule run after run', async () => {
		const b = new ProgramBuilder(4).pmap('P').map('P', 0x40_0000, 0x1000);
		for (const cpu of [1, 2, 3]) {
			b.at(cpu, b.switchTo('P')).at(cpu, ProgramBuilder.user).at(cpu, b.read(0x40_0000)).at(cpu, ProgramBuilder.kernel).at(cpu, b.switchTo('kernel'));
		}

		b.parallel([0, b.remove('P', 0x40_0000)], ...[1, 2, 3].flatMap(cpu => [[cpu, b.switchTo('P')], [cpu, ProgramBuilder.user], [cpu, b.read(0x40_0000)]] as Array<[number, Action]>));
		const config = makeConfig('pcid', true, ['late-pm-gen-zero']);
		const one = explore(config, b.build());
		expect(one.result).toBe('violation');
		for (let run = 0; run < 4; run++) {
			const two = await exploreAsync(config, b.build(), threads);
			expect(two).toMatchObject({result: 'violation', states: one.states, transitions: one.transitions, schedule: one.schedule});
		}
	});

	it('random programs: the same verdicts and final states as one thread', async () => {
		const probe = new ProgramBuilder(3).pmap('A', 'B');
		const action = fc.constantFrom<Action>(
			probe.switchTo('A'),
			probe.switchTo('B'),
			ProgramBuilder.user,
			ProgramBuilder.kernel,
			probe.read(0x40_0000),
			probe.write(0x40_1000),
			probe.remove('A', 0x40_0000),
			probe.protect('A', 0x40_1000, undefined, 'r'),
			probe.invalidateAll('A'),
			probe.pinit('B'),
		);
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.array(fc.tuple(fc.integer({min: 0, max: 2}), action), {minLength: 1, maxLength: 4}), {minLength: 1, maxLength: 3}),
				fc.constantFrom('pcid', 'pti-pcid', 'nopcid'),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				async (blocks, mode, ablation) => {
					const b = new ProgramBuilder(3).pmap('A', 'B').map('A', 0x40_0000, 0x1000).map('A', 0x40_1000, 0x3000).map('B', 0x40_0000, 0x5000);
					for (const steps of blocks) {
						b.parallel(...steps);
					}

					await sameAsOneThread(makeConfig(mode, true, ablation ? [ablation] : []), b.build());
				},
			),
			{numRuns: Number(process.env.EXPLORE_RUNS ?? 25)},
		);
	});

	it('a race big enough to grow the shared table while both threads insert: the same verdict and final states', async () => {
		const race = loadText('race-n4.scn', raceScenario(4)).scenario!;
		const config = makeConfig('pcid');
		const oneEnds = new Set<string>();
		const one = explore(config, race.program, {onEnd: state => oneEnds.add(orbitKey(state))});
		const twoEnds = new Set<string>();
		const two = await exploreAsync(config, race.program, {...threads, onEnd: state => twoEnds.add(orbitKey(state))});
		expect(two.result).toBe('safe');
		expect([...twoEnds].sort()).toEqual([...oneEnds].sort());
		// Sleep sets are narrowed in whatever order the threads meet a state, so the count
		// may differ a little from one thread's.
		expect(Math.abs(two.states - one.states)).toBeLessThan(one.states / 50);
	});

	it('bounds and Ctrl-C stop every thread', async () => {
		const race = loadText('race-n4.scn', raceScenario(4)).scenario!;
		const config = makeConfig('pcid');
		expect(await exploreAsync(config, race.program, {...threads, maxStates: 50_000})).toMatchObject({result: 'bounded', reason: 'max-states'});
		expect(await exploreAsync(config, race.program, {...threads, maxMemory: 2 ** 20 * 18})).toMatchObject({result: 'bounded', reason: 'max-memory'});
		const interrupt = new AbortController();
		setTimeout(() => {
			interrupt.abort();
		}, 300);
		expect(await exploreAsync(config, race.program, {...threads, signal: interrupt.signal})).toMatchObject({result: 'bounded', reason: 'interrupted'});
	});

	it('the binary (compiled JavaScript) searches on two threads and says so', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-parallel-'));
		const file = path.join(folder, 'race-n4.scn');
		writeFileSync(file, raceScenario(4));
		const two = await pmapdbg('explore', file, '--jobs', '2', '--json');
		const one = await pmapdbg('explore', file, '--jobs', '1', '--json');
		expect(two.stderr).toBe('');
		expect(JSON.parse(two.stdout)).toMatchObject({result: 'safe', jobs: 2, threads: 2, schedule: null});
		expect(JSON.parse(one.stdout)).toMatchObject({result: 'safe', jobs: 1, threads: 1});
	});
});
