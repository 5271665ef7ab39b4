/**
 * The machine state (spec section 3) as immutable plain data. A step builds a new
 * state that shares every object it did not touch with the old one, so a snapshot is
 * just a reference and reverse stepping and exhaustive search can keep many.
 */
import type {Config} from './config.js';
import type {CpuSet} from './cpuset.js';
import type {Frame} from './frames.js';
import type {Store} from './memory/words.js';
import type {Program} from './program.js';
import type {LinuxCpu, LinuxMm} from './linux/state.js';

/** Index into MachineState.pmaps. */
export type PmapId = number;

/** kernel_pmap (kernel_pmap_store): owns the kernel half; never curpmap. */
export const KERNEL_PMAP: PmapId = 0;
/**
 * vmspace0's pmap (pmap_pinit0): the address space of kernel threads, whose pm_cr3 is
 * the kernel's KPML4 and which has no user mappings. `switch kernel` activates it.
 */
export const VMSPACE0_PMAP: PmapId = 1;

/** Page permissions of a PTE: the scenario language's PERMS. */
export type Perms = 'r' | 'rw' | 'rx' | 'rwx';

/** Which page table of a pmap: the full (kernel) one, or the PTI user one. */
export type Table = 'kpt' | 'upt';

/** A value in %cr3, or one saved in pc_kcr3/pc_ucr3. */
export type Cr3 = {
	/** The pmap whose page table is the root (pm_cr3 or pm_ucr3). */
	readonly pmap: PmapId;
	readonly table: Table;
	/** CR3_PCID_MASK bits; 0 when CR4.PCIDE is clear. */
	readonly pcid: number;
	/** CR3_PCID_SAVE (bit 63): load without flushing. Reads of %cr3 return it clear. */
	readonly save: boolean;
};

/**
 * A leaf page-table entry together with the simulator's bookkeeping for the stale-use
 * checker (spec section 6.1). A record outlives its mapping (valid = false) so that
 * entries cached from it can still be judged.
 */
export type Pte = {
	/** The page this entry maps. */
	readonly vpn: number;
	readonly valid: boolean;
	readonly pfn: number;
	readonly perms: Perms;
	/** PG_G: kernel PTEs carry pg_g, which is X86_PG_G without PTI and 0 with it. */
	readonly global: boolean;
	/** PG_A, set by the page walk that fills a TLB entry (and by pmap_enter). */
	readonly accessed: boolean;
	/** PG_M, set by the page walk of a write. */
	readonly dirty: boolean;
	/** Sequence number of the store that wrote this version. */
	readonly version: number;
	/** Sequence number of the latest restricting change (0: none). */
	readonly lastRestrict: number;
	/**
	 * The latest restricting change covered by a completed invalidation: an entry
	 * filled from a version older than it is stale-and-forbidden.
	 */
	readonly forbiddenBefore: number;
	/** Restricting changes no completed invalidation has covered yet, oldest first. */
	readonly pendingRestricts: readonly number[];
};

/** `struct pmap_pcid`: a pmap's PCID on one CPU and the generation it was given in. */
export type PcidRecord = {readonly pcid: number; readonly gen: number};

/** `struct pmap` (spec 3.2). */
export type PmapState = {
	readonly id: PmapId;
	readonly name: string;
	/** pm_ucr3 != PMAP_NO_CR3: the process has a PTI user page table. */
	readonly hasUpt: boolean;
	/** pm_active. For kernel_pmap it is all CPUs and immutable. */
	readonly active: CpuSet;
	/** pm_pcidp[cpu]; kernel_pmap's entries are each CPU's pc_kpmap_store. */
	readonly pcids: readonly PcidRecord[];
	/** Leaf PTEs sorted by page number: the user half, or the kernel half for kernel_pmap. */
	readonly ptes: readonly Pte[];
	/**
	 * Under Linux, the mm's mm->context (ctx_id, tlb_gen); its mm_cpumask is `active`.
	 * Undefined under FreeBSD, and for the kernel half (no mm).
	 */
	readonly mm?: LinuxMm | undefined;
};

/** A cached translation (spec 1.1), with the page table and PTE version it came from. */
export type TlbEntry = {
	readonly vpn: number;
	readonly pcid: number;
	readonly global: boolean;
	readonly pfn: number;
	readonly perms: Perms;
	/** The PTE's U/S bit: user pages, as opposed to kernel ones. */
	readonly user: boolean;
	/**
	 * The entry was filled with the dirty flag set. A write through a clean entry makes
	 * the processor walk the page table again to set PG_M (SDM vol. 3 4.8), which is why
	 * pmap_enter may skip the invalidation when it removes write access from a PTE
	 * that has no PG_M.
	 */
	readonly dirty: boolean;
	/** Whose PTE this is: the user pmap, or kernel_pmap for the kernel half. */
	readonly owner: PmapId;
	/** The pmap whose table was in %cr3 when the walk filled it. */
	readonly via: PmapId;
	readonly table: Table;
	/** Pte.version it was filled from. */
	readonly version: number;
};

/** The shootdown request a CPU publishes as initiator (pc_smp_tlb_* in pcpu.h). */
export type ShootdownRequest = {
	readonly pmap: PmapId;
	readonly op: InvlOp;
	readonly sva: number;
	readonly eva: number;
	/** Scenario line of the step that made the request. */
	readonly line: number;
};

/** The handler family (enum invl_op_codes); the variant follows from the config. */
export type InvlOp = 'invlpg' | 'invlrng' | 'invltlb';

/** `ucr3_load_mask`: NOMASK keeps PCID_SAVE, ~SAVE clears it at the next user return. */
export type Ucr3Mask = 'nomask' | 'nosave';

/** One CPU: pcpu fields (spec 3.3), hardware (3.4) and the simulator's call stack. */
export type CpuState = {
	readonly id: number;
	readonly mode: 'user' | 'kernel';
	/** pc_curpmap. */
	readonly curpmap: PmapId;
	readonly cr3: Cr3;
	/** pc_kcr3, loaded on kernel entry under PTI; null = PMAP_NO_CR3. */
	readonly kcr3: Cr3 | undefined;
	/** pc_ucr3, loaded on return to user under PTI; null = PMAP_NO_CR3. */
	readonly ucr3: Cr3 | undefined;
	/** pc_ucr3_load_mask. */
	readonly ucr3Mask: Ucr3Mask;
	/** pc_pcid_next. */
	readonly pcidNext: number;
	/** pc_pcid_gen; never 0. */
	readonly pcidGen: number;
	/** Nesting depth of interrupt-disabled regions; interrupts are enabled at 0. */
	readonly irqOff: number;
	/** The LAPIC holds one pending IPI_INVLOP (a second send coalesces). */
	readonly ipiPending: boolean;
	/** Scenario line of the step whose IPI is pending (events of the delivery carry it). */
	readonly ipiLine: number;
	/** Operations in progress, innermost last. */
	readonly stack: readonly Frame[];
	readonly tlb: readonly TlbEntry[];
	/** pc_smp_tlb_gen: generation of this CPU's latest request (skips 0). */
	readonly tlbGen: number;
	/** pc_smp_tlb_pmap/addr1/addr2/op. */
	readonly request: ShootdownRequest | undefined;
	/**
	 * This CPU's scoreboard row (invl_scoreboard[self][*]): the initiators whose slot is 0,
	 * i.e. whose request this CPU has not acknowledged yet, in increasing order.
	 */
	readonly pendingFrom: readonly number[];
	/** This CPU's scoreboard row: the generation last acknowledged to each initiator. */
	readonly ackedGen: readonly number[];
	/** How many targets still have a 0 slot in this CPU's scoreboard column. */
	readonly unacked: number;
	/**
	 * The store buffer (--memory tso): this CPU's plain stores that memory has not seen
	 * yet, oldest first (memory/store-buffer.ts). Always empty under sc.
	 */
	readonly sb: readonly Store[];
	/** The values the litmus tests' loads put in registers, in program order (memory/litmus.ts). */
	readonly regs: readonly number[];
	/** Under Linux, cpu_tlbstate, cpu_tlbstate_shared and the IPI queue (linux/state.ts); undefined under FreeBSD. */
	readonly lx?: LinuxCpu | undefined;
};

/** An empty store buffer or register file, shared. */
export const none: readonly never[] = Object.freeze([]);

/** The whole simulated machine. */
export type MachineState = {
	readonly config: Config;
	readonly cpus: readonly CpuState[];
	readonly pmaps: readonly PmapState[];
	readonly program: Program;
	/** Index of the program block being executed (program.blocks.length when done). */
	readonly block: number;
	/** Counter stamped on PTE stores, so that TLB entries know their PTE version. */
	readonly seq: number;
	/** Micro-operations executed so far: the global step number of the next one. */
	readonly step: number;
	/** CPUs that have a frame or a pending IPI, in increasing order. */
	readonly busy: readonly number[];
	/** The CPU that performed the previous micro-operation (for round-robin schedules). */
	readonly lastCpu: number;
	/** The count of stale uses so far. */
	readonly staleUses: number;
};

// Copies made field by field: on Node 20 an object spread costs about 14 ns per
// property, an object literal a fraction of that, and a step copies one CPU at least.

/** A shallow copy of a CPU record. */
export function cloneCpu(cpu: CpuState): CpuState {
	return {
		id: cpu.id,
		mode: cpu.mode,
		curpmap: cpu.curpmap,
		cr3: cpu.cr3,
		kcr3: cpu.kcr3,
		ucr3: cpu.ucr3,
		ucr3Mask: cpu.ucr3Mask,
		pcidNext: cpu.pcidNext,
		pcidGen: cpu.pcidGen,
		irqOff: cpu.irqOff,
		ipiPending: cpu.ipiPending,
		ipiLine: cpu.ipiLine,
		stack: cpu.stack,
		tlb: cpu.tlb,
		tlbGen: cpu.tlbGen,
		request: cpu.request,
		pendingFrom: cpu.pendingFrom,
		ackedGen: cpu.ackedGen,
		unacked: cpu.unacked,
		sb: cpu.sb,
		regs: cpu.regs,
		lx: cpu.lx,
	};
}

/** A shallow copy of a pmap record. */
export function clonePmap(pmap: PmapState): PmapState {
	return {
		id: pmap.id,
		name: pmap.name,
		hasUpt: pmap.hasUpt,
		active: pmap.active,
		pcids: pmap.pcids,
		ptes: pmap.ptes,
		mm: pmap.mm,
	};
}
