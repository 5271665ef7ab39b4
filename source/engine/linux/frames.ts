/**
 * The frames of Linux's operations (v6.14), as plain data: what a CPU running Linux's
 * TLB code is in the middle of. Each is split into the micro-operations other CPUs can
 * interleave with, like FreeBSD's (../frames.ts); the explorer reads their records
 * (linux/operations.ts) the same way.
 */
import type {CpuSet} from '../cpuset.js';
import type {Instr} from '../frames.js';
import type {Perms, PmapId} from '../state.js';
import type {FlushFunc} from './state.js';

/**
 * An instruction of Linux's flush primitives: the hardware's (../hardware.ts), or a
 * per-CPU store that goes with them.
 */
export type LinuxInstr =
	| Instr
	/** invalidate_user_asid(asid): __set_bit(kern_pcid(asid), user_pcid_flush_mask). */
	| {readonly op: 'user-asid'; readonly asid: number}
	/** flush_tlb_one_kernel under PTI: this_cpu_write(cpu_tlbstate.invalidate_other, true). */
	| {readonly op: 'invalidate-other'};

/**
 * switch_mm_irqs_off()'s phases: begin (reads loaded_mm, is_lazy; leaves lazy mode),
 * same (prev == next after lazy mode: the tlb_gen check), mask (cpumask_set_cpu), gen
 * (tlb_gen read and choose_new_asid), switching (loaded_mm = LOADED_MM_SWITCHING), load
 * (ctxs[] and load_new_mm_cr3), loaded (loaded_mm = next).
 */
export type SwitchMmPhase = 'begin' | 'same' | 'mask' | 'gen' | 'switching' | 'load' | 'loaded';

/**
 * The initiator of flush_tlb_mm_range, flush_tlb_kernel_range or flush_tlb_all: gen
 * (inc_mm_tlb_gen), mask (cpumask_any_but), call (smp_call_function_many_cond copies
 * the mask), cond (should_flush_tlb and llist_add, one target at a time), send (the
 * IPIs), local (the initiator's own flush), wait (csd_lock_wait on every target).
 */
export type FlushMmPhase = 'gen' | 'mask' | 'call' | 'cond' | 'send' | 'local' | 'wait';

/** Where a switch_mm_irqs_off call comes from. */
export type SwitchMmCaller =
	/** context_switch() to a task of `next`. */
	| 'task'
	/** context_switch() to a kernel thread: enter_lazy_tlb(). */
	| 'kthread'
	/** flush_tlb_func() on a lazy CPU: switch_mm_irqs_off(NULL, &init_mm, NULL). */
	| 'flush';

/** What a CPU running Linux is doing. */
export type LinuxFrame =
	| {
		readonly kind: 'lx-switch';
		readonly line: number;
		readonly next: PmapId;
		readonly caller: SwitchMmCaller;
		readonly pc: SwitchMmPhase;
		/** cpu_tlbstate.loaded_mm, loaded_mm_asid and is_lazy as `begin` read them. */
		readonly prev: number;
		readonly prevAsid: number;
		readonly wasLazy: boolean;
		/** atomic64_read(&next->context.tlb_gen), and next->context.ctx_id read with it. */
		readonly nextTlbGen: number;
		readonly ctxId: number;
		readonly newAsid: number;
		readonly needFlush: boolean;
	}
	| {readonly kind: 'lx-user'; readonly line: number}
	| {readonly kind: 'lx-kernel'; readonly line: number}
	| {
		readonly kind: 'lx-flush';
		readonly line: number;
		readonly func: FlushFunc;
		/** The mm (KERNEL_PMAP for the kernel flushes, whose info->mm is NULL). */
		readonly mm: PmapId;
		/** Page numbers; end TLB_FLUSH_ALL for a full flush. */
		readonly start: number;
		readonly end: number;
		readonly freedTables: boolean;
		readonly pc: FlushMmPhase;
		/** state.seq at inc_mm_tlb_gen: the PTE stores up to it are what the flush covers. */
		readonly seq0: number;
		/** cfd->cpumask: the mask's other CPUs. */
		readonly targets: CpuSet;
		/** SCF_RUN_LOCAL and this CPU in the mask. */
		readonly runLocal: boolean;
		/** The targets in CPU order, and how many the cond loop has visited. */
		readonly condList: readonly number[];
		readonly visited: number;
		/** cfd->cpumask_ipi: targets whose queue was empty, and how many have been sent the IPI. */
		readonly ipiList: readonly number[];
		readonly sent: number;
	}
	| {
		/** flush_tlb_func / do_flush_tlb_all / do_kernel_range_flush on this CPU, for initiator `from`'s flush_tlb_info. */
		readonly kind: 'lx-func';
		readonly line: number;
		readonly from: number;
		readonly func: FlushFunc;
		/** check (the generation rules, then the flush), gen (ctxs[loaded_mm_asid].tlb_gen = mm_tlb_gen). */
		readonly pc: 'check' | 'gen';
		readonly asid: number;
		readonly mmTlbGen: number;
		/** Called by the initiator itself under local_irq_disable/local_irq_save (restored at the end). */
		readonly irqSaved: boolean;
	}
	| {
		/** CALL_FUNCTION_VECTOR: flush_smp_call_function_queue over the csds llist_del_all took. */
		readonly kind: 'lx-intr';
		readonly line: number;
		readonly wasUser: boolean;
		/** The initiators whose csd runs here, in order, and the one running (its function is above this frame). */
		readonly batch: readonly number[];
		readonly next: number;
	}
	| {readonly kind: 'lx-instrs'; readonly line: number; readonly list: readonly LinuxInstr[]; readonly next: number}
	| {
		/** zap_pte_range / change_pte_range / set_pte_at, then the flush the mmu_gather or ptep_clear_flush calls. */
		readonly kind: 'lx-mutate';
		readonly line: number;
		readonly pmap: PmapId;
		readonly action: 'enter' | 'remove' | 'protect';
		readonly sva: number;
		readonly eva: number;
		readonly pfn: number;
		readonly perms: Perms;
		/** Next page to examine (enter: 0 examine, 1 store the new PTE after the flush). */
		readonly next: number;
		/** The mmu_gather's range of changed PTEs (tlb->start, tlb->end), or -1 when none changed. */
		readonly first: number;
		readonly last: number;
	}
	| {
		/** exit_mmap of the old process, then mm_alloc/init_new_context reusing the mm. */
		readonly kind: 'lx-pinit';
		readonly line: number;
		readonly pmap: PmapId;
		readonly pc: 'zap' | 'init';
	};

/** The kinds of Linux frame. */
export type LinuxFrameKind = LinuxFrame['kind'];

/** Whether KIND is one of Linux's frames. */
export function isLinuxKind(kind: string): kind is LinuxFrameKind {
	return kind.startsWith('lx-');
}
