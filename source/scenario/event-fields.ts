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
	pcid_alloc: ['pmap', 'pcid', 'gen'],
	pcid_rollover: ['gen'],
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
	shootdown_start: ['pmap', 'ipi', 'gen', 'targets'],
	handler_exit: [],
	pmap_pinit: ['pmap', 'active'],
};

/** Fields every event has. */
export const commonFields = ['cpu', 'line', 'step'] as const;
