/**
 * Frames: the operations a CPU is in the middle of, as plain data. Each kernel function
 * the engine models is split into the micro-operations that other CPUs can interleave
 * with; a frame records which one comes next (`pc`) and the locals it has read.
 */
import type {CpuSet} from './cpuset.js';
import type {LitmusInstr} from './memory/litmus.js';
import type {InvalidateRange} from './program.js';
import type {Cr3, InvlOp, Perms, PmapId, Ucr3Mask} from './state.js';
import type {LinuxFrame} from './linux/frames.js';

/** A hardware instruction or per-CPU store executed as one micro-operation. */
export type Instr =
	| {readonly op: 'invlpg'; readonly vpn: number}
	| {readonly op: 'invpcid'; readonly type: 'addr' | 'ctx' | 'ctxglob'; readonly pcid: number; readonly vpn: number | undefined}
	| {readonly op: 'invltlb_glob'}
	/** load_cr3 / the CR3 writes inside the PTI helpers of support.S. */
	| {readonly op: 'cr3'; readonly value: Cr3}
	/** invltlb(): reload %cr3 with its current value (read back with PCID_SAVE clear). */
	| {readonly op: 'invltlb'}
	/** PCPU_SET(ucr3_load_mask, ...). */
	| {readonly op: 'mask'; readonly value: Ucr3Mask};

/**
 * pmap_activate_sw(): the phases of the context switch (spec 4.3). Under tso the CR3
 * load after pmap_pcid_alloc is a phase of its own (`cr3`): the loads of pm_pcidp and the
 * serializing CR3 load are separate instructions another CPU can run between.
 */
export type SwitchPhase = 'begin' | 'set-active' | 'mask' | 'alloc' | 'cr3' | 'load' | 'curpmap' | 'clear-active';

/** pmap_invalidate_*() and smp_targeted_tlb_shootdown() (spec 4.5, 4.6.1). */
export type InvalidatePhase = 'begin' | 'zero' | 'read' | 'start' | 'send' | 'local' | 'wait';

/** What a CPU running FreeBSD is doing. */
export type FreeBsdFrame =
	| {
		readonly kind: 'switch';
		readonly line: number;
		readonly pmap: PmapId;
		readonly old: PmapId;
		readonly pc: SwitchPhase;
		/** pmap_pcid_alloc's result: PCID_SAVE (true) or "new PCID, flush" (false). */
		readonly cached: boolean;
	}
	| {readonly kind: 'user'; readonly line: number}
	| {readonly kind: 'pinit'; readonly line: number; readonly pmap: PmapId}
	| {readonly kind: 'kernel'; readonly line: number}
	| {readonly kind: 'access'; readonly line: number; readonly vpn: number; readonly write: boolean}
	| {
		/** A raw page-table store (`pte`), or one of pmap_enter/remove/protect's stores. */
		readonly kind: 'pte';
		readonly line: number;
		readonly pmap: PmapId;
		readonly vpn: number;
		readonly pfn: number | undefined;
		readonly perms: Perms;
	}
	| {
		/** pmap_enter/pmap_remove/pmap_protect: stores, and the invalidations they call. */
		readonly kind: 'mutate';
		readonly line: number;
		readonly pmap: PmapId;
		readonly action: 'enter' | 'remove' | 'protect';
		readonly sva: number;
		readonly eva: number;
		/** pmap_enter's new page. */
		readonly pfn: number;
		readonly perms: Perms;
		/** Next page to examine (pmap_enter: 0 = examine the old PTE, 1 = store the new one). */
		readonly next: number;
		/** pmap_remove's anyvalid / pmap_protect's anychanged: invalidate_all at the end. */
		readonly any: boolean;
		/** Start of a run of global PTEs pmap_remove_ptes will invalidate as a range, or -1. */
		readonly runStart: number;
	}
	| {
		readonly kind: 'invalidate';
		readonly line: number;
		readonly pmap: PmapId;
		readonly range: InvalidateRange;
		readonly pc: InvalidatePhase;
		/** state.seq when the call started: restricting changes up to it are covered. */
		readonly seq0: number;
		/** The CPU pmap_invalidate_preipi_pcid does not zero (self if P is curpmap), or -1. */
		readonly skip: number;
		/** Next CPU to zero pm_gen for. */
		readonly next: number;
		/** The targets: the pm_active snapshot minus self. */
		readonly targets: CpuSet;
		/** The snapshot was all CPUs (ipi_all_but_self). */
		readonly all: boolean;
		/** The targets in increasing order, and how many have been sent the IPI. */
		readonly sendList: readonly number[];
		readonly sent: number;
		/** Called by pmap_enter/remove/protect with the pmap locked: PMAP_UNLOCK follows its return. */
		readonly unlock: boolean;
	}
	| {
		/** Straight-line instructions: a local callback, a handler's work, a PTI helper. */
		readonly kind: 'instrs';
		readonly line: number;
		readonly list: readonly Instr[];
		readonly next: number;
		/** The helper runs with interrupts disabled (pmap_pti_pcid_invlpg and friends). */
		readonly irqOff: boolean;
	}
	| {
		/** An IPI_INVLOP interrupt: invlop_handler() and the user/kernel transitions around it. */
		readonly kind: 'intr';
		readonly line: number;
		readonly wasUser: boolean;
	}
	/** One instruction of a litmus test on the protocol's words (memory/litmus.ts). */
	| {readonly kind: 'litmus'; readonly line: number; readonly instr: LitmusInstr};

/** What a CPU is doing: a frame of FreeBSD's operations or of Linux's (linux/frames.ts). */
export type Frame = FreeBsdFrame | LinuxFrame;

/** The kinds of frame. */
export type FrameKind = Frame['kind'];

/** Maps the invalidation op to the IPI kind and handler family. */
export function invlOp(range: InvalidateRange): InvlOp {
	switch (range.kind) {
		case 'page': {
			return 'invlpg';
		}

		case 'range': {
			return 'invlrng';
		}

		case 'all': {
			return 'invltlb';
		}

		default: {
			return range satisfies never;
		}
	}
}
