/**
 * Linux's user/kernel boundary under PTI (arch/x86/entry/calling.h: SWITCH_TO_USER_CR3,
 * SWITCH_TO_KERNEL_CR3; v6.14 logic). CR3 is derived from its current value: the user
 * half of the 8 KiB PGD (bit 12) and the user PCID (bit 11) on the way out, flushed
 * only if user_pcid_flush_mask asks for it; the kernel half with CR3_NOFLUSH on entry.
 * Without PTI only the privilege level changes.
 */
import {LAZY, LOADED, type Operation, type Touches} from '../footprint.js';
import type {CpuState} from '../state.js';
import {loadCr3} from '../hardware.js';
import type {Tx} from '../tx.js';
import type {LinuxFrame} from './frames.js';
import {runsKernelThread, setLx} from './lx.js';
import {PTI_USER_PCID_BIT} from './state.js';

/**
 * Return to user mode. SWITCH_TO_USER_CR3_NOSTACK: with PCID, if the kernel PCID's bit is
 * set in user_pcid_flush_mask, clear it and load the user PCID without CR3_NOFLUSH (a
 * flush); else with it. A kernel thread has no user half (the scenario's `user` after
 * `switch kernel` only changes the privilege level, as under FreeBSD's vmspace0).
 */
export function switchToUser(tx: Tx, id: number, line: number): void {
	const cpu = tx.readCpu(id);
	if (cpu.mode === 'user') {
		return;
	}

	const {config} = tx.base;
	const lx = cpu.lx!;
	if (config.pti && !runsKernelThread(lx)) {
		const {pmap, pcid} = cpu.cr3;
		if (config.pcid) {
			const bit = 1 << pcid;
			const flush = (lx.userPcidFlushMask & bit) !== 0;
			if (flush) {
				setLx(tx, id, {userPcidFlushMask: lx.userPcidFlushMask & ~bit});
			}

			loadCr3(tx, id, line, {pmap, table: 'upt', pcid: pcid | PTI_USER_PCID_BIT, save: !flush});
		} else {
			loadCr3(tx, id, line, {pmap, table: 'upt', pcid: 0, save: false});
		}
	}

	tx.cpu(id).mode = 'user';
	tx.emit(id, line, {event: 'mode_switch', to: 'user'});
}

/**
 * Kernel entry (syscall, exception, interrupt). SWITCH_TO_KERNEL_CR3: the kernel half of
 * the same PGD, the kernel PCID, CR3_NOFLUSH with PCID (ADJUST_KERNEL_CR3): the kernel
 * PCID is never flushed on entry.
 */
export function switchToKernel(tx: Tx, id: number, line: number): void {
	const cpu = tx.readCpu(id);
	if (cpu.mode === 'kernel') {
		return;
	}

	tx.cpu(id).mode = 'kernel';
	tx.emit(id, line, {event: 'mode_switch', to: 'kernel'});
	const {config} = tx.base;
	if (config.pti && cpu.cr3.table === 'upt') {
		const {pmap, pcid} = cpu.cr3;
		loadCr3(tx, id, line, {pmap, table: 'kpt', pcid: pcid & ~PTI_USER_PCID_BIT, save: config.pcid});
	}
}

/** The return to user reads whether a kernel thread runs: this CPU's is_lazy and loaded_mm (others only read them). */
function userTouches(cpu: CpuState, t: Touches): void {
	t.touch('read', LAZY, cpu.id);
	t.touch('read', LOADED, cpu.id);
}

type UserFrame = Extract<LinuxFrame, {kind: 'lx-user'}>;
type KernelFrame = Extract<LinuxFrame, {kind: 'lx-kernel'}>;

/** `user` under Linux (footprint.ts). Already in user mode it reports nothing. */
export const linuxUserOperation: Operation<UserFrame> = {
	kind: 'lx-user',
	models: 'SWITCH_TO_USER_CR3 on the exit to user mode (arch/x86/entry/calling.h)',
	label: () => 'user',
	fields: {line: 'line'},
	kernel: false,
	phase: () => 'return',
	phases: {
		return: {
			does: 'the user PCID and PGD half, flushed if user_pcid_flush_mask has its bit: this CPU\'s own state',
			touches: (_frame, cpu, _state, t) => {
				userTouches(cpu, t);
			},
			reports: (_frame, cpu) => (cpu.mode === 'user' ? 'maybe' : 'always'),
		},
	},
	rest: (_frame, cpu, _state, t) => {
		userTouches(cpu, t);
	},
};

/** `kernel` under Linux (footprint.ts). Already in the kernel it reports nothing. */
export const linuxKernelOperation: Operation<KernelFrame> = {
	kind: 'lx-kernel',
	models: 'SWITCH_TO_KERNEL_CR3 on syscall, exception and interrupt entry (arch/x86/entry/calling.h)',
	label: () => 'kernel',
	fields: {line: 'line'},
	kernel: false,
	phase: () => 'enter',
	phases: {
		enter: {
			does: 'the kernel PCID and PGD half with CR3_NOFLUSH: this CPU\'s own state',
			touches: () => {},
			reports: (_frame, cpu) => (cpu.mode === 'kernel' ? 'maybe' : 'always'),
		},
	},
	rest: () => {},
};
