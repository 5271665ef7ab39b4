/**
 * Every kernel operation's record (kept beside its code in ops/*.ts) and every kind of
 * scheduling choice, for the explorer and the screen (footprint.ts). A new frame kind
 * does not type-check until it has a record; a new kind of choice (a store-buffer flush)
 * adds a record here, and the explorer reads it like these.
 */
import type {Choice} from './step.js';
import {IPI, type ObjectKind, type Operation, type Reports, type Touches} from './footprint.js';
import type {Frame, FrameKind} from './frames.js';
import {accessOperation} from './ops/access.js';
import {kernelOperation, userOperation} from './ops/boundary.js';
import {intrOperation} from './ops/handler.js';
import {kernelOf} from './kernel.js';
import {linuxOperations} from './linux/operations.js';
import {instrsOperation} from './ops/instrs.js';
import {invalidateOperation} from './ops/invalidate.js';
import {pinitOperation} from './ops/lifecycle.js';
import {mutateOperation, pteOperation} from './ops/mutate.js';
import {switchOperation} from './ops/switch.js';
import {litmusOperation} from './memory/litmus.js';
import {bufferTouches, entryTouches} from './memory/touches.js';
import {canRun} from './ready.js';
import type {CpuState, MachineState} from './state.js';

/** The record of each kind of frame. */
export const operations: {readonly [K in FrameKind]: Operation<Extract<Frame, {kind: K}>>} = {
	switch: switchOperation,
	user: userOperation,
	kernel: kernelOperation,
	pinit: pinitOperation,
	access: accessOperation,
	pte: pteOperation,
	mutate: mutateOperation,
	invalidate: invalidateOperation,
	instrs: instrsOperation,
	intr: intrOperation,
	litmus: litmusOperation,
	...linuxOperations,
};

/** The record of FRAME's operation. */
export function operationOf<F extends Frame>(frame: F): Operation<F> {
	return operations[frame.kind] as unknown as Operation<F>;
}

/** A kind of scheduling choice, as the explorer sees it. */
export type ChoiceRecord = {
	readonly kind: Choice['kind'];
	/**
	 * What taking it now touches; 'maybe' when the step may go on past what was declared
	 * (then all the CPU may still do counts).
	 */
	readonly step: (state: MachineState, cpu: CpuState, t: Touches) => Reports;
	/** Everything it may touch while the block lasts, taken now or later. */
	readonly future: (state: MachineState, cpu: CpuState, t: Touches) => void;
	/** Whether it has work for the CPU (now, or once the CPU can take it). */
	readonly pending: (cpu: CpuState) => boolean;
	/** Whether it is not enabled and, while the CPU itself does not move, only another CPU can enable it. */
	readonly waitsForOthers: (cpu: CpuState) => boolean;
	/** The object another CPU writes or updates to give it work, if another CPU can. */
	readonly arrival?: (cpu: CpuState) => {readonly kind: ObjectKind; readonly index: number};
	/** The CPUs a loop it runs has still to visit in CPU order (symmetry); undefined: CPUs not known yet. */
	readonly loops: (state: MachineState, cpu: CpuState) => readonly number[] | undefined;
};

/** Running the CPU's innermost frame (its next micro-operation). */
const runChoice: ChoiceRecord = {
	kind: 'run',
	step: (state, cpu, t) => {
		// Under tso almost any micro-operation may drain the store buffer (a locked
		// instruction, a fence, a CR3 load, INVLPG, an exception...): whatever is buffered
		// may reach memory in this step. Empty under sc.
		bufferTouches(cpu, t);
		const frame = cpu.stack.at(-1)!;
		const operation = operationOf(frame);
		if (operation.kernel && cpu.mode === 'user') {
			// The trap into the kernel comes first (step.ts): this CPU's own state.
			return 'always';
		}

		const phase = operation.phases[operation.phase(frame)]!;
		phase.touches(frame, cpu, state, t);
		return typeof phase.reports === 'function' ? phase.reports(frame, cpu) : phase.reports;
	},
	future: (state, cpu, t) => {
		const {stack} = cpu;
		for (let i = 0; i < stack.length; i++) {
			const frame = stack[i]!;
			operationOf(frame).rest(frame, cpu, state, t, i === stack.length - 1);
		}

		// A later instruction may drain what is buffered now.
		bufferTouches(cpu, t);
	},
	pending: cpu => cpu.stack.length > 0,
	// An initiator spinning on its acknowledgements.
	waitsForOthers: cpu => cpu.stack.length > 0 && !canRun(cpu),
	loops: (state, cpu) => {
		const cpus: number[] = [];
		for (const frame of cpu.stack) {
			const {loops} = operationOf(frame);
			const loop = loops === undefined ? [] : loops(frame, cpu, state);
			if (loop === undefined) {
				return undefined;
			}

			cpus.push(...loop);
		}

		return cpus;
	},
};

/**
 * Taking the CPU's pending IPI: FreeBSD's IPI_INVLOP (invlop_handler), Linux's
 * CALL_FUNCTION_VECTOR (flush_smp_call_function_queue); the kernel says what its handler
 * touches (kernel.ts).
 */
const irqChoice: ChoiceRecord = {
	kind: 'irq',
	step: (state, cpu, t) => {
		// Taking the interrupt drains the store buffer (tso; empty under sc and Linux).
		bufferTouches(cpu, t);
		kernelOf(state.config).irqTouches(state, cpu, t);
		return 'always';
	},
	future: (state, cpu, t) => {
		bufferTouches(cpu, t);
		kernelOf(state.config).irqTouches(state, cpu, t);
	},
	pending: cpu => cpu.ipiPending,
	waitsForOthers: cpu => cpu.irqOff === 0 && !cpu.ipiPending,
	arrival: cpu => ({kind: IPI, index: cpu.id}),
	loops: (state, cpu) => kernelOf(state.config).irqLoops(cpu),
};

/**
 * The oldest store of the CPU's store buffer reaches memory (--memory tso). It commutes
 * with everything that neither reads nor writes that location: its footprint is the
 * location's (touches.ts). Its future is every location the CPU has buffered or may still
 * store to, which the CPU's own futures already declare as writes.
 */
const flushChoice: ChoiceRecord = {
	kind: 'flush',
	step: (_state, cpu, t) => {
		entryTouches(cpu.sb[0]!, cpu.id, t);
		return 'always';
	},
	future: (state, cpu, t) => {
		runChoice.future(state, cpu, t);
		irqChoice.future(state, cpu, t);
	},
	pending: cpu => cpu.sb.length > 0,
	// Only the CPU's own stores give it something to flush.
	waitsForOthers: () => false,
	loops: () => [],
};

/** Every kind of choice; a choice's number in a CPU's set of choices is its index here. */
export const choiceRecords: readonly ChoiceRecord[] = [runChoice, irqChoice, flushChoice];

/** The record of a kind of choice. */
export function choiceRecord(kind: Choice['kind']): ChoiceRecord {
	return choiceRecords.find(record => record.kind === kind)!;
}
