/**
 * Breakpoints, numbered like GDB's: on a scenario line (`break 12`) or on an event with
 * field filters (`break invpcid type=ctx cpu=1`); temporary ones, conditions, ignore
 * counts, hit counts. Watchpoints share the numbering.
 */
import {isDeepStrictEqual} from 'node:util';
import {frameFor, type Choice, type EngineEvent, type EventName, type MachineState} from '../engine/index.js';
import {matchesFilters} from '../run/evaluate.js';

/** A condition: FIELD==VALUE / FIELD!=VALUE terms joined by `&&`, on the hit's event. */
export type Condition = {
	readonly text: string;
	readonly terms: ReadonlyArray<{readonly field: string; readonly equal: boolean; readonly value: string}>;
};

/** Where a breakpoint stops. */
export type BreakTarget =
	| {readonly kind: 'line'; readonly line: number}
	| {readonly kind: 'event'; readonly event: EventName; readonly filters: ReadonlyArray<readonly [string, string]>};

/** A breakpoint. */
export type Breakpoint = {
	readonly number: number;
	readonly target: BreakTarget;
	enabled: boolean;
	readonly temporary: boolean;
	condition: Condition | undefined;
	/** Hits still to ignore. */
	ignore: number;
	hits: number;
};

/** Parses `FIELD==VALUE && FIELD!=VALUE ...`; undefined when malformed. */
export function parseCondition(text: string): Condition | undefined {
	const terms: Array<{field: string; equal: boolean; value: string}> = [];
	for (const part of text.split('&&')) {
		const match = /^\s*([a-z_]+)\s*(==|!=)\s*(\S+)\s*$/.exec(part);
		if (!match) {
			return undefined;
		}

		terms.push({field: match[1]!, equal: match[2] === '==', value: match[3]!});
	}

	return {text: text.trim(), terms};
}

/** Whether EVENT satisfies CONDITION. */
export function conditionHolds(condition: Condition | undefined, event: EngineEvent): boolean {
	if (condition === undefined) {
		return true;
	}

	return condition.terms.every(term => matchesFilters(event, [[term.field, term.value]]) === term.equal);
}

/** The scenario line a step belongs to: the frame the CPU runs, or its pending IPI's. */
export function lineOfChoice(state: MachineState, choice: Choice): number | undefined {
	const cpu = state.cpus[choice.cpu];
	switch (choice.kind) {
		case 'irq': {
			return cpu?.ipiLine;
		}

		case 'flush': {
			// The statement that made the store.
			return cpu?.sb[0]?.line;
		}

		case 'run': {
			return cpu?.stack.at(-1)?.line;
		}

		default: {
			return choice.kind satisfies never;
		}
	}
}


/**
 * The line of the scenario statement whose first micro-operation CHOICE runs in STATE,
 * or undefined: the CPU's top frame is one of the current block's statement frames,
 * untouched (every first micro-operation changes or pops its frame). An interrupt, or a
 * later micro-operation of a statement, starts nothing.
 */
export function statementStart(state: MachineState, choice: Choice): number | undefined {
	if (choice.kind !== 'run') {
		return undefined;
	}

	const top = state.cpus[choice.cpu]?.stack.at(-1);
	const block = state.program.blocks[state.block];
	if (top === undefined || block === undefined) {
		return undefined;
	}

	const step = block.steps.find(candidate => candidate.cpu === choice.cpu && candidate.line === top.line);
	return step !== undefined && isDeepStrictEqual(top, frameFor(step, state.config.kernel)) ? step.line : undefined;
}

/**
 * Whether a step triggers BREAKPOINT: a line breakpoint when the step is its
 * statement's first micro-operation (the session then stops before it, as GDB stops
 * before a line executes); an event breakpoint when one of its events matches and
 * satisfies the condition (the session stops after it).
 */
export function triggers(breakpoint: Breakpoint, stepped: {readonly events: readonly EngineEvent[]; readonly started: number | undefined}): boolean {
	const {target} = breakpoint;
	if (target.kind === 'line') {
		const first = stepped.events[0];
		return stepped.started === target.line && (first === undefined || conditionHolds(breakpoint.condition, first));
	}

	return triggeringEvent(breakpoint, stepped.events) !== undefined;
}

/** The event that triggers BREAKPOINT (the first of a line breakpoint's step). */
export function triggeringEvent(breakpoint: Breakpoint, stepEvents: readonly EngineEvent[]): EngineEvent | undefined {
	const {target} = breakpoint;
	if (target.kind === 'line') {
		return stepEvents[0];
	}

	return stepEvents.find(event => event.event === target.event && matchesFilters(event, target.filters) && conditionHolds(breakpoint.condition, event));
}

/** How a breakpoint is listed by `info breakpoints`. */
export function describeBreakpoint(breakpoint: Breakpoint): string {
	const {target} = breakpoint;
	const what = target.kind === 'line' ? `line ${target.line}` : [target.event, ...target.filters.map(([field, value]) => `${field}=${value}`)].join(' ');
	const extra = [
		breakpoint.temporary ? 'temporary' : '',
		breakpoint.condition ? `if ${breakpoint.condition.text}` : '',
		breakpoint.ignore > 0 ? `ignore next ${breakpoint.ignore} hits` : '',
		breakpoint.hits > 0 ? `hit ${breakpoint.hits} time${breakpoint.hits === 1 ? '' : 's'}` : '',
	].filter(Boolean);
	return `${String(breakpoint.number).padEnd(4)}${breakpoint.enabled ? 'y' : 'n'}   ${what}${extra.length > 0 ? '  (' + extra.join(', ') + ')' : ''}`;
}
