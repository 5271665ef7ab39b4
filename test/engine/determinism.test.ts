/** Same program, configuration and seed: the same trace, byte for byte; snapshots never change. */
import {describe, expect, it} from 'vitest';
import {
	canonicalKey,
	createMachine,
	enabled,
	makeConfig,
	randomScheduler,
	stateHash,
	step,
	type MachineState,
} from '../../source/engine/index.js';
import {ablationDemos} from '../../source/engine/ablation-demos.js';
import {jsonFields} from '../../source/report/fields.js';

function trace(seed: number): {text: string; states: MachineState[]} {
	const demo = ablationDemos().find(entry => entry.ablation === 'switch-irq-enabled')!;
	let state = createMachine(makeConfig('pcid', false), demo.program);
	const scheduler = randomScheduler(seed);
	const lines: string[] = [];
	const states = [state];
	for (;;) {
		const choices = enabled(state);
		if (choices.length === 0) {
			break;
		}

		const result = step(state, scheduler(state, choices));
		state = result.state;
		states.push(state);
		for (const event of result.events) {
			lines.push(JSON.stringify({step: event.step, cpu: event.cpu, line: event.line, event: event.event, ...jsonFields(event)}));
		}
	}

	return {text: lines.join('\n'), states};
}

describe('determinism', () => {
	it('the same seed gives a byte-identical trace and the same state hashes', () => {
		const first = trace(7);
		const second = trace(7);
		expect(second.text).toBe(first.text);
		expect(second.states.map(state => stateHash(state))).toEqual(first.states.map(state => stateHash(state)));
	});

	it('another seed gives another interleaving', () => {
		expect(trace(8).text).not.toBe(trace(7).text);
	});

	it('stepping from a snapshot leaves it untouched (structural sharing, no mutation)', () => {
		const {states} = trace(7);
		const keys = states.map(state => canonicalKey(state));
		// Step again from every snapshot, in every enabled way.
		for (const state of states) {
			for (const choice of enabled(state)) {
				step(state, choice);
			}
		}

		expect(states.map(state => canonicalKey(state))).toEqual(keys);
	});

	it('the hash ignores history: the step counter is not protocol state', () => {
		const state = trace(7).states.at(-1)!;
		expect(stateHash({...state, step: 0, lastCpu: -1})).toBe(stateHash(state));
		expect(stateHash({...state, seq: state.seq + 1})).not.toBe(stateHash(state));
	});
});
