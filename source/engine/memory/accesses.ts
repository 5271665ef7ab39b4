/**
 * Every store and every fence of the protocol as the kernel compiles it on an SMP amd64
 * kernel, with the function it is in and the C it is written as. The instruction decides
 * what x86-TSO does with it (store-buffer.ts): a plain MOV enters the store buffer; XCHG
 * with a memory operand (implicitly locked, SDM Vol. 3A 8.1.2.1) and every LOCK-prefixed
 * instruction first drain the buffer and then act on memory as one atomic step (8.1.2.2:
 * "Locked operations are atomic with respect to all other memory operations"); a fence or
 * a serializing instruction or event drains it.
 *
 * Read in sys/amd64/amd64/pmap.c of freebsd-src commit 1f1b2286fd5a (2023), mp_machdep.c
 * and local_apic.c of the same era, sys/amd64/include/atomic.h (atomic_store_int is a
 * volatile MOV; atomic_thread_fence_seq_cst() is __storeload_barrier(), `lock; addl $0,
 * %gs:OFFSETOF_MONITORBUF` in the kernel; atomic_thread_fence_rel/acq emit nothing) and
 * sys/sys/bitset.h (CPU_SET_ATOMIC is atomic_set_long, LOCK OR; CPU_CLR_ATOMIC is
 * atomic_clear_long, LOCK AND).
 */
import type {Ablation, Config} from '../config.js';
import type {fieldEnums} from '../event-table.js';

/** A store's instruction. */
export type StoreInstr = 'mov' | 'xchg' | 'lock-cmpxchg' | 'lock-or' | 'lock-and';

/** What drains a store buffer, as the `fence` event names it. */
export type FenceInstr = (typeof fieldEnums.fenceInstr)[number];

/** A store of the kernel: its instruction, and the ablation that makes it a plain MOV. */
export type StoreSite = {readonly instr: StoreInstr; readonly fn: string; readonly code: string; readonly plainWith?: Ablation};

/** A fence of the kernel (or a serializing instruction or event), and the ablation that removes it. */
export type FenceSite = {readonly instr: FenceInstr; readonly fn: string; readonly code: string; readonly removedBy?: Ablation};

/** The stores. */
export const storeSites = {
	'enter-store': {instr: 'mov', fn: 'pmap_enter', code: 'pte_store(pte, newpte): a new mapping, or the new page after pte_load_clear (origpte = 0)'},
	'enter-clear': {instr: 'xchg', fn: 'pmap_enter', code: 'origpte = pte_load_clear(pte): the physical page changes', plainWith: 'pte-plain-store'},
	'enter-update': {instr: 'xchg', fn: 'pmap_enter', code: 'origpte = pte_load_store(pte, newpte) at validate:', plainWith: 'pte-plain-store'},
	'remove-clear': {instr: 'xchg', fn: 'pmap_remove_pte', code: 'oldpte = pte_load_clear(ptq)', plainWith: 'pte-plain-store'},
	'protect-cmpset': {instr: 'lock-cmpxchg', fn: 'pmap_protect', code: 'atomic_cmpset_long(pte, obits, pbits)', plainWith: 'pte-plain-store'},
	'raw-pte': {instr: 'mov', fn: 'pte_store', code: 'pte_store(ptep, pte) / pte_clear(ptep) (pmap.h: *(u_long *)(ptep) = (u_long)(pte))'},
	'preipi-pm-gen': {instr: 'mov', fn: 'pmap_invalidate_preipi_pcid', code: 'pcidp->pm_gen = 0 (CPU_FOREACH, every CPU but a current one)'},
	'pti-old-pm-gen': {instr: 'mov', fn: 'pmap_activate_sw_pcid_pti', code: 'old_pcidp->pm_gen = 0 (a pending ucr3_load_mask)'},
	'alloc-pm-pcid': {instr: 'mov', fn: 'pmap_pcid_alloc', code: 'pcidp->pm_pcid = pcid_next'},
	'alloc-pm-gen': {instr: 'mov', fn: 'pmap_pcid_alloc', code: 'pcidp->pm_gen = new_gen'},
	'set-active': {instr: 'lock-or', fn: 'pmap_activate_sw', code: 'CPU_SET_ATOMIC(cpuid, &pmap->pm_active)', plainWith: 'pm-active-plain'},
	'clear-active': {instr: 'lock-and', fn: 'pmap_activate_sw', code: 'CPU_CLR_ATOMIC(cpuid, &oldpmap->pm_active)'},
	'publish-request': {instr: 'mov', fn: 'smp_targeted_tlb_shootdown', code: 'PCPU_SET(smp_tlb_addr1, addr1) ... PCPU_SET(smp_tlb_gen, generation); PCPU_SET(smp_tlb_op, op)'},
	'zero-slot': {instr: 'mov', fn: 'smp_targeted_tlb_shootdown', code: '*invl_scoreboard_slot(cpu) = 0'},
	'ack-slot': {instr: 'mov', fn: 'invlop_handler', code: 'atomic_store_int(&scoreboard[initiator_cpu_id], smp_tlb_gen)'},
	// Linux v6.14 (arch/x86/include/asm/pgtable*.h); the Linux module runs under sc only, so
	// these name the instruction for readers and the trace.
	'lx-set-pte': {instr: 'mov', fn: 'set_pte_at', code: 'native_set_pte: WRITE_ONCE(*ptep, pte)'},
	'lx-get-and-clear': {instr: 'xchg', fn: 'ptep_get_and_clear', code: 'native_ptep_get_and_clear: native_pte_clear_xchg... xchg(&ptep->pte, 0) on SMP'},
	'lx-set-access-flags': {instr: 'mov', fn: 'ptep_set_access_flags', code: 'set_pte(ptep, entry) when the entry changed'},
	'lx-modify-prot': {instr: 'xchg', fn: 'change_pte_range', code: 'ptep_modify_prot_start (ptep_get_and_clear: xchg) then ptep_modify_prot_commit (set_pte_at)'},
	'lx-zap': {instr: 'xchg', fn: 'zap_pte_range', code: 'ptep_get_and_clear_full (xchg on SMP)'},
	'litmus-mov': {instr: 'mov', fn: 'litmus', code: 'MOV [x] <- v'},
	'litmus-xchg': {instr: 'xchg', fn: 'litmus', code: 'XCHG [x], r'},
} as const satisfies Record<string, StoreSite>;

/** The fences, serializing instructions and events. */
export const fenceSites = {
	// "The fence is between stores to pm_gen and the read of the pm_active mask. ...
	// Note that pm_active is updated by a locked operation, which provides the
	// reciprocal fence." (the comment above it)
	'preipi-fence': {instr: 'lock-addl', fn: 'pmap_invalidate_preipi_pcid', code: 'atomic_thread_fence_seq_cst()', removedBy: 'no-preipi-fence'},
	// local_apic.c, above native_lapic_ipi_alloc: "In xAPIC mode a write to ICR_LO has
	// serializing semantics because the APIC page is mapped as an uncached region. In
	// x2APIC mode there is an explicit 'mfence' before the ICR MSR is written." The
	// initiator's comment: "IPI acts as a fence between writing to the scoreboard above
	// (zeroing slot) and reading from it below".
	'icr-write': {instr: 'icr-write', fn: 'lapic_write_icr', code: 'xAPIC: the uncached store to ICR_LO; x2APIC: mfence(); wrmsr(MSR_APIC_000 + LAPIC_ICR_LO, v)'},
	'pmap-lock': {instr: 'lock-cmpxchg', fn: 'PMAP_LOCK', code: 'mtx_lock(&pmap->pm_mtx): _mtx_obtain_lock, atomic_fcmpset_acq_ptr'},
	'pmap-unlock': {instr: 'lock-cmpxchg', fn: 'PMAP_UNLOCK', code: 'mtx_unlock(&pmap->pm_mtx): _mtx_release_lock, atomic_fcmpset_rel_ptr'},
	'pmap-release': {instr: 'lock-xadd', fn: 'pmap_release', code: 'vm_page_unwire_noq(m) on each page-table page (an atomic_fetchadd_int on ref_count)'},
	// SDM Vol. 3A 8.3 "Serializing Instructions" (2016 edition, p. 8-17): "MOV (to control
	// register ...)", INVLPG, IRET; "it ensures that all pending memory transactions are
	// completed (including writes stored in its store buffer) before it executes the next
	// instruction". INVPCID is not in the list, so it drains nothing (hardware.ts).
	'load-cr3': {instr: 'mov-cr3', fn: 'load_cr3', code: 'mov %0,%%cr3'},
	'invlpg': {instr: 'invlpg', fn: 'invlpg', code: 'invlpg %0'},
	'invltlb-glob': {instr: 'mov-cr4', fn: 'invltlb_glob', code: 'load_cr4(cr4 & ~CR4_PGE); load_cr4(cr4)'},
	'doreti': {instr: 'iretq', fn: 'doreti', code: 'iretq (the return from invlop_handler)'},
	// SDM Vol. 3A 11.10 "Store Buffer" (numbered 12.10 and later in newer editions): the
	// processor drains the store buffer "when an exception or interrupt is generated".
	'interrupt': {instr: 'interrupt', fn: 'IPI_INVLOP', code: 'the interrupt is taken'},
	'page-fault': {instr: 'page-fault', fn: 'trap', code: 'the #PF exception is taken'},
	'litmus-mfence': {instr: 'mfence', fn: 'litmus', code: 'MFENCE'},
} as const satisfies Record<string, FenceSite>;

/** The name of a store. */
export type StoreSiteName = keyof typeof storeSites;

/** The name of a fence. */
export type FenceSiteName = keyof typeof fenceSites;

/** The instruction SITE is in CONFIG: the kernel's, or MOV where an ablation made it plain. */
export function instrOf(config: Config, site: StoreSiteName): StoreInstr {
	const spec: StoreSite = storeSites[site];
	return spec.plainWith !== undefined && config.ablate.has(spec.plainWith) ? 'mov' : spec.instr;
}

/** Whether the fence SITE is there in CONFIG. */
export function fencePresent(config: Config, site: FenceSiteName): boolean {
	const spec: FenceSite = fenceSites[site];
	return spec.removedBy === undefined || !config.ablate.has(spec.removedBy);
}
