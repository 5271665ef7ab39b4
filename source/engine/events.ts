/**
 * Events: every micro-operation reports what it did as data (the names and fields of
 * scenario-language.md "Events", defined once in event-table.ts). Addresses are page
 * numbers (`va`, `pa`); reports format them as byte addresses. Pmaps are named as the
 * scenario names them.
 */
import {eventTable, fieldEnums, type EventBody, type EventName} from './event-table.js';
import type {Table, Ucr3Mask} from './state.js';

export type {EventBody, EventName, FieldKind, PteValue} from './event-table.js';

/** The IPI kinds of ipi_send/ipi_handle (smp_masked_invlpg, _invlpg_range, _invltlb). */
export type IpiKind = (typeof fieldEnums.ipi)[number];

/** A page table as the kernel names the roots it loads (event-table.ts fieldEnums.table). */
export type TableName = (typeof fieldEnums.table)[number];

/** The name events and views give TABLE. */
export function tableName(table: Table): TableName {
	return table === 'kpt' ? 'kcr3' : 'ucr3';
}

/** ucr3_load_mask as pmap.c spells its two values. */
export type MaskName = (typeof fieldEnums.ucr3Mask)[number];

/** An event as the engine reports it: global step number, CPU and scenario line. */
export type EngineEvent = EventBody & {
	readonly step: number;
	readonly cpu: number;
	readonly line: number;
};

/** Every event name the engine emits, contracted ones first. */
export const eventNames = Object.keys(eventTable) as EventName[];

/** The contracted event names (scenario-language.md), for validating `expect count`. */
export const contractedEvents: readonly EventName[] = eventNames.filter(name => eventTable[name].contracted);

/** A ucr3_load_mask value as pmap.c spells it: the `ucr3_mask` event's `value`, the panes, print. */
export function maskName(mask: Ucr3Mask): MaskName {
	return mask === 'nomask' ? 'PMAP_UCR3_NOMASK' : '~CR3_PCID_SAVE';
}
