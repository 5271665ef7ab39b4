/**
 * The debugger as the UI sees it: a session, its command interpreter, the state at the
 * previous stop (to highlight what changed) and the output of the last command. The
 * UI holds no protocol logic: every action is a debugger command.
 */
import {writeFileSync} from 'node:fs';
import {runScripts, type Script} from '../commands/scripts.js';
import {Interpreter} from '../commands/table.js';
import type {EngineEvent, MachineState} from '../engine/index.js';
import type {Scenario} from '../scenario/compile.js';
import {Session, type SessionOptions} from '../session/session.js';

/** How many steps of events the event-log pane shows before the current position. */
export const EVENT_WINDOW = 200;

/** A session with what its views need. */
export class DebuggerModel {
	readonly session: Session;
	readonly interpreter: Interpreter;
	/** The state at the previous stop: panes highlight what differs. */
	previous: MachineState | undefined;
	/** The last command's output (or error). */
	output: readonly string[] = [];
	error: string | undefined;
	/** Bumped by every command, for React to re-render. */
	version = 0;

	constructor(scenario: Scenario, options: SessionOptions = {}, session?: Session) {
		this.session = session ?? new Session(scenario, options);
		// The `:` line's export writes where the debugger was started, as --batch does.
		this.interpreter = new Interpreter(this.session, (file, text) => writeFileSync(file, text));
	}

	/** Set by `quit` (or a script's): the UI leaves. */
	quitRequested = false;

	/** Runs a debugger command line (empty: repeat the last). */
	execute(line: string): void {
		const before = this.session.state;
		const {output, error, quit} = this.interpreter.execute(line);
		if (this.session.state !== before) {
			this.previous = before;
		}

		this.output = output;
		this.error = error;
		this.quitRequested ||= quit === true;
		this.version++;
	}

	/**
	 * Runs the start-up scripts (init file, -x, -ex) before the first frame: their output,
	 * and NOTES about init files, become the output pane's text.
	 */
	runStartup(scripts: readonly Script[], notes: readonly string[]): void {
		const before = this.session.state;
		const {output, errors, quit} = runScripts(this.interpreter, scripts);
		if (this.session.state !== before) {
			this.previous = before;
		}

		this.output = [...notes, ...output, ...errors];
		this.quitRequested ||= quit;
		this.version++;
	}

	/** Recent events, up to the current position. */
	recentEvents(): EngineEvent[] {
		const at = this.session.at;
		return this.session.eventsIn(Math.max(0, at - EVENT_WINDOW), at);
	}

	/** The line each CPU is working on (for the source pane). */
	cpuLines(): Map<number, number[]> {
		const map = new Map<number, number[]>();
		for (const cpu of this.session.state.cpus) {
			const line = cpu.stack.at(-1)?.line;
			if (line !== undefined) {
				map.set(line, [...(map.get(line) ?? []), cpu.id]);
			}
		}

		return map;
	}
}
