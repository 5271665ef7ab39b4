/** Why a session's motion stops, and what a stop test sees of each step. */
import type {EngineEvent, MachineState} from '../engine/index.js';
import type {Breakpoint} from './breakpoints.js';
import type {Expression} from './watch.js';

/** A watchpoint: an expression and its last value. */
export type Watchpoint = {readonly number: number; readonly expression: Expression; enabled: boolean; hits: number};

/** Why motion stopped. */
export type Stop =
	| {readonly kind: 'done'}
	/** An event breakpoint stops after its event; a line breakpoint before its statement's first micro-operation (`before`). */
	| {readonly kind: 'breakpoint'; readonly breakpoint: Breakpoint; readonly event: EngineEvent | undefined; readonly line: number | undefined; readonly cpu: number; readonly before: boolean}
	/** `until LINE` reached LINE: stopped before its statement's first micro-operation, on CPU. */
	| {readonly kind: 'line'; readonly line: number; readonly cpu: number}
	| {readonly kind: 'watchpoint'; readonly watchpoint: Watchpoint; readonly old: string; readonly value: string}
	| {readonly kind: 'stale'; readonly event: EngineEvent}
	| {readonly kind: 'end'}
	| {readonly kind: 'deadlock'}
	| {readonly kind: 'start'};

/** What one forward step did. */
export type Stepped = {
	readonly events: readonly EngineEvent[];
	readonly before: MachineState;
	readonly after: MachineState;
	readonly cpu: number;
	/** The scenario line the step belongs to. */
	readonly line: number | undefined;
	/** The line of the statement this step begins (its first micro-operation), if any. */
	readonly started: number | undefined;
};

/** Decides, after each step, whether motion stops. */
export type StopTest = (stepped: Stepped, position: number) => Stop | undefined;

/** A stop that is made before the step that caused it: the session then steps back over it. */
export function stopsBefore(stop: Stop): boolean {
	return (stop.kind === 'breakpoint' && stop.before) || stop.kind === 'line';
}
