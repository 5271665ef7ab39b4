/**
 * The footprint declarations kept beside each operation (source/engine/ops/*.ts, read by
 * the explorer through operations.ts) against what the code really does: every step of
 * every operation, in random states of random programs in every configuration, run
 * through a transaction that records each shared object it reads and writes.
 */
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {
	ALL,
	ablations,
	linuxAblations,
	choiceRecords,
	configurations,
	createMachine,
	enabled,
	makeConfig,
	memoryModels,
	modes,
	operationOf,
	operations,
	ProgramBuilder,
	step,
	type Action,
	type Choice,
	type Kernel,
	type MachineState,
	type Program,
} from '../../source/engine/index.js';
import {switchOperation} from '../../source/engine/ops/switch.js';
import {stepWith} from '../../source/engine/step.js';
import {Footprints, stepFootprint} from '../../source/explore/footprint.js';
import {layoutOf, type Footprint} from '../../source/explore/footprint-set.js';
import {loadText} from '../../source/scenario/load.js';
import {root} from '../cli/helpers.js';
import {oracleKey} from '../explore/oracle.js';
import {RecordingTx, type Touch} from './recording-tx.js';

/** What a step of CHOICE did that its declaration (as the explorer reads it) leaves out. */
function undeclared(state: MachineState, choice: Choice, declared: Footprint): string[] {
	const tx = new RecordingTx(state, choice.cpu);
	stepWith(tx, choice);
	const layout = layoutOf(state);
	const missing: string[] = [];
	for (const touch of tx.touches) {
		if (!covers(declared, touch, layout)) {
			missing.push(describe_(touch));
		}
	}

	return [...new Set(missing)];
}

/** Whether DECLARED allows TOUCH: a read by any access, a write by a write or an update. */
function covers(declared: Footprint, touch: Touch, layout: ReturnType<typeof layoutOf>): boolean {
	if (touch.access === 'private') {
		return false;
	}

	// A read of a whole CPU set (ALL) reads every CPU's bit.
	const seconds = touch.second === ALL ? Array.from({length: layout.cpus}, (_, cpu) => cpu) : [touch.second];
	return seconds.every(second => {
		const bit = layout.bit(touch.kind, touch.first, second);
		return declared.has('write', bit) || declared.has('update', bit) || (touch.access === 'read' && declared.has('read', bit));
	});
}

function describe_(touch: Touch): string {
	return touch.access === 'private' ? `cpu${touch.cpu}'s own ${touch.field}` : `${touch.access} ${touch.kind.name}(${touch.kind.per.length > 0 ? [touch.first, touch.second].slice(0, touch.kind.per.length).join(', ') : ''})`;
}

/** What runs when CHOICE is taken: the operation and phase, or the IPI. */
function coverage(state: MachineState, choice: Choice): string {
	const cpu = state.cpus[choice.cpu]!;
	if (choice.kind === 'irq' || choice.kind === 'flush') {
		return choice.kind;
	}

	const frame = cpu.stack.at(-1)!;
	const operation = operationOf(frame);
	return operation.kernel && cpu.mode === 'user' ? `${frame.kind}:trap` : `${frame.kind}:${operation.phase(frame)}`;
}

/** A random program of three CPUs over two pmaps, in blocks (some parallel). */
function programs() {
	const probe = new ProgramBuilder(3).pmap('A', 'B');
	const action = fc.constantFrom<Action>(
		probe.switchTo('A'),
		probe.switchTo('B'),
		probe.switchTo('kernel'),
		ProgramBuilder.user,
		ProgramBuilder.kernel,
		probe.read(0x40_0000),
		probe.read(0x40_1000),
		probe.write(0x40_0000),
		probe.write(0x40_1000),
		probe.read(0xffff_8000_0000_0000n),
		probe.remove('A', 0x40_0000),
		probe.remove('A', 0x40_0000, 0x40_2000),
		probe.protect('A', 0x40_1000, undefined, 'r'),
		probe.enter('A', 0x40_0000, 0x2000),
		probe.enter('A', 0x40_1000, 0x3000, 'r'),
		probe.pte('A', 0x40_1000, undefined),
		probe.invalidatePage('A', 0x40_1000),
		probe.invalidateRange('A', 0x40_0000, 0x40_2000),
		probe.invalidateAll('A'),
		probe.remove('kernel', 0xffff_8000_0000_0000n),
		probe.pinit('B'),
		// x86-TSO litmus instructions on the protocol's words (memory/litmus.ts).
		ProgramBuilder.litmus({op: 'store', at: probe.word('pm_gen', 'A', 1), value: 1}),
		ProgramBuilder.litmus({op: 'load', at: probe.word('pm_gen', 'A', 1)}),
		ProgramBuilder.litmus({op: 'store', at: probe.word('pte', 'A', 0x40_1000), value: 7}),
		ProgramBuilder.litmus({op: 'load', at: probe.word('pm_active', 'A', 2)}),
		ProgramBuilder.litmus({op: 'mfence'}),
		ProgramBuilder.litmus({op: 'xchg', at: probe.word('pm_active', 'A', 2), value: 1}),
	);
	return fc.array(fc.array(fc.tuple(fc.integer({min: 0, max: 2}), action), {minLength: 1, maxLength: 6}), {minLength: 1, maxLength: 5});
}

/** The program of BLOCKS; under Linux without the litmus instructions (they name pmap.c's words). */
function build(blocks: ReadonlyArray<ReadonlyArray<readonly [number, Action]>>, kernel: Kernel = 'freebsd'): Program {
	const b = new ProgramBuilder(3).pmap('A', 'B').map('A', 0x40_0000, 0x1000).map('A', 0x40_1000, 0x3000).map('B', 0x40_0000, 0x5000).map('kernel', 0xffff_8000_0000_0000n, 0x9000);
	for (const steps of blocks) {
		const kept = steps.filter(([, action]) => kernel === 'freebsd' || action.kind !== 'litmus');
		if (kept.length > 0) {
			b.parallel(...kept.map(([cpu, action]) => [cpu, action] as [number, Action]));
		}
	}

	return b.build();
}

/** Walks PROGRAM along the schedule PICKS (indices into the enabled choices), calling VISIT at each state. */
function walk(program: Program, config: ReturnType<typeof makeConfig>, picks: readonly number[], visit: (state: MachineState, choices: readonly Choice[], taken: Choice | undefined) => void): void {
	let state = createMachine(config, program);
	for (const pick of picks) {
		const choices = enabled(state);
		const taken = choices.length === 0 ? undefined : choices[pick % choices.length]!;
		visit(state, choices, taken);
		if (taken === undefined) {
			return;
		}

		state = step(state, taken).state;
	}
}

/** A configuration of either kernel, with at most one of that kernel's ablations; FreeBSD under both memory models (the Linux module's memory is sequentially consistent). */
const configs = fc.oneof(
	fc.tuple(fc.constantFrom(...modes), fc.boolean(), fc.option(fc.constantFrom(...ablations), {nil: undefined}), fc.constantFrom(...memoryModels), fc.constant('freebsd' as const)),
	fc.tuple(fc.constantFrom(...modes), fc.boolean(), fc.option(fc.constantFrom(...linuxAblations), {nil: undefined}), fc.constant('sc' as const), fc.constant('linux' as const)),
);
const runs = Number(process.env.FOOTPRINT_RUNS ?? 100);

describe('footprint declarations', () => {
	it('every step of every operation touches only what its declaration says (random states, every configuration)', () => {
		const seen = new Set<string>();
		const check = (state: MachineState, choices: readonly Choice[]) => {
			const footprints = new Footprints(state);
			for (const choice of choices) {
				seen.add(coverage(state, choice));
				const missing = undeclared(state, choice, stepFootprint(footprints, state.cpus[choice.cpu]!, choice.kind));
				expect(missing, `${coverage(state, choice)} on cpu${choice.cpu} (step ${state.step})`).toEqual([]);
			}
		};

		// Every shipped scenario in every configuration, along a fixed schedule (so that
		// every phase runs whatever the random programs below turn out to be).
		for (const file of readdirSync(path.join(root, 'scenarios')).filter(name => name.endsWith('.scn'))) {
			const scenario = loadText(file, readFileSync(path.join(root, 'scenarios', file), 'utf8')).scenario!;
			for (const {mode, invpcid} of configurations) {
				const picks = Array.from({length: 400}, (_, i) => (i * 7919 + mode.length) % 97);
				for (const memory of memoryModels) {
					walk(scenario.program, makeConfig(mode, invpcid, scenario.ablate.filter(name => (ablations as readonly string[]).includes(name)), memory), picks, check);
				}

				walk(scenario.program, makeConfig(mode, invpcid, scenario.ablate.filter(name => (linuxAblations as readonly string[]).includes(name)), 'sc', 'linux'), picks, check);
			}
		}

		// Each kernel entered from user mode by a mapping change and by a switch, and a litmus
		// instruction (FreeBSD's words only), so that the coverage below does not hang on what
		// the random programs happen to hold.
		const probe = new ProgramBuilder(3).pmap('A', 'B');
		const trapping: Array<Array<readonly [number, Action]>> = [
			[[0, probe.switchTo('A')]],
			[[0, ProgramBuilder.user]],
			[[0, probe.remove('A', 0x40_0000)]],
			[[0, ProgramBuilder.user]],
			[[0, probe.switchTo('B')]],
			[[1, ProgramBuilder.litmus({op: 'mfence'})]],
		];
		for (const kernel of ['freebsd', 'linux'] as const) {
			walk(build(trapping, kernel), makeConfig('pcid', true, [], 'sc', kernel), Array.from({length: 60}, () => 0), check);
		}

		fc.assert(
			fc.property(programs(), configs, fc.array(fc.nat(), {minLength: 120, maxLength: 120}), (blocks, [mode, invpcid, ablation, memory, kernel], picks) => {
				walk(build(blocks, kernel), makeConfig(mode, invpcid, ablation ? [ablation] : [], memory, kernel), picks, check);
			}),
			{numRuns: runs},
		);

		// Every phase of every operation ran, the kernel entry and the IPI too.
		const expected = [...Object.values(operations).flatMap(operation => Object.keys(operation.phases).map(phase => `${operation.kind}:${phase}`)), 'irq', 'flush', 'switch:trap', 'mutate:trap', 'lx-switch:trap', 'lx-mutate:trap'];
		expect(expected.filter(name => !seen.has(name))).toEqual([]);
	});

	it('all a CPU does later in the block is in the future it had (while it takes no IPI), and each step is in its futures', () => {
		fc.assert(
			fc.property(programs(), configs, fc.array(fc.nat(), {minLength: 80, maxLength: 80}), (blocks, [mode, invpcid, ablation, memory, kernel], picks) => {
				const history: Array<{state: MachineState; footprints: Footprints; taken: Choice}> = [];
				walk(build(blocks, kernel), makeConfig(mode, invpcid, ablation ? [ablation] : [], memory, kernel), picks, (state, _choices, taken) => {
					if (taken !== undefined) {
						history.push({state, footprints: new Footprints(state), taken});
					}
				});
				const run = choiceRecords.findIndex(record => record.kind === 'run');
				for (const [u, {state, footprints, taken}] of history.entries()) {
					// The step against the union of its CPU's futures.
					const all = choiceRecords.map((_record, k) => footprints.future(k, taken.cpu));
					const tx = new RecordingTx(state, taken.cpu);
					stepWith(tx, taken);
					const layout = layoutOf(state);
					for (const touch of tx.touches) {
						expect(all.some(future => covers(future, touch, layout)), `${describe_(touch)} outside cpu${taken.cpu}'s futures`).toBe(true);
					}

					// Each earlier state of the same block, since the CPU's last IPI.
					for (let t = u - 1; t >= 0 && history[t]!.state.block === state.block; t--) {
						if (history[t]!.taken.cpu === taken.cpu && history[t]!.taken.kind === 'irq') {
							break;
						}

						if (taken.kind === 'run' && !state.cpus[taken.cpu]!.stack.some(frame => frame.kind === 'intr' || frame.kind === 'lx-intr')) {
							const future = history[t]!.footprints.future(run, taken.cpu);
							for (const touch of tx.touches) {
								expect(covers(future, touch, layout), `${describe_(touch)} by cpu${taken.cpu} at step ${state.step} outside its future at step ${history[t]!.state.step}`).toBe(true);
							}
						}
					}
				}
			}),
			{numRuns: Math.ceil(runs / 2)},
		);
	});

	it('steps the explorer takes as independent commute: either order reaches the same state, with the same stale uses', () => {
		fc.assert(
			fc.property(programs(), configs, fc.array(fc.nat(), {minLength: 80, maxLength: 80}), (blocks, [mode, invpcid, ablation, memory, kernel], picks) => {
				walk(build(blocks, kernel), makeConfig(mode, invpcid, ablation ? [ablation] : [], memory, kernel), picks, (state, choices) => {
					const footprints = new Footprints(state);
					for (const a of choices) {
						for (const b of choices) {
							if (a.cpu >= b.cpu || stepFootprint(footprints, state.cpus[a.cpu]!, a.kind).conflicts(stepFootprint(footprints, state.cpus[b.cpu]!, b.kind))) {
								continue;
							}

							const first = step(state, a);
							const second = step(state, b);
							const ab = step(first.state, b);
							const ba = step(second.state, a);
							const stale = (events: ReturnType<typeof step>['events']) => events.some(event => event.event === 'stale_use');
							const label = `cpu${a.cpu} ${a.kind} and cpu${b.cpu} ${b.kind} at step ${state.step}`;
							expect(oracleKey(ab.state), label).toBe(oracleKey(ba.state));
							expect([stale(first.events), stale(ab.events)], label).toEqual([stale(ba.events), stale(second.events)]);
						}
					}
				});
			}),
			{numRuns: Math.ceil(runs / 2)},
		);
	});

	it('the check fails when a declaration leaves out what its code touches (set-active without its pm_active write)', () => {
		const b = new ProgramBuilder(2).pmap('P');
		b.at(1, b.switchTo('P'));
		let state = createMachine(makeConfig('pcid'), b.build());
		const run: Choice = {cpu: 1, kind: 'run'};
		state = step(state, run).state;
		expect(coverage(state, run)).toBe('switch:set-active');
		const phase = switchOperation.phases['set-active']!;
		const declared = phase.touches;
		(phase as {touches: typeof declared}).touches = () => {};
		try {
			expect(undeclared(state, run, stepFootprint(new Footprints(state), state.cpus[1]!, 'run'))).toEqual(['write pm_active(2, 1)']);
		} finally {
			(phase as {touches: typeof declared}).touches = declared;
		}

		expect(undeclared(state, run, stepFootprint(new Footprints(state), state.cpus[1]!, 'run'))).toEqual([]);
	});
});
