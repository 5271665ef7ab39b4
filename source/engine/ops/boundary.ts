/**
 * The user/kernel boundary of sys/amd64/amd64/exception.S (spec 4.4). Under PTI the
 * trampolines switch page tables; elsewhere only the privilege level changes.
 */
import type {Operation} from '../footprint.js';
import type {Frame} from '../frames.js';
import {loadCr3, setUcr3Mask} from '../hardware.js';
import type {Tx} from '../tx.js';

/**
 * Return to user mode (doreti_exit, the sysret path of fast_syscall_common), with
 * interrupts disabled: under PTI, %cr3 := pc_ucr3 & pc_ucr3_load_mask, then the mask is
 * reset to PMAP_UCR3_NOMASK. A cleared PCID_SAVE flushes the user table's PCID.
 */
export function returnToUser(tx: Tx, id: number, line: number): void {
	const cpu = tx.readCpu(id);
	if (cpu.mode === 'user') {
		return;
	}

	if (tx.base.config.pti && cpu.ucr3 !== undefined) {
		const save = cpu.ucr3.save && cpu.ucr3Mask === 'nomask';
		loadCr3(tx, id, line, {...cpu.ucr3, save});
	}

	setUcr3Mask(tx, id, line, 'nomask');
	tx.cpu(id).mode = 'user';
	tx.emit(id, line, {event: 'mode_switch', to: 'user'});
}

/**
 * Kernel entry from user mode (syscall, trap, interrupt; the *_pti IDT entries): under
 * PTI with a user table (pc_ucr3 != PMAP_NO_CR3), %cr3 := pc_kcr3, which carries
 * PCID_SAVE with PCID and flushes every non-global entry without it.
 */
export function enterKernel(tx: Tx, id: number, line: number): void {
	const cpu = tx.readCpu(id);
	if (cpu.mode === 'kernel') {
		return;
	}

	tx.cpu(id).mode = 'kernel';
	tx.emit(id, line, {event: 'mode_switch', to: 'kernel'});
	if (tx.base.config.pti && cpu.ucr3 !== undefined && cpu.kcr3 !== undefined) {
		loadCr3(tx, id, line, cpu.kcr3);
	}
}

type UserFrame = Extract<Frame, {kind: 'user'}>;
type KernelFrame = Extract<Frame, {kind: 'kernel'}>;

/** `user`: the return to user mode (footprint.ts). Already in user mode it reports nothing. */
export const userOperation: Operation<UserFrame> = {
	kind: 'user',
	models: 'doreti_exit, the sysret path of fast_syscall_common (exception.S)',
	label: () => 'user',
	fields: {line: 'line'},
	kernel: false,
	phase: () => 'return',
	phases: {
		return: {
			does: '%cr3 := pc_ucr3 & pc_ucr3_load_mask under PTI, then the mask reset: this CPU\'s own state',
			touches: () => {},
			reports: (_frame, cpu) => (cpu.mode === 'user' ? 'maybe' : 'always'),
		},
	},
	rest: () => {},
};

/** `kernel`: the entry into the kernel (footprint.ts). Already in the kernel it reports nothing. */
export const kernelOperation: Operation<KernelFrame> = {
	kind: 'kernel',
	models: 'the syscall and trap entries, the *_pti IDT entries (exception.S)',
	label: () => 'kernel',
	fields: {line: 'line'},
	kernel: false,
	phase: () => 'enter',
	phases: {
		enter: {
			does: '%cr3 := pc_kcr3 under PTI: this CPU\'s own state',
			touches: () => {},
			reports: (_frame, cpu) => (cpu.mode === 'kernel' ? 'maybe' : 'always'),
		},
	},
	rest: () => {},
};
