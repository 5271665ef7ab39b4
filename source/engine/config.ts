/**
 * Kernel configurations the engine runs in (spec section 2), and the ablations
 * (spec section 9.3) that each remove exactly one rule of the protocol.
 */

/** The scenario language's `mode`: PTI off/on x PCID off/on. */
export type Mode = 'nopcid' | 'pcid' | 'pti' | 'pti-pcid';

/** Every mode, in the order reports list them. */
export const modes: readonly Mode[] = ['pcid', 'pti-pcid', 'nopcid', 'pti'];

/**
 * The scenario language's `memory`: sequentially consistent memory (every store reaches
 * memory in the step that makes it), or x86-TSO (Owens, Sarkar, Sewell, TPHOLs 2009): a
 * FIFO store buffer per CPU (source/engine/memory/).
 */
export type MemoryModel = 'sc' | 'tso';

/** Every memory model, the default first. */
export const memoryModels: readonly MemoryModel[] = ['sc', 'tso'];

/**
 * Which kernel's TLB code runs on the shared x86 hardware model (cli.md `--kernel`):
 * FreeBSD's amd64 pmap (sys/amd64/amd64/pmap.c) or Linux's x86 tlb.c (v6.14,
 * source/engine/linux/).
 */
export type Kernel = 'freebsd' | 'linux';

/** Every kernel, in the order reports list them. */
export const kernels: readonly Kernel[] = ['freebsd', 'linux'];

/** One rule of FreeBSD's protocol removed (contracted by the scenario language, `ablate NAME`). */
export type FreeBsdAblation =
	/** Never zero `pm_gen` in pmap_invalidate_preipi_pcid. */
	| 'no-pm-gen-zero'
	/** smp_targeted_tlb_shootdown sends no IPI to the CPUs it read in pm_active. */
	| 'no-ipi-active'
	/** Zero `pm_gen` in the local callback, after pm_active was read (r362031, EN-22:04). */
	| 'late-pm-gen-zero'
	/** pmap_activate_sw runs with interrupts enabled (pmap_activate before r306350/r363311). */
	| 'switch-irq-enabled'
	/** pmap_activate_sw_pcid_pti resets a pending ucr3_load_mask without zeroing old's pm_gen. */
	| 'mask-reset-only'
	/** pmap_activate_sw_pcid_pti loads the kernel page table with PCID_SAVE (before r328470). */
	| 'kpt-save-on-switch'
	/** pmap_pinit keeps the old per-CPU PCID records instead of resetting them to {NONE, 0} (spec 6.4). */
	| 'pinit-no-reset'
	/** pmap_invalidate_preipi_pcid without its atomic_thread_fence_seq_cst() (tso: the pm_gen stores may be buffered past the pm_active read). */
	| 'no-preipi-fence'
	/** pmap_activate_sw sets pm_active with a plain store (CPU_SET) instead of CPU_SET_ATOMIC, losing the reciprocal fence (tso). */
	| 'pm-active-plain'
	/** pmap_remove, pmap_enter and pmap_protect publish PTE changes with pte_store instead of XCHG/LOCK CMPXCHG (tso; the removed N.B. of D25815). */
	| 'pte-plain-store';

/**
 * One rule of Linux's tlb.c (v6.14) undone, named after the commit that brought it
 * (cli.md: "the Linux ones named after the commits they revert"; linux/ablations.ts
 * says what each undoes and which shipped scenario shows it: README, "Linux").
 */
export type LinuxAblation =
	/** b0579ade7cd8: flush_tlb_func's partial flush only when f->new_tlb_gen == local_tlb_gen + 1. */
	| 'revert-b0579ade7cd8'
	/** f39681ed0f48: ASID slots are matched by the never-reused mm->context.ctx_id, not by the mm. */
	| 'revert-f39681ed0f48'
	/** 2ea907c4fe7b: under PTI, flush_tlb_one_kernel sets invalidate_other (clear_asid_other). */
	| 'revert-2ea907c4fe7b'
	/** 6fd166aae78c: load_new_mm_cr3 flushes the user ASID too (invalidate_user_asid). */
	| 'revert-6fd166aae78c'
	/**
	 * 145f573b89a6 ("x86/mm/tlb: Make lazy TLB mode lazier"): a CPU leaving lazy mode on
	 * the mm it kept compares ctxs[prev_asid].tlb_gen with the mm's (the flushes it was
	 * skipped for); reverted, it keeps the ASID as it is.
	 */
	| 'revert-145f573b89a6';

/** A rule removed from either kernel's protocol. */
export type Ablation = FreeBsdAblation | LinuxAblation;

/** Linux's ablations, in documentation order. */
export const linuxAblations: readonly LinuxAblation[] = ['revert-b0579ade7cd8', 'revert-f39681ed0f48', 'revert-2ea907c4fe7b', 'revert-6fd166aae78c', 'revert-145f573b89a6'];

/** Every ablation of both kernels, FreeBSD's first (what `ablate NAME` accepts). */
export function allAblations(): readonly Ablation[] {
	return [...ablations, ...linuxAblations];
}

/** The kernel whose rule ABLATION removes. */
export function ablationKernel(ablation: Ablation): Kernel {
	return (linuxAblations as readonly string[]).includes(ablation) ? 'linux' : 'freebsd';
}

/** FreeBSD's ablations, in documentation order. */
export const ablations: readonly FreeBsdAblation[] = [
	'no-pm-gen-zero',
	'no-ipi-active',
	'late-pm-gen-zero',
	'switch-irq-enabled',
	'mask-reset-only',
	'kpt-save-on-switch',
	'pinit-no-reset',
	'no-preipi-fence',
	'pm-active-plain',
	'pte-plain-store',
];

/** The ablations whose rule only matters with store buffers: under `sc` they change nothing anyone can see. */
export const tsoAblations: readonly Ablation[] = ['no-preipi-fence', 'pm-active-plain', 'pte-plain-store'];

/** The hardware/kernel configuration fixed at boot (hammer_time() in machdep.c). */
export type Config = {
	readonly mode: Mode;
	/** `pti` in machdep.c. */
	readonly pti: boolean;
	/** `pmap_pcid_enabled`. */
	readonly pcid: boolean;
	/**
	 * `invpcid_works`: only evaluated when PCID is enabled (hammer_time), so INVPCID
	 * present but PCID off is treated as INVPCID absent.
	 */
	readonly invpcid: boolean;
	/** Rules removed from the protocol. */
	readonly ablate: ReadonlySet<Ablation>;
	/** Sequentially consistent memory, or x86-TSO store buffers. */
	readonly memory: MemoryModel;
	/** Whose TLB code runs (FreeBSD by default). */
	readonly kernel: Kernel;
};

/**
 * Builds the configuration the kernel would select for MODE and INVPCID presence. Linux
 * reads the same CPU features (X86_FEATURE_PCID, _PTI, _INVPCID; setup_pcid() clears
 * PCID where it is unusable), so one configuration serves both kernels.
 */
export function makeConfig(mode: Mode, invpcidPresent = true, ablate: Iterable<Ablation> = [], memory: MemoryModel = 'sc', kernel: Kernel = 'freebsd'): Config {
	const pcid = mode === 'pcid' || mode === 'pti-pcid';
	return {
		mode,
		pti: mode === 'pti' || mode === 'pti-pcid',
		pcid,
		invpcid: pcid && invpcidPresent,
		ablate: new Set(ablate),
		memory,
		kernel,
	};
}

/**
 * The mode letter of freebsd-tlb-spec.md section 2: A PTI off/PCID/INVPCID,
 * B PTI off/PCID, C PTI/PCID/INVPCID, D PTI/PCID, E no PTI/no PCID, F PTI/no PCID.
 */
export function modeLetter(config: Config): 'A' | 'B' | 'C' | 'D' | 'E' | 'F' {
	if (!config.pcid) {
		return config.pti ? 'F' : 'E';
	}

	if (config.pti) {
		return config.invpcid ? 'C' : 'D';
	}

	return config.invpcid ? 'A' : 'B';
}

/** The six configurations A-F as (mode, invpcid) pairs, in letter order. */
export const configurations: ReadonlyArray<{readonly mode: Mode; readonly invpcid: boolean}> = [
	{mode: 'pcid', invpcid: true},
	{mode: 'pcid', invpcid: false},
	{mode: 'pti-pcid', invpcid: true},
	{mode: 'pti-pcid', invpcid: false},
	{mode: 'nopcid', invpcid: false},
	{mode: 'pti', invpcid: false},
];
