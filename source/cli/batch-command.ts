/** `pmapdbg --batch -x COMMANDS SCENARIO` (cli.md): debugger commands without a terminal. */
import {writeFileSync} from 'node:fs';
import {runScripts} from '../commands/scripts.js';
import {Interpreter} from '../commands/table.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {sessionWithSchedule} from './schedule-option.js';
import type {CommandOutput} from './run-command.js';
import {sessionOptions, type SessionFlags} from './options.js';
import {scenarioFile} from './scenario-argument.js';
import {startupScripts, type ScriptSource} from './startup-commands.js';
import {UsageError} from './usage-error.js';

/** The flags batch mode reads. */
export type BatchFlags = SessionFlags & {readonly nx: boolean};

/** Runs the command scripts (-x, -ex, ~/.pmapdbginit) against the scenario; exit 1 if a command failed. */
export async function batchCommand(paths: readonly string[], flags: BatchFlags, sources: readonly ScriptSource[]): Promise<CommandOutput> {
	if (sources.length === 0 || paths.length !== 1) {
		throw new UsageError('batch mode is pmapdbg --batch -x COMMANDS SCENARIO (or -ex COMMAND, repeatable)');
	}

	const {options, cpus} = sessionOptions(flags, 'a debugging session runs one configuration; --mode all, --invpcid all and --kernel all are for run');
	// `-x -` reads the commands from standard input, with the same size limit as any file.
	const {scripts, notes} = await startupScripts(sources, {nx: flags.nx, stdinAllowed: true});
	// Only a skipped ./.pmapdbginit is worth a word on stderr; reading ~/.pmapdbginit is normal.
	const skipped = notes.filter(note => !note.startsWith('Read '));
	const loaded = await loadFile(scenarioFile(paths[0]!), {cpus});
	if (loaded.scenario === undefined) {
		return {stdout: '', stderr: diagnosticText(loaded).join('\n') + '\n', status: 2};
	}

	const session = await sessionWithSchedule(loaded.scenario, options, flags.schedule);
	const interpreter = new Interpreter(session, (file, text) => writeFileSync(file, text));
	const {output, errors} = runScripts(interpreter, scripts);
	return {
		stdout: output.length > 0 ? output.join('\n') + '\n' : '',
		stderr: [...skipped, ...errors].length > 0 ? [...skipped, ...errors].join('\n') + '\n' : '',
		status: errors.length > 0 ? 1 : 0,
	};
}
