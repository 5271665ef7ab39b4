/**
 * The target side of a shootdown: taking IPI_INVLOP (entering the kernel first when the
 * CPU was in user mode; invlop_pti switches to pc_kcr3 under PTI), invlop_handler()
 * scanning its scoreboard row, acknowledging each request *before* doing its work
 * (mp_machdep.c, spec 4.6.2), and returning through doreti.
 */
import {ALL, GEN, IPI, REQ, SB, UNACKED, type Operation, type Touches} from '../footprint.js';
import type {Frame} from '../frames.js';
import {fence, store} from '../memory/store-buffer.js';
import {pendingView} from '../memory/views.js';
import type {CpuState} from '../state.js';
import type {Tx} from '../tx.js';
import {enterKernel, returnToUser} from './boundary.js';
import {handlerWork} from './callbacks.js';
import {pushInstrs} from './instrs.js';

type IntrFrame = Extract<Frame, {kind: 'intr'}>;

/** Delivers CPU `id`'s pending IPI: the interrupt is taken and the handler starts. */
export function deliverIpi(tx: Tx, id: number): void {
	// Taking an interrupt drains the store buffer (SDM Vol. 3A 11.10 "Store Buffer").
	fence(tx, id, tx.readCpu(id).ipiLine, 'interrupt');
	const cpu = tx.cpu(id);
	const wasUser = cpu.mode === 'user';
	const line = cpu.ipiLine;
	// The LAPIC accepts the interrupt: the pending bit clears, and the handler runs
	// with interrupts disabled, so a further send stays pending until it returns.
	cpu.ipiPending = false;
	cpu.irqOff++;
	const frame: IntrFrame = {kind: 'intr', line, wasUser};
	tx.push(id, frame);
	if (wasUser) {
		enterKernel(tx, id, line);
	}

	scan(tx, id, frame);
}

/** Runs invlop_handler's next iteration (after the previous request's work). */
export function runIntr(tx: Tx, id: number, frame: IntrFrame): void {
	scan(tx, id, frame);
}

/**
 * One iteration of invlop_handler's loop: find the lowest initiator whose slot in this
 * CPU's row is 0; read its pc_smp_tlb_* request; store its generation in the slot (the
 * acknowledgement); perform the work. With no zero slot left the handler returns.
 */
function scan(tx: Tx, id: number, frame: IntrFrame): void {
	const cpu = tx.readCpu(id);
	// `atomic_load_int(&scoreboard[initiator_cpu_id]) == 0`: its own acknowledgements may
	// still be in its store buffer, which its loads see.
	const initiator = pendingView(cpu)[0];
	if (initiator === undefined) {
		tx.emit(id, frame.line, {event: 'handler_exit'});
		tx.pop(id);
		tx.cpu(id).irqOff--;
		// doreti returns with IRETQ, a serializing instruction.
		fence(tx, id, frame.line, 'doreti');
		if (frame.wasUser) {
			returnToUser(tx, id, frame.line);
		}

		return;
	}

	// `initiator_pc->pc_smp_tlb_*`: plain loads of the initiator's pcpu (memory: they are
	// never in this CPU's buffer).
	const from = tx.readCpu(initiator);
	const request = from.request!;
	const gen = from.tlbGen;
	const {line} = request;
	tx.emit(id, line, {event: 'ipi_handle', from: initiator, ipi: request.op});
	// `atomic_store_int(&scoreboard[initiator_cpu_id], smp_tlb_gen)`: a plain store, made
	// before the work (the acknowledgement comes first, as in invlop_handler).
	store(tx, id, line, 'ack-slot', {word: 'invl_scoreboard', target: id, initiator, value: gen, line});
	tx.emit(id, line, {event: 'ipi_ack', from: initiator});
	const range =
		request.op === 'invlpg'
			? ({kind: 'page', vpn: request.sva} as const)
			: request.op === 'invlrng'
				? ({kind: 'range', sva: request.sva, eva: request.eva} as const)
				: ({kind: 'all'} as const);
	// The handlers read this CPU's pm_pcidp entry (pmap_get_pcid) from memory: the
	// interrupt drained this CPU's buffer.
	const lists = handlerWork(tx.base.config, tx.readCpu(id), tx.readPmap(request.pmap), range);
	tx.replaceTop(id, {...frame, line});
	pushInstrs(tx, id, line, lists);
}

/**
 * What invlop_handler on CPU may touch, from the delivery to its return: its pending
 * IPI, its scoreboard row, the pm_gen entries its work reads, and for each initiator
 * it has still to acknowledge the request and the acknowledgement count.
 */
export function handlerTouches(cpu: CpuState, t: Touches): void {
	t.touch('write', IPI, cpu.id);
	t.touch('write', SB, cpu.id);
	t.touch('read', GEN, ALL, cpu.id);
	for (const initiator of cpu.pendingFrom) {
		t.touch('read', REQ, initiator);
		t.touch('update', UNACKED, initiator);
	}
}

/** invlop_handler (footprint.ts): the frame of an IPI being handled. */
export const intrOperation: Operation<IntrFrame> = {
	kind: 'intr',
	models: 'invlop_handler, invlop_handler_one_req (mp_machdep.c)',
	label: () => 'intr',
	fields: {line: 'line', wasUser: 'value'},
	kernel: false,
	phase: () => 'scan',
	phases: {
		scan: {
			does: 'acknowledges the lowest initiator with a zero slot and pushes its work, or returns',
			touches: (_frame, cpu, _state, t) => {
				handlerTouches(cpu, t);
			},
			reports: 'always',
		},
	},
	rest: (_frame, cpu, _state, t) => {
		handlerTouches(cpu, t);
	},
};
