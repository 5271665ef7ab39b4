/**
 * What a Linux TLB flush does on each CPU (v6.14, arch/x86/mm/tlb.c): flush_tlb_func()
 * with its generation rules, do_flush_tlb_all() and do_kernel_range_flush(), and the
 * primitives they end in (flush_tlb_one_user, flush_tlb_one_kernel, flush_tlb_local,
 * __flush_tlb_all) as lists of instructions. They run with interrupts disabled: in the
 * IPI handler, or under local_irq_disable/local_irq_save on the initiator.
 */
import type {Config} from '../config.js';
import {ACTIVE, ALL, INFO, LAZY, LOADED, MMCTX, type Operation, type Touches} from '../footprint.js';
import {execute} from '../hardware.js';
import {VMSPACE0_PMAP, type CpuState, type MachineState} from '../state.js';
import type {Tx} from '../tx.js';
import type {LinuxFrame, LinuxInstr} from './frames.js';
import {lxOf, mmOf, setLx} from './lx.js';
import {TLB_FLUSH_ALL, TLB_GENERATION_INVALID, userPcid, type FlushFunc, type FlushTlbInfo} from './state.js';
import {invalidateUserAsid} from './switch-mm.js';

type FuncFrame = Extract<LinuxFrame, {kind: 'lx-func'}>;
type InstrsFrame = Extract<LinuxFrame, {kind: 'lx-instrs'}>;

/**
 * flush_tlb_one_user(addr) = native_flush_tlb_one_user: INVLPG in the current PCID;
 * under PTI also the user PCID, with INVPCID (type 0) when the CPU has it and
 * CR4.PCIDE is set, else invalidate_user_asid (a full user-PCID flush at the next return
 * to user).
 */
function flushOneUser(config: Config, asid: number, vpn: number): LinuxInstr[] {
	const list: LinuxInstr[] = [{op: 'invlpg', vpn}];
	if (config.pti) {
		list.push(...(config.invpcid && config.pcid ? [{op: 'invpcid', type: 'addr', pcid: userPcid(asid), vpn} as const] : userAsid(config, asid)));
	}

	return list;
}

/** invalidate_user_asid(asid), which does nothing without PTI or without PCID (one ASID, flushed by the CR3 write). */
function userAsid(config: Config, asid: number): LinuxInstr[] {
	return config.pti && config.pcid ? [{op: 'user-asid', asid}] : [];
}

/** flush_tlb_local() = native_flush_tlb_local: invalidate_user_asid(loaded_mm_asid), then native_write_cr3(__native_read_cr3()). */
function flushLocal(config: Config, asid: number): LinuxInstr[] {
	return [...userAsid(config, asid), {op: 'invltlb'}];
}

/** __flush_tlb_all(): with PGE, __flush_tlb_global = INVPCID all contexts (type 2) or the CR4.PGE toggle. */
function flushAll(config: Config): LinuxInstr[] {
	return [config.invpcid ? {op: 'invpcid', type: 'ctxglob', pcid: 0, vpn: undefined} : {op: 'invltlb_glob'}];
}

/**
 * do_kernel_range_flush: flush_tlb_one_kernel(addr) for each page, which is
 * flush_tlb_one_user plus, under PTI (kernel PTEs are not global there), invalidate_other
 * so that the other ASIDs are flushed when next switched to (2ea907c4fe7b).
 */
function flushKernelRange(config: Config, asid: number, info: FlushTlbInfo): LinuxInstr[] {
	const list: LinuxInstr[] = [];
	for (let vpn = info.start; vpn < info.end; vpn++) {
		list.push(...flushOneUser(config, asid, vpn));
		if (config.pti && !config.ablate.has('revert-2ea907c4fe7b')) {
			list.push({op: 'invalidate-other'});
		}
	}

	return list;
}

/** A new frame of FUNC for initiator FROM's flush_tlb_info on this CPU. */
export function funcFrame(from: number, func: FlushFunc, line: number, irqSaved: boolean): FuncFrame {
	return {kind: 'lx-func', line, from, func, pc: 'check', asid: 0, mmTlbGen: 0, irqSaved};
}

/** Pushes LIST so that it runs next (nothing for an empty list). */
function pushInstrs(tx: Tx, id: number, line: number, list: readonly LinuxInstr[]): void {
	if (list.length > 0) {
		tx.push(id, {kind: 'lx-instrs', line, list, next: 0});
	}
}

/** The function's end: local_irq_restore on the initiator's own call. */
function finish(tx: Tx, id: number, frame: FuncFrame): void {
	tx.pop(id);
	if (frame.irqSaved) {
		tx.cpu(id).irqOff--;
	}
}

/**
 * flush_tlb_func(info): the three generations are local_tlb_gen (what this CPU's ASID
 * caught up to), f->new_tlb_gen (what the requester asks for) and mm_tlb_gen (the mm's
 * latest). A CPU that is not on f->mm clears its stale mm_cpumask bit; init_mm has
 * nothing to flush; a lazy CPU switches to init_mm; a CPU already caught up returns; a
 * partial flush is done only when it brings local_tlb_gen exactly one generation up to
 * mm_tlb_gen (b0579ade7cd8), else a full flush; both end with local_tlb_gen = mm_tlb_gen.
 */
function checkFlush(tx: Tx, id: number, frame: FuncFrame, f: FlushTlbInfo): void {
	const {config} = tx.base;
	const {line} = frame;
	const lx = lxOf(tx, id);
	const loadedMm = lx.loadedMm;
	const asid = lx.loadedMmAsid;
	const local = lx.ctxs[asid]!.tlbGen;
	const mmName = f.mm === undefined ? 'kernel' : tx.name(f.mm);
	const report = (flush: 'partial' | 'full' | 'up-to-date' | 'caught-up' | 'not-loaded' | 'init_mm' | 'lazy', mmTlbGen: number) => {
		tx.emit(id, line, {event: 'flush_tlb_func', mm: mmName, flush, local_tlb_gen: local, new_tlb_gen: f.newTlbGen, mm_tlb_gen: mmTlbGen});
	};

	if (f.mm !== undefined && f.mm !== loadedMm) {
		// "The CPU was left in the mm_cpumask of the target mm. Clear it."
		report('not-loaded', 0);
		tx.setActive(f.mm, id, false);
		tx.emit(id, line, {event: 'mm_cpumask_clear', mm: mmName});
		finish(tx, id, frame);
		return;
	}

	if (loadedMm === VMSPACE0_PMAP) {
		report('init_mm', 0);
		finish(tx, id, frame);
		return;
	}

	if (lx.isLazy) {
		// "We're in lazy mode. We need to at least flush our paging-structure cache to
		// avoid speculatively reading garbage into our TLB": switch_mm_irqs_off(NULL, &init_mm, NULL).
		report('lazy', 0);
		tx.replaceTop(id, {...frame, pc: 'gen', asid: -1});
		tx.push(id, {kind: 'lx-switch', line, next: VMSPACE0_PMAP, caller: 'flush', pc: 'begin', prev: 0, prevAsid: 0, wasLazy: false, nextTlbGen: 0, ctxId: 0, newAsid: 0, needFlush: false});
		return;
	}

	const generationKnown = f.newTlbGen !== TLB_GENERATION_INVALID;
	if (generationKnown && f.newTlbGen <= local) {
		report('up-to-date', 0);
		finish(tx, id, frame);
		return;
	}

	// "Defer mm_tlb_gen reading as long as possible to avoid cache contention."
	const mmTlbGen = mmOf(tx, loadedMm).tlbGen;
	if (local === mmTlbGen) {
		// A concurrent flush already caught this CPU up.
		report('caught-up', mmTlbGen);
		finish(tx, id, frame);
		return;
	}

	const step = config.ablate.has('revert-b0579ade7cd8') ? f.newTlbGen > local : f.newTlbGen === local + 1;
	const partial = f.end !== TLB_FLUSH_ALL && step && f.newTlbGen === mmTlbGen;
	report(partial ? 'partial' : 'full', mmTlbGen);
	tx.replaceTop(id, {...frame, pc: 'gen', asid, mmTlbGen});
	if (partial) {
		const list: LinuxInstr[] = [];
		for (let vpn = f.start; vpn < f.end; vpn++) {
			list.push(...flushOneUser(config, asid, vpn));
		}

		pushInstrs(tx, id, line, list);
	} else {
		pushInstrs(tx, id, line, flushLocal(config, asid));
	}
}

/** Runs the next phase of a flush function on CPU `id`. */
export function runFunc(tx: Tx, id: number, frame: FuncFrame): void {
	const {config} = tx.base;
	switch (frame.pc) {
		case 'check': {
			const f = lxOf(tx, frame.from).info!;
			if (frame.func === 'flush_tlb_func') {
				checkFlush(tx, id, frame, f);
				return;
			}

			// do_flush_tlb_all / do_kernel_range_flush: no generations, no mm.
			tx.replaceTop(id, {...frame, pc: 'gen', asid: -1});
			const asid = lxOf(tx, id).loadedMmAsid;
			pushInstrs(tx, id, frame.line, frame.func === 'do_flush_tlb_all' ? flushAll(config) : flushKernelRange(config, asid, f));
			return;
		}

		case 'gen': {
			if (frame.asid >= 0) {
				// "Both paths above update our state to mm_tlb_gen."
				const lx = lxOf(tx, id);
				const ctxs = lx.ctxs.slice();
				ctxs[frame.asid] = {ctxId: ctxs[frame.asid]!.ctxId, tlbGen: frame.mmTlbGen};
				setLx(tx, id, {ctxs});
				tx.emit(id, frame.line, {event: 'ctxs_set', asid: frame.asid, ctx_id: ctxs[frame.asid]!.ctxId, tlb_gen: frame.mmTlbGen});
			}

			finish(tx, id, frame);
			return;
		}

		default: {
			frame.pc satisfies never;
		}
	}
}

/** Executes the next instruction of a Linux flush primitive. */
export function runLinuxInstrs(tx: Tx, id: number, frame: InstrsFrame): void {
	const instr = frame.list[frame.next]!;
	switch (instr.op) {
		case 'user-asid': {
			invalidateUserAsid(tx, id, frame.line, instr.asid);
			break;
		}

		case 'invalidate-other': {
			setLx(tx, id, {invalidateOther: true});
			tx.emit(id, frame.line, {event: 'invalidate_other'});
			break;
		}

		default: {
			execute(tx, id, frame.line, instr);
		}
	}

	const next = frame.next + 1;
	if (next < frame.list.length) {
		tx.replaceTop(id, {kind: 'lx-instrs', line: frame.line, list: frame.list, next});
	} else {
		tx.pop(id);
	}
}

/**
 * Everything a flush function on CPU may still touch: the initiator's flush_tlb_info,
 * its own loaded_mm and is_lazy (read, and written by a lazy CPU's switch to init_mm),
 * its bit in f->mm's mm_cpumask, and the loaded mm's tlb_gen.
 */
export function funcTouches(cpu: CpuState, from: number, state: MachineState | undefined, t: Touches): void {
	t.touch('read', INFO, from);
	t.touch('write', LOADED, cpu.id);
	t.touch('write', LAZY, cpu.id);
	const mm = state?.cpus[from]?.lx?.info?.mm;
	t.touch('write', ACTIVE, mm ?? ALL, cpu.id);
	t.touch('read', MMCTX, ALL);
}

/** flush_tlb_func, do_flush_tlb_all, do_kernel_range_flush (footprint.ts). */
export const funcOperation: Operation<FuncFrame> = {
	kind: 'lx-func',
	models: 'flush_tlb_func, do_flush_tlb_all, do_kernel_range_flush (arch/x86/mm/tlb.c)',
	label: frame => `${frame.func}${frame.pc === 'gen' ? ':ctxs' : ''}`,
	fields: {line: 'line', from: 'cpu', func: 'value', pc: 'phase', asid: 'value', mmTlbGen: 'value', irqSaved: 'value'},
	kernel: false,
	phase: frame => frame.pc,
	phases: {
		check: {
			does: 'reads f (the initiator\'s flush_tlb_info), loaded_mm, is_lazy and ctxs[]; clears a stale mm_cpumask bit, or reads mm_tlb_gen and pushes a partial or full flush (do_*: pushes the flush)',
			touches: (frame, cpu, state, t) => {
				t.touch('read', INFO, frame.from);
				t.touch('read', LOADED, cpu.id);
				t.touch('read', LAZY, cpu.id);
				const mm = state.cpus[frame.from]!.lx!.info?.mm;
				if (frame.func === 'flush_tlb_func' && mm !== undefined) {
					t.touch('write', ACTIVE, mm, cpu.id);
					t.touch('read', MMCTX, cpu.lx!.loadedMm >= 0 ? cpu.lx!.loadedMm : ALL);
				}
			},
			// do_flush_tlb_all and do_kernel_range_flush report nothing here: their first
			// instruction runs in the same step.
			reports: frame => (frame.func === 'flush_tlb_func' ? 'always' : 'maybe'),
		},
		gen: {
			does: 'this_cpu_write(cpu_tlbstate.ctxs[loaded_mm_asid].tlb_gen, mm_tlb_gen): this CPU\'s own state; the local_irq_restore of the initiator\'s own call',
			touches: () => {},
			reports: frame => (frame.asid >= 0 ? 'always' : 'maybe'),
		},
	},
	rest: (frame, cpu, state, t) => {
		if (frame.pc === 'check') {
			funcTouches(cpu, frame.from, state, t);
		}
	},
};

/** A flush primitive's instructions (footprint.ts): this CPU's TLB, CR3 and per-CPU stores only. */
export const linuxInstrsOperation: Operation<InstrsFrame> = {
	kind: 'lx-instrs',
	models: 'flush_tlb_one_user, flush_tlb_one_kernel, flush_tlb_local, __flush_tlb_all (arch/x86/mm/tlb.c)',
	label: () => 'instrs',
	fields: {line: 'line', list: 'instrs', next: 'value'},
	kernel: false,
	phase: () => 'execute',
	phases: {
		execute: {does: 'INVLPG, INVPCID, a CR3 reload, the CR4.PGE toggle, or a store to user_pcid_flush_mask or invalidate_other', touches: () => {}, reports: 'always'},
	},
	rest: () => {},
};
