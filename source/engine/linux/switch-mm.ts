/**
 * Linux's context switch (v6.14, arch/x86/mm/tlb.c): switch_mm_irqs_off() with
 * choose_new_asid(), clear_asid_other(), load_new_mm_cr3() and invalidate_user_asid(),
 * and enter_lazy_tlb() for a switch to a kernel thread. context_switch() calls them
 * with the runqueue lock held and interrupts disabled, so a flush IPI that arrives
 * meanwhile stays pending until finish_task_switch().
 */
import {ACTIVE, LAZY, LOADED, MMCTX, type Operation, type Touches} from '../footprint.js';
import {loadCr3} from '../hardware.js';
import {VMSPACE0_PMAP, type CpuState} from '../state.js';
import type {Tx} from '../tx.js';
import type {LinuxFrame} from './frames.js';
import {lxOf, mmOf, runsKernelThread, setLx} from './lx.js';
import {kernPcid, LOADED_MM_SWITCHING, TLB_NR_DYN_ASIDS, type TlbContext} from './state.js';

type SwitchFrame = Extract<LinuxFrame, {kind: 'lx-switch'}>;

/** A copy of FRAME with CHANGES (field by field: see cloneCpu). */
function update(frame: SwitchFrame, changes: Partial<SwitchFrame>): SwitchFrame {
	return {
		kind: 'lx-switch',
		line: frame.line,
		next: frame.next,
		caller: frame.caller,
		pc: changes.pc ?? frame.pc,
		prev: changes.prev ?? frame.prev,
		prevAsid: changes.prevAsid ?? frame.prevAsid,
		wasLazy: changes.wasLazy ?? frame.wasLazy,
		nextTlbGen: changes.nextTlbGen ?? frame.nextTlbGen,
		ctxId: changes.ctxId ?? frame.ctxId,
		newAsid: changes.newAsid ?? frame.newAsid,
		needFlush: changes.needFlush ?? frame.needFlush,
	};
}

/**
 * The identity an ASID slot records for an mm: its never-reused ctx_id (f39681ed0f48),
 * or, with that commit reverted, the mm itself (the struct, which a new process may
 * reuse).
 */
export function slotIdentity(tx: Tx, pmap: number): number {
	return tx.base.config.ablate.has('revert-f39681ed0f48') ? pmap : mmOf(tx, pmap).ctxId;
}

/** The name the current task's address space goes by: its mm, or `kernel` for a kernel thread. */
function currentName(tx: Tx, id: number): string {
	const lx = lxOf(tx, id);
	return runsKernelThread(lx) ? 'kernel' : tx.name(lx.loadedMm);
}

/** The end of the switch: finish_task_switch() enables interrupts (the scheduler's call only). */
function finish(tx: Tx, id: number, frame: SwitchFrame): void {
	tx.pop(id);
	if (frame.caller !== 'flush') {
		tx.cpu(id).irqOff--;
	}
}

/**
 * choose_new_asid(next, next_tlb_gen, &new_asid, &need_flush): ASID 0 without PCID; a
 * pending invalidate_other first clears every other slot (clear_asid_other); a slot
 * holding next's ctx_id is reused, flushed if its tlb_gen is older; otherwise the slot
 * next_asid names, round robin, whatever it held.
 */
function chooseNewAsid(tx: Tx, id: number, line: number, next: number, nextTlbGen: number): {asid: number; needFlush: boolean; slot: 'cached' | 'new' | 'nopcid'} {
	if (!tx.base.config.pcid) {
		return {asid: 0, needFlush: true, slot: 'nopcid'};
	}

	let lx = lxOf(tx, id);
	if (lx.invalidateOther) {
		// clear_asid_other: "Make sure the next time we go to switch to this asid, we do a flush".
		const ctxs: TlbContext[] = lx.ctxs.map((ctx, asid) => (asid === lx.loadedMmAsid ? ctx : {ctxId: 0, tlbGen: ctx.tlbGen}));
		setLx(tx, id, {ctxs, invalidateOther: false});
		for (const [asid, ctx] of lx.ctxs.entries()) {
			if (asid !== lx.loadedMmAsid && ctx.ctxId !== 0) {
				tx.emit(id, line, {event: 'ctxs_set', asid, ctx_id: 0, tlb_gen: ctx.tlbGen});
			}
		}

		lx = lxOf(tx, id);
	}

	const identity = slotIdentity(tx, next);
	for (let asid = 0; asid < TLB_NR_DYN_ASIDS; asid++) {
		const ctx = lx.ctxs[asid]!;
		if (ctx.ctxId === identity) {
			return {asid, needFlush: ctx.tlbGen < nextTlbGen, slot: 'cached'};
		}
	}

	// this_cpu_add_return(cpu_tlbstate.next_asid, 1) - 1, wrapping to 0 with next_asid = 1.
	let asid = lx.nextAsid;
	let nextAsid = lx.nextAsid + 1;
	if (asid >= TLB_NR_DYN_ASIDS) {
		asid = 0;
		nextAsid = 1;
	}

	setLx(tx, id, {nextAsid});
	return {asid, needFlush: true, slot: 'new'};
}

/**
 * load_new_mm_cr3(next->pgd, new_asid, lam, need_flush): with need_flush the user ASID
 * is marked for a flush at the next return to user (invalidate_user_asid) and CR3 is
 * written without CR3_NOFLUSH, which flushes the kernel PCID now; else with it.
 */
function loadNewMmCr3(tx: Tx, id: number, line: number, next: number, asid: number, needFlush: boolean): void {
	const {config} = tx.base;
	if (needFlush && config.pti && config.pcid && !config.ablate.has('revert-6fd166aae78c')) {
		invalidateUserAsid(tx, id, line, asid);
	}

	// build_cr3 / build_cr3_noflush: the kernel half of next's PGD, kern_pcid(asid) with PCID.
	loadCr3(tx, id, line, {pmap: next, table: 'kpt', pcid: config.pcid ? kernPcid(asid) : 0, save: !needFlush});
}

/**
 * invalidate_user_asid(asid): under PTI with PCID, __set_bit(kern_pcid(asid),
 * user_pcid_flush_mask); SWITCH_TO_USER_CR3 consumes it.
 */
export function invalidateUserAsid(tx: Tx, id: number, line: number, asid: number): void {
	const {config} = tx.base;
	if (!config.pti || !config.pcid) {
		return;
	}

	const lx = lxOf(tx, id);
	setLx(tx, id, {userPcidFlushMask: lx.userPcidFlushMask | (1 << kernPcid(asid))});
	tx.emit(id, line, {event: 'invalidate_user_asid', asid, pcid: kernPcid(asid)});
}

/** Runs the next phase of a context switch (or of a lazy CPU's switch to init_mm) on CPU `id`. */
export function runSwitchMm(tx: Tx, id: number, frame: SwitchFrame): void {
	const {line, next} = frame;
	switch (frame.pc) {
		case 'begin': {
			if (frame.caller !== 'flush') {
				tx.emit(id, line, {event: 'context_switch', from: currentName(tx, id), to: frame.caller === 'kthread' ? 'kernel' : tx.name(next)});
				tx.cpu(id).irqOff++;
			}

			const lx = lxOf(tx, id);
			if (frame.caller === 'kthread') {
				// enter_lazy_tlb(): nothing on init_mm; else a plain store, CR3 and the
				// mm_cpumask bit stay.
				if (lx.loadedMm !== VMSPACE0_PMAP) {
					setLx(tx, id, {isLazy: true});
					tx.emit(id, line, {event: 'is_lazy', value: true});
				}

				finish(tx, id, frame);
				return;
			}

			// prev = loaded_mm (not the 'unused' argument), prev_asid, was_lazy.
			const prev = lx.loadedMm;
			if (lx.isLazy) {
				setLx(tx, id, {isLazy: false});
				tx.emit(id, line, {event: 'is_lazy', value: false});
			}

			if (prev === next && !lx.isLazy) {
				// Another thread of the same process: no TLB work at all.
				finish(tx, id, frame);
				return;
			}

			tx.replaceTop(id, update(frame, {prev, prevAsid: lx.loadedMmAsid, wasLazy: lx.isLazy, pc: prev === next ? 'same' : 'mask'}));
			return;
		}

		case 'same': {
			// Back from lazy mode on the same mm: smp_mb() orders the is_lazy store before
			// this read, pairing with inc_mm_tlb_gen and should_flush_tlb; a flush while
			// lazy skipped this CPU, so compare the ASID's tlb_gen with the mm's.
			// (revert-145f573b89a6: the check that commit added is gone; the ASID is kept.)
			const nextTlbGen = mmOf(tx, next).tlbGen;
			const fresh = tx.base.config.ablate.has('revert-145f573b89a6') || lxOf(tx, id).ctxs[frame.prevAsid]!.tlbGen === nextTlbGen;
			tx.emit(id, line, {event: 'choose_new_asid', mm: tx.name(next), asid: frame.prevAsid, tlb_gen: nextTlbGen, need_flush: !fresh, slot: 'lazy'});
			if (fresh) {
				finish(tx, id, frame);
				return;
			}

			tx.replaceTop(id, update(frame, {nextTlbGen, ctxId: slotIdentity(tx, next), newAsid: frame.prevAsid, needFlush: true, pc: 'load'}));
			return;
		}

		case 'mask': {
			// cond_mitigation() is left out. prev's bit stays set (209954cbc7d0: the mask is
			// trimmed lazily by flush_tlb_func). "Start receiving IPIs and then read
			// tlb_gen": cpumask_set_cpu is a locked instruction, a full barrier; when the
			// bit is already set v6.14 executes no barrier here, and the step goes on.
			tx.replaceTop(id, update(frame, {pc: 'gen'}));
			if (next !== VMSPACE0_PMAP && !tx.testActive(next, id)) {
				tx.setActive(next, id, true);
				tx.emit(id, line, {event: 'mm_cpumask_set', mm: tx.name(next)});
			}

			return;
		}

		case 'gen': {
			// next_tlb_gen = atomic64_read(&next->context.tlb_gen), then choose_new_asid.
			const nextTlbGen = mmOf(tx, next).tlbGen;
			const {asid, needFlush, slot} = chooseNewAsid(tx, id, line, next, nextTlbGen);
			tx.emit(id, line, {event: 'choose_new_asid', mm: tx.name(next), asid, tlb_gen: nextTlbGen, need_flush: needFlush, slot});
			tx.replaceTop(id, update(frame, {nextTlbGen, ctxId: slotIdentity(tx, next), newAsid: asid, needFlush, pc: 'switching'}));
			return;
		}

		case 'switching': {
			// "Let nmi_uaccess_okay() know that we're changing CR3": loaded_mm is
			// LOADED_MM_SWITCHING until CR3 is written. In v6.14 this store comes after the
			// tlb_gen read (the order Stephen Dolan's stable fix reverses).
			setLx(tx, id, {loadedMm: LOADED_MM_SWITCHING});
			tx.emit(id, line, {event: 'loaded_mm', mm: 'LOADED_MM_SWITCHING', asid: lxOf(tx, id).loadedMmAsid});
			tx.replaceTop(id, update(frame, {pc: 'load'}));
			return;
		}

		case 'load': {
			const {newAsid, needFlush, nextTlbGen} = frame;
			if (needFlush) {
				// this_cpu_write(cpu_tlbstate.ctxs[new_asid].ctx_id / .tlb_gen) before the CR3
				// write: interrupts are off, and no other CPU reads ctxs[].
				const {ctxId} = frame;
				const ctxs = lxOf(tx, id).ctxs.slice();
				ctxs[newAsid] = {ctxId, tlbGen: nextTlbGen};
				setLx(tx, id, {ctxs});
				tx.emit(id, line, {event: 'ctxs_set', asid: newAsid, ctx_id: ctxId, tlb_gen: nextTlbGen});
			}

			loadNewMmCr3(tx, id, line, next, newAsid, needFlush);
			tx.replaceTop(id, update(frame, {pc: 'loaded'}));
			return;
		}

		case 'loaded': {
			// barrier() ("write CR3 before loaded_mm"), loaded_mm = next, loaded_mm_asid.
			setLx(tx, id, {loadedMm: next, loadedMmAsid: frame.newAsid});
			tx.emit(id, line, {event: 'loaded_mm', mm: tx.name(next), asid: frame.newAsid});
			finish(tx, id, frame);
			return;
		}

		default: {
			frame.pc satisfies never;
		}
	}
}

/** Everything a switch may still touch from FRAME's phase: its is_lazy and loaded_mm stores, next's cpumask bit and tlb_gen. */
export function switchRest(frame: SwitchFrame, cpu: CpuState, t: Touches): void {
	t.touch('write', LAZY, cpu.id);
	t.touch('read', LOADED, cpu.id);
	if (frame.caller === 'kthread') {
		return;
	}

	t.touch('write', LOADED, cpu.id);
	if (frame.pc === 'begin' || frame.pc === 'mask') {
		t.touch('write', ACTIVE, frame.next, cpu.id);
	}

	if (frame.pc === 'begin' || frame.pc === 'same' || frame.pc === 'mask' || frame.pc === 'gen') {
		t.touch('read', MMCTX, frame.next);
	}
}

/** switch_mm_irqs_off and enter_lazy_tlb as the explorer and the screen see them (footprint.ts). */
export const switchMmOperation: Operation<SwitchFrame> = {
	kind: 'lx-switch',
	models: 'context_switch -> switch_mm_irqs_off (choose_new_asid, clear_asid_other, load_new_mm_cr3, invalidate_user_asid) or enter_lazy_tlb (arch/x86/mm/tlb.c)',
	label: frame => (frame.caller === 'kthread' ? 'enter_lazy_tlb' : `switch_mm:${frame.pc}`),
	fields: {line: 'line', next: 'pmap', caller: 'value', pc: 'phase', prev: 'value', prevAsid: 'value', wasLazy: 'value', nextTlbGen: 'value', ctxId: 'value', newAsid: 'value', needFlush: 'value'},
	kernel: true,
	phase: frame => frame.pc,
	phases: {
		begin: {
			does: 'reads loaded_mm, loaded_mm_asid and is_lazy; stores is_lazy (enter_lazy_tlb: true; leaving lazy mode: false); returns for another thread of the same mm',
			touches: (_frame, cpu, _state, t) => {
				t.touch('write', LAZY, cpu.id);
				t.touch('read', LOADED, cpu.id);
			},
			reports: 'always',
		},
		same: {
			does: 'prev == next after lazy mode: smp_mb(), atomic64_read(&next->context.tlb_gen), compared with ctxs[prev_asid].tlb_gen',
			touches: (frame, _cpu, _state, t) => {
				t.touch('read', MMCTX, frame.next);
			},
			reports: 'always',
		},
		mask: {
			// With the bit already set it reports nothing and goes on into `gen`, whose
			// tlb_gen read is declared here too.
			does: 'cpumask_test_cpu and cpumask_set_cpu(cpu, mm_cpumask(next)) (a locked bit set); then, if the bit was set, the tlb_gen read of gen',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', ACTIVE, frame.next, cpu.id);
				t.touch('read', MMCTX, frame.next);
			},
			reports: 'always',
		},
		gen: {
			does: 'atomic64_read(&next->context.tlb_gen) and choose_new_asid (this CPU\'s ctxs[], next_asid, invalidate_other)',
			touches: (frame, _cpu, _state, t) => {
				t.touch('read', MMCTX, frame.next);
			},
			reports: 'always',
		},
		switching: {
			does: 'this_cpu_write(cpu_tlbstate.loaded_mm, LOADED_MM_SWITCHING)',
			touches: (_frame, cpu, _state, t) => {
				t.touch('write', LOADED, cpu.id);
			},
			reports: 'always',
		},
		load: {does: 'ctxs[new_asid] = {ctx_id, next_tlb_gen} with need_flush; load_new_mm_cr3 (invalidate_user_asid, write_cr3 with or without CR3_NOFLUSH): this CPU\'s own state', touches: () => {}, reports: 'always'},
		loaded: {
			does: 'this_cpu_write(cpu_tlbstate.loaded_mm, next) and loaded_mm_asid; interrupts back on (finish_task_switch)',
			touches: (_frame, cpu, _state, t) => {
				t.touch('write', LOADED, cpu.id);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, _state, t) => {
		switchRest(frame, cpu, t);
	},
};
