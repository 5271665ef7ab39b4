/**
 * The target side of a Linux TLB flush (v6.14): the CALL_FUNCTION_VECTOR interrupt
 * (sysvec_call_function -> generic_smp_call_function_interrupt) runs
 * flush_smp_call_function_queue() (kernel/smp.c): llist_del_all of this CPU's
 * call_single_queue, reversed into the order the csds were queued; for each
 * synchronous csd, its function, then csd_unlock (the initiator's csd_lock_wait ends
 * when all its csds are unlocked). A CPU in user mode enters the kernel first
 * (SWITCH_TO_KERNEL_CR3) and returns through SWITCH_TO_USER_CR3.
 */
import {CSD, CSQ, INFO, IPI, LAZY, LOADED, type Operation, type Touches} from '../footprint.js';
import type {CpuState, MachineState} from '../state.js';
import type {Tx} from '../tx.js';
import {switchToKernel, switchToUser} from './boundary.js';
import {funcFrame, funcTouches} from './flush-func.js';
import {ipiKind} from './flush-mm.js';
import type {LinuxFrame} from './frames.js';
import {lxOf, setLx} from './lx.js';

type IntrFrame = Extract<LinuxFrame, {kind: 'lx-intr'}>;

/** Starts the csd at BATCH[NEXT]: ipi_handle and its function, or the return from the interrupt. */
function runEntry(tx: Tx, id: number, frame: IntrFrame): void {
	const initiator = frame.batch[frame.next];
	if (initiator === undefined) {
		tx.emit(id, frame.line, {event: 'handler_exit'});
		tx.pop(id);
		tx.cpu(id).irqOff--;
		if (frame.wasUser) {
			switchToUser(tx, id, frame.line);
		}

		return;
	}

	// csd->func(csd->info): the initiator's flush_tlb_info, stable until it unlocks the csd.
	const info = lxOf(tx, initiator).info!;
	tx.emit(id, info.line, {event: 'ipi_handle', from: initiator, ipi: ipiKind(info)});
	tx.replaceTop(id, {...frame, line: info.line});
	tx.push(id, funcFrame(initiator, info.func, info.line, false));
}

/** Takes CPU `id`'s pending IPI: interrupts off, the queue taken, the first csd started. */
export function deliverLinuxIpi(tx: Tx, id: number): void {
	const cpu = tx.cpu(id);
	const wasUser = cpu.mode === 'user';
	const line = cpu.ipiLine;
	cpu.ipiPending = false;
	cpu.irqOff++;
	// llist_del_all + llist_reverse_order: the csds in the order they were queued.
	const batch = lxOf(tx, id).queue;
	setLx(tx, id, {queue: []});
	const frame: IntrFrame = {kind: 'lx-intr', line, wasUser, batch, next: 0};
	tx.push(id, frame);
	if (wasUser) {
		switchToKernel(tx, id, line);
	}

	runEntry(tx, id, frame);
}

/** After a csd's function: csd_unlock(csd) (smp_store_release), then the next csd or the return. */
export function runLinuxIntr(tx: Tx, id: number, frame: IntrFrame): void {
	const initiator = frame.batch[frame.next]!;
	const {line} = lxOf(tx, initiator).info!;
	const from = lxOf(tx, initiator);
	setLx(tx, initiator, {locked: from.locked - 1});
	tx.emit(id, line, {event: 'ipi_ack', from: initiator});
	const next: IntrFrame = {...frame, next: frame.next + 1};
	tx.replaceTop(id, next);
	runEntry(tx, id, next);
}

/**
 * What the handler on CPU may touch from the delivery to its return: its pending IPI and
 * queue, each queued initiator's flush_tlb_info and csd, and what their functions touch.
 */
export function linuxHandlerTouches(cpu: CpuState, state: MachineState | undefined, t: Touches): void {
	t.touch('write', IPI, cpu.id);
	t.touch('write', CSQ, cpu.id);
	// The return to user reads this CPU's is_lazy and loaded_mm.
	t.touch('read', LAZY, cpu.id);
	t.touch('read', LOADED, cpu.id);
	for (const initiator of cpu.lx!.queue) {
		t.touch('read', INFO, initiator);
		t.touch('update', CSD, initiator);
		funcTouches(cpu, initiator, state, t);
	}
}

/** What the rest of a handler already running may touch: the csds it has still to run and unlock. */
function intrRest(frame: IntrFrame, cpu: CpuState, state: MachineState, t: Touches): void {
	t.touch('read', LAZY, cpu.id);
	t.touch('read', LOADED, cpu.id);
	for (const initiator of frame.batch.slice(frame.next)) {
		t.touch('read', INFO, initiator);
		t.touch('update', CSD, initiator);
		funcTouches(cpu, initiator, state, t);
	}
}

/** flush_smp_call_function_queue (footprint.ts): the frame of an IPI being handled. */
export const linuxIntrOperation: Operation<IntrFrame> = {
	kind: 'lx-intr',
	models: 'sysvec_call_function, flush_smp_call_function_queue, csd_unlock (kernel/smp.c)',
	label: () => 'call_function',
	fields: {line: 'line', wasUser: 'value', batch: 'cpu-list', next: 'value'},
	kernel: false,
	phase: () => 'unlock',
	phases: {
		unlock: {
			does: 'csd_unlock of the csd whose function returned, then the next csd\'s function (reading its flush_tlb_info), or the return from the interrupt',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', LAZY, cpu.id);
				t.touch('read', LOADED, cpu.id);
				const initiator = frame.batch[frame.next]!;
				t.touch('read', INFO, initiator);
				t.touch('update', CSD, initiator);
				const following = frame.batch[frame.next + 1];
				if (following !== undefined) {
					t.touch('read', INFO, following);
				}
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, state, t) => {
		intrRest(frame, cpu, state, t);
	},
};
