/** Page-table bits as pmap.c names them, for every view that shows a PTE or a TLB entry. */
import type {Pte, TlbEntry} from '../engine/index.js';

/** The PTE bits a TLB entry caches beyond its permissions: PG_M (filled dirty), PG_G. */
export function entryFlags(entry: TlbEntry): string {
	return `${entry.dirty ? ' PG_M' : ''}${entry.global ? ' PG_G' : ''}`;
}

/** A PTE's PG_A, PG_M and PG_G bits, as pmap.c names them. */
export function pteFlags(pte: Pte): string {
	return `${pte.accessed ? ' PG_A' : ''}${pte.dirty ? ' PG_M' : ''}${pte.global ? ' PG_G' : ''}`;
}
