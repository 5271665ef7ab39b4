/** Whether a CPU can move: run its innermost frame, or take its pending IPI. */
import {ownZeroSlotBuffered} from './memory/views.js';
import type {CpuState} from './state.js';

/** Whether CPU can run its innermost frame now (false while an initiator spins). */
export function canRun(cpu: CpuState): boolean {
	const frame = cpu.stack.at(-1);
	if (frame === undefined) {
		return false;
	}

	if (frame.kind === 'lx-flush') {
		// Linux's csd_lock_wait: until every target has unlocked its csd (linux/flush-mm.ts).
		return frame.pc !== 'wait' || cpu.lx!.locked === 0;
	}

	// `while (atomic_load_int(p_cpudone) != generation) ia32_pause();`: a 0 in memory,
	// or one still in its own store buffer (tso), keeps it spinning.
	return frame.kind !== 'invalidate' || frame.pc !== 'wait' || (cpu.unacked === 0 && !ownZeroSlotBuffered(cpu));
}

/** Whether CPU can take its pending IPI now. */
export function canTakeIpi(cpu: CpuState): boolean {
	return cpu.ipiPending && cpu.irqOff === 0;
}
