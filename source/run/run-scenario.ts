/**
 * Running a compiled scenario headless in one configuration: the engine, a scheduler,
 * and the expectations checked where they stand. `run`, the golden tests and the
 * debugger's verdict line use it.
 */
import {
	ablationKernel,
	createMachine,
	defaultScheduler,
	enabled,
	makeConfig,
	randomScheduler,
	step,
	type Ablation,
	type EngineEvent,
	type Kernel,
	type MachineState,
	type MemoryModel,
	type Mode,
} from '../engine/index.js';
import type {Scenario} from '../scenario/compile.js';
import {evaluate} from './evaluate.js';

/** How to run: overrides of the scenario's header, and the schedule. */
export type RunOptions = {
	/** Whose TLB code runs (default: the scenario's `kernel`, FreeBSD without one). */
	readonly kernel?: Kernel;
	readonly mode?: Mode;
	readonly invpcid?: boolean;
	readonly ablate?: readonly Ablation[];
	/** The memory model (default: the scenario's). */
	readonly memory?: MemoryModel;
	/** Seeded random schedule; undefined: the deterministic default order. */
	readonly seed?: number;
	/** Stop after this many micro-operations (a runaway guard). */
	readonly maxSteps?: number;
};

/** One expectation's outcome. */
export type Verdict = {
	readonly text: string;
	readonly line: number;
	readonly ok: boolean;
	/** What was found instead, when it failed. */
	readonly detail: string;
	/**
	 * The other kernel's words (pm_active under Linux, mm_cpumask under FreeBSD...): not
	 * checked, and not counted. Absent when checked.
	 */
	readonly skipped?: Kernel;
};

/** The outcome of a run. */
export type RunResult = {
	readonly result: 'pass' | 'fail' | 'skipped';
	readonly kernel: Kernel;
	readonly mode: Mode;
	readonly invpcid: boolean;
	readonly ablate: readonly Ablation[];
	readonly memory: MemoryModel;
	readonly seed: number | undefined;
	readonly events: readonly EngineEvent[];
	readonly verdicts: readonly Verdict[];
	readonly steps: number;
	readonly stale: number;
	/** Stale uses occurred and no `expect stale` anticipated them (a failure by itself). */
	readonly unanticipatedStale: boolean;
	/** How the engine stopped: `finished`, or `deadlock` / `limit` (a failure). */
	readonly end: 'finished' | 'deadlock' | 'limit' | 'skipped';
	/** Why a run was skipped: its `require mode` or its `require kernel` line. */
	readonly skipReason?: 'mode' | 'kernel';
	readonly state: MachineState | undefined;
};

/** Runs SCENARIO under OPTIONS. */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
	const mode = options.mode ?? scenario.mode;
	const invpcid = options.invpcid ?? scenario.invpcid;
	const ablate = [...new Set([...scenario.ablate, ...(options.ablate ?? [])])];
	const memory = options.memory ?? scenario.memory;
	const kernel = options.kernel ?? scenario.kernel;
	// Each kernel takes the ablations of its own rules.
	const own = ablate.filter(name => ablationKernel(name) === kernel);
	const base = {kernel, mode, invpcid: (mode === 'pcid' || mode === 'pti-pcid') && invpcid, ablate: own, memory, seed: options.seed};
	const wrongKernel = scenario.requireKernel !== undefined && !scenario.requireKernel.includes(kernel);
	if (wrongKernel || (scenario.require !== undefined && !scenario.require.includes(mode))) {
		return {...base, ...(wrongKernel ? {skipReason: 'kernel' as const} : {}), result: 'skipped', events: [], verdicts: [], steps: 0, stale: 0, unanticipatedStale: false, end: 'skipped', state: undefined};
	}

	const config = makeConfig(mode, invpcid, own, memory, kernel);
	const scheduler = options.seed === undefined ? defaultScheduler : randomScheduler(options.seed);
	const events: EngineEvent[] = [];
	const verdicts: Verdict[] = [];
	const pending = [...scenario.expectations];
	let state = createMachine(config, scenario.program);
	const checkDue = (final: boolean) => {
		while (pending.length > 0 && (final || pending[0]!.afterBlocks <= state.block)) {
			const expectation = pending.shift()!;
			if (expectation.kernel !== undefined && expectation.kernel !== kernel) {
				verdicts.push({text: expectation.text, line: expectation.line, ok: true, detail: '', skipped: expectation.kernel});
			} else {
				verdicts.push({text: expectation.text, line: expectation.line, ...evaluate(expectation.check, state, events)});
			}
		}
	};

	checkDue(false);
	let end: RunResult['end'] = 'finished';
	const limit = options.maxSteps ?? 10_000_000;
	for (;;) {
		const choices = enabled(state);
		if (choices.length === 0) {
			end = state.busy.length === 0 ? 'finished' : 'deadlock';
			break;
		}

		if (state.step >= limit) {
			end = 'limit';
			break;
		}

		const result = step(state, scheduler(state, choices));
		state = result.state;
		events.push(...result.events);
		checkDue(false);
	}

	checkDue(true);
	const stale = state.staleUses;
	const unanticipatedStale = stale > 0 && !scenario.expectations.some(expectation => expectation.check.kind === 'stale');
	const ok = verdicts.every(verdict => verdict.ok) && !unanticipatedStale && end === 'finished';
	return {...base, result: ok ? 'pass' : 'fail', events, verdicts, steps: state.step, stale, unanticipatedStale, end, state};
}
