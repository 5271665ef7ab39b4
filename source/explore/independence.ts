/**
 * Partial-order reduction with persistent sets (Godefroid 1996): from a state it is
 * enough to explore the choices of one CPU p when nothing any other CPU can do before p
 * moves depends on them. Every interleaving that runs the others first then reaches the
 * same states as one that runs p first; the state space being acyclic (every step
 * consumes work), every reachable stale use and deadlock is still reached.
 *
 * "Depends" is decided by footprints (footprint.ts, from the engine's records): the
 * exact footprint of p's choices against an over-approximation of all another CPU may
 * still do in the block with each kind of choice that may have work for it (its own
 * stack; its IPI handler if an IPI may reach it). One more condition closes the gap:
 * a kind of choice of p's that is not enabled yet and that another CPU may enable
 * before p moves could come first, so p does not qualify:
 * - interrupts: p's interrupts are enabled, no IPI is pending and another CPU may still
 *   send one; the handler would read the same TLB and curpmap. (Without this the
 *   r306350 window of curpmap-window.scn is lost: a test pins it.)
 * - waiting: an initiator spinning on its acknowledgements, which another CPU's
 *   handler gives.
 *
 * Growing the set to several CPUs (stubborn-set closure) was tried: it explored more
 * states on the pm_active race (213,167 against 152,094 with four switching CPUs,
 * measured before the footprints were made finer).
 */
import {choiceRecords, type Choice} from '../engine/index.js';
import {type Footprints, stepFootprint} from './footprint.js';

/** Whether MINE, all the choices of CPU P, form a persistent set in STATE. */
function persistent(footprints: Footprints, p: number, mine: readonly Choice[]): boolean {
	const {state} = footprints;
	const cpu = state.cpus[p]!;
	// A choice of P's that is not enabled yet, and that another CPU may enable before P
	// moves (an IPI arriving, an initiator's last acknowledgement): it could come first.
	for (let k = 0; k < choiceRecords.length; k++) {
		const record = choiceRecords[k]!;
		if (!mine.some(choice => choice.kind === record.kind) && record.waitsForOthers(cpu) && (record.arrival === undefined || footprints.mayArrive(k, p, p))) {
			return false;
		}
	}

	const prints = mine.map(choice => stepFootprint(footprints, cpu, choice.kind));
	for (let other = 0; other < state.cpus.length; other++) {
		if (other === p) {
			continue;
		}

		for (let k = 0; k < choiceRecords.length; k++) {
			if (footprints.mayBePending(k, other, p)) {
				const future = footprints.future(k, other);
				if (prints.some(print => print.conflicts(future))) {
					return false;
				}
			}
		}
	}

	return true;
}

/**
 * The choices to explore from STATE: those of one CPU when they form a persistent set
 * (a CPU with a single choice preferred, else the first CPU whose several choices
 * qualify), else all of them. Choices come grouped by CPU (step.ts).
 */
export function ampleSet(footprints: Footprints, choices: readonly Choice[]): readonly Choice[] {
	let several: readonly Choice[] | undefined;
	for (let i = 0; i < choices.length; ) {
		const p = choices[i]!.cpu;
		let end = i + 1;
		while (end < choices.length && choices[end]!.cpu === p) {
			end++;
		}

		const mine = choices.slice(i, end);
		i = end;
		if (several !== undefined && mine.length > 1) {
			continue;
		}

		if (persistent(footprints, p, mine)) {
			if (mine.length === 1) {
				return mine;
			}

			several = mine;
		}
	}

	return several ?? choices;
}
