/**
 * Spec 9.2: random sequences of switches, user/kernel transitions, accesses and page
 * table changes, on random CPUs, in parallel blocks under a random schedule, in every
 * configuration: the faithful protocol never lets a CPU use a stale translation, and
 * invariants I1-I6 hold after every step. A failure shrinks to a short program,
 * printed in scenario syntax with its seed.
 */
import process from 'node:process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {checkState, createMachine, enabled, InvariantMonitor, makeConfig, randomScheduler, step, type Ablation} from '../../source/engine/index.js';
import {buildProgram, scenario} from './generators.js';

/** The property: the protocol (minus ABLATE) holds on every generated program. */
function protocolHolds(ablate: Ablation[]) {
	return fc.property(scenario, ({header, blocks}) => {
		const config = makeConfig(header.config.mode, header.config.invpcid, ablate);
		let state = createMachine(config, buildProgram(header, blocks));
		const scheduler = randomScheduler(header.seed);
		const monitor = new InvariantMonitor(header.cpus);
		for (let i = 0; i < 100_000; i++) {
			const choices = enabled(state);
			if (choices.length === 0) {
				break;
			}

			const before = state;
			const result = step(state, scheduler(state, choices));
			state = result.state;
			const problems = [...checkState(state), ...monitor.observe(before, state, result.events)];
			expect(problems, `step ${before.step}`).toEqual([]);
			const stale = result.events.find(event => event.event === 'stale_use');
			expect(stale, 'stale use').toBeUndefined();
		}

		expect(state.busy, 'deadlock').toEqual([]);
		expect(state.block).toBe(blocks.length);
	});
}

describe('random programs (spec 9.2)', () => {
	it('no stale use and I1-I6 hold, in every configuration, under random schedules', () => {
		fc.assert(protocolHolds([]), {numRuns: Number(process.env.PROPERTY_RUNS ?? 400)});
	});

	it('has teeth: without the IPI to active CPUs it finds a counterexample', () => {
		const result = fc.check(protocolHolds(['no-ipi-active']), {numRuns: 2000, seed: 42});
		expect(result.failed).toBe(true);
	});
});
