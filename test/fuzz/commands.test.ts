/**
 * Fuzzing the debugger's command language (issue 16): command files built from the
 * command table (motion, breakpoints, watchpoints, info, noise, hostile strings, huge
 * counts) run in-process through the session interpreter and through --batch. For
 * every case: nothing throws; every output line and error is free of control
 * characters; every --batch error starts with `COMMANDS:LINE: `; the session stays
 * within the scenario's finite history (its step budget).
 */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {batchCommand} from '../../source/cli/batch-command.js';
import {Interpreter} from '../../source/commands/table.js';
import {loadText} from '../../source/scenario/load.js';
import {splitLines} from '../../source/scenario/source.js';
import {Session} from '../../source/session/session.js';
import {expectNoControl, scratch, shipped} from '../hostile/helpers.js';
import {commandFile, commandLine, FUZZ_RUNS} from './grammar.js';

const names = ['default', 'pm-active-race-late-zero', 'two-initiators'] as const;
const scenarios = names.map(name => loadText(`${name}.scn`, shipped(name)).scenario!);
/** More steps than any of these scenarios records: a run past it is a runaway. */
const STEP_BUDGET = 10_000;

describe('fuzz: debugger commands never throw, and print only visible text', () => {
	it('the interpreter, on sessions of shipped scenarios', () => {
		fc.assert(
			fc.property(fc.nat({max: names.length - 1}), fc.array(commandLine, {minLength: 1, maxLength: 15}), (which, lines) => {
				const session = new Session(scenarios[which]!);
				const interpreter = new Interpreter(session);
				for (const line of lines) {
					const {output, error} = interpreter.execute(line);
					for (const text of output) {
						expectNoControl(text, `output of ${JSON.stringify(line)}`);
						expect(text.includes('\n')).toBe(false);
					}

					if (error !== undefined) {
						expectNoControl(error, `error of ${JSON.stringify(line)}`);
						expect(error.startsWith('internal error'), error).toBe(false);
					}

					expect(session.recorded).toBeLessThanOrEqual(STEP_BUDGET);
				}
			}),
			{numRuns: FUZZ_RUNS},
		);
	});

	it('--batch on command files with any line end', async () => {
		const folder = scratch();
		const scenario = path.join(folder, 'default.scn');
		writeFileSync(scenario, shipped('default'));
		const commands = path.join(folder, 'fuzz.cmds');
		await fc.assert(
			fc.asyncProperty(commandFile, async text => {
				writeFileSync(commands, text);
				const output = await batchCommand([scenario], {ablate: [], nx: true}, [{kind: 'file', value: commands}]);
				expectNoControl(output.stdout, 'batch stdout');
				expectNoControl(output.stderr, 'batch stderr');
				const lines = splitLines(text).length;
				for (const line of output.stderr.split('\n').filter(Boolean)) {
					const match = /^(.+):(\d+): \S/.exec(line);
					expect(match?.[1], line).toBe(commands);
					expect(Number(match![2])).toBeLessThanOrEqual(lines);
				}

				expect(output.status).toBe(output.stderr === '' ? 0 : 1);
			}),
			{numRuns: Math.ceil(FUZZ_RUNS / 3)},
		);
	});
});
