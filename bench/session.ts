/** Reverse stepping and history memory (bench.md: reverse_step_ratio_1e6_vs_1e3, history_mib_1e6). */
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import type {Program} from '../source/engine/index.js';
import type {Scenario} from '../source/scenario/compile.js';
import {Session} from '../source/session/session.js';
import {randomWorkload} from './workload.js';

function scenarioOf(program: Program): Scenario {
	return {
		source: {name: 'bench', body: ''},
		title: 'bench',
		cpus: program.cpus,
		mode: 'pcid',
		invpcid: true,
		memory: 'sc',
		ablate: [],
		require: undefined,
	kernel: 'freebsd',
	requireKernel: undefined,
		program,
		expectations: [],
		stepLines: [],
	};
}

/** Average seconds of one reverse-stepi over COUNT consecutive ones ending before POSITION. */
function reverseStepCost(session: Session, position: number, count: number): number {
	session.goto(position);
	const start = performance.now();
	for (let i = 1; i <= count; i++) {
		session.goto(position - i);
	}

	return (performance.now() - start) / 1000 / count;
}

function heapMib(): number {
	(globalThis as {gc?: () => void}).gc?.();
	return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** reverse_step_ratio_1e6_vs_1e3 and history_mib_1e6. */
export function sessionBenchmarks(quick: boolean): Record<string, number> {
	const steps = quick ? 200_000 : 1_000_000;
	// About five micro-operations a block: enough blocks for STEPS.
	const program = randomWorkload(8, 8, Math.ceil(steps / 3), 11);
	const before = heapMib();
	const session = new Session(scenarioOf(program));
	session.forward(() => undefined, steps);
	const held = heapMib() - before;
	const reached = session.at;
	// Warm the JIT on replay first; then 512 consecutive reverse steps cover every offset
	// from a snapshot once, near the start and at the far end.
	reverseStepCost(session, reached, 512);
	reverseStepCost(session, 1000 + 512, 512);
	const near = reverseStepCost(session, 1000 + 512, 512);
	const far = reverseStepCost(session, reached, 512);
	const results: Record<string, number> = {
		[quick ? 'reverse_step_ratio_2e5_vs_1e3' : 'reverse_step_ratio_1e6_vs_1e3']: Number((far / near).toFixed(3)),
		reverse_step_us_far: Number((far * 1e6).toFixed(1)),
		[quick ? 'history_mib_2e5' : 'history_mib_1e6']: Number(held.toFixed(1)),
		history_steps: reached,
	};
	if ((globalThis as {gc?: unknown}).gc === undefined) {
		results.history_mib_note_no_gc = 1;
	}

	return results;
}
