/**
 * Program blocks: when every CPU is idle the next block's steps become frames on their
 * CPUs. Blocks of several steps are `parallel` blocks.
 */
import type {Kernel} from './config.js';
import type {Frame} from './frames.js';
import {linuxFrameFor} from './linux/frame-for.js';
import {invalidateFrame} from './ops/invalidate.js';
import type {Step} from './program.js';
import {cloneCpu, type CpuState, type MachineState} from './state.js';

/** The frame that carries out one scenario step under KERNEL (FreeBSD's, or linux/frame-for.ts). */
export function frameFor(step: Step, kernel: Kernel = 'freebsd'): Frame {
	return kernel === 'linux' ? linuxFrameFor(step) : freebsdFrameFor(step);
}

/** The frame that carries out one scenario step under FreeBSD. */
function freebsdFrameFor(step: Step): Frame {
	const {action, line} = step;
	switch (action.kind) {
		case 'switch': {
			return {kind: 'switch', line, pmap: action.pmap, old: action.pmap, pc: 'begin', cached: false};
		}

		case 'user':
		case 'kernel': {
			return {kind: action.kind, line};
		}

		case 'access': {
			return {kind: 'access', line, vpn: action.vpn, write: action.write};
		}

		case 'enter': {
			const {pmap, vpn, pfn, perms} = action;
			return {kind: 'mutate', line, action: 'enter', pmap, sva: vpn, eva: vpn + 1, pfn, perms, next: 0, any: false, runStart: -1};
		}

		case 'remove': {
			const {pmap, sva, eva} = action;
			return {kind: 'mutate', line, action: 'remove', pmap, sva, eva, pfn: 0, perms: 'r', next: sva, any: false, runStart: -1};
		}

		case 'protect': {
			const {pmap, sva, eva, perms} = action;
			return {kind: 'mutate', line, action: 'protect', pmap, sva, eva, pfn: 0, perms, next: sva, any: false, runStart: -1};
		}

		case 'invalidate': {
			return invalidateFrame(action.pmap, action.range, line);
		}

		case 'pinit': {
			return {kind: 'pinit', line, pmap: action.pmap};
		}

		case 'pte': {
			const {pmap, vpn, pfn, perms} = action;
			return {kind: 'pte', line, pmap, vpn, pfn, perms};
		}

		case 'litmus': {
			return {kind: 'litmus', line, instr: action.instr};
		}

		default: {
			return action satisfies never;
		}
	}
}

/** Whether every CPU is idle: no frames and no pending interrupt. */
export function quiescent(state: MachineState): boolean {
	return state.busy.length === 0;
}

/**
 * Loads blocks until one puts work on a CPU (or the program ends). A CPU's steps in a
 * block run in line order: the first is on top of its stack.
 */
export function loadBlock(state: MachineState, from: number): MachineState {
	let block = from;
	const {blocks} = state.program;
	while (block < blocks.length) {
		const {steps} = blocks[block]!;
		if (steps.length === 0) {
			block++;
			continue;
		}

		const cpus = state.cpus.slice();
		const busy = state.busy.slice();
		for (let i = steps.length - 1; i >= 0; i--) {
			const step = steps[i]!;
			const cpu = cloneCpu(cpus[step.cpu]!);
			(cpu as {stack: CpuState["stack"]}).stack = [...cpu.stack, frameFor(step, state.config.kernel)];
			cpus[step.cpu] = cpu;
			if (!busy.includes(step.cpu)) {
				busy.push(step.cpu);
			}
		}

		busy.sort((a, b) => a - b);
		return withBlock(state, block, cpus, busy);
	}

	return withBlock(state, block, state.cpus, state.busy);
}

/** STATE at block BLOCK with CPUS and BUSY (field by field: see cloneCpu). */
function withBlock(state: MachineState, block: number, cpus: readonly CpuState[], busy: readonly number[]): MachineState {
	return {
		config: state.config,
		cpus,
		pmaps: state.pmaps,
		program: state.program,
		block,
		seq: state.seq,
		step: state.step,
		busy,
		// A new block's round robin starts at its first line (defaultScheduler).
		lastCpu: -1,
		staleUses: state.staleUses,
	};
}
