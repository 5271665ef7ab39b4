/**
 * Partial-order reduction: which micro-operations no other CPU can observe. A CPU whose
 * only enabled choice is such a step can take it first without losing any behaviour:
 * every interleaving that runs it later reaches the same states (an ample set of one).
 * TLB instructions, CR3 loads, the user/kernel boundary and the curpmap store touch
 * only the CPU's own hardware and pcpu fields; page-table, pm_active, pm_gen,
 * scoreboard and IPI operations are shared. A CPU's own steps are also dependent on
 * the delivery of an IPI to it (the handler reads curpmap, the mask, the TLB), and
 * another CPU may send one at any moment: so a step counts as local only while the
 * CPU's interrupts are disabled. (Without that condition the r306350 window of
 * curpmap-window.scn is lost: a test pins it.)
 */
import type {Choice, MachineState} from '../engine/index.js';

/** Whether CHOICE's step in STATE touches nothing another CPU reads or writes. */
export function isLocal(state: MachineState, choice: Choice): boolean {
	if (choice.kind === 'irq') {
		return false;
	}

	const cpu = state.cpus[choice.cpu];
	const frame = cpu?.stack.at(-1);
	if (cpu === undefined || frame === undefined || cpu.irqOff === 0) {
		return false;
	}

	switch (frame.kind) {
		case 'instrs':
		case 'user':
		case 'kernel': {
			return true;
		}

		case 'switch': {
			// begin reads curpmap; load and curpmap touch this CPU only. set-active and
			// clear-active write pm_active, mask and alloc touch pm_gen records.
			return frame.pc === 'begin' || frame.pc === 'load' || frame.pc === 'curpmap';
		}

		case 'invalidate': {
			// The local callback reads this CPU's curpmap, mask and PCID, then pushes its
			// instructions.
			return frame.pc === 'local';
		}

		default: {
			return false;
		}
	}
}

/**
 * The choices to explore from STATE: one local step when some CPU has nothing else to
 * do, else all of them.
 */
export function ampleSet(state: MachineState, choices: readonly Choice[]): readonly Choice[] {
	for (const choice of choices) {
		const alone = choices.every(other => other.cpu !== choice.cpu || other === choice);
		if (alone && isLocal(state, choice)) {
			return [choice];
		}
	}

	return choices;
}
