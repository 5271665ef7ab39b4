/**
 * Loads as x86-TSO defines them: a CPU's load of a location takes the newest store to it
 * in the CPU's own store buffer, else memory ("reads must check the local store buffer",
 * SDM Vol. 3A 8.2.3.5 "Intra-Processor Forwarding Is Allowed"). Page walks do not look
 * here: they read memory (hardware walk in pagetable.ts; see the note in access.ts).
 * Under sc every buffer is empty and these are plain reads of memory.
 */
import {add, remove, type CpuSet} from '../cpuset.js';
import {findPte} from '../pte-table.js';
import type {CpuState, PcidRecord, PmapId, Pte} from '../state.js';
import type {Tx} from '../tx.js';

/** zpcpu_get_cpu(pmap->pm_pcidp, cpu) as CPU READER loads it (pm_pcid and pm_gen are separate words). */
export function pcidView(tx: Tx, reader: number, pmap: PmapId, cpu: number): PcidRecord {
	const record = tx.readPmap(pmap).pcids[cpu]!;
	const {sb} = tx.readCpu(reader);
	if (sb.length === 0) {
		return record;
	}

	let {pcid, gen} = record;
	for (const entry of sb) {
		if ((entry.word === 'pm_pcid' || entry.word === 'pm_gen') && entry.pmap === pmap && entry.cpu === cpu) {
			if (entry.word === 'pm_pcid') {
				pcid = entry.value;
			} else {
				gen = entry.value;
			}
		}
	}

	return pcid === record.pcid && gen === record.gen ? record : {pcid, gen};
}

/** pmap->pm_active as CPU READER loads it (CPU_COPY: every word of the set). */
export function activeView(tx: Tx, reader: number, pmap: PmapId): CpuSet {
	let mask = tx.readPmap(pmap).active;
	for (const entry of tx.readCpu(reader).sb) {
		if (entry.word === 'pm_active' && entry.pmap === pmap) {
			mask = entry.value ? add(mask, entry.cpu) : remove(mask, entry.cpu);
		}
	}

	return mask;
}

/** The PTE of (pmap, vpn) as CPU READER's pmap code loads it (`*pte`, `origpte = *pte`). */
export function pteView(tx: Tx, reader: number, pmap: PmapId, vpn: number): Pte | undefined {
	const record = findPte(tx.readPmap(pmap).ptes, vpn);
	const {sb} = tx.readCpu(reader);
	for (let i = sb.length - 1; i >= 0; i--) {
		const entry = sb[i]!;
		if (entry.word === 'pte' && entry.pmap === pmap && entry.vpn === vpn) {
			const {valid, pfn, perms, accessed, dirty, version} = entry.value;
			// The stale-use bookkeeping is the page table's (recorded when the store was made).
			return {...record!, valid, pfn, perms, accessed, dirty, version};
		}
	}

	return record;
}

/**
 * CPU's own scoreboard row as invlop_handler loads it: the initiators whose slot is 0,
 * without those it has acknowledged with a store still in its buffer.
 */
export function pendingView(cpu: CpuState): readonly number[] {
	const {pendingFrom, sb} = cpu;
	if (sb.length === 0 || pendingFrom.length === 0) {
		return pendingFrom;
	}

	return pendingFrom.filter(initiator => !sb.some(entry => entry.word === 'invl_scoreboard' && entry.target === cpu.id && entry.initiator === initiator && entry.value !== 0));
}

/**
 * Whether an initiator's wait (`while (atomic_load_int(p_cpudone) != generation)`) still
 * loads a 0 it stored itself: a scoreboard slot of its column in its own buffer.
 */
export function ownZeroSlotBuffered(cpu: CpuState): boolean {
	return cpu.sb.some(entry => entry.word === 'invl_scoreboard' && entry.initiator === cpu.id && entry.value === 0);
}
