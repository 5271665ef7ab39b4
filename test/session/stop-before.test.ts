/**
 * GDB's stopping rules: `break LINE` and `until LINE` stop before the statement's first
 * micro-operation (so the TLB can be looked at just before an access), event breakpoints
 * after their event; resuming runs the statement without stopping there again; reverse
 * motion stops at the same place; a run from step 0 stops at a breakpoint on the first
 * statement, as GDB's `run` does at one on main.
 */
import {describe, expect, it} from 'vitest';
import {commandsOn, sessionOn} from './helpers.js';

describe('line breakpoints and until stop before the line', () => {
	it('break 15 stops before cpu1 reads: nothing cached yet; stepi then fills the TLB', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break 15');
		const out = commandsOn(session, 'continue');
		expect(out).toEqual([`Breakpoint 1, line 15: cpu1 is about to run "read 0x400000" (step ${session.at})`]);
		expect(session.events.some(event => event.line === 15)).toBe(false);
		expect(commandsOn(session, 'print tlb cpu1 P 0x400000')).toEqual(['tlb cpu1 P 0x400000 = none']);
		const stepped = commandsOn(session, 'stepi');
		expect(stepped.join('\n')).toContain('tlb_fill cpu1 pmap=P va=0x400000');
		expect(commandsOn(session, 'print tlb cpu1 P 0x400000')).toEqual(['tlb cpu1 P 0x400000 = pcid 0x2 -> 0x1000 rw']);
	});

	it('continue from a stop before a line runs it, and stops before the next breakpointed line', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break 15', 'break 25', 'continue');
		const first = session.at;
		const out = commandsOn(session, 'continue');
		expect(out[0]).toMatch(/^Breakpoint 2, line 25: cpu1 is about to run "read 0x400000" \(step \d+\)$/);
		expect(session.at).toBeGreaterThan(first);
		// The remove on line 19 ran whole: cpu1's entry is gone, and its read has not run.
		expect(commandsOn(session, 'print tlb cpu1 P 0x400000')).toEqual(['tlb cpu1 P 0x400000 = none']);
		expect(session.events.filter(event => event.line === 25)).toEqual([]);
		expect(commandsOn(session, 'continue')[0]).toMatch(/^The scenario has finished/);
	});

	it('until LINE stops before the statement on LINE', () => {
		const session = sessionOn('row06-remote-user-page-active');
		const out = commandsOn(session, 'until 19');
		expect(out).toEqual([`Run till line 19: cpu0 is about to run "remove P 0x400000" (step ${session.at})`]);
		expect(session.state.pmaps.find(pmap => pmap.name === 'P')!.ptes[0]!.valid).toBe(true);
		commandsOn(session, 'stepi');
		expect(session.events.map(event => event.event)).toContain('pte_store');
	});

	it('reverse-continue stops where continue stopped: before the line', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break 19', 'continue');
		const before19 = session.at;
		commandsOn(session, 'delete', 'continue', 'break 19');
		expect(commandsOn(session, 'reverse-continue')[0]).toMatch(/^Breakpoint 2, line 19: cpu0 is about to run "remove P 0x400000"/);
		expect(session.at).toBe(before19);
	});

	it('a breakpoint on the first statement stops the first continue at step 0, and the next one moves on', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break 13');
		expect(commandsOn(session, 'continue')).toEqual(['Breakpoint 1, line 13: cpu1 is about to run "switch P" (step 0)']);
		expect(session.at).toBe(0);
		expect(commandsOn(session, 'continue')[0]).toMatch(/^The scenario has finished/);
	});

	it('an event breakpoint still stops after its event', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break tlb_fill');
		expect(commandsOn(session, 'continue')[0]).toMatch(/^Breakpoint 1, tlb_fill cpu1 pmap=P va=0x400000 .* at step \d+, line 15$/);
		expect(session.events.some(event => event.event === 'tlb_fill')).toBe(true);
	});
});
