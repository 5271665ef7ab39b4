/**
 * How event fields are shown, by the kind the engine's event table gives each field:
 * addresses (page numbers inside the engine) as byte addresses, CPU sets as `{0,2}`,
 * PCIDs in hex in text and as numbers in JSON. Used by the text trace, the panes, the
 * debugger's messages and JSON.
 */
import {eventTable, formatAddress, formatSet, type EngineEvent, type EventName, type FieldKind, type PteValue} from '../engine/index.js';

/** A field's kind: the table's, or `number` for the common fields (cpu, line, step). */
export function fieldKind(event: EventName, key: string): FieldKind | 'number' {
	return (eventTable[event].fields as Readonly<Record<string, FieldKind>>)[key] ?? 'number';
}

/** The event's own fields (without step, cpu, line and name), in table order, with their kinds. */
export function eventFields(event: EngineEvent): Array<[string, unknown, FieldKind]> {
	const record = event as unknown as Record<string, unknown>;
	return Object.entries(eventTable[event.event].fields as Readonly<Record<string, FieldKind>>).map(([key, kind]) => [key, record[key], kind]);
}

/** A value of KIND as text; absent values are `none`. */
export function formatValue(kind: FieldKind | 'number', value: unknown): string {
	if (value === undefined) {
		return 'none';
	}

	switch (kind) {
		case 'page':
		case 'page?': {
			return formatAddress(value as number);
		}

		case 'cpuset': {
			return formatSet(value as bigint);
		}

		case 'pcid': {
			return '0x' + (value as number).toString(16);
		}

		case 'pte?': {
			const pte = value as PteValue;
			return `${formatAddress(pte.pa)}/${pte.perms}`;
		}

		default: {
			return String(value);
		}
	}
}

/** A value of KIND as JSON shows it: addresses as `0x` strings, sets as `{0,2}`, absent as null. */
export function jsonValue(kind: FieldKind | 'number', value: unknown): unknown {
	if (value === undefined) {
		return null;
	}

	switch (kind) {
		case 'page':
		case 'page?': {
			return formatAddress(value as number);
		}

		case 'cpuset': {
			return formatSet(value as bigint);
		}

		case 'pte?': {
			const pte = value as PteValue;
			return {pa: formatAddress(pte.pa), perms: pte.perms};
		}

		default: {
			return value;
		}
	}
}

/** A field of EVENT as text (for filters, which also name cpu, line and step). */
export function formatField(event: EventName, key: string, value: unknown): string {
	return formatValue(fieldKind(event, key), value);
}

/** The event's fields as `key=value` words: `pmap=P va=0x400000 pcid=0x2`. */
export function fieldText(event: EngineEvent): string {
	return eventFields(event)
		.map(([key, value, kind]) => `${key}=${formatValue(kind, value)}`)
		.join(' ');
}

/** The event's own fields as JSON values, in table order. */
export function jsonFields(event: EngineEvent): Record<string, unknown> {
	return Object.fromEntries(eventFields(event).map(([key, value, kind]) => [key, jsonValue(kind, value)]));
}

/** A value of KIND as JSON holds it (jsonValue's output), as the text trace shows it. */
export function formatJsonValue(kind: FieldKind | 'number', value: unknown): string {
	if (value === null || value === undefined) {
		return 'none';
	}

	if (kind === 'pcid' && typeof value === 'number') {
		return '0x' + value.toString(16);
	}

	if (kind === 'pte?' && typeof value === 'object') {
		const pte = value as {pa: string; perms: string};
		return `${pte.pa}/${pte.perms}`;
	}

	return String(value);
}
