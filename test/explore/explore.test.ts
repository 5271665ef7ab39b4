/** explore: verdicts with and without each ablation, counterexample replay, exact counts, soundness of the reduction. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ablations, makeConfig, ProgramBuilder, type Ablation, type Action} from '../../source/engine/index.js';
import {explore} from '../../source/explore/explore.js';
import {loadText} from '../../source/scenario/load.js';
import {Session} from '../../source/session/session.js';
import {root} from '../cli/helpers.js';
import {pmapdbg} from '../cli/helpers.js';

function scenario(name: string) {
	const file = `scenarios/${name}.scn`;
	return loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
}

/** The shipped scenario that shows each ablation, and in which configuration. */
const demos: Record<Ablation, string> = {
	'no-pm-gen-zero': 'pm-active-race-no-zero',
	'no-ipi-active': 'pm-active-race-no-ipi',
	'late-pm-gen-zero': 'pm-active-race-late-zero',
	'switch-irq-enabled': 'curpmap-window',
	'mask-reset-only': 'pending-upt-flush',
	'kpt-save-on-switch': 'kernel-va-under-pti',
	'pinit-no-reset': 'pmap-recycling',
};

describe('explore', () => {
	for (const ablation of ablations) {
		it(`${demos[ablation]}: safe as shipped, a violation without ${ablation}, and the counterexample replays`, () => {
			const shipped = scenario(demos[ablation]);
			const faithful = explore(makeConfig(shipped.mode, shipped.invpcid, shipped.ablate), shipped.program);
			expect(faithful.result).toBe('safe');
			const config = makeConfig(shipped.mode, shipped.invpcid, [ablation]);
			const broken = explore(config, shipped.program);
			expect(broken.result).toBe('violation');
			expect(broken.violation).toBe('stale_use');
			// The schedule replays to the same stale use, at its last step.
			const session = new Session(shipped, {ablate: [ablation], schedule: broken.schedule});
			session.staleStops = false;
			session.goto(broken.schedule!.length);
			expect(session.events.some(event => event.event === 'stale_use')).toBe(true);
			expect(session.state.staleUses).toBe(1);
		});
	}

	it('counts states exactly on a scenario small enough to count by hand', () => {
		// Two CPUs each return to user mode in one parallel block (no PCID): the start,
		// cpu0 done, cpu1 done, both done. Four states, four transitions.
		const b = new ProgramBuilder(2);
		b.parallel([0, ProgramBuilder.user], [1, ProgramBuilder.user]);
		expect(explore(makeConfig('nopcid'), b.build())).toMatchObject({result: 'safe', states: 4, transitions: 4});
	});

	it('the reduction never changes a verdict (random programs, random ablations)', () => {
		const action = (b: ProgramBuilder) =>
			fc.constantFrom<Action>(
				b.switchTo('A'),
				b.switchTo('kernel'),
				ProgramBuilder.user,
				ProgramBuilder.kernel,
				b.read(0x40_0000),
				b.remove('A', 0x40_0000),
				b.enter('A', 0x40_0000, 0x2000),
				b.invalidateAll('A'),
			);
		const probe = new ProgramBuilder(3).pmap('A');
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.tuple(fc.integer({min: 0, max: 2}), action(probe)), {minLength: 1, maxLength: 3}), {minLength: 1, maxLength: 4}),
				fc.constantFrom(...configurationsForTest()),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				(blocks, {mode, invpcid}, ablation) => {
					const b = new ProgramBuilder(3).pmap('A').map('A', 0x40_0000, 0x1000);
					for (const steps of blocks) {
						const unique = steps.filter((step, index) => steps.findIndex(other => other[0] === step[0]) === index);
						b.parallel(...unique);
					}

					const config = makeConfig(mode, invpcid, ablation ? [ablation] : []);
					const reduced = explore(config, b.build(), {maxStates: 5000});
					const full = explore(config, b.build(), {maxStates: 5000, noReduction: true});
					if (reduced.result !== 'bounded' && full.result !== 'bounded') {
						expect(reduced.result).toBe(full.result);
						expect(reduced.states).toBeLessThanOrEqual(full.states);
					}
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
	});
});

function configurationsForTest() {
	return [
		{mode: 'pcid', invpcid: true},
		{mode: 'pcid', invpcid: false},
		{mode: 'pti-pcid', invpcid: true},
		{mode: 'nopcid', invpcid: false},
	] as const;
}
