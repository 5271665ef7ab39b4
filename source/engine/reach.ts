/**
 * Whether a CPU can still hit a TLB entry: the hardware looks entries up under the PCID
 * in %cr3 (or any PCID for a global entry), so an entry whose PCID no future CR3 load
 * of this CPU keeps (one with CR3_PCID_SAVE) is dead weight, whatever it maps. This is
 * the lazy invalidation pm_gen exists for: pmap_invalidate_preipi_pcid zeroes pm_gen
 * instead of flushing, and the next pmap_pcid_alloc hands out a fresh PCID whose first
 * load flushes it. An entry filled before a restricting change is only a hazard while
 * it is reachable; the views call only those STALE.
 */
import {PMAP_PCID_USER_PT} from './constants.js';
import {findPte} from './pte-table.js';
import {KERNEL_PMAP, type CpuState, type MachineState, type PmapId, type TlbEntry} from './state.js';
import {linuxReachOf, linuxUnreachableWords, type LinuxUnreachable} from './linux/reach.js';

/** Why an entry can no longer be hit by its CPU: FreeBSD's rules, or Linux's (linux/reach.ts). */
export type Unreachable = FreeBsdUnreachable | LinuxUnreachable;

/** Why an entry can no longer be hit by a CPU running FreeBSD. */
export type FreeBsdUnreachable =
	/** pm_gen of the pmap holding the PCID is 0 on this CPU: its next pmap_pcid_alloc gives a new PCID. */
	| {readonly kind: 'pm-gen-zeroed'; readonly pmap: PmapId}
	/** pm_gen is older than the CPU's pcid_gen: a rollover reassigns the PCIDs, each first loaded without CR3_PCID_SAVE. */
	| {readonly kind: 'pcid-generation'; readonly pmap: PmapId}
	/** PTI: pmap_activate_sw_pcid_pti loads the kernel table without CR3_PCID_SAVE on every switch (r328470). */
	| {readonly kind: 'kcr3-flush'; readonly pmap: PmapId}
	/** PTI: ucr3_load_mask is ~CR3_PCID_SAVE, so the next return to user flushes the user-table PCID. */
	| {readonly kind: 'ucr3-mask'}
	/**
	 * No pmap holds the PCID on this CPU any more: its owner was given a new one (after
	 * its pm_gen was zeroed, or a rollover), or it is the boot PCID 0 of kernel_pmap.
	 */
	| {readonly kind: 'abandoned'};

/** Reachable, or why not. */
export type Reach = {readonly reachable: true} | {readonly reachable: false; readonly why: Unreachable};

const reachable: Reach = {reachable: true};
const unreachable = (why: Unreachable): Reach => ({reachable: false, why});

/** Whether ENTRY of CPU's TLB can still be hit, and if not, which rule of pmap.c made it so. */
export function reachOf(state: MachineState, cpu: CpuState, entry: TlbEntry): Reach {
	const {config} = state;
	if (config.kernel === 'linux') {
		return linuxReachOf(state, cpu, entry);
	}

	// A global entry matches under any PCID; without PCID every CR3 load drops the
	// non-global ones, so those still cached belong to the table loaded now.
	if (entry.global || !config.pcid || entry.pcid === cpu.cr3.pcid) {
		return reachable;
	}

	if (config.pti) {
		// The trampolines load pc_kcr3 on entry (with CR3_PCID_SAVE) and pc_ucr3 on the
		// return to user, masked by ucr3_load_mask.
		if (cpu.kcr3?.pcid === entry.pcid && cpu.kcr3.save) {
			return reachable;
		}

		if (cpu.ucr3?.pcid === entry.pcid) {
			return cpu.ucr3.save && cpu.ucr3Mask === 'nomask' ? reachable : unreachable({kind: 'ucr3-mask'});
		}
	}

	// Otherwise only a pmap_activate_sw can load the PCID again: one to a pmap whose
	// record on this CPU holds it. kernel_pmap is never activated.
	const user = config.pti && (entry.pcid & PMAP_PCID_USER_PT) !== 0;
	const base = config.pti ? entry.pcid & ~PMAP_PCID_USER_PT : entry.pcid;
	let stale: Unreachable | undefined;
	for (const pmap of state.pmaps) {
		const record = pmap.pcids[cpu.id]!;
		if (pmap.id === KERNEL_PMAP || record.pcid !== base) {
			continue;
		}

		if (record.gen === cpu.pcidGen) {
			// pmap_pcid_alloc returns CR3_PCID_SAVE ("cached"). Under PTI the kernel table
			// is loaded without it all the same; the user table keeps it.
			if (config.pti && !user && !config.ablate.has('kpt-save-on-switch')) {
				return unreachable({kind: 'kcr3-flush', pmap: pmap.id});
			}

			return reachable;
		}

		stale ??= record.gen === 0 ? {kind: 'pm-gen-zeroed', pmap: pmap.id} : {kind: 'pcid-generation', pmap: pmap.id};
	}

	return unreachable(stale ?? {kind: 'abandoned'});
}

/** What a TLB entry is now, as the views show it. */
export type EntryStatus =
	/** Its PTE has not been restricted since the fill. */
	| 'current'
	/** Restricted since, and the invalidation that covers it has not returned yet. */
	| 'obsolete'
	/** Restricted, the covering invalidation returned, and the CPU can still hit it: the bug. */
	| 'stale'
	/** The CPU can never hit it again, whatever it maps (Reach says why). */
	| 'unreachable';

/** The status and reach of ENTRY in CPU's TLB (spec 6.1 for obsolete and stale). */
export function entryStatus(state: MachineState, cpu: CpuState, entry: TlbEntry): {readonly status: EntryStatus; readonly reach: Reach} {
	const reach = reachOf(state, cpu, entry);
	if (!reach.reachable) {
		return {status: 'unreachable', reach};
	}

	const pte = findPte(state.pmaps[entry.owner]!.ptes, entry.vpn);
	const status = pte === undefined ? 'current' : entry.version < pte.forbiddenBefore ? 'stale' : entry.version < pte.lastRestrict ? 'obsolete' : 'current';
	return {status, reach};
}

/** A few words for why an entry is unreachable, for one-line views. */
export function unreachableWords(why: Unreachable): string {
	switch (why.kind) {
		case 'pm-gen-zeroed': {
			return 'pm_gen 0';
		}

		case 'pcid-generation': {
			return 'old pcid_gen';
		}

		case 'kcr3-flush': {
			return 'kcr3 flush on switch';
		}

		case 'ucr3-mask': {
			return '~CR3_PCID_SAVE';
		}

		case 'abandoned': {
			return 'pcid abandoned';
		}

		default: {
			return linuxUnreachableWords(why);
		}
	}
}
