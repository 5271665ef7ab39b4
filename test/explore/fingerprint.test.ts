/** The explorer's fingerprints tell states apart exactly as an independent key does. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {ablations, createMachine, enabled, finished, makeConfig, ProgramBuilder, step, type Action, type Config, type Program} from '../../source/engine/index.js';
import {explore} from '../../source/explore/explore.js';
import {loadText} from '../../source/scenario/load.js';
import {root} from '../cli/helpers.js';
import {oracleKey} from './oracle.js';

/** Distinct states by ORACLEKEY, every interleaving, and whether any saw a stale use or is stuck (nothing enabled, the program not finished). */
function searchStates(config: Config, program: Program, bound = Number.POSITIVE_INFINITY): {states: number; stale: boolean; deadlock: boolean} {
	const initial = createMachine(config, program);
	const seen = new Set([oracleKey(initial)]);
	const stack = [initial];
	let stale = false;
	let deadlock = false;
	while (stack.length > 0 && seen.size < bound) {
		const state = stack.pop()!;
		const choices = enabled(state);
		deadlock ||= choices.length === 0 && !finished(state);
		for (const choice of choices) {
			const next = step(state, choice).state;
			// On every transition, not only into new states: the key leaves the stale-use
			// count out, so a stale use can lead into a state first reached without one.
			stale ||= next.staleUses > state.staleUses;
			const key = oracleKey(next);
			if (!seen.has(key)) {
				seen.add(key);
				stack.push(next);
			}
		}
	}

	return {states: seen.size, stale, deadlock};
}

/** Distinct states by ORACLEKEY, every interleaving. */
function countStates(config: Config, program: Program, bound = Number.POSITIVE_INFINITY): number {
	return searchStates(config, program, bound).states;
}

describe('fingerprints', () => {
	for (const name of ['pm-active-race-late-zero', 'pm-active-race-no-zero', 'curpmap-window', 'pending-upt-flush', 'kernel-va-under-pti', 'pmap-recycling', 'two-initiators']) {
		it(`${name}: as many states as an independent key finds`, () => {
			const file = `scenarios/${name}.scn`;
			const scenario = loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
			const config = makeConfig(scenario.mode, scenario.invpcid, scenario.ablate);
			expect(explore(config, scenario.program, {noReduction: true, noSymmetry: true}).states).toBe(countStates(config, scenario.program));
		});
	}

	it('a flush racing a fill: states that differ only in a TLB', () => {
		// The IPI's INVLPG before or after cpu1's fill: same frames, pmaps and counters,
		// different TLBs.
		const b = new ProgramBuilder(2).pmap('A').map('A', 0x40_0000, 0x1000);
		b.at(1, b.switchTo('A')).at(1, ProgramBuilder.user);
		b.parallel([0, b.invalidatePage('A', 0x40_0000)], [1, b.read(0x40_0000)]);
		const config = makeConfig('pcid');
		expect(explore(config, b.build(), {noReduction: true, noSymmetry: true}).states).toBe(countStates(config, b.build()));
		expect(countStates(config, b.build())).toBe(41);
	});

	it('random programs: as many states as an independent key finds', () => {
		const probe = new ProgramBuilder(3).pmap('A', 'B');
		const action = fc.constantFrom<Action>(
			probe.switchTo('A'),
			probe.switchTo('B'),
			probe.switchTo('kernel'),
			ProgramBuilder.user,
			ProgramBuilder.kernel,
			probe.read(0x40_0000),
			probe.write(0x40_1000),
			probe.remove('A', 0x40_0000),
			probe.protect('A', 0x40_1000, undefined, 'r'),
			probe.enter('A', 0x40_0000, 0x2000),
			probe.invalidatePage('A', 0x40_1000),
			probe.invalidateAll('A'),
			probe.pinit('B'),
		);
		fc.assert(
			fc.property(
				fc.array(fc.array(fc.tuple(fc.integer({min: 0, max: 2}), action), {minLength: 1, maxLength: 4}), {minLength: 1, maxLength: 3}),
				fc.constantFrom(['pcid', true], ['pcid', false], ['nopcid', false], ['pti-pcid', true], ['pti', false]),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				(blocks, [mode, invpcid], ablation) => {
					const b = new ProgramBuilder(3).pmap('A', 'B').map('A', 0x40_0000, 0x1000).map('A', 0x40_1000, 0x3000).map('B', 0x40_0000, 0x5000);
					for (const steps of blocks) {
						b.parallel(...steps);
					}

					const config = makeConfig(mode as 'pcid', invpcid as boolean, ablation ? [ablation] : []);
					const program = b.build();
					const oracle = searchStates(config, program, 5000);
					if (oracle.states < 5000) {
						// The explorer stops at its first violation, so only a safe search has
						// counted every state; an unsafe one must agree that a stale use exists
						// (an ablation, or a pinit of a pmap still active: see README).
						const result = explore(config, program, {noReduction: true, noSymmetry: true});
						if (result.violation === undefined) {
							expect(result.states).toBe(oracle.states);
						} else {
							expect(result.violation === 'stale_use' ? oracle.stale : oracle.deadlock).toBe(true);
						}
					}
				},
			),
			{numRuns: Number(process.env.EXPLORE_RUNS ?? 60)},
		);
	});
});
