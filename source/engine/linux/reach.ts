/**
 * Whether a CPU running Linux (v6.14) can still hit a TLB entry. The hardware looks
 * entries up under the PCID in CR3, and Linux's PCIDs are per-CPU ASID slots
 * (kPCID = asid + 1, uPCID = kPCID | 0x800 under PTI). An entry under a slot other than
 * the loaded one comes back only if a later switch_mm_irqs_off picks that slot for an mm
 * without a flush: choose_new_asid reuses a slot whose ctx_id is the mm's, flushing it
 * when the slot's tlb_gen is older than the mm's, and clear_asid_other forgets every
 * other slot when invalidate_other is pending. A user-PCID entry also survives only if
 * user_pcid_flush_mask does not ask SWITCH_TO_USER_CR3 to flush it.
 */
import {isUserVpn} from '../constants.js';
import type {CpuState, MachineState, PmapId, TlbEntry} from '../state.js';
import {PTI_USER_PCID_BIT, TLB_NR_DYN_ASIDS} from './state.js';

/** Why an entry can no longer be hit by its CPU under Linux. */
export type LinuxUnreachable =
	/** Its slot holds ctx_id 0 (free, or cleared by clear_asid_other): the next use of the slot flushes it. */
	| {readonly kind: 'slot-free'; readonly asid: number}
	/** No mm has the slot's ctx_id any more (the mm was reused with a new one): the slot is never matched again. */
	| {readonly kind: 'ctx-gone'; readonly asid: number}
	/** The slot's tlb_gen is older than its mm's: the next switch to that mm flushes the ASID (need_flush). */
	| {readonly kind: 'tlb-gen-behind'; readonly asid: number; readonly pmap: PmapId}
	/** PTI: invalidate_other is pending, so clear_asid_other forgets this slot at the next choose_new_asid. */
	| {readonly kind: 'invalidate-other'; readonly asid: number}
	/** PTI: user_pcid_flush_mask has the slot's bit: the next return to user flushes the user PCID. */
	| {readonly kind: 'user-pcid-flush'; readonly asid: number}
	/** A lazy CPU's kernel thread never touches user memory, and its switch back flushes the out-of-date ASID. */
	| {readonly kind: 'lazy'; readonly asid: number; readonly pmap: PmapId}
	/** A PCID no ASID slot stands for. */
	| {readonly kind: 'no-asid'};

/** Reachable, or why not. */
export type LinuxReach = {readonly reachable: true} | {readonly reachable: false; readonly why: LinuxUnreachable};

const reachable: LinuxReach = {reachable: true};
const unreachable = (why: LinuxUnreachable): LinuxReach => ({reachable: false, why});

/** The mm whose slot identity (ctx_id, or the mm with f39681ed0f48 reverted) is ID. */
function ownerOf(state: MachineState, identity: number): PmapId | undefined {
	const byMm = state.config.ablate.has('revert-f39681ed0f48');
	for (const pmap of state.pmaps) {
		if (pmap.mm !== undefined && (byMm ? pmap.id === identity : pmap.mm.ctxId === identity)) {
			return pmap.id;
		}
	}

	return undefined;
}

/** Whether ENTRY of CPU's TLB can still be hit, and if not, which rule of tlb.c made it so. */
export function linuxReachOf(state: MachineState, cpu: CpuState, entry: TlbEntry): LinuxReach {
	const {config} = state;
	const lx = cpu.lx!;
	// A global entry matches under any PCID; without PCID every CR3 write drops the
	// non-global entries, so those still cached belong to the table loaded now.
	if (entry.global || !config.pcid) {
		return reachable;
	}

	const user = config.pti && (entry.pcid & PTI_USER_PCID_BIT) !== 0;
	const asid = (entry.pcid & ~PTI_USER_PCID_BIT) - 1;
	if (asid < 0 || asid >= TLB_NR_DYN_ASIDS) {
		return unreachable({kind: 'no-asid'});
	}

	const flushedOnReturn = user && (lx.userPcidFlushMask & (1 << (asid + 1))) !== 0;
	if (asid === lx.loadedMmAsid) {
		const slot = lx.ctxs[asid]!;
		const owner = ownerOf(state, slot.ctxId);
		if (lx.isLazy && isUserVpn(entry.vpn) && owner !== undefined && slot.tlbGen < state.pmaps[owner]!.mm!.tlbGen) {
			return unreachable({kind: 'lazy', asid, pmap: owner});
		}

		if (entry.pcid === cpu.cr3.pcid) {
			return reachable;
		}

		// The kernel PCID comes back with CR3_NOFLUSH on every kernel entry; the user
		// PCID on the next return to user, flushed if the mask says so.
		return flushedOnReturn ? unreachable({kind: 'user-pcid-flush', asid}) : reachable;
	}

	if (config.pti && lx.invalidateOther) {
		return unreachable({kind: 'invalidate-other', asid});
	}

	const slot = lx.ctxs[asid]!;
	if (slot.ctxId === 0) {
		return unreachable({kind: 'slot-free', asid});
	}

	const owner = ownerOf(state, slot.ctxId);
	if (owner === undefined) {
		return unreachable({kind: 'ctx-gone', asid});
	}

	if (slot.tlbGen < state.pmaps[owner]!.mm!.tlbGen) {
		return unreachable({kind: 'tlb-gen-behind', asid, pmap: owner});
	}

	return flushedOnReturn ? unreachable({kind: 'user-pcid-flush', asid}) : reachable;
}

/** A few words for why an entry is unreachable under Linux, for one-line views. */
export function linuxUnreachableWords(why: LinuxUnreachable): string {
	switch (why.kind) {
		case 'slot-free': {
			return `ctxs[${why.asid}] free`;
		}

		case 'ctx-gone': {
			return `ctxs[${why.asid}].ctx_id gone`;
		}

		case 'tlb-gen-behind': {
			return `ctxs[${why.asid}].tlb_gen behind`;
		}

		case 'invalidate-other': {
			return 'invalidate_other';
		}

		case 'user-pcid-flush': {
			return 'user_pcid_flush_mask';
		}

		case 'lazy': {
			return 'lazy, tlb_gen behind';
		}

		case 'no-asid': {
			return 'no ASID';
		}

		default: {
			return why satisfies never;
		}
	}
}
