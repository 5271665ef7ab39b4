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
	/**
	 * What Linux's flush_tlb_func did (arch/x86/mm/tlb.c): a partial flush (INVLPG per
	 * page), a full flush of the loaded ASID, nothing because this CPU had caught up
	 * (f->new_tlb_gen <= local_tlb_gen, or local_tlb_gen == mm_tlb_gen), nothing but
	 * clearing a stale mm_cpumask bit (f->mm is not loaded), nothing on init_mm, or the
	 * switch of a lazy CPU to init_mm.
	 */
	flushKind: ['partial', 'full', 'up-to-date', 'caught-up', 'not-loaded', 'init_mm', 'lazy'],
	/** How Linux's switch_mm_irqs_off chose the ASID: a ctxs[] slot holding next's ctx_id, a new slot (next_asid, round robin), the lazy mm kept, or ASID 0 without PCID. */
	asidSlot: ['cached', 'new', 'lazy', 'nopcid'],
	/** Why should_flush_tlb answered as it did: the CPU is lazy, a kernel flush (no mm), the mm is loaded there, trim_cpumask, or only a stale mm_cpumask bit. */
	flushReason: ['lazy', 'kernel', 'loaded', 'trim', 'not-loaded'],
	/** The function a Linux TLB IPI runs (smp_call_function_many_cond's func). */
	flushFunc: ['flush_tlb_func', 'do_flush_tlb_all', 'do_kernel_range_flush'],
} as const;

/**
 * What a field holds. `page` is a page number inside the engine and a `0x` byte address
 * outside; `?` kinds may be absent (`none` in text, null in JSON).
 */
export type FieldKind = 'pmap' | 'page' | 'page?' | 'cpu' | 'pcid' | 'generation' | 'count' | 'cpuset' | 'boolean' | 'pte?' | 'text' | 'asid' | 'ctx_id' | keyof typeof fieldEnums;

/** The engine's value for a field of kind K. */
export type FieldValue<K extends FieldKind> = K extends 'pmap'
	? string
	: K extends 'page' | 'cpu' | 'pcid' | 'generation' | 'count' | 'asid' | 'ctx_id'
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

/**
 * Which kernel reports an event: the hardware's events (and the generic moments of a
 * context switch, a shootdown's end and a handler's return) under both, the others
 * under the kernel whose words they are.
 */
export type EventKernel = 'both' | 'freebsd' | 'linux';

/** One event's row: whether cli.md/scenario-language.md contract it, what it means, its fields in order, whose it is. */
export type EventSpec = {readonly contracted: boolean; readonly doc: string; readonly fields: Readonly<Record<string, FieldKind>>; readonly kernel: EventKernel};

/** Every event, contracted ones first, each with its fields in the order traces print them. */
export const eventTable = {
	pte_store: {kernel: 'both', contracted: true, doc: 'A page-table entry was written.', fields: {pmap: 'pmap', va: 'page', old: 'pte?', new: 'pte?'}},
	pm_active_set: {kernel: 'freebsd', contracted: true, doc: 'This CPU\'s bit in pm_active was set.', fields: {pmap: 'pmap'}},
	pm_active_clear: {kernel: 'freebsd', contracted: true, doc: 'This CPU\'s bit in pm_active was cleared.', fields: {pmap: 'pmap'}},
	pm_active_read: {kernel: 'freebsd', contracted: true, doc: 'An initiator read pm_active to choose IPI targets.', fields: {pmap: 'pmap', mask: 'cpuset'}},
	pm_gen_zero: {kernel: 'freebsd', contracted: true, doc: 'The initiator zeroed pm_gen of the pmap for CPU target.', fields: {pmap: 'pmap', target: 'cpu'}},
	pcid_alloc: {kernel: 'freebsd', contracted: true, doc: 'A fresh PCID was allocated on this CPU (pmap_pcid_alloc); pcid_gen is the CPU\'s generation, stored in pm_gen.', fields: {pmap: 'pmap', pcid: 'pcid', pcid_gen: 'generation'}},
	pcid_rollover: {kernel: 'freebsd', contracted: true, doc: 'The CPU ran out of PCIDs and bumped its generation (pcid_gen).', fields: {pcid_gen: 'generation'}},
	cr3_load: {kernel: 'both', contracted: true, doc: 'MOV to %cr3 of table kcr3 (the full table) or ucr3 (the PTI user table); flush false means CR3_PCID_SAVE (bit 63; Linux: CR3_NOFLUSH) was set.', fields: {pmap: 'pmap', pcid: 'pcid', table: 'table', flush: 'boolean'}},
	ucr3_mask: {kernel: 'freebsd', contracted: true, doc: 'The per-CPU ucr3_load_mask changed.', fields: {value: 'ucr3Mask'}},
	invlpg: {kernel: 'both', contracted: true, doc: 'INVLPG on this CPU, under the PCID loaded in its CR3.', fields: {va: 'page', pcid: 'pcid'}},
	invpcid: {kernel: 'both', contracted: true, doc: 'INVPCID on this CPU; va only for type addr.', fields: {type: 'invpcidType', pcid: 'pcid', va: 'page?'}},
	invltlb_glob: {kernel: 'both', contracted: true, doc: 'A full flush including global entries (CR4.PGE toggle).', fields: {}},
	ipi_send: {kernel: 'both', contracted: true, doc: 'A shootdown IPI was sent to CPU to (all: as one broadcast); va is absent for invltlb. Linux: CALL_FUNCTION_VECTOR from smp_call_function_many_cond, ipi naming the flush_tlb_info (one page, a range, everything).', fields: {to: 'cpu', ipi: 'ipi', pmap: 'pmap', va: 'page?', all: 'boolean'}},
	ipi_handle: {kernel: 'both', contracted: true, doc: 'The target\'s handler took the request of CPU from (FreeBSD invlop_handler; Linux flush_smp_call_function_queue running a csd).', fields: {from: 'cpu', ipi: 'ipi'}},
	ipi_ack: {kernel: 'both', contracted: true, doc: 'The target acknowledged the request of CPU from (FreeBSD: before doing its work; Linux: csd_unlock after the function ran, CSD_TYPE_SYNC).', fields: {from: 'cpu'}},
	shootdown_done: {kernel: 'both', contracted: true, doc: 'The initiator\'s wait returned: the invalidation is complete (FreeBSD pmap_invalidate_*; Linux flush_tlb_mm_range, flush_tlb_kernel_range, flush_tlb_all).', fields: {pmap: 'pmap'}},
	tlb_hit: {kernel: 'both', contracted: true, doc: 'A TLB lookup hit.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid', pa: 'page', global: 'boolean'}},
	tlb_miss: {kernel: 'both', contracted: true, doc: 'A TLB lookup missed.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid'}},
	tlb_fill: {kernel: 'both', contracted: true, doc: 'A page walk filled the TLB.', fields: {pmap: 'pmap', va: 'page', pcid: 'pcid', pa: 'page', global: 'boolean'}},
	page_fault: {kernel: 'both', contracted: true, doc: 'No mapping, or a permission violation.', fields: {va: 'page', reason: 'faultReason'}},
	stale_use: {
		kernel: 'both',
		contracted: true,
		doc: 'A violation: a hit on a translation the page table no longer has (expected: what it has now, absent if nothing), after the invalidation that covers it completed.',
		fields: {pmap: 'pmap', va: 'page', pa: 'page', expected: 'page?'},
	},
	mode_switch: {kernel: 'both', contracted: true, doc: 'The CPU changed privilege level.', fields: {to: 'privilege'}},
	context_switch: {kernel: 'both', contracted: true, doc: 'A context switch began (from and to are address spaces): FreeBSD pmap_activate_sw; Linux context_switch, to a task of an mm or to a kernel thread (kernel).', fields: {from: 'pmap', to: 'pmap'}},
	curpmap_set: {kernel: 'freebsd', contracted: false, doc: 'pmap_activate_sw stored pc_curpmap (and pc_kcr3/pc_ucr3 under PTI).', fields: {pmap: 'pmap'}},
	shootdown_start: {
		kernel: 'freebsd',
		contracted: false,
		doc: 'The initiator published its request and zeroed its scoreboard slots in the targets\' rows (smp_targeted_tlb_shootdown).',
		fields: {pmap: 'pmap', ipi: 'ipi', smp_tlb_gen: 'generation', targets: 'cpuset'},
	},
	handler_exit: {kernel: 'both', contracted: false, doc: 'The IPI handler found no more work and returned from the interrupt (FreeBSD invlop_handler; Linux flush_smp_call_function_queue).', fields: {}},
	pmap_pinit: {kernel: 'freebsd', contracted: false, doc: 'pmap_release + pmap_pinit: the structure is reused for a new address space (active: pm_active then).', fields: {pmap: 'pmap', active: 'cpuset'}},
	loaded_mm: {kernel: 'linux', contracted: false, doc: 'this_cpu_write(cpu_tlbstate.loaded_mm, mm) (LOADED_MM_SWITCHING while CR3 changes) with loaded_mm_asid.', fields: {mm: 'pmap', asid: 'asid'}},
	is_lazy: {kernel: 'linux', contracted: false, doc: 'cpu_tlbstate_shared.is_lazy was stored: enter_lazy_tlb (true), switch_mm_irqs_off leaving lazy mode (false).', fields: {value: 'boolean'}},
	mm_cpumask_set: {kernel: 'linux', contracted: false, doc: 'switch_mm_irqs_off: cpumask_set_cpu(cpu, mm_cpumask(next)), a locked bit set.', fields: {mm: 'pmap'}},
	mm_cpumask_clear: {kernel: 'linux', contracted: false, doc: 'flush_tlb_func found f->mm not loaded and cleared this CPU\'s stale bit (cpumask_clear_cpu).', fields: {mm: 'pmap'}},
	mm_cpumask_read: {kernel: 'linux', contracted: false, doc: 'An initiator read mm_cpumask(mm): cpumask_any_but in flush_tlb_mm_range, the cfd->cpumask copy in smp_call_function_many_cond.', fields: {mm: 'pmap', mask: 'cpuset'}},
	tlb_gen_inc: {kernel: 'linux', contracted: false, doc: 'inc_mm_tlb_gen: atomic64_inc_return(&mm->context.tlb_gen), a full barrier; tlb_gen is the new generation.', fields: {mm: 'pmap', tlb_gen: 'generation'}},
	choose_new_asid: {
		kernel: 'linux',
		contracted: false,
		doc: 'switch_mm_irqs_off read next\'s tlb_gen and chose an ASID: a ctxs[] slot with next\'s ctx_id (flush if its tlb_gen is older), a new slot from next_asid, or the lazy mm\'s own.',
		fields: {mm: 'pmap', asid: 'asid', tlb_gen: 'generation', need_flush: 'boolean', slot: 'asidSlot'},
	},
	ctxs_set: {kernel: 'linux', contracted: false, doc: 'this_cpu_write(cpu_tlbstate.ctxs[asid]): the slot\'s ctx_id and the tlb_gen its TLB entries are at least as new as (0/0: clear_asid_other).', fields: {asid: 'asid', ctx_id: 'ctx_id', tlb_gen: 'generation'}},
	invalidate_user_asid: {kernel: 'linux', contracted: false, doc: 'PTI: __set_bit(kern_pcid(asid), user_pcid_flush_mask): the next return to user flushes the user PCID.', fields: {asid: 'asid', pcid: 'pcid'}},
	invalidate_other: {kernel: 'linux', contracted: false, doc: 'PTI: flush_tlb_one_kernel set cpu_tlbstate.invalidate_other: the other ASIDs lose their ctx_id at the next choose_new_asid (clear_asid_other).', fields: {}},
	should_flush_tlb: {kernel: 'linux', contracted: false, doc: 'The initiator\'s cond_func for CPU to (native_flush_tlb_multi): reads is_lazy and loaded_mm of that CPU.', fields: {to: 'cpu', result: 'boolean', reason: 'flushReason'}},
	csd_queue: {kernel: 'linux', contracted: false, doc: 'smp_call_function_many_cond: csd_lock and llist_add to CPU to\'s call_single_queue; ipi says the queue was empty (an IPI goes out).', fields: {to: 'cpu', func: 'flushFunc', ipi: 'boolean'}},
	flush_tlb_func: {
		kernel: 'linux',
		contracted: false,
		doc: 'flush_tlb_func on this CPU: what it did with local_tlb_gen (ctxs[loaded_mm_asid].tlb_gen), f->new_tlb_gen and mm_tlb_gen (0 when not read).',
		fields: {mm: 'pmap', flush: 'flushKind', local_tlb_gen: 'generation', new_tlb_gen: 'generation', mm_tlb_gen: 'generation'},
	},
	init_new_context: {kernel: 'linux', contracted: false, doc: 'exit_mmap and mm_alloc reuse the mm: init_new_context gives it a new ctx_id and tlb_gen 0 (mask: the mm_cpumask it had).', fields: {mm: 'pmap', ctx_id: 'ctx_id', mask: 'cpuset'}},
	sb_store: {
		kernel: 'freebsd',
		contracted: false,
		doc: 'A plain store (MOV) entered this CPU\'s store buffer (--memory tso); memory sees it at its sb_flush. word names the location as the kernel does, value is what was stored, by the function that stored it.',
		fields: {word: 'text', value: 'text', by: 'text'},
	},
	sb_flush: {
		kernel: 'freebsd',
		contracted: false,
		doc: 'The oldest store in this CPU\'s store buffer reached memory (--memory tso): on its own (a `cpuN flush` choice), or drained by the fence that follows.',
		fields: {word: 'text', value: 'text'},
	},
	fence: {
		kernel: 'freebsd',
		contracted: false,
		doc: 'This CPU\'s store buffer was drained (--memory tso) by a fence, a locked instruction, or a serializing instruction or event (instr) in function by; drained is how many stores reached memory.',
		fields: {instr: 'fenceInstr', by: 'text', drained: 'count'},
	},
	pm_gen_read: {
		kernel: 'freebsd',
		contracted: false,
		doc: 'pmap_pcid_alloc read this CPU\'s pm_pcidp entry of the pmap (--memory tso, where this load and the CR3 load after it are steps of their own): cached when pm_gen equals pcid_gen.',
		fields: {pmap: 'pmap', pm_gen: 'generation', pcid_gen: 'generation', cached: 'boolean'},
	},
	mem_store: {kernel: 'both', contracted: false, doc: 'A litmus-test store (MOV or XCHG) of value to word.', fields: {word: 'text', value: 'text'}},
	mem_load: {kernel: 'both', contracted: false, doc: 'A litmus-test load of word: value, found in this CPU\'s store buffer or in memory.', fields: {word: 'text', value: 'text', from: 'loadSource'}},
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
