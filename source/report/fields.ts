/**
 * How event fields are shown: addresses (page numbers inside the engine) as byte
 * addresses, CPU sets as `{0,2}`, PCIDs in hex. Used by the text trace and by JSON.
 */
import {formatAddress, formatSet, type EngineEvent} from '../engine/index.js';

/** Field names whose values are page numbers. */
const addressFields = new Set(['va', 'pa', 'expected']);
/** Field names whose values are CPU sets. */
const setFields = new Set(['mask', 'targets', 'active']);

/** The event's own fields (without step, cpu, line and name), in contract order. */
export function eventFields(event: EngineEvent): Array<[string, unknown]> {
	const out: Array<[string, unknown]> = [];
	for (const [key, value] of Object.entries(event)) {
		if (key === 'step' || key === 'cpu' || key === 'line' || key === 'event') {
			continue;
		}

		out.push([key, value]);
	}

	return out;
}

/** A field value as the text trace shows it; undefined values are shown as `none`. */
export function formatField(key: string, value: unknown): string {
	if (value === undefined) {
		return 'none';
	}

	if (addressFields.has(key) && typeof value === 'number') {
		return formatAddress(value);
	}

	if (setFields.has(key) && typeof value === 'bigint') {
		return formatSet(value);
	}

	if (key === 'pcid' && typeof value === 'number') {
		return '0x' + value.toString(16);
	}

	if (typeof value === 'object' && value !== null && 'pa' in value && 'perms' in value) {
		const pte = value as {pa: number; perms: string};
		return `${formatAddress(pte.pa)}/${pte.perms}`;
	}

	return String(value);
}

/** A field value as JSON shows it: addresses as `0x` strings, sets as CPU lists. */
export function jsonField(key: string, value: unknown): unknown {
	if (value === undefined) {
		return null;
	}

	if (addressFields.has(key) && typeof value === 'number') {
		return formatAddress(value);
	}

	if (setFields.has(key) && typeof value === 'bigint') {
		return formatSet(value);
	}

	if (typeof value === 'object' && value !== null && 'pa' in value && 'perms' in value) {
		const pte = value as {pa: number; perms: string};
		return {pa: formatAddress(pte.pa), perms: pte.perms};
	}

	return value;
}
