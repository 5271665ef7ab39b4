/**
 * A debugging session over one scenario in one configuration: the position in the
 * recorded history, forward and reverse motion, breakpoints, watchpoints and the
 * stale-use stop. Free of Ink: the TUI and `--batch` drive it through the command layer.
 */
import {
	ablationKernel,
	createMachine,
	defaultScheduler,
	enabled,
	finished,
	isEnabled,
	makeConfig,
	randomScheduler,
	step,
	type Ablation,
	type Choice,
	type Config,
	type EngineEvent,
	type Kernel,
	type MachineState,
	type MemoryModel,
	type Mode,
	type Scheduler,
} from '../engine/index.js';
import type {Scenario} from '../scenario/compile.js';
import {lineOfChoice, statementStart, triggeringEvent, triggers, type Breakpoint} from './breakpoints.js';
import {ExpectationTracker} from './expectation-status.js';
import {History} from './history.js';
import {choiceText} from './schedule-file.js';
import type {Expression} from './watch.js';
import {stopsBefore, type Stepped, type Stop, type StopTest, type Watchpoint} from './stop.js';

export type {Stop, StopTest, Watchpoint} from './stop.js';

/** How to build a session. */
export type SessionOptions = {
	/** Whose TLB code runs (default: the scenario's `kernel`). */
	readonly kernel?: Kernel;
	readonly mode?: Mode;
	readonly invpcid?: boolean;
	readonly ablate?: readonly Ablation[];
	/** The memory model (default: the scenario's `memory` line). */
	readonly memory?: MemoryModel;
	readonly seed?: number;
	/** A recorded schedule to replay exactly (the session then starts at step 0 with it as its future). */
	readonly schedule?: readonly Choice[];
};

/** A schedule that does not fit the scenario: which entry, and why. */
export class ScheduleError extends Error {
	readonly index: number;

	constructor(index: number, message: string) {
		super(message);
		this.index = index;
	}
}

/** A session. */
export class Session {
	readonly scenario: Scenario;
	readonly config: Config;
	readonly seed: number | undefined;
	readonly breakpoints: Breakpoint[] = [];
	readonly watchpoints: Watchpoint[] = [];
	/** `stale stop|ignore`. */
	staleStops = true;
	/** `display` expressions, printed after every motion. */
	readonly displays: Array<{readonly number: number; readonly expression: Expression}> = [];
	/** Where each `expect` line stands at the current position. */
	readonly expectations: ExpectationTracker = new ExpectationTracker(this);
	private nextNumber = 1;
	private readonly history: History;
	private readonly scheduler: Scheduler;
	private current: MachineState;
	private position = 0;
	/** Events of the step that led to the current position (empty at 0). */
	private lastEvents: readonly EngineEvent[] = [];
	/** The CPU and scenario line of that step. */
	private last: {readonly cpu: number; readonly line: number | undefined} | undefined;
	/** The last motion stopped before step 0's statement: the next one runs it. */
	private stoppedAtStart = false;
	/** Bumped when the recorded future is cut (views that cache by position start over). */
	private epoch = 0;


	constructor(scenario: Scenario, options: SessionOptions = {}) {
		this.scenario = scenario;
		const kernel = options.kernel ?? scenario.kernel;
		// Each kernel takes the ablations of its own rules (as runScenario does).
		const ablate = [...new Set([...scenario.ablate, ...(options.ablate ?? [])])].filter(name => ablationKernel(name) === kernel);
		this.config = makeConfig(options.mode ?? scenario.mode, options.invpcid ?? scenario.invpcid, ablate, options.memory ?? scenario.memory, kernel);
		this.seed = options.seed;
		this.scheduler = options.seed === undefined ? defaultScheduler : randomScheduler(options.seed);
		this.current = createMachine(this.config, scenario.program);
		this.history = new History(this.current);
		if (options.schedule !== undefined) {
			this.preload(options.schedule);
		}
	}

	/** Records SCHEDULE as the future; throws a ScheduleError at the first impossible choice. */
	private preload(schedule: readonly Choice[]): void {
		for (const [index, choice] of schedule.entries()) {
			if (!isEnabled(this.current, choice)) {
				throw new ScheduleError(index, `${choiceText(choice)} cannot move at step ${index}`);
			}

			this.stepOnce(choice);
		}

		this.goto(0);
	}

	/** The state at the current position. */
	get state(): MachineState {
		return this.current;
	}

	/** Steps executed so far: the global step number of the next micro-operation. */
	get at(): number {
		return this.position;
	}

	/** How many steps are recorded (the position can move anywhere up to it cheaply). */
	get recorded(): number {
		return this.history.length;
	}

	/** Every recorded choice (for saving the schedule). */
	recordedChoices(): Choice[] {
		return Array.from({length: this.history.length}, (_, n) => this.history.choiceAt(n));
	}

	/** The choice recorded for step N, when the future is recorded that far. */
	recordedChoice(n: number): Choice | undefined {
		return n < this.history.length ? this.history.choiceAt(n) : undefined;
	}

	/** The CPU and line of the step just executed (undefined at step 0). */
	get lastStep(): {readonly cpu: number; readonly line: number | undefined} | undefined {
		return this.last;
	}

	/** The events of the step just executed. */
	get events(): readonly EngineEvent[] {
		return this.lastEvents;
	}

	/** A breakpoint/watchpoint number. */
	allocateNumber(): number {
		return this.nextNumber++;
	}

	/** Whether the program has run to its end. */
	get done(): boolean {
		return finished(this.current) || enabled(this.current).length === 0;
	}

	/**
	 * One step forward: the recorded choice if the future is recorded, else the
	 * scheduler's (or FORCED, which cuts a recorded future that differs).
	 */
	private stepOnce(forced?: Choice): Stepped | undefined {
		const before = this.current;
		let choice: Choice;
		if (forced) {
			if (this.position < this.history.length) {
				const recorded = this.history.choiceAt(this.position);
				if (recorded.cpu !== forced.cpu || recorded.kind !== forced.kind) {
					this.history.truncate(this.position);
					this.epoch++;
				}
			}

			choice = forced;
		} else if (this.position < this.history.length) {
			choice = this.history.choiceAt(this.position);
		} else {
			const choices = enabled(before);
			if (choices.length === 0) {
				return undefined;
			}

			choice = this.scheduler(before, choices);
		}

		const result = step(before, choice);
		if (this.position >= this.history.length) {
			this.history.record(choice, result.state);
		}

		const line = lineOfChoice(before, choice);
		const stepped: Stepped = {events: result.events, before, after: result.state, line, started: statementStart(before, choice), cpu: choice.cpu};
		this.position++;
		this.current = result.state;
		this.lastEvents = result.events;
		this.last = {cpu: choice.cpu, line};
		return stepped;
	}

	/**
	 * Every stop STEPPED could make, in priority order: a stale use, then breakpoints
	 * (by number), then watchpoint changes. Ignore counts are applied by the caller.
	 */
	private candidateStops(stepped: Stepped): Stop[] {
		const stops: Stop[] = [];
		if (this.staleStops) {
			const stale = stepped.events.find(event => event.event === 'stale_use');
			if (stale) {
				stops.push({kind: 'stale', event: stale});
			}
		}

		for (const breakpoint of this.breakpoints) {
			if (breakpoint.enabled && triggers(breakpoint, stepped)) {
				const before = breakpoint.target.kind === 'line';
				stops.push({kind: 'breakpoint', breakpoint, event: before ? undefined : triggeringEvent(breakpoint, stepped.events), line: stepped.line, cpu: stepped.cpu, before});
			}
		}

		for (const watchpoint of this.watchpoints) {
			if (!watchpoint.enabled) {
				continue;
			}

			const old = watchpoint.expression.read(stepped.before);
			const value = watchpoint.expression.read(stepped.after);
			if (old !== value) {
				stops.push({kind: 'watchpoint', watchpoint, old, value});
			}
		}

		return stops;
	}

	/** The first of STOPS that is not absorbed by an ignore count; counts the hits. */
	private acceptFirst(stops: readonly Stop[]): Stop | undefined {
		for (const stop of stops) {
			if (stop.kind === 'breakpoint') {
				stop.breakpoint.hits++;
				if (stop.breakpoint.ignore > 0) {
					stop.breakpoint.ignore--;
					continue;
				}

				if (stop.breakpoint.temporary) {
					this.breakpoints.splice(this.breakpoints.indexOf(stop.breakpoint), 1);
				}
			} else if (stop.kind === 'watchpoint') {
				stop.watchpoint.hits++;
			}

			return stop;
		}

		return undefined;
	}

	/**
	 * Runs forward until TEST, a breakpoint/watchpoint/stale stop, or the end (at most
	 * LIMIT steps). With QUIETLY, breakpoints and watchpoints do not stop it (goto).
	 * Motion does not stop before the step it starts with: stopped before a statement, it
	 * runs that statement's first micro-operation (GDB steps over the breakpoint at the
	 * pc it stopped at). Only a run from step 0 with RUNNING may, when it has not just
	 * stopped there (GDB's `run` stops at a breakpoint on the first line).
	 */
	forward(test: StopTest = () => undefined, limit = Number.POSITIVE_INFINITY, quietly = false, running = false): Stop {
		const over = running && this.position === 0 && !this.stoppedAtStart ? undefined : this.position;
		this.stoppedAtStart = false;
		for (let n = 0; n < limit; n++) {
			const at = this.position;
			const stepped = this.stepOnce();
			if (stepped === undefined) {
				return this.current.busy.length === 0 ? {kind: 'end'} : {kind: 'deadlock'};
			}

			const candidates = quietly ? [] : this.candidateStops(stepped).filter(stop => !(at === over && stopsBefore(stop)));
			const own = test(stepped, this.position);
			const stop = this.acceptFirst([...candidates, ...(own && !(at === over && stopsBefore(own)) ? [own] : [])]);
			if (stop) {
				if (stopsBefore(stop)) {
					this.goto(at);
					this.stoppedAtStart = at === 0;
				}

				return stop;
			}
		}

		return {kind: 'done'};
	}

	/**
	 * One step of CPU's choosing (`stepi cpuN`: its pending interrupt, else its next
	 * micro-operation; `stepi cpuN flush`: its oldest buffered store reaches memory); an
	 * error message when it cannot.
	 */
	stepCpu(cpu: number, flush = false): Stop | string {
		const state = this.current;
		if (cpu >= state.cpus.length) {
			return `there is no cpu${cpu}`;
		}

		const irq: Choice = {cpu, kind: 'irq'};
		const run: Choice = {cpu, kind: 'run'};
		const drain: Choice = {cpu, kind: 'flush'};
		const choice = flush ? (isEnabled(state, drain) ? drain : undefined) : isEnabled(state, irq) ? irq : isEnabled(state, run) ? run : undefined;
		if (choice === undefined) {
			if (flush) {
				return state.config.memory === 'tso' ? `cpu${cpu}'s store buffer is empty` : 'there are no store buffers: run with --memory tso';
			}

			const top = state.cpus[cpu]!.stack.at(-1);
			return top === undefined ? `cpu${cpu} has nothing to do at this point` : `cpu${cpu} cannot move now (it waits for acknowledgements)`;
		}

		const stepped = this.stepOnce(choice)!;
		// The step it runs is the one it starts with: no stop before it (see forward).
		return this.acceptFirst(this.candidateStops(stepped).filter(stop => !stopsBefore(stop))) ?? {kind: 'done'};
	}

	/**
	 * Moves to POSITION: replaying from the nearest snapshot, or executing forward past
	 * the recorded end. Breakpoints and watchpoints do not stop it.
	 */
	goto(position: number): Stop {
		if (position > this.history.length) {
			this.goto(this.history.length);
			return this.forward(() => undefined, position - this.position, true);
		}

		let last: {events: readonly EngineEvent[]; cpu: number; line: number | undefined} | undefined;
		this.current = this.history.stateAt(position, (n, events, before, choice) => {
			if (n === position - 1) {
				last = {events, cpu: choice.cpu, line: lineOfChoice(before, choice)};
			}
		});
		this.position = position;
		this.lastEvents = last?.events ?? [];
		this.last = last === undefined ? undefined : {cpu: last.cpu, line: last.line};
		return position === 0 ? {kind: 'start'} : {kind: 'done'};
	}

	/**
	 * Searches backward from the current position for the latest stop of TEST, a
	 * breakpoint (past its ignore count), a watchpoint or a stale use, and moves where a
	 * forward run would have stopped: after the step, or before it for a line breakpoint.
	 * At step 0 it reports `start`.
	 */
	backward(test: StopTest = () => undefined): Stop {
		let end = this.position;
		const interval = 512;
		while (end > 0) {
			const start = Math.max(0, end - interval);
			const found: Array<{position: number; stops: Stop[]}> = [];
			let state = this.history.stateAt(start);
			for (let n = start; n < end && n < this.position; n++) {
				const choice = this.history.choiceAt(n);
				const result = step(state, choice);
				const stepped: Stepped = {events: result.events, before: state, after: result.state, line: lineOfChoice(state, choice), started: statementStart(state, choice), cpu: choice.cpu};
				const own = test(stepped, n + 1);
				const stops = [...this.candidateStops(stepped), ...(own ? [own] : [])];
				// In the order a forward run meets them: before step n, then after it.
				const before = stops.filter(stop => stopsBefore(stop));
				const after = stops.filter(stop => !stopsBefore(stop));
				if (before.length > 0) {
					found.push({position: n, stops: before});
				}

				if (after.length > 0 && n + 1 < this.position) {
					found.push({position: n + 1, stops: after});
				}

				state = result.state;
			}

			// Latest first: ignore counts absorb crossings as they do going forward.
			for (const {position, stops} of found.reverse()) {
				const stop = this.acceptFirst(stops);
				if (stop) {
					this.goto(position);
					return stop;
				}
			}

			end = start;
		}

		this.goto(0);
		return {kind: 'start'};
	}

	/** Every event from the start up to the current position (re-executed). */
	eventsSoFar(): EngineEvent[] {
		return this.history.eventsBetween(0, this.position);
	}

	/** The events of steps [from, to) (re-executed from the nearest snapshot). */
	eventsIn(from: number, to: number): EngineEvent[] {
		return this.history.eventsBetween(from, to);
	}

	/** Changes when the recorded future was cut: what was derived from positions may differ. */
	get historyEpoch(): number {
		return this.epoch;
	}

	/** The state at POSITION of the recorded history (re-executed from the nearest snapshot). */
	stateAt(position: number): MachineState {
		return this.history.stateAt(position);
	}

	/** Evaluates an expression now. */
	read(expression: Expression): string {
		return expression.read(this.current);
	}
}
