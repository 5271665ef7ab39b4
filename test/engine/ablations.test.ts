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
				const memory = demo.memory ?? 'sc';
				const scheduled = () => scriptedScheduler(demo.schedule, undefined, {parallelOnly: true});
				const broken = run(demo.program, mode, demo.invpcid, [demo.ablation], scheduled(), memory);
				expect(broken.end).toBe('finished');
				const stale = named(broken.events, 'stale_use');
				expect(stale.length).toBeGreaterThan(0);
				// The stale use comes after the point that forbade the entry: the invalidation
				// returned, or the address space was released.
				const forbidding = broken.events.filter(event => event.event === 'shootdown_done' || event.event === 'pmap_pinit');
				expect(forbidding.length).toBeGreaterThan(0);
				expect(stale[0]!.step).toBeGreaterThan(forbidding.at(-1)!.step);

				const faithful = run(demo.program, mode, demo.invpcid, [], scheduled(), memory);
				expect(faithful.end).toBe('finished');
				expect(named(faithful.events, 'stale_use')).toEqual([]);
				if (memory === 'tso') {
					// A rule that only store buffers need: under sc the same schedule is safe.
					const consistent = run(demo.program, mode, demo.invpcid, [demo.ablation], scheduled(), 'sc');
					expect(consistent.end).toBe('finished');
					expect(named(consistent.events, 'stale_use')).toEqual([]);
				}
			});
		}
	}
});
