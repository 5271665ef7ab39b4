/**
 * The scheduler interface: which micro-operations are enabled now, and
 * step(state, choice) -> {state, events}. A choice is one CPU's next micro-operation,
 * or the delivery of its pending IPI (a CPU with interrupts enabled may take it between
 * any two of its micro-operations).
 */
import {loadBlock, quiescent} from './blocks.js';
import type {EngineEvent} from './events.js';
import type {Frame} from './frames.js';
import {access} from './ops/access.js';
import {enterKernel, returnToUser} from './ops/boundary.js';
import {runIntr} from './ops/handler.js';
import {kernelOf} from './kernel.js';
import {runLinuxFrame} from './linux/operations.js';
import {runInstrs} from './ops/instrs.js';
import {runInvalidate} from './ops/invalidate.js';
import {runMutate, runPte} from './ops/mutate.js';
import {runSwitch} from './ops/switch.js';
import {flushOldest} from './memory/store-buffer.js';
import {runLitmus} from './memory/litmus.js';
import {recyclePmap} from './ops/lifecycle.js';
import type {CpuState, MachineState} from './state.js';
import {Tx} from './tx.js';
import {operations} from './operations.js';
import {canRun, canTakeIpi} from './ready.js';

/**
 * One scheduling decision: a CPU's next micro-operation, taking its pending IPI, or
 * (--memory tso) the oldest store of its store buffer reaching memory.
 */
export type Choice = {readonly cpu: number; readonly kind: 'run' | 'irq' | 'flush'};

/** What a step produced. */
export type StepResult = {readonly state: MachineState; readonly events: readonly EngineEvent[]};

export {canRun, canTakeIpi} from './ready.js';

/** Choices are immutable: one object per (CPU, kind), made once. */
const choiceCache: Array<{irq: Choice; run: Choice; flush: Choice}> = [];

function choicesOf(cpu: number): {irq: Choice; run: Choice; flush: Choice} {
	let entry = choiceCache[cpu];
	if (entry === undefined) {
		entry = {irq: {cpu, kind: 'irq'}, run: {cpu, kind: 'run'}, flush: {cpu, kind: 'flush'}};
		choiceCache[cpu] = entry;
	}

	return entry;
}

/**
 * The enabled choices, by increasing CPU and, for one CPU, the interrupt before the
 * instruction, then the flush of its oldest buffered store. Empty when the program has
 * finished or is deadlocked.
 */
export function enabled(state: MachineState): Choice[] {
	const out: Choice[] = [];
	for (const id of state.busy) {
		const cpu = state.cpus[id]!;
		if (canTakeIpi(cpu)) {
			out.push(choicesOf(id).irq);
		}

		if (canRun(cpu)) {
			out.push(choicesOf(id).run);
		}

		if (cpu.sb.length > 0) {
			out.push(choicesOf(id).flush);
		}
	}

	return out;
}

/** True when the program has run to its end and every CPU is idle. */
export function finished(state: MachineState): boolean {
	return state.block >= state.program.blocks.length && quiescent(state);
}

/** Whether CHOICE is enabled in STATE. */
export function isEnabled(state: MachineState, choice: Choice): boolean {
	const cpu = state.cpus[choice.cpu];
	if (cpu === undefined) {
		return false;
	}

	switch (choice.kind) {
		case 'irq': {
			return canTakeIpi(cpu);
		}

		case 'run': {
			return canRun(cpu);
		}

		case 'flush': {
			return cpu.sb.length > 0;
		}

		default: {
			return choice.kind satisfies never;
		}
	}
}

/** Guards against a phase loop that never reports anything (a bug in the engine). */
const MAX_SILENT_PHASES = 64;

/**
 * Performs one micro-operation. A micro-operation runs the CPU's phases until one of
 * them reports an event, so nearly every step is visible (a statement with no effect,
 * such as `kernel` in kernel mode, reports none); when the machine becomes idle the
 * next block of the program is loaded.
 */
export function step(state: MachineState, choice: Choice): StepResult {
	return stepWith(new Tx(state), choice);
}

/**
 * step() through a transaction made for its state: a test passes one that records
 * what the micro-operation reads and writes (test/engine/recording-tx.ts).
 */
export function stepWith(tx: Tx, choice: Choice): StepResult {
	const state = tx.base;
	if (!isEnabled(state, choice)) {
		throw new Error(`choice ${choice.kind} on cpu${choice.cpu} is not enabled at step ${state.step}`);
	}

	if (choice.kind === 'irq') {
		kernelOf(state.config).deliverIpi(tx, choice.cpu);
	} else if (choice.kind === 'flush') {
		flushOldest(tx, choice.cpu);
	} else {
		for (let i = 0; i < MAX_SILENT_PHASES; i++) {
			const cpu = tx.readCpu(choice.cpu);
			if (!canRun(cpu)) {
				break;
			}

			runFrame(tx, choice.cpu, cpu.stack.at(-1)!);
			if (tx.events.length > 0) {
				break;
			}
		}
	}

	let next = tx.commit(choice.cpu);
	if (quiescent(next) && next.block < next.program.blocks.length) {
		next = loadBlock(next, next.block + 1);
	}

	return {state: next, events: tx.events};
}

function runFrame(tx: Tx, id: number, frame: Frame): void {
	// Kernel code (operations.ts): a CPU in user mode traps into the kernel first.
	if (operations[frame.kind].kernel && tx.readCpu(id).mode === 'user') {
		// A context switch or a pmap call is made by the kernel: the thread first enters
		// it (a syscall or a trap), and stays there afterwards.
		kernelOf(tx.base.config).enterKernel(tx, id, frame.line);
		return;
	}

	switch (frame.kind) {
		case 'switch': {
			runSwitch(tx, id, frame);
			return;
		}

		case 'user': {
			returnToUser(tx, id, frame.line);
			tx.pop(id);
			return;
		}

		case 'kernel': {
			enterKernel(tx, id, frame.line);
			tx.pop(id);
			return;
		}

		case 'access': {
			access(tx, id, frame.line, frame.vpn, frame.write);
			tx.pop(id);
			return;
		}

		case 'pte': {
			runPte(tx, id, frame);
			return;
		}

		case 'pinit': {
			recyclePmap(tx, id, frame.line, frame.pmap);
			tx.pop(id);
			return;
		}

		case 'mutate': {
			runMutate(tx, id, frame);
			return;
		}

		case 'invalidate': {
			runInvalidate(tx, id, frame);
			return;
		}

		case 'instrs': {
			runInstrs(tx, id, frame);
			return;
		}

		case 'intr': {
			runIntr(tx, id, frame);
			return;
		}

		case 'litmus': {
			runLitmus(tx, id, frame);
			return;
		}

		default: {
			// Linux's frames (linux/operations.ts).
			runLinuxFrame(tx, id, frame);
		}
	}
}
