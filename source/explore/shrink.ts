/**
 * Shortens a counterexample: depth first takes whatever path it met first, and the
 * persistent sets make some CPU go first where the violation did not need it to, so a
 * schedule may carry steps that do not matter. Each step is dropped in turn; when the
 * rest still replays to the same kind of violation (a stale use, or a deadlock) the
 * drop is kept, and the schedule is cut right after the first such violation. Passes
 * repeat until no step can be removed alone.
 */
import {createMachine, enabled, isEnabled, step, type Choice, type Config, type Program} from '../engine/index.js';

/**
 * How many steps of SCHEDULE it takes to reach VIOLATION (a stale use by that step, or
 * a deadlock after it), or -1 when it does not replay to one.
 */
export function violationLength(config: Config, program: Program, schedule: readonly Choice[], violation: 'stale_use' | 'deadlock'): number {
	let state = createMachine(config, program);
	if (violation === 'deadlock' && enabled(state).length === 0 && state.busy.length > 0) {
		return 0;
	}

	// Steps are compared by position: depth-first schedules reuse one choice object per
	// CPU and kind.
	for (let index = 0; index < schedule.length; index++) {
		const choice = schedule[index]!;
		if (!isEnabled(state, choice)) {
			return -1;
		}

		const result = step(state, choice);
		state = result.state;
		if (violation === 'stale_use' ? result.events.some(event => event.event === 'stale_use') : enabled(state).length === 0 && state.busy.length > 0) {
			return index + 1;
		}
	}

	return -1;
}

/** SCHEDULE (which ends in VIOLATION) with every step removed that the violation does not need. */
export function shrink(config: Config, program: Program, schedule: readonly Choice[], violation: 'stale_use' | 'deadlock'): Choice[] {
	const length = violationLength(config, program, schedule, violation);
	let current = schedule.slice(0, length < 0 ? schedule.length : length);
	for (let changed = true; changed; ) {
		changed = false;
		for (let i = current.length - 1; i >= 0; i--) {
			const shorter = [...current.slice(0, i), ...current.slice(i + 1)];
			const reached = violationLength(config, program, shorter, violation);
			if (reached >= 0) {
				current = shorter.slice(0, reached);
				changed = true;
				i = Math.min(i, current.length);
			}
		}
	}

	return current;
}
