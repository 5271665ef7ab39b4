/**
 * Reachability of TLB entries (source/engine/reach.ts): an entry the engine calls
 * unreachable is never hit again, on random programs under random schedules in every
 * configuration; and the EN-22:04 entry that a zeroed pm_gen orphaned is unreachable,
 * while the one a missing zeroing keeps is reachable (and STALE).
 */
import process from 'node:process';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {createMachine, defaultScheduler, enabled, makeConfig, randomScheduler, step, type Ablation, type Config, type Program, type Scheduler, type TlbEntry} from '../../source/engine/index.js';
import {reachOf} from '../../source/engine/reach.js';
import {lookup} from '../../source/engine/hardware.js';
import {modelOn} from '../ui/helpers.js';
import {buildProgram, scenario} from './generators.js';

/** Runs PROGRAM under CONFIG and SCHEDULER; the first hit of an entry that was unreachable before, if any. */
function deadEntryHit(config: Config, program: Program, scheduler: Scheduler): string | undefined {
	let state = createMachine(config, program);
	const dead = new Set<TlbEntry>();
	for (let i = 0; i < 100_000; i++) {
		for (const cpu of state.cpus) {
			for (const entry of cpu.tlb) {
				if (!reachOf(state, cpu, entry).reachable) {
					dead.add(entry);
				}
			}
		}

		const choices = enabled(state);
		if (choices.length === 0) {
			return undefined;
		}

		const before = state;
		const result = step(state, scheduler(state, choices));
		for (const event of result.events) {
			if (event.event === 'tlb_hit') {
				const hit = lookup(before.cpus[event.cpu]!.tlb, event.va, event.pcid);
				if (hit !== undefined && dead.has(hit)) {
					return `step ${before.step}: cpu${event.cpu} hit an entry called unreachable`;
				}
			}
		}

		state = result.state;
	}

	return undefined;
}

/** The property: no entry is hit after it was unreachable (under ABLATE). */
function unreachableStaysUnhit(ablate: Ablation[]) {
	return fc.property(scenario, ({header, blocks}) => {
		const config = makeConfig(header.config.mode, header.config.invpcid, ablate);
		expect(deadEntryHit(config, buildProgram(header, blocks), randomScheduler(header.seed))).toBeUndefined();
	});
}

describe('TLB entry reachability', () => {
	it('an entry called unreachable is never hit again (every configuration, random schedules)', () => {
		fc.assert(unreachableStaysUnhit([]), {numRuns: Number(process.env.PROPERTY_RUNS ?? 300)});
	});

	for (const ablation of ['no-pm-gen-zero', 'late-pm-gen-zero', 'no-ipi-active', 'kpt-save-on-switch', 'switch-irq-enabled'] as const) {
		it(`holds with ${ablation} too (it is a fact of the hardware and the allocator, not of the rule)`, () => {
			fc.assert(unreachableStaysUnhit([ablation]), {numRuns: 60});
		});
	}

	it('has teeth: when a mask reset keeps pm_gen (mask-reset-only), the orphaned user-table entry comes back', () => {
		// The rule pmap_activate_sw_pcid_pti keeps (zero the old pmap's pm_gen when it drops
		// a pending ucr3_load_mask) is what keeps the orphan one.
		const model = modelOn('pending-upt-flush');
		const {program} = model.session.scenario;
		const config = (ablate: Ablation[]) => makeConfig('pti-pcid', false, ablate);
		expect(deadEntryHit(config(['mask-reset-only']), program, defaultScheduler)).toMatch(/hit an entry called unreachable/);
		expect(deadEntryHit(config([]), program, defaultScheduler)).toBeUndefined();
	});

	it('EN-22:04 faithful: the zeroed pm_gen leaves cpu1\'s old entry unreachable, not STALE', () => {
		const model = modelOn('pm-active-race-late-zero');
		model.execute('continue');
		const {state} = model.session;
		const cpu = state.cpus[1]!;
		const entries = cpu.tlb.filter(entry => entry.vpn === 0x400);
		expect(entries.length).toBeGreaterThan(0);
		for (const entry of entries) {
			const reach = reachOf(state, cpu, entry);
			expect(reach.reachable || reach.why.kind === 'abandoned').toBe(true);
		}
	});
});
