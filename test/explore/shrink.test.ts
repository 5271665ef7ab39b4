/** shrink: on depth-first schedules, which reuse one choice object per CPU and kind. */
import {describe, expect, it} from 'vitest';
import {createMachine, enabled, isEnabled, makeConfig, step, type Choice, type Config, type Program} from '../../source/engine/index.js';
import {MemoryBudget} from '../../source/explore/budget.js';
import type {SearchEnd} from '../../source/explore/depth-first.js';
import {startSearch} from '../../source/explore/explore.js';
import {shrink, violationLength} from '../../source/explore/shrink.js';
import {loadText} from '../../source/scenario/load.js';

/** cpu1 keeps a stale entry (late-pm-gen-zero) and reads through it twice while cpu2 has work of its own. */
const twiceStale = `title "two stale reads"
cpus 3
mode pcid
pmap P
map P 0x400000 -> 0x1000 rw
cpu1: switch P
cpu1: user
cpu1: read 0x400000
cpu1: kernel
cpu1: switch kernel
parallel
  cpu0: remove P 0x400000
  cpu1: switch P
end
parallel
  cpu1: user
  cpu1: read 0x400000
  cpu1: read 0x400000
  cpu2: kernel
end
`;

/** The positions of the steps of SCHEDULE that report a stale use, replayed independently. */
function staleSteps(config: Config, program: Program, schedule: readonly Choice[]): number[] | undefined {
	let state = createMachine(config, program);
	const stale: number[] = [];
	for (let index = 0; index < schedule.length; index++) {
		if (!isEnabled(state, schedule[index]!)) {
			return undefined;
		}

		const result = step(state, schedule[index]!);
		state = result.state;
		if (result.events.some(event => event.event === 'stale_use')) {
			stale.push(index);
		}
	}

	return stale;
}

describe('shrink', () => {
	it('compares steps by position: a depth-first schedule carried past its stale use is cut at it, and no step can be removed alone', () => {
		const scenario = loadText('twice.scn', twiceStale).scenario!;
		const config = makeConfig('pcid', true, ['late-pm-gen-zero']);
		const {search} = startSearch(config, scenario.program, {}, new MemoryBudget(2 ** 30));
		let end: SearchEnd | undefined;
		while (end === undefined) {
			end = search.run(Number.POSITIVE_INFINITY);
		}

		expect(end.kind).toBe('violation');
		const schedule = (end as Extract<SearchEnd, {kind: 'violation'}>).schedule;
		// Carry it on: cpu2's step, then cpu1's second stale read, the same choice object
		// as the schedule's last step (depth-first schedules reuse them).
		let state = createMachine(config, scenario.program);
		for (const choice of schedule) {
			state = step(state, choice).state;
		}

		const other = enabled(state).find(choice => choice.cpu === 2)!;
		state = step(state, other).state;
		const again = enabled(state).find(choice => choice.cpu === schedule.at(-1)!.cpu)!;
		expect(again).toBe(schedule.at(-1));
		const carried = [...schedule, other, again];
		expect(staleSteps(config, scenario.program, carried)).toEqual([schedule.length - 1, schedule.length + 1]);

		// The replay check stops at the first stale use, whatever the objects.
		expect(violationLength(config, scenario.program, carried, 'stale_use')).toBe(schedule.length);
		const shrunk = shrink(config, scenario.program, carried, 'stale_use');
		expect(shrunk.length).toBeLessThanOrEqual(schedule.length);
		expect(staleSteps(config, scenario.program, shrunk)).toEqual([shrunk.length - 1]);
		// 1-minimal: without any one step it no longer replays to a stale use.
		for (let i = 0; i < shrunk.length; i++) {
			const without = [...shrunk.slice(0, i), ...shrunk.slice(i + 1)];
			expect(staleSteps(config, scenario.program, without)?.length ?? 0, `step ${i}`).toBe(0);
		}
	});
});
