/**
 * Page-table changes under Linux (v6.14, mm/memory.c, mm/mprotect.c, mm/vmalloc.c) and
 * the flushes they ask for: `remove` is zap_pte_range, whose mmu_gather flushes the
 * range of the PTEs it cleared at tlb_finish_mmu (tlb_flush -> flush_tlb_mm_range, no
 * page tables freed); `protect` is change_pte_range, flushed the same way; `enter`
 * replacing a present PTE by another page or fewer rights is ptep_clear_flush (clear,
 * flush_tlb_page) then set_pte_at, and any other `enter` a set_pte_at alone. On the
 * kernel half, vunmap and set_memory_* end in flush_tlb_kernel_range. `pinit` is the
 * exit of the old process (exit_mmap: everything zapped, the page tables freed, then
 * flush_tlb_mm_range(mm, 0, TLB_FLUSH_ALL, 0, true)) and a new process reusing the mm
 * (init_new_context).
 */
import {emptySet} from '../cpuset.js';
import {ACTIVE, ALL, MMCTX, pteStore, SEQ, type Operation, type Touches} from '../footprint.js';
import {canWrite, readPte, restricts, storePte} from '../pagetable.js';
import {nextValidVpn} from '../pte-table.js';
import {KERNEL_PMAP, type CpuState, type MachineState, type Perms} from '../state.js';
import type {Tx} from '../tx.js';
import {flushFrame} from './frame-for.js';
import {flushRest} from './flush-mm.js';
import type {LinuxFrame} from './frames.js';
import {mmOf} from './lx.js';
import {TLB_FLUSH_ALL} from './state.js';

type MutateFrame = Extract<LinuxFrame, {kind: 'lx-mutate'}>;
type PinitFrame = Extract<LinuxFrame, {kind: 'lx-pinit'}>;

/** The rights a `protect` leaves: it only takes rights away (as pmap_protect does). */
function reduce(old: Perms, allowed: Perms): Perms {
	const write = canWrite(old) && canWrite(allowed);
	const exec = old.includes('x') && allowed.includes('x');
	return write ? (exec ? 'rwx' : 'rw') : exec ? 'rx' : 'r';
}

/** The mmu_gather's range so far, with page VPN added (__tlb_adjust_range). */
function widen(frame: MutateFrame, vpn: number): {first: number; last: number} {
	return {first: frame.first < 0 ? vpn : Math.min(frame.first, vpn), last: Math.max(frame.last, vpn)};
}

/** tlb_finish_mmu: the flush of what was changed, or nothing (vunmap flushes the whole range it was given). */
function finishGather(tx: Tx, id: number, frame: MutateFrame): void {
	if (frame.pmap === KERNEL_PMAP && frame.action === 'remove') {
		tx.replaceTop(id, flushFrame(KERNEL_PMAP, frame.sva, frame.eva, false, frame.line));
	} else if (frame.first >= 0) {
		tx.replaceTop(id, flushFrame(frame.pmap, frame.first, frame.last + 1, false, frame.line));
	} else {
		tx.pop(id);
	}
}

/** Runs the next micro-operation of a page-table change on CPU `id`. */
export function runLinuxMutate(tx: Tx, id: number, frame: MutateFrame): void {
	const {line, pmap} = frame;
	if (frame.action === 'enter') {
		const vpn = frame.sva;
		const next = {pfn: frame.pfn, perms: frame.perms, accessed: true};
		const old = readPte(tx, pmap, vpn);
		if (frame.next === 1 || old === undefined || !old.valid) {
			// set_pte_at on a cleared or non-present PTE: no flush (x86 caches no
			// non-present entries).
			storePte(tx, id, line, pmap, vpn, next, 'lx-set-pte');
			tx.pop(id);
			return;
		}

		if (old.pfn === frame.pfn && old.perms === frame.perms) {
			tx.pop(id);
			return;
		}

		if (old.pfn !== frame.pfn || restricts(old.perms, frame.perms)) {
			// ptep_clear_flush: ptep_get_and_clear, then flush_tlb_page because the old
			// PTE was present (pte_accessible); the new PTE is stored after the flush.
			storePte(tx, id, line, pmap, vpn, undefined, 'lx-get-and-clear');
			tx.replaceTop(id, {...frame, next: 1});
			tx.push(id, flushFrame(pmap, vpn, vpn + 1, false, line));
			return;
		}

		// More rights on the same page (ptep_set_access_flags): stale entries only fault
		// spuriously, so no flush; the dirty bit stays.
		storePte(tx, id, line, pmap, vpn, {...next, dirty: old.dirty}, 'lx-set-access-flags');
		tx.pop(id);
		return;
	}

	let vpn = frame.next;
	while (vpn < frame.eva) {
		const pte = readPte(tx, pmap, vpn);
		if (!pte?.valid || (frame.action === 'protect' && reduce(pte.perms, frame.perms) === pte.perms)) {
			vpn = nextValidVpn(tx.readPmap(pmap).ptes, vpn + 1, frame.eva);
			continue;
		}

		if (frame.action === 'remove') {
			// ptep_get_and_clear_full, and the page goes into the mmu_gather.
			storePte(tx, id, line, pmap, vpn, undefined, 'lx-get-and-clear');
		} else {
			const perms = reduce(pte.perms, frame.perms);
			storePte(tx, id, line, pmap, vpn, {pfn: pte.pfn, perms, accessed: pte.accessed, dirty: pte.dirty && canWrite(perms)}, 'lx-modify-prot');
		}

		tx.replaceTop(id, {...frame, next: vpn + 1, ...widen(frame, vpn)});
		return;
	}

	finishGather(tx, id, {...frame, next: vpn});
}

/**
 * The old process's exit_mmap zaps every PTE (one micro-operation here) and its
 * tlb_finish_mmu flushes the whole mm with freed_tables, which IPIs every CPU in
 * mm_cpumask, lazy ones included; then init_new_context gives the reused mm a new
 * ctx_id and tlb_gen 0, and mm_init_cpumask empties its mm_cpumask.
 */
export function runLinuxPinit(tx: Tx, id: number, frame: PinitFrame): void {
	const {line, pmap} = frame;
	if (frame.pc === 'zap') {
		for (const pte of tx.readPmap(pmap).ptes) {
			if (pte.valid) {
				storePte(tx, id, line, pmap, pte.vpn, undefined, 'lx-zap');
			}
		}

		tx.replaceTop(id, {...frame, pc: 'init'});
		tx.push(id, flushFrame(pmap, 0, TLB_FLUSH_ALL, true, line));
		return;
	}

	// ctx_id = atomic64_inc_return(&last_mm_ctx_id): unique and never reused. The model
	// does not keep the global counter (it would make every mm's creation depend on
	// every other's): the mm's next id is its old one plus the number of mms, which is
	// unique and larger than any id before it.
	const old = mmOf(tx, pmap);
	const ctxId = old.ctxId + tx.base.pmaps.length;
	const draft = tx.pmap(pmap);
	const mask = draft.active;
	draft.mm = {ctxId, tlbGen: 0};
	draft.active = emptySet;
	tx.emit(id, line, {event: 'init_new_context', mm: tx.name(pmap), ctx_id: ctxId, mask});
	tx.pop(id);
}

/** What a Linux page-table change (or the zap of a recycled mm) may still touch: its PTE stores and the flush it asks for. */
function mutateRest(frame: MutateFrame | PinitFrame, cpu: CpuState, state: MachineState, t: Touches): void {
	pteStore(t, frame.pmap);
	t.touch('write', SEQ);
	flushRest(t, cpu, undefined, frame.pmap, state);
}

/** zap_pte_range, change_pte_range, set_pte_at / ptep_clear_flush with their flushes (footprint.ts). */
export const linuxMutateOperation: Operation<MutateFrame> = {
	kind: 'lx-mutate',
	models: 'zap_pte_range + tlb_finish_mmu, change_pte_range, ptep_clear_flush + set_pte_at, vunmap (mm/); then flush_tlb_mm_range or flush_tlb_kernel_range',
	label: frame => frame.action,
	fields: {line: 'line', pmap: 'pmap', action: 'value', sva: 'value', eva: 'value', pfn: 'value', perms: 'value', next: 'value', first: 'value', last: 'value'},
	kernel: true,
	phase: () => 'examine',
	phases: {
		examine: {
			// An identical PTE, or nothing left to change, reports nothing and the flush it
			// becomes starts in the same step.
			does: 'examines the next PTE and stores it, or becomes the flush the mmu_gather or ptep_clear_flush calls',
			touches: (frame, cpu, state, t) => {
				mutateRest(frame, cpu, state, t);
			},
			reports: 'maybe',
		},
	},
	rest: (frame, cpu, state, t) => {
		mutateRest(frame, cpu, state, t);
	},
	loops: () => undefined,
};

/** What the recycling of an mm may still touch. */
function pinitRest(frame: PinitFrame, cpu: CpuState, state: MachineState, t: Touches): void {
	if (frame.pc === 'zap') {
		mutateRest(frame, cpu, state, t);
	}

	t.touch('write', MMCTX, frame.pmap);
	t.touch('write', ACTIVE, frame.pmap, ALL);
}

/** exit_mmap and init_new_context of a reused mm (footprint.ts). */
export const linuxPinitOperation: Operation<PinitFrame> = {
	kind: 'lx-pinit',
	models: 'exit_mmap (zap, free_pgtables, tlb_finish_mmu), mm_alloc + init_new_context (kernel/fork.c, asm/mmu_context.h)',
	label: frame => `pinit:${frame.pc}`,
	fields: {line: 'line', pmap: 'pmap', pc: 'phase'},
	kernel: true,
	phase: frame => frame.pc,
	phases: {
		zap: {
			does: 'clears every PTE of the old process, then the full flush with freed_tables',
			touches: (frame, cpu, state, t) => {
				pinitRest(frame, cpu, state, t);
			},
			// An mm without mappings reports nothing here: its flush starts in the same step.
			reports: 'maybe',
		},
		init: {
			does: 'init_new_context: a new ctx_id, tlb_gen 0; mm_init_cpumask empties mm_cpumask',
			touches: (frame, _cpu, _state, t) => {
				t.touch('write', MMCTX, frame.pmap);
				t.touch('write', ACTIVE, frame.pmap, ALL);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, state, t) => {
		pinitRest(frame, cpu, state, t);
	},
	loops: () => undefined,
};
