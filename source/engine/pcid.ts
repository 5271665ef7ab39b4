/**
 * pmap_pcid_alloc() in sys/amd64/amd64/pmap.c (spec 4.2): the per-CPU PCID allocator of
 * Vahalia 15.12. Runs on the switching CPU with interrupts disabled.
 */
import {PMAP_PCID_KERN, PMAP_PCID_OVERMAX, PMAP_PCID_OVERMAX_KERN} from './constants.js';
import type {PmapId} from './state.js';
import type {Tx} from './tx.js';

/**
 * Returns true for CR3_PCID_SAVE ("cached: this PCID's TLB contents are valid") and
 * false for 0 ("new PCID: the first load must flush it").
 */
export function pcidAlloc(tx: Tx, cpuId: number, line: number, pmapId: PmapId): boolean {
	const cpu = tx.readCpu(cpuId);
	const gen = cpu.pcidGen;
	const record = tx.readPmap(pmapId).pcids[cpuId]!;
	if (record.pcid === PMAP_PCID_KERN) {
		// Only kernel_pmap holds PCID 0; under PTI its table is never loaded with SAVE.
		return !tx.base.config.pti;
	}

	if (record.gen === gen) {
		return true;
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
	setPcidRecord(tx, pmapId, cpuId, {pcid: next, gen: newGen});
	tx.cpu(cpuId).pcidNext = next + 1;
	tx.emit(cpuId, line, {event: 'pcid_alloc', pmap: tx.name(pmapId), pcid: next, pcid_gen: newGen});
	return false;
}

/** Stores pm_pcidp[cpu] of a pmap. */
export function setPcidRecord(tx: Tx, pmapId: PmapId, cpuId: number, record: {pcid: number; gen: number}): void {
	tx.setPcid(pmapId, cpuId, record);
}

/** pm_pcidp[cpu].pm_gen := 0 (pmap_invalidate_preipi_pcid, pmap_activate_sw_pcid_pti). */
export function zeroGen(tx: Tx, pmapId: PmapId, cpuId: number): void {
	const record = tx.readPmap(pmapId).pcids[cpuId]!;
	setPcidRecord(tx, pmapId, cpuId, {pcid: record.pcid, gen: 0});
}
