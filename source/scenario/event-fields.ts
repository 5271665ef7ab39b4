/**
 * The fields each event carries (scenario-language.md "Events"), for checking
 * `expect count EVENT FIELD=VALUE` filters and breakpoints. Every event also has
 * `cpu`, `line` and `step`.
 */
import type {EventName} from '../engine/index.js';

/** Fields by event name. */
export const eventFieldNames: Readonly<Record<EventName, readonly string[]>> = {
	pte_store: ['pmap', 'va', 'old', 'new'],
	pm_active_set: ['pmap'],
	pm_active_clear: ['pmap'],
	pm_active_read: ['pmap', 'mask'],
	pm_gen_zero: ['pmap', 'target'],
	pcid_alloc: ['pmap', 'pcid', 'pcid_gen'],
	pcid_rollover: ['pcid_gen'],
	cr3_load: ['pmap', 'pcid', 'table', 'flush'],
	ucr3_mask: ['value'],
	invlpg: ['va', 'pcid'],
	invpcid: ['type', 'pcid', 'va'],
	invltlb_glob: [],
	ipi_send: ['to', 'ipi', 'pmap', 'va', 'all'],
	ipi_handle: ['from', 'ipi'],
	ipi_ack: ['from'],
	shootdown_done: ['pmap'],
	tlb_hit: ['pmap', 'va', 'pcid', 'pa', 'global'],
	tlb_miss: ['pmap', 'va', 'pcid'],
	tlb_fill: ['pmap', 'va', 'pcid', 'pa', 'global'],
	page_fault: ['va', 'reason'],
	stale_use: ['pmap', 'va', 'pa', 'expected'],
	mode_switch: ['to'],
	context_switch: ['from', 'to'],
	curpmap_set: ['pmap'],
	shootdown_start: ['pmap', 'ipi', 'smp_tlb_gen', 'targets'],
	handler_exit: [],
	pmap_pinit: ['pmap', 'active'],
};

/** Fields every event has. */
export const commonFields = ['cpu', 'line', 'step'] as const;

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
