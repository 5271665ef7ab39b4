/**
 * Page tables (spec 3.5) and the bookkeeping behind the stale-use checker (spec 6.1):
 * every PTE store gets a sequence number; a store that removes or restricts a mapping
 * is a "restricting change"; an invalidation that started after it and returned on its
 * initiator makes every TLB entry filled from an older version stale-and-forbidden.
 */
import {isKernelVpn} from './constants.js';
import type {StoreSiteName} from './memory/accesses.js';
import {beforeLocked, bufferStore, buffers} from './memory/store-buffer.js';
import {pteView} from './memory/views.js';
import type {PteImage} from './memory/words.js';
import {findPte, withPte} from './pte-table.js';
import type {InvalidateRange} from './program.js';
import {KERNEL_PMAP, VMSPACE0_PMAP, type Cr3, type Perms, type PmapId, type Pte} from './state.js';
import type {Tx} from './tx.js';

/** Whether PERMS allows writes / execution. */
export function canWrite(perms: Perms): boolean {
	return perms === 'rw' || perms === 'rwx';
}

/** True when going from OLD to NEW permissions takes a right away. */
export function restricts(old: Perms, next: Perms): boolean {
	return (canWrite(old) && !canWrite(next)) || (old.includes('x') && !next.includes('x'));
}

/**
 * The PTE a page walk from root CR3 finds for VPN, with its owner. Kernel addresses come
 * from kernel_pmap's PTEs, shared by every pmap's kernel table (pmap_pinit_pml4); a PTI
 * user table maps no kernel data beyond the trampoline, which the engine does not model.
 * User addresses come from the root pmap's PTEs, shared by its two tables.
 */
export function walk(tx: Tx, root: Cr3, vpn: number): {owner: PmapId; pte: Pte | undefined} {
	if (isKernelVpn(vpn)) {
		const pte = root.table === 'upt' ? undefined : findPte(tx.readPmap(KERNEL_PMAP).ptes, vpn);
		return {owner: KERNEL_PMAP, pte};
	}

	if (root.pmap === VMSPACE0_PMAP || root.pmap === KERNEL_PMAP) {
		return {owner: root.pmap, pte: undefined};
	}

	return {owner: root.pmap, pte: findPte(tx.readPmap(root.pmap).ptes, vpn)};
}

/** The PTE of (pmap, vpn), if one was ever written. */
export function readPte(tx: Tx, pmap: PmapId, vpn: number): Pte | undefined {
	return findPte(tx.readPmap(pmap).ptes, vpn);
}

/** Replaces one PTE record without a store (the accessed bit set by a page walk). */
export function setPteRecord(tx: Tx, pmap: PmapId, pte: Pte): void {
	const draft = tx.pmap(pmap);
	draft.ptes = withPte(draft.ptes, pte);
}

/**
 * A store of one PTE at SITE (pte_store, pte_load_store, pte_load_clear, atomic_cmpset_long:
 * memory/accesses.ts): NEW undefined clears it. Reports pte_store and returns the previous
 * value as this CPU loads it.
 *
 * The stale-use bookkeeping follows program order: a restricting change is recorded on
 * the page table when the store is made, even if (under tso, a MOV) it sits in the store
 * buffer, so that an invalidation the kernel calls after it covers it, and entries a
 * walker fills from the old value still in memory are judged against it.
 */
export function storePte(
	tx: Tx,
	cpu: number,
	line: number,
	pmap: PmapId,
	vpn: number,
	next: {pfn: number; perms: Perms; accessed: boolean; dirty?: boolean} | undefined,
	site: StoreSiteName,
): Pte | undefined {
	const buffered = buffers(tx, site);
	if (!buffered) {
		beforeLocked(tx, cpu, line, site);
	}

	const old = pteView(tx, cpu, pmap, vpn);
	const version = ++tx.seq;
	const wasValid = old?.valid === true;
	// Spec 6.1: removing or restricting a mapping, and clearing PG_M (a cached dirty entry
	// lets the CPU write without setting it again), are restricting changes.
	const cleaned = wasValid && old.dirty && next !== undefined && next.dirty !== true;
	const restricting = wasValid && (next === undefined || next.pfn !== old.pfn || restricts(old.perms, next.perms) || cleaned);
	const record: Pte = {
		vpn,
		valid: next !== undefined,
		pfn: next?.pfn ?? old?.pfn ?? 0,
		perms: next?.perms ?? old?.perms ?? 'r',
		// pmap_bootstrap: pg_g is X86_PG_G without PTI and 0 with it.
		global: pmap === KERNEL_PMAP && !tx.base.config.pti,
		accessed: next?.accessed ?? false,
		dirty: next?.dirty ?? false,
		version,
		lastRestrict: restricting ? version : old?.lastRestrict ?? 0,
		forbiddenBefore: old?.forbiddenBefore ?? 0,
		pendingRestricts: restricting ? [...(old?.pendingRestricts ?? []), version] : old?.pendingRestricts ?? [],
	};
	if (buffered) {
		// Memory keeps its value (a page that never had an entry gets an invalid one) and
		// takes the bookkeeping now; the value follows when the store reaches memory.
		const inMemory = readPte(tx, pmap, vpn) ?? {...record, valid: false, pfn: 0, perms: 'r', accessed: false, dirty: false, version: 0};
		setPteRecord(tx, pmap, {...inMemory, lastRestrict: record.lastRestrict, pendingRestricts: record.pendingRestricts});
	} else {
		setPteRecord(tx, pmap, record);
	}

	tx.emit(cpu, line, {
		event: 'pte_store',
		pmap: tx.name(pmap),
		va: vpn,
		old: wasValid ? {pa: old.pfn, perms: old.perms} : undefined,
		new: next === undefined ? undefined : {pa: next.pfn, perms: next.perms},
	});
	if (buffered) {
		const value: PteImage = {valid: record.valid, pfn: record.pfn, perms: record.perms, accessed: record.accessed, dirty: record.dirty, version};
		bufferStore(tx, cpu, line, site, {word: 'pte', pmap, vpn, value, line});
	}

	return old;
}

/**
 * A buffered PTE store reaches memory (memory/store-buffer.ts): the value and the version
 * it was stamped with; the bookkeeping was recorded when it was made.
 */
export function writePteImage(tx: Tx, pmap: PmapId, vpn: number, image: PteImage): void {
	const record = readPte(tx, pmap, vpn)!;
	const {valid, pfn, perms, accessed, dirty, version} = image;
	setPteRecord(tx, pmap, {...record, valid, pfn, perms, accessed, dirty, version});
}

/** Whether RANGE covers VPN. */
export function covers(range: InvalidateRange, vpn: number): boolean {
	switch (range.kind) {
		case 'page': {
			return vpn === range.vpn;
		}

		case 'range': {
			return vpn >= range.sva && vpn < range.eva;
		}

		case 'all': {
			return true;
		}

		default: {
			return range satisfies never;
		}
	}
}

/**
 * An invalidation of RANGE in PMAP that started at sequence number SEQ0 has returned on
 * its initiator: every restricting change up to SEQ0 in the range is now covered.
 */
export function completeInvalidation(tx: Tx, pmap: PmapId, range: InvalidateRange, seq0: number): void {
	const {ptes} = tx.readPmap(pmap);
	let next: Pte[] | undefined;
	for (const [index, pte] of ptes.entries()) {
		if (pte.pendingRestricts.length === 0 || pte.pendingRestricts[0]! > seq0 || !covers(range, pte.vpn)) {
			continue;
		}

		const covered = pte.pendingRestricts.filter(r => r <= seq0);
		next ??= ptes.slice();
		next[index] = {
			...pte,
			forbiddenBefore: Math.max(pte.forbiddenBefore, covered.at(-1)!),
			pendingRestricts: pte.pendingRestricts.filter(r => r > seq0),
		};
	}

	if (next !== undefined) {
		tx.pmap(pmap).ptes = next;
	}
}
