/**
 * The one table of events: every event's name, meaning and fields, each field with its
 * kind. The engine's event type (events.ts), the field lists of `expect count` and
 * breakpoints, the text and JSON renderings and the published JSON Schema
 * (schema/trace.schema.json) are all derived from it, so they cannot disagree.
 */
import type {CpuSet} from './cpuset.js';
import type {Perms} from './state.js';

/** A PTE's value as pte_store reports it; undefined is "not mapped". */
export type PteValue = {readonly pa: number; readonly perms: Perms};

/** The closed sets of strings some fields take. */
export const fieldEnums = {
	/** The roots pmap.c loads: pm_cr3 (pc_kcr3 under PTI) and the PTI user table pm_ucr3 (pc_ucr3). */
	table: ['kcr3', 'ucr3'],
	ipi: ['invlpg', 'invlrng', 'invltlb'],
	invpcidType: ['addr', 'ctx', 'ctxglob', 'allctx'],
	privilege: ['user', 'kernel'],
	/** ucr3_load_mask as pmap.c spells its two values. */
	ucr3Mask: ['PMAP_UCR3_NOMASK', '~CR3_PCID_SAVE'],
	faultReason: ['not-present', 'protection', 'user-kernel'],
	/**
	 * What drained a store buffer (--memory tso): a fence (lock-addl is
	 * atomic_thread_fence_seq_cst), a locked instruction, a serializing instruction
	 * (MOV to CR3 or CR4, INVLPG, IRETQ) or event (an interrupt, an exception), the APIC
	 * ICR write that sends an IPI.
	 */
	fenceInstr: ['lock-addl', 'mfence', 'xchg', 'lock-cmpxchg', 'lock-or', 'lock-and', 'lock-xadd', 'mov-cr3', 'mov-cr4', 'invlpg', 'iretq', 'interrupt', 'page-fault', 'icr-write'],
	/** Where a load found its value: the loading CPU's own store buffer, or memory. */
	loadSource: ['buffer', 'memory'],
} as const;

/**
 * What a field holds. `page` is a page number inside the engine and a `0x` byte address
 * outside; `?` kinds may be absent (`none` in text, null in JSON).
 */
export type FieldKind = 'pmap' | 'page' | 'page?' | 'cpu' | 'pcid' | 'generation' | 'count' | 'cpuset' | 'boolean' | 'pte?' | 'text' | keyof typeof fieldEnums;

/** The engine's value for a field of kind K. */
export type FieldValue<K extends FieldKind> = K extends 'pmap'
	? string
	: K extends 'page' | 'cpu' | 'pcid' | 'generation' | 'count'
		? number
		: K extends 'page?'
			? number | undefined
			: K extends 'cpuset'
				? CpuSet
				: K extends 'boolean'
					? boolean
					: K extends 'pte?'
						? PteValue | undefined
						: K extends 'text'
							? string
							: K extends keyof typeof fieldEnums
								? (typeof fieldEnums)[K][number]
								: never;

/** One event's row: whether cli.md/scenario-language.md contract it, what it means, its fields in order. */
export type EventSpec = {readonly contracted: boolean; readonly doc: string; readonly fields: Readonly<Record<string, FieldKind>>};

/** Every event, contracted ones first, each with its fields in the order traces print them. */
export const eventTable = {
	pte_store: {contracted: true, doc: 'A page-table entry was written.', fields: {pmap: 'pmap', va: 'page', old: 'pte?', new: 'pte?'}},
	pm_active_set: {contracted: true, doc: 'This CPU\'s bit in pm_active was set.', fields: {pmap: 'pmap'}},
	pm_active_clear: {contracted: true, doc: 'This CPU\'s bit in pm_active was cleared.', fields: {pmap: 'pmap'}},
	pm_active_read: {contracted: true, doc: 'An initiator read pm_active to choose IPI targets.', fields: {pmap: 'pmap', mask: 'cpuset'}},
	pm_gen_zero: {contracted: true, doc: 'The initiator zeroed pm_gen of the pmap for CPU target.', fields: {pmap: 'pmap', target: 'cpu'}},
	pcid_alloc: {contracted: true, doc: 'A fresh PCID was allocated on this CPU (pmap_pcid_alloc); pcid_gen is the CPU\'s generation, stored in pm_gen.', fields: {pmap: 'pmap', pcid: 'pcid', pcid_gen: 'generation'}},
	pcid_rollover: {contracted: true, doc: 'The CPU ran out of PCIDs and bumped its generation (pcid_gen).', fields: {pcid_gen: 'generation'}},
	cr3_load: {contracted: true, doc: 'MOV to %cr3 of table kcr3 (the full table) or ucr3 (the PTI user table); flush false means CR3_PCID_SAVE (bit 63) was set.', fields: {pmap: 'pmap', pcid: 'pcid', table: 'table', flush: 'boolean'}},
	ucr3_mask: {contracted: true, doc: 'The per-CPU ucr3_load_mask changed.', fields: {value: 'ucr3Mask'}},
	invlpg: {contracted: true, doc: 'INVLPG on this CPU, under the PCID loaded in its CR3.', fields: {va: 'page', pcid: 'pcid'}},
	invpcid: {contracted: true, doc: 'INVPCID on this CPU; va only for type addr.', fields: {type: 'invpcidType', pcid: 'pcid', va: 'page?'}},
	invltlb_glob: {contracted: true, doc: 'A full flush including global entries (CR4.PGE toggle).', fields: {}},
	ipi_send: {contracted: true, doc: 'A shootdown IPI was sent to CPU to (all: as one broadcast); va is absent for invltlb.', fields: {to: 'cpu', ipi: 'ipi', pmap: 'pmap', va: 'page?', all: 'boolean'}},
	ipi_handle: {contracted: true, doc: 'The target\'s invlop_handler took the request of CPU from.', fields: {from: 'cpu', ipi: 'ipi'}},
	ipi_ack: {contracted: true, doc: 'The target acknowledged the request of CPU from (before doing its work).', fields: {from: 'cpu'}},
	shootdown_done: {contracted: true, doc: 'The initiator\'s wait returned: the invalidation is complete.', fields: {pmap: 'pmap'}},
	tlb_hit: {contracted: true, doc: 'A TLB lookup hit.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid', pa: 'page', global: 'boolean'}},
	tlb_miss: {contracted: true, doc: 'A TLB lookup missed.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid'}},
	tlb_fill: {contracted: true, doc: 'A page walk filled the TLB.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid', pa: 'page', global: 'boolean'}},
	page_fault: {contracted: true, doc: 'No mapping, or a permission violation.', fields: {va: 'page', reason: 'faultReason'}},
	stale_use: {
		contracted: true,
		doc: 'A violation: a hit on a translation the page table no longer has (expected: what it has now, absent if nothing), after the invalidation that covers it completed.',
		fields: {pmap: 'pmap', va: 'page', pa: 'page', expected: 'page?'},
	},
	mode_switch: {contracted: true, doc: 'The CPU changed privilege level.', fields: {to: 'privilege'}},
	context_switch: {contracted: true, doc: 'pmap_activate_sw began (from and to are pmaps).', fields: {from: 'pmap', to: 'pmap'}},
	curpmap_set: {contracted: false, doc: 'pmap_activate_sw stored pc_curpmap (and pc_kcr3/pc_ucr3 under PTI).', fields: {pmap: 'pmap'}},
	shootdown_start: {
		contracted: false,
		doc: 'The initiator published its request and zeroed its scoreboard slots in the targets\' rows (smp_targeted_tlb_shootdown).',
		fields: {pmap: 'pmap', ipi: 'ipi', smp_tlb_gen: 'generation', targets: 'cpuset'},
	},
	handler_exit: {contracted: false, doc: 'invlop_handler found no more requests and returned from the interrupt.', fields: {}},
	pmap_pinit: {contracted: false, doc: 'pmap_release + pmap_pinit: the structure is reused for a new address space (active: pm_active then).', fields: {pmap: 'pmap', active: 'cpuset'}},
	sb_store: {
		contracted: false,
		doc: 'A plain store (MOV) entered this CPU\'s store buffer (--memory tso); memory sees it at its sb_flush. word names the location as the kernel does, value is what was stored, by the function that stored it.',
		fields: {word: 'text', value: 'text', by: 'text'},
	},
	sb_flush: {
		contracted: false,
		doc: 'The oldest store in this CPU\'s store buffer reached memory (--memory tso): on its own (a `cpuN flush` choice), or drained by the fence that follows.',
		fields: {word: 'text', value: 'text'},
	},
	fence: {
		contracted: false,
		doc: 'This CPU\'s store buffer was drained (--memory tso) by a fence, a locked instruction, or a serializing instruction or event (instr) in function by; drained is how many stores reached memory.',
		fields: {instr: 'fenceInstr', by: 'text', drained: 'count'},
	},
	pm_gen_read: {
		contracted: false,
		doc: 'pmap_pcid_alloc read this CPU\'s pm_pcidp entry of the pmap (--memory tso, where this load and the CR3 load after it are steps of their own): cached when pm_gen equals pcid_gen.',
		fields: {pmap: 'pmap', pm_gen: 'generation', pcid_gen: 'generation', cached: 'boolean'},
	},
	mem_store: {contracted: false, doc: 'A litmus-test store (MOV or XCHG) of value to word.', fields: {word: 'text', value: 'text'}},
	mem_load: {contracted: false, doc: 'A litmus-test load of word: value, found in this CPU\'s store buffer or in memory.', fields: {word: 'text', value: 'text', from: 'loadSource'}},
} as const satisfies Record<string, EventSpec>;

type Table = typeof eventTable;

/** Every event name. */
export type EventName = keyof Table;

/** What an event says, by name: derived from the table. */
export type EventBody = {
	[E in EventName]: {readonly event: E} & {readonly [F in keyof Table[E]['fields']]: Table[E]['fields'][F] extends FieldKind ? FieldValue<Table[E]['fields'][F]> : never};
}[EventName];

/** The fields every event has besides its own. */
export const commonFields = ['cpu', 'line', 'step'] as const;

/** EVENT's fields, in order, with their kinds. */
export function fieldsOf(event: EventName): ReadonlyArray<readonly [string, FieldKind]> {
	return Object.entries(eventTable[event].fields);
}
