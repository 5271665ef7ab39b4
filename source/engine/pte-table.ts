/**
 * A pmap's leaf PTEs as an array sorted by page number. Copy-on-write of a small array
 * is a memcpy, where copying a Map rebuilds a hash table (30 times slower for a few
 * dozen entries); lookups are a binary search.
 */
import type {Pte} from './state.js';

/** Index of VPN in TABLE, or -(insertion point) - 1. */
function search(table: readonly Pte[], vpn: number): number {
	let lo = 0;
	let hi = table.length - 1;
	while (lo <= hi) {
		const mid = (lo + hi) >>> 1;
		const at = table[mid]!.vpn;
		if (at === vpn) {
			return mid;
		}

		if (at < vpn) {
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}

	return -lo - 1;
}

/** The PTE record of VPN, if one was ever written. */
export function findPte(table: readonly Pte[], vpn: number): Pte | undefined {
	const index = search(table, vpn);
	return index >= 0 ? table[index] : undefined;
}

/** TABLE with PTE stored (replacing the record of the same page). */
export function withPte(table: readonly Pte[], pte: Pte): Pte[] {
	const index = search(table, pte.vpn);
	const out = table.slice();
	if (index >= 0) {
		out[index] = pte;
	} else {
		out.splice(-index - 1, 0, pte);
	}

	return out;
}

/**
 * The first page at or after FROM and below END with a valid PTE in TABLE, or END: how
 * pmap_remove and pmap_protect step over what is not mapped (they skip a PML4, PDP or
 * PD entry without PG_V in one `va_next` step), so a range costs the PTEs that exist
 * in it, not its size.
 */
export function nextValidVpn(table: readonly Pte[], from: number, end: number): number {
	const found = search(table, from);
	for (let index = found >= 0 ? found : -found - 1; index < table.length; index++) {
		const pte = table[index]!;
		if (pte.vpn >= end) {
			break;
		}

		if (pte.valid) {
			return pte.vpn;
		}
	}

	return end;
}
