/** Small helpers every Linux operation uses to read and write a CPU's Linux state through a transaction. */
import type {Tx} from '../tx.js';
import {VMSPACE0_PMAP} from '../state.js';
import type {LinuxCpu, LinuxMm} from './state.js';

/** CPU `id`'s Linux state as the transaction sees it. */
export function lxOf(tx: Tx, id: number): LinuxCpu {
	return tx.readCpu(id).lx!;
}

/** Stores CHANGES into CPU `id`'s Linux state (copy on write). */
export function setLx(tx: Tx, id: number, changes: Partial<LinuxCpu>): void {
	tx.setLx(id, changes);
}

/** mm->context of pmap `id`. */
export function mmOf(tx: Tx, id: number): LinuxMm {
	return tx.readPmap(id).mm!;
}

/**
 * Whether the CPU runs a kernel thread: lazily on a borrowed mm (is_lazy), or on
 * init_mm (after leave_mm, or a lazy CPU's flush). A user task's mm is loaded_mm.
 */
export function runsKernelThread(lx: LinuxCpu): boolean {
	return lx.isLazy || lx.loadedMm === VMSPACE0_PMAP;
}
