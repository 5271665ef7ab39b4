/**
 * Linux's per-CPU and per-mm TLB state at v6.14 (arch/x86/include/asm/tlbflush.h:
 * struct tlb_state, struct tlb_state_shared, struct flush_tlb_info; asm/mmu.h:
 * mm_context_t) and the constants of arch/x86/mm/tlb.c, as plain immutable data.
 */
import type {PmapId} from '../state.js';

/** TLB_NR_DYN_ASIDS (tlbflush.h): each CPU caches six address spaces' ASIDs. */
export const TLB_NR_DYN_ASIDS = 6;

/** LOADED_MM_SWITCHING ((struct mm_struct *)1UL): CR3 and loaded_mm disagree. */
export const LOADED_MM_SWITCHING = -1;

/** TLB_GENERATION_INVALID: a flush_tlb_info that asks for no particular generation. */
export const TLB_GENERATION_INVALID = 0;

/** TLB_FLUSH_ALL (-1UL) as a flush_tlb_info's end: flush everything. */
export const TLB_FLUSH_ALL = -1;

/** tlb_single_page_flush_ceiling (tlb.c): more pages than this become a full flush. */
export const TLB_SINGLE_PAGE_FLUSH_CEILING = 33;

/** X86_CR3_PTI_PCID_USER_BIT: the user PCID is the kernel one with bit 11 set. */
export const PTI_USER_PCID_BIT = 0x800;

/** init_mm's ctx_id (INIT_MM_CONTEXT): last_mm_ctx_id starts at 1, so user mms get 2, 3, ... */
export const INIT_MM_CTX_ID = 1;

/** `struct tlb_context`: the mm an ASID slot holds and the generation its TLB entries have caught up to. */
export type TlbContext = {readonly ctxId: number; readonly tlbGen: number};

/** The function a TLB flush runs on each CPU (the func of smp_call_function_many_cond). */
export type FlushFunc = 'flush_tlb_func' | 'do_flush_tlb_all' | 'do_kernel_range_flush';

/**
 * `struct flush_tlb_info`, one per CPU (DEFINE_PER_CPU_SHARED_ALIGNED in tlb.c), filled
 * by get_flush_tlb_info and passed by pointer to the targets: the initiator waits for
 * every target before reusing it.
 */
export type FlushTlbInfo = {
	readonly func: FlushFunc;
	/** info->mm; undefined is NULL (a kernel flush). */
	readonly mm: PmapId | undefined;
	/** Page numbers; end is exclusive, or TLB_FLUSH_ALL. */
	readonly start: number;
	readonly end: number;
	readonly newTlbGen: number;
	readonly freedTables: boolean;
	/** Scenario line of the flush (events of the targets' work carry it). */
	readonly line: number;
};

/** One CPU's cpu_tlbstate, cpu_tlbstate_shared.is_lazy, call_single_queue and cfd. */
export type LinuxCpu = {
	/** cpu_tlbstate.loaded_mm: the mm whose page tables CR3 points to (LOADED_MM_SWITCHING while it changes). */
	readonly loadedMm: number;
	/** cpu_tlbstate.loaded_mm_asid. */
	readonly loadedMmAsid: number;
	/** cpu_tlbstate.next_asid: the slot the next allocation takes (round robin). */
	readonly nextAsid: number;
	/** cpu_tlbstate.ctxs[TLB_NR_DYN_ASIDS]. */
	readonly ctxs: readonly TlbContext[];
	/** cpu_tlbstate_shared.is_lazy: a kernel thread runs on a borrowed mm. */
	readonly isLazy: boolean;
	/** cpu_tlbstate.invalidate_other (PTI): flush the other ASIDs at the next switch. */
	readonly invalidateOther: boolean;
	/** cpu_tlbstate.user_pcid_flush_mask: bit kern_pcid(asid) = flush that user PCID at the next return to user. */
	readonly userPcidFlushMask: number;
	/** call_single_queue: the initiators whose csd waits here, in the order the handler will run them. */
	readonly queue: readonly number[];
	/** This CPU's flush_tlb_info, while it initiates a flush. */
	readonly info: FlushTlbInfo | undefined;
	/** This CPU's cfd: how many of its csds are still locked (CSD_FLAG_LOCK), i.e. targets that have not finished. */
	readonly locked: number;
};

/** `mm->context` (asm/mmu.h) of one mm. */
export type LinuxMm = {
	/** ctx_id: unique, never reused (atomic64_inc_return(&last_mm_ctx_id) in init_new_context). */
	readonly ctxId: number;
	/** tlb_gen: bumped by inc_mm_tlb_gen before every flush of the mm. */
	readonly tlbGen: number;
};

/** kern_pcid(asid) = asid + 1 (PCID 0 is for PCID-unaware code). */
export function kernPcid(asid: number): number {
	return asid + 1;
}

/** user_pcid(asid) = kern_pcid(asid) | 1 << X86_CR3_PTI_PCID_USER_BIT. */
export function userPcid(asid: number): number {
	return kernPcid(asid) | PTI_USER_PCID_BIT;
}

/** A copy of LX with CHANGES, field by field (see cloneCpu in ../state.ts). */
export function withLx(lx: LinuxCpu, changes: Partial<LinuxCpu>): LinuxCpu {
	return {
		loadedMm: changes.loadedMm ?? lx.loadedMm,
		loadedMmAsid: changes.loadedMmAsid ?? lx.loadedMmAsid,
		nextAsid: changes.nextAsid ?? lx.nextAsid,
		ctxs: changes.ctxs ?? lx.ctxs,
		isLazy: changes.isLazy ?? lx.isLazy,
		invalidateOther: changes.invalidateOther ?? lx.invalidateOther,
		userPcidFlushMask: changes.userPcidFlushMask ?? lx.userPcidFlushMask,
		queue: changes.queue ?? lx.queue,
		info: 'info' in changes ? changes.info : lx.info,
		locked: changes.locked ?? lx.locked,
	};
}
