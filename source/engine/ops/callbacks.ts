/**
 * What the initiator does on its own TLB (the *_curcpu_cb callbacks of
 * sys/amd64/amd64/pmap.c) and what a target's IPI handler does (the handlers of
 * sys/amd64/amd64/mp_machdep.c), as lists of instructions computed from the CPU's
 * state when the code reads it (spec 4.5 and 4.6.3).
 */
import type {Config} from '../config.js';
import type {Instr} from '../frames.js';
import {userPcid} from '../hardware.js';
import type {InvalidateRange} from '../program.js';
import {KERNEL_PMAP, type CpuState, type PmapState} from '../state.js';

/** Pages of a page/range invalidation, in increasing order. */
function pages(range: InvalidateRange): number[] {
	if (range.kind === 'page') {
		return [range.vpn];
	}

	if (range.kind === 'range') {
		// The handlers' `do { invlpg(addr); } while (addr < addr2)` runs at least once.
		const out: number[] = [];
		let vpn = range.sva;
		do {
			out.push(vpn);
			vpn++;
		} while (vpn < range.eva);
		return out;
	}

	return [];
}

/**
 * The PTI user-table part of a page or range invalidation: INVPCID_ADDR on the user
 * PCID, or pmap_pti_pcid_invlpg/_invlrng (support.S), which switch %cr3 to the user
 * table with PCID_SAVE, INVLPG, and switch back, interrupts off.
 */
function userTablePages(config: Config, cpu: CpuState, pmap: PmapState, vpns: readonly number[]): Instr[][] {
	const pcid = pmap.pcids[cpu.id]!.pcid;
	if (config.invpcid) {
		return [vpns.map(vpn => ({op: 'invpcid', type: 'addr', pcid: userPcid(pcid), vpn}))];
	}

	const ucr3 = {pmap: pmap.id, table: 'upt', pcid: userPcid(pcid), save: true} as const;
	const kcr3 = {pmap: pmap.id, table: 'kpt', pcid, save: true} as const;
	return [[{op: 'cr3', value: ucr3}, ...vpns.map(vpn => ({op: 'invlpg', vpn}) as const), {op: 'cr3', value: kcr3}]];
}

/** `upt_ok` of the handlers / the skip test of pmap_invalidate_page_pcid_cb. */
function userTableNeedsWork(cpu: CpuState, pmap: PmapState): boolean {
	return cpu.curpmap === pmap.id && pmap.hasUpt && cpu.ucr3Mask === 'nomask';
}

/**
 * The initiator's own work: pmap_invalidate_page_curcpu_cb,
 * pmap_invalidate_range_curcpu_cb, pmap_invalidate_all_curcpu_cb. Returns the plain
 * instructions and, separately, instruction lists that run with interrupts disabled.
 */
export function localCallback(config: Config, cpu: CpuState, pmap: PmapState, range: InvalidateRange): Instr[][] {
	const isKernel = pmap.id === KERNEL_PMAP;
	const isCurrent = cpu.curpmap === pmap.id;
	if (range.kind === 'all') {
		if (isKernel) {
			// pmap_invalidate_all_pcid_cb / _nopcid_cb on kernel_pmap.
			return [[config.invpcid ? {op: 'invpcid', type: 'ctxglob', pcid: 0, vpn: undefined} : {op: 'invltlb_glob'}]];
		}

		if (!isCurrent) {
			// Not loaded here: PCID modes zeroed this CPU's pm_gen in preipi too.
			return [];
		}

		if (!config.pcid) {
			return [[{op: 'invltlb'}]];
		}

		const {pcid} = pmap.pcids[cpu.id]!;
		// Without INVPCID the kernel reloads %cr3 without PCID_SAVE; the seed mentions
		// that alternative only for the remote case (spec 5.4 item 5).
		const flush: Instr = config.invpcid
			? {op: 'invpcid', type: 'ctx', pcid, vpn: undefined}
			: {op: 'cr3', value: {pmap: pmap.id, table: 'kpt', pcid, save: false}};
		// The user table's PCID is flushed at the next return to user.
		return pmap.hasUpt ? [[flush, {op: 'mask', value: 'nosave'}]] : [[flush]];
	}

	const vpns = pages(range);
	if (isKernel) {
		// pmap_invlpg(kernel_pmap, va) / the kernel branch of the range callback.
		return [vpns.map(vpn => ({op: 'invlpg', vpn}))];
	}

	if (!isCurrent) {
		return [];
	}

	const kernelTable: Instr[] = vpns.map(vpn => ({op: 'invlpg', vpn}));
	// The seed's "INVPCID(ADDR) for upt" is unconditional; the kernel skips it without a
	// user table or while a full user-table flush is pending (spec 5.4 item 7).
	if (!config.pcid || !userTableNeedsWork(cpu, pmap)) {
		return [kernelTable];
	}

	return [kernelTable, ...userTablePages(config, cpu, pmap, vpns)];
}

/**
 * A target's work for one request: invlop_handler_one_req() dispatching on the op the
 * kernel selected at boot (invl_scoreboard_init).
 */
export function handlerWork(config: Config, cpu: CpuState, pmap: PmapState, range: InvalidateRange): Instr[][] {
	const isKernel = pmap.id === KERNEL_PMAP;
	// pmap_get_pcid(): whatever PCID the pmap holds here, even if its gen was zeroed;
	// the INVPCID descriptor's field is 12 bits (PMAP_PCID_NONE becomes 0xfff).
	const pcid = (pmap.pcids[cpu.id]?.pcid ?? 0) & 0xf_ff;
	if (range.kind === 'all') {
		if (!config.pcid) {
			// invltlb_handler: flushes whatever address space is loaded.
			return [[isKernel ? {op: 'invltlb_glob'} : {op: 'invltlb'}]];
		}

		if (config.invpcid) {
			if (isKernel) {
				return [[{op: 'invpcid', type: 'ctxglob', pcid: 0, vpn: undefined}]];
			}

			// invltlb_invpcid_handler / invltlb_invpcid_pti_handler: no curpmap check for
			// the INVPCID itself.
			const ctx: Instr = {op: 'invpcid', type: 'ctx', pcid, vpn: undefined};
			const setMask = config.pti && cpu.curpmap === pmap.id && pmap.hasUpt;
			return [setMask ? [ctx, {op: 'mask', value: 'nosave'}] : [ctx]];
		}

		// invltlb_pcid_handler.
		if (isKernel) {
			return [[{op: 'invltlb_glob'}]];
		}

		if (cpu.curpmap !== pmap.id) {
			// The zeroed pm_gen covers a pmap that is not loaded here.
			return [];
		}

		const reload: Instr = {op: 'cr3', value: {pmap: pmap.id, table: 'kpt', pcid, save: false}};
		return [pmap.hasUpt ? [reload, {op: 'mask', value: 'nosave'}] : [reload]];
	}

	// invlpg_handler, invlpg_invpcid_handler, invlpg_pcid_handler and the range ones:
	// INVLPG whether or not the pmap is loaded here, then the user table if needed.
	const vpns = pages(range);
	const kernelTable: Instr[] = vpns.map(vpn => ({op: 'invlpg', vpn}));
	if (!config.pcid || !userTableNeedsWork(cpu, pmap)) {
		return [kernelTable];
	}

	return [kernelTable, ...userTablePages(config, cpu, pmap, vpns)];
}

/** Whether a list of instructions must run with interrupts disabled (the PTI helpers). */
export function isPtiHelper(list: readonly Instr[]): boolean {
	return list[0]?.op === 'cr3' && list[0].value.table === 'upt';
}
