/** Evaluating one expectation against the machine state and the events so far. */
import {formatAddress, formatSet, fromMembers, type EngineEvent, type MachineState} from '../engine/index.js';
import {formatField} from '../report/fields.js';
import {parseNumber} from '../report/number.js';
import type {Op} from '../scenario/ast.js';
import type {Check} from '../scenario/expectations.js';

function compare(left: number, op: Op, right: number): boolean {
	switch (op) {
		case '==': {
			return left === right;
		}

		case '!=': {
			return left !== right;
		}

		case '>=': {
			return left >= right;
		}

		case '<=': {
			return left <= right;
		}

		case '>': {
			return left > right;
		}

		case '<': {
			return left < right;
		}

		default: {
			return op satisfies never;
		}
	}
}

/** Whether EVENT has every FIELD=VALUE of FILTERS (values compared as written). */
export function matchesFilters(event: EngineEvent, filters: ReadonlyArray<readonly [string, string]>): boolean {
	const record = event as unknown as Record<string, unknown>;
	for (const [field, wanted] of filters) {
		const value = record[field];
		if (value === undefined) {
			return false;
		}

		const shown = formatField(event.event, field, value);
		if (shown === wanted) {
			continue;
		}

		// Numbers may be written in decimal or hex: compare values.
		const wantedValue = parseNumber(wanted);
		const shownValue = parseNumber(shown);
		if (wantedValue !== undefined && wantedValue === shownValue) {
			continue;
		}

		return false;
	}

	return true;
}

/** Checks CHECK; `detail` says what was found when it fails. */
export function evaluate(check: Check, state: MachineState, events: readonly EngineEvent[]): {ok: boolean; detail: string} {
	switch (check.kind) {
		case 'tlb': {
			const entries = state.cpus[check.cpu]!.tlb.filter(
				entry => entry.owner === check.pmap && entry.vpn === check.vpn && (check.pfn === undefined || entry.pfn === check.pfn),
			);
			const found = state.cpus[check.cpu]!.tlb.filter(entry => entry.owner === check.pmap && entry.vpn === check.vpn);
			const shown = found.map(entry => `pcid 0x${entry.pcid.toString(16)} -> ${formatAddress(entry.pfn)}`).join(', ') || 'no entry';
			const ok = check.has ? entries.length > 0 : found.length === 0;
			return {ok, detail: ok ? '' : `found ${shown}`};
		}

		case 'pm_active': {
			const actual = state.pmaps[check.pmap]!.active;
			const ok = actual === fromMembers(check.cpus);
			return {ok, detail: ok ? '' : `pm_active is ${formatSet(actual)}`};
		}

		case 'pm_gen': {
			const gen = state.pmaps[check.pmap]!.pcids[check.cpu]!.gen;
			const ok = compare(gen, check.op, check.value);
			return {ok, detail: ok ? '' : `pm_gen is ${gen}`};
		}

		case 'count': {
			let count = 0;
			for (const event of events) {
				if (event.event === check.event && matchesFilters(event, check.filters)) {
					count++;
				}
			}

			const ok = compare(count, check.op, check.n);
			return {ok, detail: ok ? '' : `counted ${count}`};
		}

		case 'mm_cpumask': {
			const actual = state.pmaps[check.pmap]!.active;
			const ok = actual === fromMembers(check.cpus);
			return {ok, detail: ok ? '' : `mm_cpumask is ${formatSet(actual)}`};
		}

		case 'tlb_gen': {
			const gen = state.pmaps[check.pmap]!.mm?.tlbGen ?? 0;
			const ok = compare(gen, check.op, check.value);
			return {ok, detail: ok ? '' : `tlb_gen is ${gen}`};
		}

		case 'loaded_mm': {
			const loaded = state.cpus[check.cpu]!.lx?.loadedMm;
			const ok = loaded === check.pmap;
			const shown = loaded === undefined ? 'none' : loaded < 0 ? 'LOADED_MM_SWITCHING' : state.pmaps[loaded]!.name;
			return {ok, detail: ok ? '' : `loaded_mm is ${shown}`};
		}

		case 'is_lazy': {
			const lazy = state.cpus[check.cpu]!.lx?.isLazy ?? false;
			const ok = lazy === check.value;
			return {ok, detail: ok ? '' : `is_lazy is ${lazy}`};
		}

		case 'no-stale': {
			const ok = state.staleUses === 0;
			return {ok, detail: ok ? '' : `${state.staleUses} stale use${state.staleUses === 1 ? '' : 's'}`};
		}

		case 'stale': {
			const ok = state.staleUses > 0;
			return {ok, detail: ok ? '' : 'no stale use'};
		}

		default: {
			return check satisfies never;
		}
	}
}
