/**
 * Breakpoints, numbered like GDB's: on a scenario line (`break 12`) or on an event with
 * field filters (`break invpcid type=ctx cpu=1`); temporary ones, conditions, ignore
 * counts, hit counts. Watchpoints share the numbering.
 */
import type {EngineEvent, EventName} from '../engine/index.js';
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

/**
 * The event of STEP_EVENTS that triggers BREAKPOINT, if any. A line breakpoint triggers
 * on the first event of a step of that line that follows a step of another line.
 */
export function triggeringEvent(breakpoint: Breakpoint, stepEvents: readonly EngineEvent[], previousLine: number | undefined): EngineEvent | undefined {
	const {target} = breakpoint;
	for (const event of stepEvents) {
		const matches =
			target.kind === 'line'
				? event.line === target.line && previousLine !== target.line
				: event.event === target.event && matchesFilters(event, target.filters);
		if (matches && conditionHolds(breakpoint.condition, event)) {
			return event;
		}
	}

	return undefined;
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
