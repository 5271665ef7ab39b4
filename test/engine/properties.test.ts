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
import {checkState, createMachine, enabled, InvariantMonitor, makeConfig, randomScheduler, step, type Ablation, type Choice, type EngineEvent, type MachineState, type MemoryModel} from '../../source/engine/index.js';
import {oracleKey} from '../explore/oracle.js';
import {buildProgram, scenario} from './generators.js';

/** The property: the protocol (minus ABLATE) holds on every generated program. */
function protocolHolds(ablate: Ablation[], memory: MemoryModel = 'sc') {
	return fc.property(scenario, ({header, blocks}) => {
		const config = makeConfig(header.config.mode, header.config.invpcid, ablate, memory);
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

	it('no stale use and I1-I6 hold under x86-TSO too (random schedules delay the flushes)', () => {
		fc.assert(protocolHolds([], 'tso'), {numRuns: Math.ceil(Number(process.env.PROPERTY_RUNS ?? 400) / 4)});
	});

	it('every SC execution is a TSO execution: the same choices, each followed by flushing every buffer, do the same', () => {
		// The events only store buffers report, and the load of pm_gen that tso reports on its own.
		const tsoOnly = new Set(['sb_store', 'sb_flush', 'fence', 'pm_gen_read']);
		const strip = (events: readonly EngineEvent[]) => events.filter(event => !tsoOnly.has(event.event)).map(({step: _step, ...rest}) => JSON.stringify(rest, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString(16) : value)));
		fc.assert(
			fc.property(scenario, ({header, blocks}) => {
				const program = buildProgram(header, blocks);
				let sc = createMachine(makeConfig(header.config.mode, header.config.invpcid, [], 'sc'), program);
				let tso = createMachine(makeConfig(header.config.mode, header.config.invpcid, [], 'tso'), program);
				const scheduler = randomScheduler(header.seed);
				const take = (state: MachineState, choice: Choice, out: EngineEvent[]) => {
					const result = step(state, choice);
					out.push(...result.events);
					return result.state;
				};

				const drain = (state: MachineState, out: EngineEvent[]) => {
					for (let flush = enabled(state).find(choice => choice.kind === 'flush'); flush; flush = enabled(state).find(choice => choice.kind === 'flush')) {
						state = take(state, flush, out);
					}

					return state;
				};

				for (let i = 0; i < 100_000; i++) {
					const choices = enabled(sc);
					if (choices.length === 0) {
						break;
					}

					const choice = scheduler(sc, choices);
					const scEvents: EngineEvent[] = [];
					const tsoEvents: EngineEvent[] = [];
					sc = take(sc, choice, scEvents);
					expect(enabled(tso), `step ${sc.step}`).toContainEqual(choice);
					tso = drain(take(tso, choice, tsoEvents), tsoEvents);
					// Under tso the CR3 load after pmap_pcid_alloc is a step of its own.
					const top = tso.cpus[choice.cpu]!.stack.at(-1);
					if (top?.kind === 'switch' && top.pc === 'cr3') {
						tso = drain(take(tso, {cpu: choice.cpu, kind: 'run'}, tsoEvents), tsoEvents);
					}

					expect(strip(tsoEvents), `step ${sc.step}`).toEqual(strip(scEvents));
					expect(tso.cpus.every(cpu => cpu.sb.length === 0)).toBe(true);
				}

				expect(oracleKey(tso)).toBe(oracleKey(sc));
			}),
			{numRuns: Math.ceil(Number(process.env.PROPERTY_RUNS ?? 400) / 4)},
		);
	});

	it('has teeth: without the IPI to active CPUs it finds a counterexample', () => {
		const result = fc.check(protocolHolds(['no-ipi-active']), {numRuns: 2000, seed: 42});
		expect(result.failed).toBe(true);
	});
});
