/**
 * Events: every micro-operation reports what it did as data (the names and fields of
 * scenario-language.md "Events"). Addresses are page numbers (`va`, `pa`); reports
 * format them as byte addresses. Pmaps are named as the scenario names them.
 */
import type {CpuSet} from './cpuset.js';
import type {Perms, Table, Ucr3Mask} from './state.js';

/**
 * A page table as the kernel names the roots it loads: `kcr3` for the pmap's full table
 * (pm_cr3, what pc_kcr3 holds under PTI) and `ucr3` for the PTI user table (pm_ucr3,
 * pc_ucr3). Scenarios may still write the old `kpt`/`upt` (event-fields.ts aliases).
 */
export type TableName = 'kcr3' | 'ucr3';

/** The name events and views give TABLE. */
export function tableName(table: Table): TableName {
	return table === 'kpt' ? 'kcr3' : 'ucr3';
}

/** ucr3_load_mask as pmap.c spells its two values. */
export type MaskName = 'PMAP_UCR3_NOMASK' | '~CR3_PCID_SAVE';

/** A PTE's value as pte_store reports it; undefined is "not mapped". */
export type PteValue = {readonly pa: number; readonly perms: Perms};

/** The IPI kinds of ipi_send/ipi_handle (smp_masked_invlpg, _invlpg_range, _invltlb). */
export type IpiKind = 'invlpg' | 'invlrng' | 'invltlb';

/** What an event says, by name. The contracted events come first. */
export type EventBody =
	| {readonly event: 'pte_store'; readonly pmap: string; readonly va: number; readonly old: PteValue | undefined; readonly new: PteValue | undefined}
	| {readonly event: 'pm_active_set'; readonly pmap: string}
	| {readonly event: 'pm_active_clear'; readonly pmap: string}
	| {readonly event: 'pm_active_read'; readonly pmap: string; readonly mask: CpuSet}
	| {readonly event: 'pm_gen_zero'; readonly pmap: string; readonly target: number}
	/** pcid_gen: the CPU's generation, which pmap_pcid_alloc stores in pm_gen. */
	| {readonly event: 'pcid_alloc'; readonly pmap: string; readonly pcid: number; readonly pcid_gen: number}
	| {readonly event: 'pcid_rollover'; readonly pcid_gen: number}
	| {readonly event: 'cr3_load'; readonly pmap: string; readonly pcid: number; readonly table: TableName; readonly flush: boolean}
	| {readonly event: 'ucr3_mask'; readonly value: MaskName}
	| {readonly event: 'invlpg'; readonly va: number; readonly pcid: number}
	| {readonly event: 'invpcid'; readonly type: 'addr' | 'ctx' | 'ctxglob' | 'allctx'; readonly pcid: number; readonly va: number | undefined}
	| {readonly event: 'invltlb_glob'}
	| {readonly event: 'ipi_send'; readonly to: number; readonly ipi: IpiKind; readonly pmap: string; readonly va: number | undefined; readonly all: boolean}
	| {readonly event: 'ipi_handle'; readonly from: number; readonly ipi: IpiKind}
	| {readonly event: 'ipi_ack'; readonly from: number}
	| {readonly event: 'shootdown_done'; readonly pmap: string}
	| {readonly event: 'tlb_hit'; readonly pmap: string; readonly va: number; readonly pcid: number; readonly pa: number; readonly global: boolean}
	| {readonly event: 'tlb_miss'; readonly pmap: string; readonly va: number; readonly pcid: number}
	| {readonly event: 'tlb_fill'; readonly pmap: string; readonly va: number; readonly pcid: number; readonly pa: number; readonly global: boolean}
	| {readonly event: 'page_fault'; readonly va: number; readonly reason: 'not-present' | 'protection' | 'user-kernel'}
	| {readonly event: 'stale_use'; readonly pmap: string; readonly va: number; readonly pa: number; readonly expected: number | undefined}
	| {readonly event: 'mode_switch'; readonly to: 'user' | 'kernel'}
	| {readonly event: 'context_switch'; readonly from: string; readonly to: string}
	// Extensions (not in the contract): they make every micro-operation visible.
	/** pmap_activate_sw's mode function stored pc_curpmap (and pc_kcr3/pc_ucr3 under PTI). */
	| {readonly event: 'curpmap_set'; readonly pmap: string}
	/** The initiator published its request and zeroed its scoreboard slots in the targets' rows. */
	| {readonly event: 'shootdown_start'; readonly pmap: string; readonly ipi: IpiKind; readonly smp_tlb_gen: number; readonly targets: CpuSet}
	/** invlop_handler found no more requests and returned from the interrupt. */
	| {readonly event: 'handler_exit'}
	/** pmap_release + pmap_pinit: the structure is reused for a new address space. */
	| {readonly event: 'pmap_pinit'; readonly pmap: string; readonly active: CpuSet};

/** Every event name, contracted ones first. */
export type EventName = EventBody['event'];

/** An event as the engine reports it: global step number, CPU and scenario line. */
export type EngineEvent = EventBody & {
	readonly step: number;
	readonly cpu: number;
	readonly line: number;
};

/** The contracted event names (scenario-language.md), for validating `expect count`. */
export const contractedEvents: readonly EventName[] = [
	'pte_store',
	'pm_active_set',
	'pm_active_clear',
	'pm_active_read',
	'pm_gen_zero',
	'pcid_alloc',
	'pcid_rollover',
	'cr3_load',
	'ucr3_mask',
	'invlpg',
	'invpcid',
	'invltlb_glob',
	'ipi_send',
	'ipi_handle',
	'ipi_ack',
	'shootdown_done',
	'tlb_hit',
	'tlb_miss',
	'tlb_fill',
	'page_fault',
	'stale_use',
	'mode_switch',
	'context_switch',
];

/** Every event name the engine emits. */
export const eventNames: readonly EventName[] = [...contractedEvents, 'curpmap_set', 'shootdown_start', 'handler_exit', 'pmap_pinit'];

/** A ucr3_load_mask value as pmap.c spells it: the `ucr3_mask` event's `value`, the panes, print. */
export function maskName(mask: Ucr3Mask): MaskName {
	return mask === 'nomask' ? 'PMAP_UCR3_NOMASK' : '~CR3_PCID_SAVE';
}
