/**
 * pmap_pcid_alloc() in sys/amd64/amd64/pmap.c (spec 4.2): the per-CPU PCID allocator of
 * Vahalia 15.12. Runs on the switching CPU with interrupts disabled.
 */
import {PMAP_PCID_KERN, PMAP_PCID_OVERMAX, PMAP_PCID_OVERMAX_KERN} from './constants.js';
import type {StoreSiteName} from './memory/accesses.js';
import {store} from './memory/store-buffer.js';
import {pcidView} from './memory/views.js';
import type {PmapId} from './state.js';
import type {Tx} from './tx.js';

/**
 * Returns true for CR3_PCID_SAVE ("cached: this PCID's TLB contents are valid") and
 * false for 0 ("new PCID: the first load must flush it").
 */
export function pcidAlloc(tx: Tx, cpuId: number, line: number, pmapId: PmapId): boolean {
	const cpu = tx.readCpu(cpuId);
	const gen = cpu.pcidGen;
	// `pcidp->pm_pcid`, `pcidp->pm_gen`: plain loads (this CPU's buffer, else memory).
	const record = pcidView(tx, cpuId, pmapId, cpuId);
	// Only kernel_pmap holds PCID 0; under PTI its table is never loaded with SAVE.
	const cached = record.pcid === PMAP_PCID_KERN ? !tx.base.config.pti : record.gen === gen;
	if (tx.base.config.memory === 'tso') {
		tx.emit(cpuId, line, {event: 'pm_gen_read', pmap: tx.name(pmapId), pm_gen: record.gen, pcid_gen: gen, cached});
	}

	if (record.pcid === PMAP_PCID_KERN || cached) {
		return cached;
	}

	// pmap_pcid_alloc: the limit is PMAP_PCID_OVERMAX, or PMAP_PCID_OVERMAX_KERN under
	// PTI where bit 11 marks the user page table's PCID.
	const limit = tx.base.config.pti ? PMAP_PCID_OVERMAX_KERN : PMAP_PCID_OVERMAX;
	let next = cpu.pcidNext;
	let newGen = gen;
	if (next === limit) {
		// The generation skips 0, which pmap_invalidate_preipi_pcid uses as "invalid".
		// No flush here: every PCID handed out in the new generation is first loaded
		// without PCID_SAVE, which flushes the previous owner's entries.
		newGen = (gen + 1) >>> 0 === 0 ? 1 : (gen + 1) >>> 0;
		tx.cpu(cpuId).pcidGen = newGen;
		next = PMAP_PCID_KERN + 1;
		tx.emit(cpuId, line, {event: 'pcid_rollover', pcid_gen: newGen});
	}

	// The seed says pm_gen "is incremented each time a new PCID is allocated"; the kernel
	// assigns it the CPU's generation, which only grows on wrap (spec 5.4 item 3).
	// `pcidp->pm_pcid = pcid_next; pcidp->pm_gen = new_gen;`: two plain stores.
	store(tx, cpuId, line, 'alloc-pm-pcid', {word: 'pm_pcid', pmap: pmapId, cpu: cpuId, value: next, line});
	store(tx, cpuId, line, 'alloc-pm-gen', {word: 'pm_gen', pmap: pmapId, cpu: cpuId, value: newGen, line});
	tx.cpu(cpuId).pcidNext = next + 1;
	tx.emit(cpuId, line, {event: 'pcid_alloc', pmap: tx.name(pmapId), pcid: next, pcid_gen: newGen});
	return false;
}

/** CPU WRITER stores pm_pcidp[cpu].pm_gen := 0 at SITE (pmap_invalidate_preipi_pcid, pmap_activate_sw_pcid_pti). */
export function zeroGen(tx: Tx, writer: number, line: number, site: StoreSiteName, pmapId: PmapId, cpuId: number): void {
	store(tx, writer, line, site, {word: 'pm_gen', pmap: pmapId, cpu: cpuId, value: 0, line});
}
