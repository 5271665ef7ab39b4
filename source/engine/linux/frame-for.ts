/**
 * The Linux frame that carries out each scenario action (v6.14): a context switch goes
 * through context_switch() to switch_mm_irqs_off() or enter_lazy_tlb(), a page-table
 * change through zap_pte_range / change_pte_range / set_pte_at and the flush its
 * mmu_gather or ptep_clear_flush asks for, `invalidate` through flush_tlb_page,
 * flush_tlb_range, flush_tlb_mm, flush_tlb_kernel_range or flush_tlb_all.
 */
import type {Frame} from '../frames.js';
import type {InvalidateRange, Step} from '../program.js';
import {KERNEL_PMAP, VMSPACE0_PMAP, type PmapId} from '../state.js';
import type {LinuxFrame} from './frames.js';
import {TLB_FLUSH_ALL, TLB_SINGLE_PAGE_FLUSH_CEILING} from './state.js';

type FlushFrame = Extract<LinuxFrame, {kind: 'lx-flush'}>;

/**
 * A flush of MM over [START, END) pages (END TLB_FLUSH_ALL: everything). For a user mm,
 * flush_tlb_mm_range(mm, start, end, PAGE_SHIFT, freed_tables): more pages than
 * tlb_single_page_flush_ceiling become a full flush. For the kernel half (KERNEL_PMAP),
 * flush_tlb_kernel_range(start, end): do_flush_tlb_all past the ceiling, else
 * do_kernel_range_flush; no tlb_gen, every online CPU.
 */
export function flushFrame(mm: PmapId, start: number, end: number, freedTables: boolean, line: number): FlushFrame {
	const full = end === TLB_FLUSH_ALL || end - start > TLB_SINGLE_PAGE_FLUSH_CEILING;
	const base = {kind: 'lx-flush', line, mm, targets: 0n, runLocal: false, condList: [], visited: 0, ipiList: [], sent: 0, seq0: 0} as const;
	if (mm === KERNEL_PMAP) {
		// on_each_cpu(): no cond_func, every online CPU including this one.
		return {...base, func: full ? 'do_flush_tlb_all' : 'do_kernel_range_flush', start: full ? 0 : start, end: full ? TLB_FLUSH_ALL : end, freedTables: false, pc: 'call'};
	}

	return {...base, func: 'flush_tlb_func', start: full ? 0 : start, end: full ? TLB_FLUSH_ALL : end, freedTables, pc: 'gen'};
}

/** The flush an `invalidate` names: flush_tlb_page, flush_tlb_range, flush_tlb_mm (freed_tables: true), or the kernel's. */
export function invalidationFlush(pmap: PmapId, range: InvalidateRange, line: number): FlushFrame {
	switch (range.kind) {
		case 'page': {
			return flushFrame(pmap, range.vpn, range.vpn + 1, false, line);
		}

		case 'range': {
			return flushFrame(pmap, range.sva, range.eva, false, line);
		}

		case 'all': {
			// flush_tlb_mm(mm) = flush_tlb_mm_range(mm, 0UL, TLB_FLUSH_ALL, 0UL, true);
			// flush_tlb_all() for the kernel.
			return flushFrame(pmap, 0, TLB_FLUSH_ALL, pmap !== KERNEL_PMAP, line);
		}

		default: {
			return range satisfies never;
		}
	}
}

/** The frame that carries out one scenario step under Linux. */
export function linuxFrameFor(step: Step): Frame {
	const {action, line} = step;
	switch (action.kind) {
		case 'switch': {
			// `switch kernel` runs a kernel thread (next->mm == NULL): enter_lazy_tlb.
			const caller = action.pmap === VMSPACE0_PMAP ? 'kthread' : 'task';
			return {kind: 'lx-switch', line, next: action.pmap, caller, pc: 'begin', prev: 0, prevAsid: 0, wasLazy: false, nextTlbGen: 0, ctxId: 0, newAsid: 0, needFlush: false};
		}

		case 'user': {
			return {kind: 'lx-user', line};
		}

		case 'kernel': {
			return {kind: 'lx-kernel', line};
		}

		case 'access': {
			return {kind: 'access', line, vpn: action.vpn, write: action.write};
		}

		case 'enter': {
			const {pmap, vpn, pfn, perms} = action;
			return {kind: 'lx-mutate', line, action: 'enter', pmap, sva: vpn, eva: vpn + 1, pfn, perms, next: 0, first: -1, last: -1};
		}

		case 'remove': {
			const {pmap, sva, eva} = action;
			return {kind: 'lx-mutate', line, action: 'remove', pmap, sva, eva, pfn: 0, perms: 'r', next: sva, first: -1, last: -1};
		}

		case 'protect': {
			const {pmap, sva, eva, perms} = action;
			return {kind: 'lx-mutate', line, action: 'protect', pmap, sva, eva, pfn: 0, perms, next: sva, first: -1, last: -1};
		}

		case 'invalidate': {
			return invalidationFlush(action.pmap, action.range, line);
		}

		case 'pinit': {
			return {kind: 'lx-pinit', line, pmap: action.pmap, pc: 'zap'};
		}

		case 'pte': {
			const {pmap, vpn, pfn, perms} = action;
			return {kind: 'pte', line, pmap, vpn, pfn, perms};
		}

		case 'litmus': {
			// Litmus instructions name pmap.c's words (pm_gen, pm_active): built only in
			// tests of the FreeBSD module (memory/litmus.ts), never from a scenario.
			throw new Error('litmus instructions run under the FreeBSD module only');
		}

		default: {
			return action satisfies never;
		}
	}
}
