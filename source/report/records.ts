/**
 * The JSON records pmapdbg prints (cli.md "JSON output", schema/trace.schema.json):
 * each line an object that starts with the format version and its record kind, so a
 * reader can tell what it holds and whether it understands it.
 */
import type {EngineEvent} from '../engine/index.js';
import {jsonLine} from '../text/untrusted.js';
import {jsonFields} from './fields.js';

/** The version of the JSON records; raised when a field changes meaning or goes away (adding one does not). */
export const FORMAT_VERSION = 1;

/** Every record kind, as the `record` field names it. */
export const recordKinds = ['event', 'expect', 'result', 'exploration', 'table-row', 'scenario', 'diff-side', 'diff-statement', 'diff-summary'] as const;

/** A record kind. */
export type RecordKind = (typeof recordKinds)[number];

/** BODY as a record of KIND: `{"format":1,"record":KIND,...BODY}`. */
export function record<T extends object>(kind: RecordKind, body: T): {format: number; record: RecordKind} & T {
	return {format: FORMAT_VERSION, record: kind, ...body};
}

/** An event as its JSON fields: step, cpu, line, event, then its own fields. */
export function eventJson(event: EngineEvent): Record<string, unknown> {
	return {step: event.step, cpu: event.cpu, line: event.line, event: event.event, ...jsonFields(event)};
}

/** An event as a JSON line. */
export function eventRecord(event: EngineEvent): string {
	return jsonLine(record('event', eventJson(event)));
}
