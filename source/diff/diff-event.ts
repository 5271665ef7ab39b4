/**
 * An event as `pmapdbg diff` compares it: its place (step, CPU, scenario line) and its
 * own fields as JSON shows them, whether it came from a JSON trace or from a run.
 */
import type {EngineEvent, EventName} from '../engine/index.js';
import {eventJson} from '../report/records.js';

/** An event with its fields in JSON form. */
export type DiffEvent = {
	readonly step: number;
	readonly cpu: number;
	readonly line: number;
	readonly event: EventName;
	readonly fields: Readonly<Record<string, unknown>>;
	/** What two sides' events are compared by: the name and the fields, not the step. */
	readonly key: string;
};

/** A DiffEvent from an event record's fields (step, cpu, line, event, own fields). */
export function diffEvent(json: Readonly<Record<string, unknown>>): DiffEvent {
	const {step, cpu, line, event, format: _format, record: _record, ...fields} = json;
	return {step: step as number, cpu: cpu as number, line: line as number, event: event as EventName, fields, key: JSON.stringify([event, fields])};
}

/** A DiffEvent from the engine's event. */
export function diffEventOf(event: EngineEvent): DiffEvent {
	return diffEvent(eventJson(event));
}
