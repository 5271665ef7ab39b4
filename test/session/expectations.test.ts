/**
 * Expectations in the debugger: each `expect` line judged where it stands, as `run`
 * judges it, at whatever position the session is; `info expect` lists them; a
 * configuration `require` excludes is reported skipped, as run does.
 */
import {describe, expect, it} from 'vitest';
import {runScenario} from '../../source/run/run-scenario.js';
import {commandsOn, sessionOn} from './helpers.js';

describe('expect lines in a session', () => {
	it('pending before their line, then the same verdicts as run, also after going back and forth', () => {
		const session = sessionOn('pm-active-race-no-ipi', {ablate: ['no-ipi-active']});
		expect(session.expectations.statuses().every(status => status.state === 'pending')).toBe(true);
		session.staleStops = false;
		commandsOn(session, 'continue');
		const run = runScenario(session.scenario, {ablate: ['no-ipi-active']});
		const verdicts = () => session.expectations.statuses().map(status => [status.expectation.line, status.state === 'ok']);
		expect(verdicts()).toEqual(run.verdicts.map(verdict => [verdict.line, verdict.ok]));
		commandsOn(session, 'goto 10');
		expect(session.expectations.statuses().find(status => status.expectation.line === 18)!.state).toBe('ok');
		expect(session.expectations.statuses().find(status => status.expectation.line === 23)!.state).toBe('pending');
		commandsOn(session, 'continue');
		expect(verdicts()).toEqual(run.verdicts.map(verdict => [verdict.line, verdict.ok]));
	});

	it('info expect says each one with what was found', () => {
		const session = sessionOn('pm-active-race-no-ipi', {ablate: ['no-ipi-active']});
		commandsOn(session, 'stale ignore', 'continue');
		const out = commandsOn(session, 'info expect');
		expect(out).toContain('ok    line 18   expect pm_active P == {1}  (at step 7)');
		expect(out).toContain('FAIL  line 23   expect count ipi_send to=1 == 1  (counted 0; checked at step 17)');
		expect(out.at(-1)).toMatch(/^FAIL {2}line 30 {3}expect no-stale {2}\(1 stale use; checked at step \d+\)$/);
	});

	it('no-stale fails at the first stale use, before the end', () => {
		const session = sessionOn('default', {ablate: ['no-ipi-active']});
		commandsOn(session, 'continue');
		expect(session.done).toBe(false);
		const statuses = session.expectations.statuses();
		expect(statuses.find(status => status.expectation.check.kind === 'no-stale')).toMatchObject({state: 'failed', detail: 'a stale use occurred'});
		expect(statuses.find(status => status.expectation.line === 31)!.state).toBe('pending');
	});

	it('a configuration the require line excludes is skipped', () => {
		const session = sessionOn('pm-active-race-late-zero', {mode: 'nopcid'});
		expect(session.expectations.statuses().every(status => status.state === 'skipped')).toBe(true);
		expect(commandsOn(session, 'info expect')[0]).toBe('skipped: nopcid (E) is not in the scenario\'s "require mode pcid pti-pcid"; run reports this configuration as skipped.');
	});
});
