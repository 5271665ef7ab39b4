/**
 * Events: every micro-operation reports what it did as data (the names and fields of
 * scenario-language.md "Events", defined once in event-table.ts). Addresses are page
 * numbers (`va`, `pa`); reports format them as byte addresses. Pmaps are named as the
 * scenario names them.
 */
import {eventTable, fieldEnums, type EventBody, type EventName} from './event-table.js';
import type {Ucr3Mask} from './state.js';

export type {EventBody, EventName, FieldKind, PteValue} from './event-table.js';

/** The IPI kinds of ipi_send/ipi_handle (smp_masked_invlpg, _invlpg_range, _invltlb). */
export type IpiKind = (typeof fieldEnums.ipi)[number];

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

/** Renders a ucr3_load_mask value as the `ucr3_mask` event's `value`. */
export function maskValue(mask: Ucr3Mask): 'save' | 'nosave' {
	return mask === 'nomask' ? 'save' : 'nosave';
}
