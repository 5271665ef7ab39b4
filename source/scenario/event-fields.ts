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

/**
 * Names of the first contract that the kernel's own words replaced, still accepted in
 * filters (`expect count`, `break`): `gen` was pm_gen, pcid_gen or the shootdown
 * generation depending on the event; `kpt`/`upt` are the tables pmap.c loads as
 * kcr3/ucr3; `save`/`nosave` are the values of ucr3_load_mask.
 */
const fieldAliases: Partial<Record<EventName, Readonly<Record<string, string>>>> = {
	pcid_alloc: {gen: 'pcid_gen'},
	pcid_rollover: {gen: 'pcid_gen'},
	shootdown_start: {gen: 'smp_tlb_gen'},
};

const valueAliases: Partial<Record<EventName, Readonly<Record<string, Readonly<Record<string, string>>>>>> = {
	cr3_load: {table: {kpt: 'kcr3', upt: 'ucr3'}},
	ucr3_mask: {value: {save: 'PMAP_UCR3_NOMASK', nosave: '~CR3_PCID_SAVE'}},
};

/** A FIELD=VALUE filter of EVENT in today's names (old names mapped, others unchanged). */
export function canonicalFilter(event: EventName, field: string, value: string): readonly [string, string] {
	const name = fieldAliases[event]?.[field] ?? field;
	return [name, valueAliases[event]?.[name]?.[value] ?? value];
}
