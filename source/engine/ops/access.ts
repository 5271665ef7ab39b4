/**
 * A memory access (`read`/`write`): a TLB lookup under the current PCID, else a page
 * walk of the table in %cr3 and a fill (spec 1.1). Kernel-mode accesses to user
 * addresses model copyin/copyout, which go through the kernel page table. The stale-use
 * checker of spec 6.1 runs on every hit.
 */
import {isUserVpn} from '../constants.js';
import {ALL, PGM, PTE, type Operation} from '../footprint.js';
import type {Frame} from '../frames.js';
import {lookup} from '../hardware.js';
import {fence} from '../memory/store-buffer.js';
import {canWrite, readPte, setPteRecord, walk} from '../pagetable.js';
import {KERNEL_PMAP, type Perms, type TlbEntry} from '../state.js';
import type {Tx} from '../tx.js';

/** How many translations a TLB holds before the oldest is evicted. */
export const TLB_CAPACITY = 64;

/** Whether an access of this kind may use a translation with these rights. */
function permits(perms: Perms, userPage: boolean, write: boolean, userMode: boolean): boolean {
	return (!write || canWrite(perms)) && (!userMode || userPage);
}

/** Performs one access of page VPN on CPU `id`. */
export function access(tx: Tx, id: number, line: number, vpn: number, write: boolean): void {
	const cpu = tx.readCpu(id);
	const {pcid} = cpu.cr3;
	const userMode = cpu.mode === 'user';
	let hit = lookup(cpu.tlb, vpn, pcid);
	if (hit !== undefined && write && !hit.dirty && canWrite(hit.perms)) {
		// A write through a clean entry: the processor walks the page table again to set
		// PG_M, and uses what it finds there (SDM vol. 3 4.8).
		tx.cpu(id).tlb = cpu.tlb.filter(entry => entry !== hit);
		hit = undefined;
	}

	if (hit !== undefined) {
		if (!permits(hit.perms, hit.user, write, userMode)) {
			pageFault(tx, id, line, vpn, 'protection');
			return;
		}

		tx.emit(id, line, {event: 'tlb_hit', pmap: tx.name(hit.owner), va: vpn, pcid: hit.pcid, pa: hit.pfn, global: hit.global});
		checkStale(tx, id, line, hit);
		return;
	}

	// The page walk reads memory, never this CPU's store buffer: the SDM says a walk may
	// appear to execute before an earlier write to the paging-structure entry when no
	// serializing instruction lies between them (Vol. 3A 4.10.4.3 "Optional Invalidation",
	// 4.10.3.3 in 253668-032US), and excludes "reads from memory by the processor as part
	// of address translation (e.g., page walks)" from its ordering rules (8.2.3.1). A
	// walker on another CPU sees only memory. Its PG_A/PG_M update below is a locked
	// update of memory (8.1.2.1 "Automatic Locking") that orders none of this CPU's own
	// stores (8.2.3.1 excludes it too).
	const {owner, pte} = walk(tx, cpu.cr3, vpn);
	tx.emit(id, line, {event: 'tlb_miss', pmap: tx.name(owner), va: vpn, pcid});
	if (pte === undefined || !pte.valid) {
		pageFault(tx, id, line, vpn, 'not-present');
		return;
	}

	const userPage = isUserVpn(vpn);
	if (!permits(pte.perms, userPage, write, userMode)) {
		pageFault(tx, id, line, vpn, 'protection');
		return;
	}

	// The walk sets PG_A (and PG_M for a write) in the PTE: a locked update by the MMU,
	// not a pmap store.
	const dirty = pte.dirty || write;
	if (!pte.accessed || dirty !== pte.dirty) {
		setPteRecord(tx, owner, {...pte, accessed: true, dirty});
	}

	const entry: TlbEntry = {
		vpn,
		pcid,
		global: pte.global,
		pfn: pte.pfn,
		perms: pte.perms,
		user: userPage,
		dirty,
		owner,
		via: cpu.cr3.pmap,
		table: cpu.cr3.table,
		version: pte.version,
	};
	const current = tx.readCpu(id).tlb;
	const tlb = current.length >= TLB_CAPACITY ? current.slice(1) : current.slice();
	tlb.push(entry);
	tx.cpu(id).tlb = tlb;
	tx.emit(id, line, {event: 'tlb_fill', pmap: tx.name(owner), va: vpn, pcid, pa: pte.pfn, global: pte.global});
}

/**
 * A page fault. The processor invalidates the TLB entries of the faulting address
 * (SDM vol. 3 4.10.4.1), so the retried access walks the page table again.
 */
function pageFault(tx: Tx, id: number, line: number, vpn: number, reason: 'not-present' | 'protection'): void {
	// An exception drains the store buffer (SDM Vol. 3A 11.10).
	fence(tx, id, line, 'page-fault');
	const cpu = tx.readCpu(id);
	const {pcid} = cpu.cr3;
	if (cpu.tlb.some(entry => entry.vpn === vpn && (entry.pcid === pcid || entry.global))) {
		tx.cpu(id).tlb = cpu.tlb.filter(entry => entry.vpn !== vpn || (entry.pcid !== pcid && !entry.global));
	}

	tx.emit(id, line, {event: 'page_fault', va: vpn, reason});
}

/**
 * Spec 6.1: a hit on an entry made obsolete by a restricting PTE change is a violation
 * once an invalidation covering that change has returned on its initiator.
 */
function checkStale(tx: Tx, id: number, line: number, entry: TlbEntry): void {
	const pte = readPte(tx, entry.owner, entry.vpn);
	if (pte === undefined || entry.version >= pte.forbiddenBefore) {
		return;
	}

	tx.staleUses++;
	tx.emit(id, line, {
		event: 'stale_use',
		pmap: tx.name(entry.owner),
		va: entry.vpn,
		pa: entry.pfn,
		expected: pte.valid ? pte.pfn : undefined,
	});
}

type AccessFrame = Extract<Frame, {kind: 'access'}>;

/** A memory access (footprint.ts). */
export const accessOperation: Operation<AccessFrame> = {
	kind: 'access',
	models: 'a load or store through the TLB: the page walk and fill (SDM vol. 3 4.8, 4.10)',
	label: () => 'access',
	fields: {line: 'line', vpn: 'value', write: 'value'},
	kernel: false,
	phase: () => 'access',
	phases: {
		access: {
			does: 'a TLB lookup, else a page walk that sets PG_A (and PG_M for a write) and fills an entry; a hit on an obsolete entry is a stale use',
			touches: (frame, cpu, _state, t) => {
				// The tables it may walk: %cr3's, the kernel's, a cached entry's owner. A
				// walk for a read copies PG_M into the entry it fills.
				const pgm = frame.write ? 'update' : 'read';
				const walked = [cpu.cr3.pmap, KERNEL_PMAP, ...cpu.tlb.filter(entry => entry.vpn === frame.vpn).map(entry => entry.owner)];
				for (const pmap of walked) {
					t.touch('update', PTE, pmap);
					t.touch(pgm, PGM, pmap);
				}
			},
			reports: 'always',
		},
	},
	rest: (frame, _cpu, _state, t) => {
		// The table in %cr3 when it runs, which an earlier switch may change.
		t.touch('update', PTE, ALL);
		t.touch(frame.write ? 'update' : 'read', PGM, ALL);
	},
};
