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
 * One rule of the protocol removed, to show why it exists. Each name is contracted
 * by the scenario language (`ablate NAME`).
 */
export type Ablation =
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

/** Every ablation, in documentation order. */
export const ablations: readonly Ablation[] = [
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
};

/** Builds the configuration the kernel would select for MODE and INVPCID presence. */
export function makeConfig(mode: Mode, invpcidPresent = true, ablate: Iterable<Ablation> = [], memory: MemoryModel = 'sc'): Config {
	const pcid = mode === 'pcid' || mode === 'pti-pcid';
	return {
		mode,
		pti: mode === 'pti' || mode === 'pti-pcid',
		pcid,
		invpcid: pcid && invpcidPresent,
		ablate: new Set(ablate),
		memory,
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
