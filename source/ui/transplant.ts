/**
 * Moving a debugging session onto a new configuration (`m`) or a new version of its
 * scenario (`R`, `--watch`) without losing what the user set up: breakpoints,
 * watchpoints, displays and, on a reload, the step position where the new run still
 * reaches it.
 */
import {recreatePoints} from '../commands/points.js';
import type {Scenario} from '../scenario/compile.js';
import type {SessionOptions} from '../session/session.js';
import {DebuggerModel} from './model.js';

/** The new model, and a line saying what was kept (and what could not be). */
export type Transplanted = {readonly model: DebuggerModel; readonly notes: readonly string[]};

/** MODEL's points and displays on SCENARIO under OPTIONS; at MODEL's position when KEEPPOSITION. */
export function transplant(model: DebuggerModel, scenario: Scenario, options: SessionOptions, keepPosition: boolean): Transplanted {
	const next = new DebuggerModel(scenario, options);
	const failed: string[] = [];
	const commands = [...recreatePoints(model.session), ...model.session.displays.map(display => `display ${display.expression.text}`)];
	for (const command of commands) {
		const {error} = next.interpreter.execute(command);
		if (error !== undefined) {
			// A breakpoint on a line or pmap the new text no longer has.
			failed.push(`${command}: ${error}`);
		}
	}

	const notes: string[] = [];
	if (keepPosition) {
		const wanted = model.session.at;
		next.session.goto(wanted);
		notes.push(next.session.at === wanted ? `at step ${wanted} as before` : `at step ${next.session.at}, its end (it was at ${wanted})`);
	} else {
		notes.push('at step 0');
	}

	next.output = [];
	return {model: next, notes: [...notes, ...failed.map(line => `not kept: ${line}`)]};
}
