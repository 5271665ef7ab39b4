/**
 * Spec 6.2, 9.3: each ablation lets a CPU use a stale translation on a suitable
 * sequence; the faithful protocol does not, on the same sequence and schedule.
 */
import {describe, expect, it} from 'vitest';
import {ablations, scriptedScheduler} from '../../source/engine/index.js';
import {ablationDemos} from '../../source/engine/ablation-demos.js';
import {named, run} from './helpers.js';

describe('ablations', () => {
	const demos = ablationDemos();
	it('every ablation has a demonstration', () => {
		expect(demos.map(demo => demo.ablation).sort()).toEqual([...ablations].sort());
	});

	for (const demo of demos) {
		for (const mode of demo.modes) {
			it(`${demo.ablation} (${mode}): ${demo.story}`, () => {
				const broken = run(demo.program, mode, demo.invpcid, [demo.ablation], scriptedScheduler(demo.schedule, undefined, {parallelOnly: true}));
				expect(broken.end).toBe('finished');
				const stale = named(broken.events, 'stale_use');
				expect(stale.length).toBeGreaterThan(0);
				// The stale use comes after the invalidation returned.
				const done = named(broken.events, 'shootdown_done');
				expect(done.length).toBeGreaterThan(0);
				expect(stale[0]!.step).toBeGreaterThan(done.at(-1)!.step);

				const faithful = run(demo.program, mode, demo.invpcid, [], scriptedScheduler(demo.schedule, undefined, {parallelOnly: true}));
				expect(faithful.end).toBe('finished');
				expect(named(faithful.events, 'stale_use')).toEqual([]);
			});
		}
	}
});
