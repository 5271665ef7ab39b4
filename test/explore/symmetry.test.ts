/**
 * Symmetry reduction's own soundness condition: two states that share a canonical
 * fingerprint are renumberings of each other by some σ, and σ commutes with every step
 * (merging them is a bisimulation). Checked on every reachable state of small races and of random
 * programs of interchangeable CPUs, in every configuration and ablation: a renumbering
 * that does not keep a loop's order of CPUs shows up here even where it changes no
 * final state.
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {raceScenario, warmRaceScenario} from '../../bench/races.js';
import {ablations, createMachine, enabled, isEnabled, makeConfig, ProgramBuilder, step, type Action, type Choice, type Config, type MachineState, type Program} from '../../source/engine/index.js';
import {explore} from '../../source/explore/explore.js';
import {printContext, statePrint} from '../../source/explore/symmetry.js';
import {loadText} from '../../source/scenario/load.js';
import {oracleKey, renamedKey} from './oracle.js';

/** The canonical fingerprint of a state, as one string, and where it puts each CPU. */
function canonical(state: MachineState): {print: string; position: Int32Array | undefined} {
	const context = printContext(state);
	const print = statePrint(context, true);
	return {print: `${print.a}:${print.b}`, position: context.renumbering};
}

/**
 * Checks every reachable state of PROGRAM (up to BOUND) against the first state that
 * got its fingerprint: with σ the renumbering taking that one onto it, they must be
 * σ-renamings of each other, and each choice c of the first must lead, renamed by σ, to
 * what σ(c) leads to here, with the same stale use. Returns how many states were merged.
 */
function bisimulation(config: Config, program: Program, bound = 40_000): number {
	const seen = new Set<string>();
	const first = new Map<string, {state: MachineState; position: Int32Array | undefined}>();
	const stack = [createMachine(config, program)];
	const n = program.cpus;
	const identity = Array.from({length: n}, (_, cpu) => cpu);
	let merged = 0;
	while (stack.length > 0 && seen.size < bound) {
		const state = stack.pop()!;
		const key = oracleKey(state);
		if (seen.has(key)) {
			continue;
		}

		seen.add(key);
		const mine = canonical(state);
		const earlier = first.get(mine.print);
		if (earlier === undefined) {
			first.set(mine.print, {state, position: mine.position});
		} else {
			merged++;
			// σ: the CPU of the earlier state at each place, to this state's CPU there.
			const sigma = identity.slice();
			if (earlier.position !== undefined && mine.position !== undefined) {
				for (let old = 0; old < n; old++) {
					sigma[old] = mine.position.indexOf(earlier.position[old]!);
				}
			}

			const label = `step ${state.step}, renumbering ${sigma.join(',')}`;
			expect(renamedKey(earlier.state, sigma), label).toBe(renamedKey(state, identity));
			// Every merge one step on; one in eight along every path of lookahead steps.
			commutes(earlier.state, state, sigma, merged % 8 === 0 ? lookahead : 1, label);
		}

		stack.push(...enabled(state).map(choice => step(state, choice).state));
	}

	return merged;
}

/**
 * Steps a loop takes in CPU order can come a few steps after the state that fixes which
 * CPUs it visits (pm_active read, then the scoreboard, then the sends), so σ is followed
 * that far along every path.
 */
const lookahead = 3;

/** Each path of DEPTH choices from THERE, renamed by σ, leads from HERE to the renamed state, with the same stale uses. */
function commutes(there: MachineState, here: MachineState, sigma: readonly number[], depth: number, label: string): void {
	if (depth === 0) {
		return;
	}

	const identity = sigma.map((_, cpu) => cpu);
	for (const choice of enabled(there)) {
		const renamed: Choice = {cpu: sigma[choice.cpu]!, kind: choice.kind};
		const path = `${label}, cpu${choice.cpu} ${choice.kind}`;
		expect(isEnabled(here, renamed), path).toBe(true);
		const next = step(there, choice);
		const renamedNext = step(here, renamed);
		expect(renamedKey(next.state, sigma), path).toBe(renamedKey(renamedNext.state, identity));
		const stale = (result: typeof next) => result.events.some(event => event.event === 'stale_use');
		expect(stale(next), path).toBe(stale(renamedNext));
		commutes(next.state, renamedNext.state, sigma, depth - 1, path);
	}
}

const configs = [
	{mode: 'pcid', invpcid: true},
	{mode: 'pcid', invpcid: false},
	{mode: 'pti-pcid', invpcid: true},
	{mode: 'nopcid', invpcid: false},
] as const;

describe('symmetry', () => {
	it('the races: states merged by a renumbering have the same futures, in every configuration, with and without the rules about pm_gen and pm_active', () => {
		let merged = 0;
		for (const source of [raceScenario(2), warmRaceScenario(2)]) {
			const {program} = loadText('race.scn', source).scenario!;
			for (const {mode, invpcid} of configs) {
				for (const ablation of [undefined, 'no-pm-gen-zero', 'late-pm-gen-zero', 'no-ipi-active'] as const) {
					merged += bisimulation(makeConfig(mode, invpcid, ablation ? [ablation] : []), program, 6000);
				}
			}
		}

		// The check has something to check.
		expect(merged).toBeGreaterThan(1000);
	});

	it('random programs of interchangeable CPUs, racing an initiator or initiating themselves: the same futures', () => {
		const probe = new ProgramBuilder(4).pmap('A');
		const switching = fc.constantFrom<Action>(
			probe.switchTo('A'),
			probe.switchTo('kernel'),
			ProgramBuilder.user,
			ProgramBuilder.kernel,
			probe.read(0x40_0000),
			probe.write(0x40_0000),
			probe.invalidateAll('A'),
			probe.protect('A', 0x40_0000, undefined, 'r'),
		);
		const initiating = fc.constantFrom<Action>(probe.remove('A', 0x40_0000), probe.protect('A', 0x40_0000, undefined, 'r'), probe.invalidateAll('A'), probe.switchTo('A'), probe.read(0x40_0000));
		fc.assert(
			fc.property(
				fc.array(initiating, {minLength: 1, maxLength: 2}),
				fc.array(switching, {minLength: 1, maxLength: 3}),
				fc.constantFrom(...configs),
				fc.option(fc.constantFrom(...ablations), {nil: undefined}),
				(initiator, others, {mode, invpcid}, ablation) => {
					const b = new ProgramBuilder(3).pmap('A').map('A', 0x40_0000, 0x1000);
					const steps: Array<[number, Action]> = initiator.map(action => [0, action]);
					for (const cpu of [1, 2]) {
						steps.push(...others.map(action => [cpu, action] as [number, Action]));
					}

					b.parallel(...steps);
					bisimulation(makeConfig(mode, invpcid, ablation ? [ablation] : []), b.build(), 6000);
				},
			),
			{numRuns: Number(process.env.EXPLORE_RUNS ?? 30)},
		);
	});

	it('saves a real share of the races\' states', () => {
		// Persistent and sleep sets with and without it (bench.md's race with 3 switching CPUs).
		const {program} = loadText('race-n3.scn', raceScenario(3)).scenario!;
		const config = makeConfig('pcid');
		const with_ = explore(config, program).states;
		const without = explore(config, program, {noSymmetry: true}).states;
		expect(with_).toBeLessThan(without * 0.85);
	});
});
