/** Execution control, both directions: the same states, events and stops. */
import {describe, expect, it} from 'vitest';
import {stateHash} from '../../source/engine/index.js';
import {Interpreter} from '../../source/commands/table.js';
import {commandsOn, sessionOn} from './helpers.js';

describe('stepping forwards and backwards', () => {
	it('reverse-stepi returns byte-identical states and events, all the way back', () => {
		const session = sessionOn('two-initiators');
		const hashes: string[] = [];
		const events: string[] = [];
		while (!session.done) {
			hashes.push(stateHash(session.state));
			events.push(JSON.stringify(session.events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)));
			commandsOn(session, 'stepi');
		}

		const end = session.at;
		for (let position = end - 1; position >= 0; position--) {
			commandsOn(session, 'reverse-stepi');
			expect(session.at).toBe(position);
			expect(stateHash(session.state)).toBe(hashes[position]);
			expect(JSON.stringify(session.events, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toBe(events[position]);
		}
	});

	it('goto jumps anywhere and forward after going back retraces the same execution', () => {
		const session = sessionOn('pm-active-race-late-zero', {seed: 5});
		commandsOn(session, 'continue');
		const end = session.at;
		const finalHash = stateHash(session.state);
		commandsOn(session, 'goto 3');
		expect(session.at).toBe(3);
		commandsOn(session, `goto ${end}`);
		expect(stateHash(session.state)).toBe(finalHash);
	});

	it('step moves statement by statement; reverse-step comes back through the same boundaries', () => {
		const session = sessionOn('row06-remote-user-page-active');
		const boundaries: number[] = [0];
		while (!session.done) {
			commandsOn(session, 'step');
			boundaries.push(session.at);
		}

		const back: number[] = [session.at];
		while (session.at > 0) {
			commandsOn(session, 'reverse-step');
			back.push(session.at);
		}

		expect(back.reverse()).toEqual(boundaries);
	});

	it('breakpoints and watchpoints hit the same steps forwards and backwards', () => {
		const session = sessionOn('two-initiators');
		commandsOn(session, 'break ipi_handle cpu=2', 'watch pm_gen P cpu2', 'break 23');
		const forward: number[] = [];
		for (;;) {
			const out = commandsOn(session, 'continue');
			if (out[0]!.startsWith('The scenario has finished')) {
				break;
			}

			forward.push(session.at);
		}

		const backward: number[] = [];
		for (;;) {
			const out = commandsOn(session, 'reverse-continue');
			if (out[0] === 'No more reverse-execution history.') {
				break;
			}

			backward.push(session.at);
		}

		expect(forward.length).toBeGreaterThan(2);
		expect(backward.reverse()).toEqual(forward);
	});

	it('finish runs to the shootdown_done of the current invalidation; reverse-finish back to its start', () => {
		const session = sessionOn('row06-remote-user-page-active');
		commandsOn(session, 'break pm_active_read');
		commandsOn(session, 'continue');
		const inside = session.at;
		// Back to the step that entered pmap_invalidate_page (pmap_remove's PTE store).
		const back = commandsOn(session, 'reverse-finish');
		expect(back.join('\n')).toMatch(/^step \d+, cpu0, line 19: pte_store cpu0 pmap=P va=0x400000/);
		expect(session.at).toBeLessThan(inside);
		const out = commandsOn(session, 'delete', 'finish');
		expect(out.join('\n')).toMatch(/^step \d+, cpu0, line 19: shootdown_done cpu0 pmap=P$/);
	});

	it('stepi cpuN advances that CPU and cuts a recorded future that differs', () => {
		const session = sessionOn('pm-active-race-late-zero');
		commandsOn(session, 'continue', 'goto 14');
		const recorded = session.recorded;
		const other = session.recordedChoice(14)!.cpu === 0 ? 1 : 0;
		commandsOn(session, `stepi cpu${other}`);
		expect(session.events[0]!.cpu).toBe(other);
		// The recorded future went another way: it was cut at the forced choice.
		expect(session.recorded).toBeLessThan(recorded);
		expect(() => commandsOn(session, 'stepi cpu7')).toThrow('there is no cpu7');
	});

	it('a stale use stops execution by default, and why explains it', () => {
		const session = sessionOn('pm-active-race-no-ipi', {ablate: ['no-ipi-active']});
		const out = commandsOn(session, 'continue');
		expect(out[0]).toMatch(/^Stale use: cpu1 used P 0x400000 -> 0x1000; the page table has no mapping at step \d+, line \d+$/);
		const story = commandsOn(session, 'why cpu1 P 0x400000').join('\n');
		expect(story).toContain('cpu1 holds P 0x400000 -> 0x1000 rw under pcid 0x2.');
		expect(story).toMatch(/Made obsolete at step \d+ \(line \d+\): cpu0 stored 0x1000 rw -> none\./);
		expect(story).toMatch(/read pm_active = \{0,1\} at step \d+: cpu1 was in it\./);
		expect(story).toContain('It sent cpu1 no IPI.');
	});

	it('why names the late pm_gen zeroing of EN-22:04', () => {
		const session = sessionOn('pm-active-race-late-zero', {ablate: ['late-pm-gen-zero']});
		commandsOn(session, 'continue');
		const story = commandsOn(session, 'why cpu1 P 0x400000').join('\n');
		expect(story).toMatch(/cpu1 was not in it\./);
		expect(story).toMatch(/zeroed cpu1's pm_gen at step \d+, after reading pm_active: too late/);
		expect(story).toMatch(/loaded pcid 0x2 with PCID_SAVE at step \d+/);
	});

	it('bad commands give one-line errors and change nothing', () => {
		const session = sessionOn('default');
		const interpreter = new Interpreter(session);
		interpreter.execute('stepi 3');
		const before = stateHash(session.state);
		const at = session.at;
		for (const bad of ['frob', 'stepi -2', 'break 9999', 'break ipi_send dest=1', 'watch pm_gen Z cpu0', 'info nothing', 'goto x', 're', 'condition 7 to==1', 'print pte A']) {
			const {error, output} = interpreter.execute(bad);
			expect(error, bad).toBeDefined();
			expect(error!.includes('\n'), bad).toBe(false);
			expect(output).toEqual([]);
		}

		expect(session.at).toBe(at);
		expect(stateHash(session.state)).toBe(before);
		expect(session.breakpoints).toEqual([]);
	});

	it('Enter repeats the last motion command; unique prefixes and aliases resolve', () => {
		const session = sessionOn('default');
		const interpreter = new Interpreter(session);
		interpreter.execute('si');
		interpreter.execute('');
		expect(session.at).toBe(2);
		interpreter.execute('stepi 2');
		interpreter.execute('');
		expect(session.at).toBe(6);
		expect(interpreter.execute('rev').error).toMatch(/^ambiguous command "rev": reverse-stepi, reverse-step, reverse-continue, reverse-finish$/);
		interpreter.execute('i b');
		expect(interpreter.execute('reverse-stepi').error).toBeUndefined();
		expect(session.at).toBe(5);
	});
});
