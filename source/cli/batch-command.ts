/** `pmapdbg --batch -x COMMANDS SCENARIO` (cli.md): debugger commands without a terminal. */
import {writeFileSync} from 'node:fs';
import process from 'node:process';
import {Interpreter} from '../commands/table.js';
import {readInputText, readStreamText} from '../files/read-input.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {splitLines} from '../scenario/source.js';
import {visible} from '../text/untrusted.js';
import {sessionWithSchedule} from './schedule-option.js';
import type {CommandOutput} from './run-command.js';
import {sessionOptions, type SessionFlags} from './options.js';
import {scenarioFile} from './scenario-argument.js';
import {UsageError} from './usage-error.js';

/** The flags batch mode reads. */
export type BatchFlags = SessionFlags & {readonly commands?: string};

/** Runs the command file against the scenario; exit 1 if a command failed. */
export async function batchCommand(paths: readonly string[], flags: BatchFlags): Promise<CommandOutput> {
	if (flags.commands === undefined || paths.length !== 1) {
		throw new UsageError('batch mode is pmapdbg --batch -x COMMANDS SCENARIO');
	}

	const {options, cpus} = sessionOptions(flags, 'a debugging session runs one configuration; --mode all, --invpcid all and --kernel all are for run');

	// `-x -` reads the commands from standard input, as GDB's `-x /dev/stdin` would (with
	// the same size limit as any input file).
	const read = flags.commands === '-' ? await readStreamText(process.stdin) : await readInputText(flags.commands);
	if (!read.ok) {
		throw new UsageError(`cannot read the command file ${flags.commands}: ${read.reason}`);
	}

	const loaded = await loadFile(scenarioFile(paths[0]!), {cpus});
	if (loaded.scenario === undefined) {
		return {stdout: '', stderr: diagnosticText(loaded).join('\n') + '\n', status: 2};
	}

	const session = await sessionWithSchedule(loaded.scenario, options, flags.schedule);
	const interpreter = new Interpreter(session, (file, text) => writeFileSync(file, text));
	const out: string[] = [];
	const err: string[] = [];
	// Lines end as in scenarios (LF, CRLF or a lone CR), so FILE:LINE counts the same way.
	for (const [index, line] of splitLines(read.text).entries()) {
		// A blank line in a command file does nothing (GDB repeats only at the terminal).
		if (line.trim() === '') {
			continue;
		}

		const {output, error} = interpreter.execute(line);
		for (const text of output) {
			out.push(text);
		}

		if (error !== undefined) {
			err.push(`${flags.commands === '-' ? '<stdin>' : visible(flags.commands)}:${index + 1}: ${error}`);
		}
	}

	return {
		stdout: out.length > 0 ? out.join('\n') + '\n' : '',
		stderr: err.length > 0 ? err.join('\n') + '\n' : '',
		status: err.length > 0 ? 1 : 0,
	};
}
