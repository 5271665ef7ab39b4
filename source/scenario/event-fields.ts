/**
 * The fields each event carries (scenario-language.md "Events"), for checking
 * `expect count EVENT FIELD=VALUE` filters and breakpoints: the names of the engine's
 * event table (source/engine/event-table.ts). Every event also has `cpu`, `line` and `step`.
 */
import {commonFields, eventTable, type EventName} from '../engine/index.js';

/** Fields by event name. */
export const eventFieldNames: Readonly<Record<EventName, readonly string[]>> = Object.fromEntries(
	Object.entries(eventTable).map(([name, spec]) => [name, Object.keys(spec.fields)]),
) as Record<string, readonly string[]> as Record<EventName, readonly string[]>;

export {commonFields};
