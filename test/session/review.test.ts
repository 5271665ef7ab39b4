/** Regressions found in review: every one of these once misbehaved. */
import {describe, expect, it} from 'vitest';
import {Interpreter} from '../../source/commands/table.js';
import {shippedScenarios} from '../golden/golden.js';
import {commandsOn, sessionOn} from './helpers.js';

describe('debugger regressions', () => {
	it('malformed numbers give one-line errors, never an exception', () => {
		const interpreter = new Interpreter(sessionOn('default'));
		for (const bad of ['print pte A 0x_', 'watch tlb cpu1 A 0x', 'why cpu1 A 0x_']) {
			const {error} = interpreter.execute(bad);
			expect(error, bad).toMatch(/^expected an address|^why takes/);
		}

		expect(interpreter.execute('break ipi_send va=0x_').error).toBeUndefined();
		expect(interpreter.execute('continue').error).toBeUndefined();
	});

	it('line breakpoints on every step line stop at the same positions forwards and backwards, in every shipped scenario', () => {
		for (const file of shippedScenarios()) {
			const name = file.replace(/^scenarios\/|\.scn$/g, '');
			const session = sessionOn(name);
			session.staleStops = false;
			commandsOn(session, ...session.scenario.stepLines.map(line => `break ${line}`));
			const forward: number[] = [];
			while (!commandsOn(session, 'continue')[0]!.startsWith('The scenario has finished')) {
				forward.push(session.at);
			}

			// A stop at the very end is where reverse motion starts: it cannot stop there.
			const end = session.at;
			const backward: number[] = [];
			while (commandsOn(session, 'reverse-continue')[0] !== 'No more reverse-execution history.') {
				backward.push(session.at);
			}

			expect(backward.reverse(), name).toEqual(forward.filter(position => position < end));
		}
	});

	it('reverse-continue honours ignore counts and deletes a temporary breakpoint after its stop', () => {
		const session = sessionOn('two-initiators');
		commandsOn(session, 'break ipi_handle', 'continue 9');
		expect(session.done).toBe(true);
		const end = session.at;
		const out = commandsOn(session, 'ignore 1 1', 'reverse-continue');
		expect(out[1]).toMatch(/^Breakpoint 1, ipi_handle/);
		const first = session.at;
		commandsOn(session, `goto ${end}`, 'delete', 'tbreak ipi_handle', 'reverse-continue');
		expect(session.at).toBeGreaterThan(first);
		expect(session.breakpoints).toEqual([]);
	});

	it('a breakpoint inside its ignore count does not hide another one at the same step', () => {
		const session = sessionOn('default');
		commandsOn(session, 'break ipi_send', 'break ipi_send to=1', 'ignore 1 5');
		const out = commandsOn(session, 'continue');
		expect(out[0]).toMatch(/^Breakpoint 2, ipi_send cpu0 -> cpu1/);
	});

	it('goto is not stopped by breakpoints, recorded or not', () => {
		const session = sessionOn('default');
		commandsOn(session, 'break ipi_send', 'goto 30');
		expect(session.at).toBe(30);
		commandsOn(session, 'goto 2', 'goto 30');
		expect(session.at).toBe(30);
	});

	it('aliases take part in unique prefixes', () => {
		const interpreter = new Interpreter(sessionOn('default'));
		expect(interpreter.execute('adv 18').error).toBeUndefined();
		expect(interpreter.execute('backt').error).toBeUndefined();
	});

	it('stepi cpuN COUNT stops where the CPU cannot go on, and says why', () => {
		const session = sessionOn('default');
		const out = commandsOn(session, 'stepi cpu1 50');
		expect(out.at(-1)).toMatch(/^\(stopped after \d+: cpu1 has nothing to do at this point\)$/);
	});
});
