/**
 * Partial-order reduction with persistent sets (Godefroid 1996): from a state, it is
 * enough to explore the choices of one CPU p when nothing the other CPUs can do before
 * p moves depends on p's next step. Then every interleaving that runs the others first
 * reaches the same states as one that runs p first, and the state space being acyclic
 * (every step consumes work), every reachable stale use and deadlock is still reached.
 *
 * "Depends" is decided by footprints (footprint.ts): p's next step, exactly, against an
 * over-approximation of everything each other CPU may still do in the block, including
 * the IPIs it may take. Two more conditions close the gaps:
 * - p's interrupt: a CPU whose interrupts are enabled and to which another CPU may
 *   still send an IPI can have its next step preceded by the handler, which reads the
 *   same TLB and curpmap; so such a CPU qualifies only when its IPI is already pending
 *   (the delivery is one of its choices) or cannot come. (Without this the r306350
 *   window of curpmap-window.scn is lost: a test pins it.)
 * - p's wait: an initiator spinning on its acknowledgements has no step yet; another
 *   CPU's handler enables it, so it never qualifies with its interrupt alone.
 */
import type {Choice, MachineState} from '../engine/index.js';
import {futureFootprint, maySend, stepFootprint} from './footprint.js';

/** The choices of CPU P, if they form a persistent set in STATE. */
function persistent(state: MachineState, p: number, mine: readonly Choice[]): boolean {
	const cpu = state.cpus[p]!;
	const hasIrq = mine.some(choice => choice.kind === 'irq');
	const hasRun = mine.some(choice => choice.kind === 'run');
	if (!hasRun && cpu.stack.length > 0) {
		return false;
	}

	if (!hasIrq && cpu.irqOff === 0) {
		for (const other of state.cpus) {
			if (other.id !== p && maySend(state, other, p)) {
				return false;
			}
		}
	}

	const print = stepFootprint(state, cpu, mine[0]!.kind);
	if (mine.length > 1) {
		print.merge(stepFootprint(state, cpu, mine[1]!.kind));
	}

	for (const other of state.cpus) {
		if (other.id !== p && print.conflicts(futureFootprint(state, other))) {
			return false;
		}
	}

	return true;
}

/**
 * The choices to explore from STATE: those of one CPU when they form a persistent set
 * (a CPU with a single choice preferred), else all of them.
 */
export function ampleSet(state: MachineState, choices: readonly Choice[]): readonly Choice[] {
	let pair: readonly Choice[] | undefined;
	for (let i = 0; i < choices.length; ) {
		const p = choices[i]!.cpu;
		const two = i + 1 < choices.length && choices[i + 1]!.cpu === p;
		const mine = two ? choices.slice(i, i + 2) : choices.slice(i, i + 1);
		i += mine.length;
		if (pair !== undefined && two) {
			continue;
		}

		if (persistent(state, p, mine)) {
			if (!two) {
				return mine;
			}

			pair = mine;
		}
	}

	return pair ?? choices;
}
