/**
 * Shortens a counterexample: the persistent sets make some CPU go first where the
 * violation did not need it to, so breadth first's schedule may carry steps that do
 * not matter. Each choice is dropped in turn, and the drop kept when the rest still
 * replays to the same kind of violation at its end (a stale use at the last step, or a
 * deadlock). What remains has no step that can be removed alone.
 */
import {createMachine, enabled, isEnabled, step, type Choice, type Config, type Program} from '../engine/index.js';

/** Whether SCHEDULE replays and ends in VIOLATION. */
function violates(config: Config, program: Program, schedule: readonly Choice[], violation: 'stale_use' | 'deadlock'): boolean {
	let state = createMachine(config, program);
	let stale = false;
	for (const choice of schedule) {
		if (!isEnabled(state, choice)) {
			return false;
		}

		const result = step(state, choice);
		stale = result.events.some(event => event.event === 'stale_use');
		if (stale && violation === 'stale_use' && choice !== schedule.at(-1)) {
			// An earlier stale use: a shorter schedule exists, this one is not minimal.
			return false;
		}

		state = result.state;
	}

	return violation === 'stale_use' ? stale : enabled(state).length === 0 && state.busy.length > 0;
}

/** SCHEDULE with every choice removed that the violation does not need. */
export function shrink(config: Config, program: Program, schedule: readonly Choice[], violation: 'stale_use' | 'deadlock'): Choice[] {
	let current = [...schedule];
	for (let i = current.length - 1; i >= 0; i--) {
		const shorter = [...current.slice(0, i), ...current.slice(i + 1)];
		if (violates(config, program, shorter, violation)) {
			current = shorter;
		}
	}

	return current;
}
