/** `pmapdbg --batch -x COMMANDS SCENARIO` (cli.md): debugger commands without a terminal. */
import {readFile} from 'node:fs/promises';
import process from 'node:process';
import {text} from 'node:stream/consumers';
import {Interpreter} from '../commands/table.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
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

	const {options, cpus} = sessionOptions(flags, 'a debugging session runs one configuration; --mode all and --invpcid all are for run');

	let script: string;
	try {
		// `-x -` reads the commands from standard input, as GDB's `-x /dev/stdin` would.
		script = flags.commands === '-' ? await text(process.stdin) : await readFile(flags.commands, 'utf8');
	} catch {
		throw new UsageError(`cannot read the command file ${flags.commands}`);
	}

	const loaded = await loadFile(scenarioFile(paths[0]!), {cpus});
	if (loaded.scenario === undefined) {
		return {stdout: '', stderr: diagnosticText(loaded).join('\n') + '\n', status: 2};
	}

	const session = await sessionWithSchedule(loaded.scenario, options, flags.schedule);
	const interpreter = new Interpreter(session);
	const out: string[] = [];
	const err: string[] = [];
	for (const [index, line] of script.split('\n').entries()) {
		// A blank line in a command file does nothing (GDB repeats only at the terminal).
		if (line.trim() === '') {
			continue;
		}

		const {output, error} = interpreter.execute(line);
		out.push(...output);
		if (error !== undefined) {
			err.push(`${flags.commands === '-' ? '<stdin>' : flags.commands}:${index + 1}: ${error}`);
		}
	}

	return {
		stdout: out.length > 0 ? out.join('\n') + '\n' : '',
		stderr: err.length > 0 ? err.join('\n') + '\n' : '',
		status: err.length > 0 ? 1 : 0,
	};
}
