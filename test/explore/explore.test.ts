/** explore: verdicts with and without each ablation, counterexample replay, exact counts, soundness of the reduction. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ablations, createMachine, makeConfig, memoryModels, ProgramBuilder, step, type Ablation, type FreeBsdAblation, type Action, type Config, type MachineState, type Program} from '../../source/engine/index.js';
import {breadthFirst} from '../../source/explore/breadth-first.js';
import {explore} from '../../source/explore/explore.js';
import {loadText} from '../../source/scenario/load.js';
import {Session} from '../../source/session/session.js';
import {root} from '../cli/helpers.js';
import {demoScenarios} from './demos.js';
import {oracleKey, orbitKey} from './oracle.js';
import {pmapdbg} from '../cli/helpers.js';

function scenario(name: string) {
	const file = `scenarios/${name}.scn`;
	return loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
}

const demos = demoScenarios;

describe('explore', () => {
	for (const ablation of ablations) {
		it(`${demos[ablation]}: safe as shipped, a violation without ${ablation}, and the counterexample replays`, () => {
			const shipped = scenario(demos[ablation]);
			const faithful = explore(makeConfig(shipped.mode, shipped.invpcid, shipped.ablate, shipped.memory), shipped.program);
			expect(faithful.result).toBe('safe');
			const config = makeConfig(shipped.mode, shipped.invpcid, [ablation], shipped.memory);
			const broken = explore(config, shipped.program);
			expect(broken.result).toBe('violation');
			expect(broken.violation).toBe('stale_use');
			if (shipped.memory === 'tso') {
				// A rule only store buffers need: sequentially consistent memory is safe without it.
				expect(explore(makeConfig(shipped.mode, shipped.invpcid, [ablation], 'sc'), shipped.program).result).toBe('safe');
			}

			// As short as the shortest schedule of the unreduced state space.
			const exact = breadthFirst(config, shipped.program, {noReduction: true, noSymmetry: true});
			expect(broken.schedule!.length).toBe(exact.schedule!.length);
			// The schedule replays to the same stale use, at its last step.
			const session = new Session(shipped, {ablate: [ablation], schedule: broken.schedule});
			session.staleStops = false;
			session.goto(broken.schedule!.length);
			expect(session.events.some(event => event.event === 'stale_use')).toBe(true);
			expect(session.state.staleUses).toBe(1);
		});
	}

	it('the reductions keep every violation when a demo scenario gets a twin of one of its CPUs', () => {
		// A twin has the same steps as its original in every block: the two are
		// interchangeable, so symmetry reduction applies to the very race the demo shows.
		for (const ablation of ablations) {
			const shipped = scenario(demos[ablation]);
			const used = [...new Set(shipped.program.blocks.flatMap(block => block.steps.map(step => step.cpu)))];
			for (const original of used) {
				const program = withTwin(shipped.program, original);
				for (const ablate of [[], [ablation]]) {
					const config = makeConfig(shipped.mode, shipped.invpcid, [...shipped.ablate, ...ablate], shipped.memory);
					const exact = explore(config, program, {noReduction: true, noSymmetry: true});
					expect(exact.result).toBe(ablate.length > 0 ? 'violation' : 'safe');
					sameVerdicts(config, program, 200_000);
				}
			}
		}
	});

	it('a read walk and a write walk of one PTE do not commute (PG_M goes into the read\'s TLB entry)', () => {
		// Found in review: with the two walks taken as independent, the order in which
		// cpu0 caches a dirty entry was never explored, and with no-ipi-active that entry
		// is the one a later write hits after protect (no re-walk, no fault).
		const b = new ProgramBuilder(2).pmap('P').map('P', 0x40_0000, 0x1000);
		b.at(0, b.switchTo('P')).at(1, b.switchTo('P'));
		b.parallel([0, b.read(0x40_0000)], [1, b.write(0x40_0000)]);
		b.at(1, b.protect('P', 0x40_0000, undefined, 'r')).at(0, b.write(0x40_0000));
		const config = makeConfig('pcid', true, ['no-ipi-active']);
		expect(explore(config, b.build())).toMatchObject({result: 'violation', violation: 'stale_use'});
		sameVerdicts(config, b.build());
	});

	it('symmetry waits until no loop over CPUs is left (the pm_gen loop tells interchangeable CPUs apart)', () => {
		// Found by the property below: cpu0's pmap_invalidate_preipi_pcid zeroes cpu1's
		// pm_gen before cpu2's, while cpu1 and cpu2 each protect (one of them initiating)
		// and switch. Merging renumberings here lost a final state.
		const b = new ProgramBuilder(3).pmap('A').map('A', 0x40_0000, 0x1000);
		const steps: Array<[number, Action]> = [[0, b.remove('A', 0x40_0000)]];
		for (const cpu of [1, 2]) {
			steps.push([cpu, b.protect('A', 0x40_0000, undefined, 'r')], [cpu, b.switchTo('A')]);
		}

		b.parallel(...steps);
		sameVerdicts(makeConfig('pcid'), b.build());
	});

	it('counts states exactly on a scenario small enough to count by hand, with and without each reduction', () => {
		// Two CPUs each return to user mode in one parallel block (no PCID). Exactly: the
		// start, cpu0 done, cpu1 done, both done; four states, four transitions. The two
		// middle states are one up to renumbering (symmetry: three states, and three
		// transitions, as only one of the middle two is expanded). No other CPU can touch what a return to user touches, and no IPI
		// can come, so one order is enough (persistent sets: three states, two transitions).
		const b = new ProgramBuilder(2);
		b.parallel([0, ProgramBuilder.user], [1, ProgramBuilder.user]);
		const program = b.build();
		const config = makeConfig('nopcid');
		expect(explore(config, program, {noReduction: true, noSymmetry: true})).toMatchObject({result: 'safe', states: 4, transitions: 4});
		expect(explore(config, program, {noReduction: true})).toMatchObject({result: 'safe', states: 3, transitions: 3});
		expect(explore(config, program, {noSymmetry: true})).toMatchObject({result: 'safe', states: 3, transitions: 2});
		expect(explore(config, program)).toMatchObject({result: 'safe', states: 3, transitions: 2});
	});

	it('the reductions never change a verdict (random programs, random ablations)', () => {
		const action = (b: ProgramBuilder) =>
			fc.constantFrom<Action>(
				b.switchTo('A'),
				b.switchTo('B'),
				b.switchTo('kernel'),
				ProgramBuilder.user,
				ProgramBuilder.kernel,
				b.read(0x40_0000),
				b.read(0x40_1000),
				b.write(0x40_0000),
				b.write(0x40_1000),
				b.remove('A', 0x40_0000),
				b.remove('A', 0x40_0000, 0x40_2000),
				b.protect('A', 0x40_1000, undefined, 'r'),
				b.enter('A', 0x40_0000, 0x2000),
				b.pte('A', 0x40_1000, undefined),
				b.invalidatePage('A', 0x40_1000),
				b.invalidateAll('A'),
				b.pinit('B'),
			);
		const probe = new ProgramBuilder(3).pmap('A', 'B');
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.tuple(fc.integer({min: 0, max: 2}), action(probe)), {minLength: 1, maxLength: 4}), {minLength: 1, maxLength: 3}),
				fc.constantFrom(...configurationsForTest()),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				// Store buffers: a flush commutes with what does not touch its location.
				fc.constantFrom(...memoryModels),
				(blocks, {mode, invpcid}, ablation, memory) => {
					const b = new ProgramBuilder(3).pmap('A', 'B').map('A', 0x40_0000, 0x1000).map('A', 0x40_1000, 0x3000).map('B', 0x40_0000, 0x5000);
					for (const steps of blocks) {
						b.parallel(...steps);
					}

					sameVerdicts(makeConfig(mode, invpcid, ablation ? [ablation] : [], memory), b.build());
				},
			),
			{numRuns: Number(process.env.EXPLORE_RUNS ?? 60)},
		);
	});

	it('the reductions never change a verdict (interchangeable CPUs, racing with an initiator or initiating themselves)', () => {
		const switching = (b: ProgramBuilder) =>
			fc.constantFrom<Action>(
				b.switchTo('A'),
				b.switchTo('kernel'),
				ProgramBuilder.user,
				ProgramBuilder.kernel,
				b.read(0x40_0000),
				b.write(0x40_0000),
				// Interchangeable initiators: the scoreboard scan goes from initiator 0 up.
				b.invalidateAll('A'),
				b.protect('A', 0x40_0000, undefined, 'r'),
			);
		const initiating = (b: ProgramBuilder) =>
			fc.constantFrom<Action>(b.remove('A', 0x40_0000), b.protect('A', 0x40_0000, undefined, 'r'), b.invalidateAll('A'), b.switchTo('A'), b.read(0x40_0000));
		const probe = new ProgramBuilder(4).pmap('A');
		fc.assert(
			fc.property(
				fc.array(initiating(probe), {minLength: 1, maxLength: 2}),
				fc.array(switching(probe), {minLength: 1, maxLength: 3}),
				fc.integer({min: 2, max: 3}),
				fc.constantFrom(...configurationsForTest()),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				(initiator, others, count, {mode, invpcid}, ablation) => {
					const b = new ProgramBuilder(count + 1).pmap('A').map('A', 0x40_0000, 0x1000);
					const steps: Array<[number, Action]> = initiator.map(action => [0, action]);
					for (let cpu = 1; cpu <= count; cpu++) {
						steps.push(...others.map(action => [cpu, action] as [number, Action]));
					}

					b.parallel(...steps);
					sameVerdicts(makeConfig(mode, invpcid, ablation ? [ablation] : []), b.build());
				},
			),
			{numRuns: Number(process.env.EXPLORE_RUNS ?? 60)},
		);
	});

	it('the command: verdict rows, the counterexample file, --max-states (exit 3), --json', async () => {
		const found = await pmapdbg('explore', 'scenarios/pm-active-race-late-zero.scn', '--ablate', 'late-pm-gen-zero', '--out', '/tmp/pmapdbg-late.counterexample');
		expect(found.status).toBe(1);
		expect(found.stdout).toMatch(/pcid \(A\), invpcid on +VIOLATION \(stale_use\) +\d+ states +\d+ transitions [\d.]+ s: \d+-step schedule in \/tmp\/pmapdbg-late\.counterexample/);
		const replay = await pmapdbg('--batch', '-x', 'test/fixtures/batch/continue.cmds', 'scenarios/pm-active-race-late-zero.scn', '--ablate', 'late-pm-gen-zero', '--schedule', '/tmp/pmapdbg-late.counterexample');
		expect(replay.stdout.split('\n')[0]).toMatch(/^Stale use: cpu1 used P 0x400000 -> 0x1000/);
		const bounded = await pmapdbg('explore', 'scenarios/two-initiators.scn', '--max-states', '100');
		expect(bounded.status).toBe(3);
		const json = await pmapdbg('explore', 'scenarios/two-initiators.scn', '--json', '--mode', 'nopcid');
		expect(JSON.parse(json.stdout)).toMatchObject({result: 'safe', scenario: 'scenarios/two-initiators.scn', mode: 'nopcid', invpcid: false, ablate: [], schedule: null});
		expect(json.status).toBe(0);
		// Without the reductions the same verdict takes more states (in mode A).
		const reduced = await pmapdbg('explore', 'scenarios/two-initiators.scn', '--json', '--mode', 'pcid');
		const exact = await pmapdbg('explore', 'scenarios/two-initiators.scn', '--json', '--mode', 'pcid', '--exact');
		expect(JSON.parse(reduced.stdout)).toMatchObject({result: 'safe', exact: false});
		expect(JSON.parse(exact.stdout)).toMatchObject({result: 'safe', exact: true});
		expect(JSON.parse(exact.stdout).states).toBeGreaterThan(JSON.parse(reduced.stdout).states);
	});
});

/**
 * Explores PROGRAM exactly and with each reduction: the verdicts agree, a reduction
 * never visits more states, it reaches the same final states (up to renumbering with
 * symmetry), and every counterexample replays to a stale use.
 */
function sameVerdicts(config: Config, program: Program, maxStates = 20_000): void {
	const bound = {maxStates};
	const exactEnds = new Map<string, MachineState>();
	const exact = explore(config, program, {...bound, noReduction: true, noSymmetry: true, onEnd: state => exactEnds.set(oracleKey(state), state)});
	if (exact.result === 'bounded') {
		return;
	}

	for (const options of [{noReduction: true}, {noSymmetry: true}, {noSleep: true}, {}]) {
		const symmetry = !('noSymmetry' in options);
		const key = symmetry ? orbitKey : oracleKey;
		const reducedEnds = new Set<string>();
		const reduced = explore(config, program, {...bound, ...options, onEnd: state => reducedEnds.add(key(state))});
		expect(reduced.result, JSON.stringify(options)).toBe(exact.result);
		expect(reduced.violation).toBe(exact.violation);
		expect(reduced.states).toBeLessThanOrEqual(exact.states);
		if (exact.result === 'safe') {
			// The same final states (up to renumbering with symmetry): nothing was lost.
			const expected = new Set([...exactEnds.values()].map(state => key(state)));
			expect([...reducedEnds].sort(), JSON.stringify(options)).toEqual([...expected].sort());
		}

		if (reduced.violation === 'stale_use') {
			let state = createMachine(config, program);
			let stale = false;
			for (const choice of reduced.schedule!) {
				const result = step(state, choice);
				state = result.state;
				stale = result.events.some(event => event.event === 'stale_use');
			}

			expect(stale).toBe(true);
		}
	}
}

/** PROGRAM with one more CPU that does what ORIGINAL does, in every block. */
function withTwin(program: Program, original: number): Program {
	const twin = program.cpus;
	return {
		...program,
		cpus: program.cpus + 1,
		blocks: program.blocks.map(block => ({
			...block,
			steps: block.steps.flatMap(step => (step.cpu === original ? [step, {...step, cpu: twin}] : [step])),
		})),
	};
}

function configurationsForTest() {
	return [
		{mode: 'pcid', invpcid: true},
		{mode: 'pcid', invpcid: false},
		{mode: 'pti-pcid', invpcid: true},
		{mode: 'nopcid', invpcid: false},
	] as const;
}
