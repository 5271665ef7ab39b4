/**
 * Linux's ablations (each named after the tlb.c commit whose rule it removes): explore
 * finds no stale use in the shipped scenario as shipped, finds one with the ablation,
 * and the counterexample replays in a debugging session to the stale use. Also the
 * finding that needs no ablation: v6.14 as released has CVE-2025-37964's window.
 */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {linuxAblations, makeConfig, type LinuxAblation, type Mode} from '../../source/engine/index.js';
import {explore} from '../../source/explore/explore.js';
import {loadText} from '../../source/scenario/load.js';
import {Session} from '../../source/session/session.js';
import {root} from '../cli/helpers.js';

function scenario(name: string) {
	const file = `scenarios/${name}.scn`;
	return loadText(file, readFileSync(path.join(root, file), 'utf8')).scenario!;
}

/** The shipped scenario that shows each rule, and a configuration where it matters. */
const demos: Record<LinuxAblation, {readonly scenario: string; readonly mode: Mode; readonly invpcid: boolean}> = {
	// Two page flushes handled out of order: gen 2's partial flush takes local_tlb_gen past gen 1's page.
	'revert-b0579ade7cd8': {scenario: 'two-initiators', mode: 'pcid', invpcid: true},
	// A recycled mm matched by its pointer inherits the old mm's ASID and entries.
	'revert-f39681ed0f48': {scenario: 'pmap-recycling', mode: 'pcid', invpcid: true},
	// A kernel page flushed under PTI survives in the other ASIDs.
	'revert-2ea907c4fe7b': {scenario: 'kernel-va-under-pti', mode: 'pti-pcid', invpcid: true},
	// The kernel PCID is flushed at the switch but the user PCID keeps the old entry.
	'revert-6fd166aae78c': {scenario: 'lazy-tlb', mode: 'pti-pcid', invpcid: false},
	// Leaving lazy mode keeps the ASID without the tlb_gen check.
	'revert-145f573b89a6': {scenario: 'lazy-tlb', mode: 'pcid', invpcid: true},
};

describe('Linux ablations under explore', () => {
	for (const ablation of linuxAblations) {
		it(`${ablation}: ${demos[ablation].scenario} is safe as shipped, a stale use with the ablation, and the counterexample opens in a session`, () => {
			const {scenario: name, mode, invpcid} = demos[ablation];
			const shipped = scenario(name);
			expect(explore(makeConfig(mode, invpcid, [], 'sc', 'linux'), shipped.program).result).toBe('safe');
			const found = explore(makeConfig(mode, invpcid, [ablation], 'sc', 'linux'), shipped.program);
			expect(found).toMatchObject({result: 'violation', violation: 'stale_use'});
			const session = new Session(shipped, {kernel: 'linux', mode, invpcid, ablate: [ablation], schedule: found.schedule});
			session.goto(found.schedule!.length);
			expect(session.eventsSoFar().some(event => event.event === 'stale_use')).toBe(true);
			expect(session.config.kernel).toBe('linux');
		});
	}

	it('v6.14 as released: explore finds the switch_mm_irqs_off window of CVE-2025-37964 (fea4e317f9e7 came later)', () => {
		const shipped = scenario('switch-mm-window');
		for (const mode of ['pcid', 'pti-pcid'] as const) {
			const found = explore(makeConfig(mode, true, [], 'sc', 'linux'), shipped.program);
			expect(found).toMatchObject({result: 'violation', violation: 'stale_use'});
			const session = new Session(shipped, {mode, schedule: found.schedule});
			session.goto(found.schedule!.length);
			// The window: should_flush_tlb said no while cpu1 was between its tlb_gen read and loaded_mm = P.
			const events = session.eventsSoFar();
			expect(events.some(event => event.event === 'should_flush_tlb' && event.to === 1 && !event.result && event.reason === 'not-loaded')).toBe(true);
			expect(events.some(event => event.event === 'choose_new_asid' && event.cpu === 1 && event.mm === 'P' && !event.need_flush)).toBe(true);
			expect(events.at(-1)).toMatchObject({event: 'stale_use', cpu: 1});
		}
	});
});
