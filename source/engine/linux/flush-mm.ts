/**
 * The initiator of a Linux TLB flush (v6.14): flush_tlb_mm_range() (inc_mm_tlb_gen,
 * get_flush_tlb_info, the cpumask_any_but test, the local-only shortcut),
 * native_flush_tlb_multi() with should_flush_tlb(), flush_tlb_kernel_range() and
 * flush_tlb_all() (arch/x86/mm/tlb.c), and the transport they use,
 * smp_call_function_many_cond() (kernel/smp.c): csd_lock, llist_add to each target's
 * call_single_queue, one IPI per queue that was empty, the initiator's own call with
 * interrupts off, then csd_lock_wait on every target.
 */
import {fullSet, has, members, remove} from '../cpuset.js';
import {ACTIVE, ALL, CSD, CSQ, INFO, IPI, LAZY, LOADED, MMCTX, pteStore, SEQ, type Operation, type Touches} from '../footprint.js';
import {completeInvalidation} from '../pagetable.js';
import type {InvalidateRange} from '../program.js';
import {KERNEL_PMAP, type CpuState, type MachineState} from '../state.js';
import type {Tx} from '../tx.js';
import {funcFrame, funcTouches} from './flush-func.js';
import type {LinuxFrame} from './frames.js';
import {lxOf, mmOf, setLx} from './lx.js';
import {TLB_FLUSH_ALL, TLB_GENERATION_INVALID, type FlushTlbInfo} from './state.js';

type FlushFrame = Extract<LinuxFrame, {kind: 'lx-flush'}>;

/** A copy of FRAME with CHANGES (field by field: see cloneCpu). */
function update(frame: FlushFrame, changes: Partial<FlushFrame>): FlushFrame {
	return {
		kind: 'lx-flush',
		line: frame.line,
		func: frame.func,
		mm: frame.mm,
		start: frame.start,
		end: frame.end,
		freedTables: frame.freedTables,
		pc: changes.pc ?? frame.pc,
		seq0: changes.seq0 ?? frame.seq0,
		targets: changes.targets ?? frame.targets,
		runLocal: changes.runLocal ?? frame.runLocal,
		condList: changes.condList ?? frame.condList,
		visited: changes.visited ?? frame.visited,
		ipiList: changes.ipiList ?? frame.ipiList,
		sent: changes.sent ?? frame.sent,
	};
}

/** The kind of request an IPI carries, in the contracted names: one page, a range, everything. */
export function ipiKind(info: Pick<FlushTlbInfo, 'start' | 'end' | 'func'>): 'invlpg' | 'invlrng' | 'invltlb' {
	if (info.func === 'do_flush_tlb_all' || info.end === TLB_FLUSH_ALL) {
		return 'invltlb';
	}

	return info.end - info.start === 1 ? 'invlpg' : 'invlrng';
}

/** What a finished flush covers, for the stale-use checker. */
function coveredRange(frame: FlushFrame): InvalidateRange {
	if (frame.end === TLB_FLUSH_ALL) {
		return {kind: 'all'};
	}

	return frame.end - frame.start === 1 ? {kind: 'page', vpn: frame.start} : {kind: 'range', sva: frame.start, eva: frame.end};
}

/** Whether the targets are chosen by should_flush_tlb: a user mm's flush that frees no page tables (native_flush_tlb_multi). */
function conditional(frame: FlushFrame): boolean {
	return frame.func === 'flush_tlb_func' && !frame.freedTables;
}

/**
 * should_flush_tlb(cpu, info), run on the initiator with the target's per-CPU data:
 * "Lazy TLB will get flushed at the next context switch"; a kernel flush goes to every
 * CPU; then the CPU must have the mm loaded, or be due for trimming. (In v6.14 there is
 * no LOADED_MM_SWITCHING test: fea4e317f9e7, in v6.15, adds it.)
 */
function shouldFlushTlb(tx: Tx, cpu: number, info: FlushTlbInfo): {result: boolean; reason: 'lazy' | 'kernel' | 'loaded' | 'trim' | 'not-loaded'} {
	const lx = lxOf(tx, cpu);
	if (lx.isLazy) {
		return {result: false, reason: 'lazy'};
	}

	if (info.mm === undefined) {
		return {result: true, reason: 'kernel'};
	}

	if (lx.loadedMm === info.mm) {
		return {result: true, reason: 'loaded'};
	}

	// info->trim_cpumask: should_trim_cpumask() answers true at most once a second per
	// mm (jiffies); a scenario runs within that second, so it is false here.
	return {result: false, reason: 'not-loaded'};
}

/** Runs the next phase of a flush on initiator `id`. */
export function runFlushMm(tx: Tx, id: number, frame: FlushFrame): void {
	const {line} = frame;
	const name = tx.name(frame.mm);
	switch (frame.pc) {
		case 'gen': {
			// get_cpu(); "This is also a barrier that synchronizes with switch_mm()":
			// inc_mm_tlb_gen is atomic64_inc_return, a locked instruction.
			const mm = mmOf(tx, frame.mm);
			const newTlbGen = mm.tlbGen + 1;
			tx.pmap(frame.mm).mm = {ctxId: mm.ctxId, tlbGen: newTlbGen};
			tx.emit(id, line, {event: 'tlb_gen_inc', mm: name, tlb_gen: newTlbGen});
			// get_flush_tlb_info: this CPU's flush_tlb_info.
			setLx(tx, id, {info: {func: frame.func, mm: frame.mm, start: frame.start, end: frame.end, newTlbGen, freedTables: frame.freedTables, line}});
			tx.replaceTop(id, update(frame, {pc: 'mask', seq0: tx.seq}));
			return;
		}

		case 'mask': {
			// if (cpumask_any_but(mm_cpumask(mm), cpu) < nr_cpu_ids) flush_tlb_multi(...)
			const mask = tx.readPmap(frame.mm).active;
			tx.emit(id, line, {event: 'mm_cpumask_read', mm: name, mask});
			if (remove(mask, id) !== 0n) {
				tx.replaceTop(id, update(frame, {pc: 'call'}));
			} else if (frame.mm === lxOf(tx, id).loadedMm) {
				// "flush_tlb_multi() is not optimized for the common case in which only a
				// local TLB flush is needed": local_irq_disable(); flush_tlb_func(info).
				tx.replaceTop(id, update(frame, {pc: 'wait'}));
				tx.cpu(id).irqOff++;
				tx.push(id, funcFrame(id, frame.func, line, true));
			} else {
				tx.replaceTop(id, update(frame, {pc: 'wait'}));
			}

			return;
		}

		case 'call': {
			// smp_call_function_many_cond(mask, func, info, SCF_WAIT | SCF_RUN_LOCAL, cond):
			// run_local if this CPU is in the mask, cfd->cpumask = the mask's other CPUs.
			// flush_tlb_kernel_range and flush_tlb_all go to cpu_online_mask (on_each_cpu).
			const kernel = frame.func !== 'flush_tlb_func';
			const mask = kernel ? fullSet(tx.base.cpus.length) : tx.readPmap(frame.mm).active;
			let {seq0} = frame;
			if (kernel) {
				// get_flush_tlb_info(NULL, start, end, 0, false, TLB_GENERATION_INVALID).
				setLx(tx, id, {info: {func: frame.func, mm: undefined, start: frame.start, end: frame.end, newTlbGen: TLB_GENERATION_INVALID, freedTables: false, line}});
				seq0 = tx.seq;
			} else {
				tx.emit(id, line, {event: 'mm_cpumask_read', mm: name, mask});
			}

			const targets = remove(mask, id);
			const condList = members(targets);
			tx.replaceTop(id, update(frame, {seq0, targets, runLocal: has(mask, id), condList, visited: 0, pc: condList.length > 0 ? 'cond' : 'local'}));
			return;
		}

		case 'cond': {
			// for_each_cpu(cpu, cfd->cpumask): cond_func, csd_lock, llist_add.
			const target = frame.condList[frame.visited]!;
			const info = lxOf(tx, id).info!;
			let queue = true;
			if (conditional(frame)) {
				const {result, reason} = shouldFlushTlb(tx, target, info);
				tx.emit(id, line, {event: 'should_flush_tlb', to: target, result, reason});
				queue = result;
			}

			let {ipiList} = frame;
			if (queue) {
				const waiting = lxOf(tx, target).queue;
				setLx(tx, target, {queue: [...waiting, id]});
				setLx(tx, id, {locked: lxOf(tx, id).locked + 1});
				tx.emit(id, line, {event: 'csd_queue', to: target, func: frame.func, ipi: waiting.length === 0});
				if (waiting.length === 0) {
					// llist_add returned true: the queue was empty, so this target needs an IPI.
					ipiList = [...ipiList, target];
				}
			}

			const visited = frame.visited + 1;
			const pc = visited < frame.condList.length ? 'cond' : ipiList.length > 0 ? 'send' : 'local';
			tx.replaceTop(id, update(frame, {visited, ipiList, pc}));
			return;
		}

		case 'send': {
			// send_call_function_single_ipi(last_cpu), or send_call_function_ipi_mask
			// (cfd->cpumask_ipi): one CALL_FUNCTION_VECTOR each; the LAPIC keeps one
			// pending. x86 uses the all-but-self shorthand when the mask is every other CPU.
			const target = frame.ipiList[frame.sent]!;
			const cpu = tx.cpu(target);
			cpu.ipiPending = true;
			cpu.ipiLine = line;
			const info = lxOf(tx, id).info!;
			const kind = ipiKind(info);
			const all = frame.ipiList.length > 1 && frame.ipiList.length === tx.base.cpus.length - 1;
			tx.emit(id, line, {event: 'ipi_send', to: target, ipi: kind, pmap: name, va: kind === 'invltlb' ? undefined : info.start, all});
			const sent = frame.sent + 1;
			tx.replaceTop(id, update(frame, {sent, pc: sent < frame.ipiList.length ? 'send' : 'local'}));
			return;
		}

		case 'local': {
			// if (run_local && (!cond_func || cond_func(this_cpu, info))) { local_irq_save;
			// func(info); local_irq_restore; }
			tx.replaceTop(id, update(frame, {pc: 'wait'}));
			if (!frame.runLocal) {
				return;
			}

			if (conditional(frame)) {
				const {result, reason} = shouldFlushTlb(tx, id, lxOf(tx, id).info!);
				tx.emit(id, line, {event: 'should_flush_tlb', to: id, result, reason});
				if (!result) {
					return;
				}
			}

			tx.cpu(id).irqOff++;
			tx.push(id, funcFrame(id, frame.func, line, true));
			return;
		}

		case 'wait': {
			// csd_lock_wait(csd) for every CPU of cfd->cpumask (ready.ts: only once every
			// csd is unlocked); put_flush_tlb_info(); put_cpu().
			tx.emit(id, line, {event: 'shootdown_done', pmap: name});
			completeInvalidation(tx, frame.mm, coveredRange(frame), frame.seq0);
			setLx(tx, id, {info: undefined});
			tx.pop(id);
			return;
		}

		default: {
			frame.pc satisfies never;
		}
	}
}

/**
 * Everything a flush on CPU `id` may still do from FRAME's phase (a flush not yet begun
 * when FRAME is undefined, of MM): the tlb_gen increment and its flush_tlb_info, the
 * mm_cpumask reads, the cond loop's reads of the targets' is_lazy and loaded_mm and
 * its queue writes, the IPIs, its own flush, the wait and the end.
 */
export function flushRest(t: Touches, cpu: CpuState, frame: FlushFrame | undefined, mm: number, state: MachineState): void {
	const pc = frame?.pc ?? 'gen';
	const kernel = mm === KERNEL_PMAP;
	if (pc === 'gen' && !kernel) {
		t.touch('write', MMCTX, mm);
	}

	if (pc === 'gen' || (kernel && pc === 'call')) {
		t.touch('read', SEQ);
	}

	if (pc === 'gen' || pc === 'call') {
		t.touch('write', INFO, cpu.id);
	}

	if (!kernel && (pc === 'gen' || pc === 'mask' || pc === 'call')) {
		t.touch('read', ACTIVE, mm, ALL);
	}

	// The cond loop and the sends: the CPUs still to visit, or every CPU before the mask is read.
	const visiting = pc === 'gen' || pc === 'mask' || pc === 'call' ? [ALL] : pc === 'cond' ? frame!.condList.slice(frame!.visited) : [];
	for (const target of visiting) {
		t.touch('read', LAZY, target);
		t.touch('read', LOADED, target);
		t.touch('write', CSQ, target);
		t.touch('update', IPI, target);
	}

	if (visiting.length > 0) {
		t.touch('write', CSD, cpu.id);
	}

	const sending = pc === 'cond' ? [...frame!.ipiList, ...frame!.condList.slice(frame!.visited)] : pc === 'send' ? frame!.ipiList.slice(frame!.sent) : [];
	for (const target of sending) {
		t.touch('update', IPI, target);
	}

	if (pc !== 'wait') {
		// Its own flush (the local path or run_local): should_flush_tlb on itself, the function.
		t.touch('read', LAZY, cpu.id);
		t.touch('read', LOADED, cpu.id);
		funcTouches(cpu, cpu.id, state, t);
		t.touch('read', ACTIVE, mm, cpu.id);
		t.touch('read', MMCTX, mm);
	}

	t.touch('read', CSD, cpu.id);
	t.touch('write', INFO, cpu.id);
	pteStore(t, mm);
}

/** flush_tlb_mm_range, flush_tlb_kernel_range, flush_tlb_all and smp_call_function_many_cond (footprint.ts). */
export const flushMmOperation: Operation<FlushFrame> = {
	kind: 'lx-flush',
	models: 'flush_tlb_mm_range, native_flush_tlb_multi, should_flush_tlb, flush_tlb_kernel_range, flush_tlb_all (arch/x86/mm/tlb.c); smp_call_function_many_cond (kernel/smp.c)',
	label: frame => `${frame.func === 'flush_tlb_func' ? 'flush_tlb_mm_range' : frame.func === 'do_flush_tlb_all' ? 'flush_tlb_all' : 'flush_tlb_kernel_range'}:${frame.pc}`,
	fields: {
		line: 'line',
		func: 'value',
		mm: 'pmap',
		start: 'value',
		end: 'value',
		freedTables: 'value',
		pc: 'phase',
		seq0: 'value',
		targets: 'cpus',
		runLocal: 'value',
		condList: 'cpu-list',
		visited: 'value',
		ipiList: 'cpu-list',
		sent: 'value',
	},
	kernel: true,
	phase: frame => frame.pc,
	phases: {
		gen: {
			does: 'inc_mm_tlb_gen(mm) (a locked increment) and get_flush_tlb_info; reads the store counter',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', MMCTX, frame.mm);
				t.touch('write', INFO, cpu.id);
				t.touch('read', SEQ);
			},
			reports: 'always',
		},
		mask: {
			does: 'cpumask_any_but(mm_cpumask(mm), cpu): another CPU, or the local flush with interrupts off when mm is loaded here, or nothing',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', ACTIVE, frame.mm, ALL);
				t.touch('read', LOADED, cpu.id);
			},
			reports: 'always',
		},
		call: {
			// A kernel flush reports nothing here: its first csd or its own call follows in the same step.
			does: 'smp_call_function_many_cond: run_local, cfd->cpumask from mm_cpumask(mm) (cpu_online_mask for the kernel flushes)',
			touches: (frame, cpu, state, t) => {
				if (frame.func === 'flush_tlb_func') {
					t.touch('read', ACTIVE, frame.mm, ALL);
				} else {
					flushRest(t, cpu, frame, frame.mm, state);
				}
			},
			reports: frame => (frame.func === 'flush_tlb_func' ? 'always' : 'maybe'),
		},
		cond: {
			does: 'should_flush_tlb(cpu, info) (is_lazy, loaded_mm of the target) unless freed_tables or a kernel flush; csd_lock and llist_add to its call_single_queue',
			touches: (frame, cpu, _state, t) => {
				const target = frame.condList[frame.visited]!;
				t.touch('read', LAZY, target);
				t.touch('read', LOADED, target);
				t.touch('write', CSQ, target);
				t.touch('write', CSD, cpu.id);
				t.touch('read', INFO, cpu.id);
			},
			reports: 'always',
		},
		send: {
			does: 'CALL_FUNCTION_VECTOR to the next CPU whose queue was empty',
			touches: (frame, cpu, _state, t) => {
				t.touch('update', IPI, frame.ipiList[frame.sent]!);
				t.touch('read', INFO, cpu.id);
			},
			reports: 'always',
		},
		local: {
			// Without run_local, or with a kernel flush, it reports nothing and the wait follows.
			does: 'run_local: should_flush_tlb(this CPU), then the function with interrupts off (local_irq_save)',
			touches: (frame, cpu, state, t) => {
				flushRest(t, cpu, frame, frame.mm, state);
			},
			reports: frame => (frame.runLocal && conditional(frame) ? 'always' : 'maybe'),
		},
		wait: {
			does: 'csd_lock_wait on every target; the flush returns (completeInvalidation), put_flush_tlb_info',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', CSD, cpu.id);
				t.touch('write', INFO, cpu.id);
				pteStore(t, frame.mm);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, state, t) => {
		flushRest(t, cpu, frame, frame.mm, state);
	},
	loops: frame => {
		// Before cfd->cpumask is copied the targets are not known.
		if (frame.pc === 'gen' || frame.pc === 'mask' || frame.pc === 'call') {
			return undefined;
		}

		return [...(frame.pc === 'cond' ? frame.condList.slice(frame.visited) : []), ...(frame.pc === 'send' || frame.pc === 'cond' ? frame.ipiList.slice(frame.sent) : [])];
	},
};
