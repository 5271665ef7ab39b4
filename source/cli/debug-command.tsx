/**
 * `pmapdbg [SCENARIO]`: the full-screen debugger. It needs a terminal; it runs in the
 * alternate screen and restores the terminal on quit, Ctrl-C, SIGTERM and on an
 * uncaught error.
 */
import {readdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {render} from 'ink';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {App, type Opened} from '../ui/app.js';
import {DebuggerModel} from '../ui/model.js';
import {sessionOptions, UsageError, type SessionFlags} from './options.js';
import type {CommandOutput} from './run-command.js';
import {sessionWithSchedule} from './schedule-option.js';

/** The flags the debugger reads. */
export type DebugFlags = SessionFlags & {readonly color: boolean};

const shipped = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../scenarios');

/** Scenario files: the shipped ones, then the current folder's. */
export function scenarioFiles(): string[] {
	const list = (folder: string, prefix: string) => {
		try {
			return readdirSync(folder)
				.filter(name => name.endsWith('.scn'))
				.sort()
				.map(name => path.join(prefix, name));
		} catch {
			return [];
		}
	};

	const here = process.cwd();
	const fromShipped = list(shipped, path.relative(here, shipped) || '.');
	return [...new Set([...fromShipped, ...list(here, '.')])];
}

const enterAltScreen = '\u001B[?1049h\u001B[H';
const leaveAltScreen = '\u001B[?1049l';

/** Opens the debugger; resolves when the user quits. */
export async function debugCommand(paths: readonly string[], flags: DebugFlags): Promise<CommandOutput> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the debugger needs a terminal (stdin and stdout must be TTYs); use `pmapdbg run SCENARIO` or `pmapdbg --batch -x COMMANDS SCENARIO`');
	}

	if (paths.length > 1) {
		throw new UsageError(`the debugger opens one scenario; found ${paths.length}`);
	}

	const {options, cpus} = sessionOptions(flags, 'the debugger runs one configuration; press m inside it to change');
	const open = async (file: string): Promise<Opened> => {
		const loaded = await loadFile(file, {cpus});
		if (loaded.scenario === undefined) {
			return {diagnostics: diagnosticText(loaded).join('\n')};
		}

		return {model: new DebuggerModel(loaded.scenario, options)};
	};

	let opened = paths[0] === undefined ? undefined : await open(paths[0]);
	if (flags.schedule !== undefined) {
		if (opened?.model === undefined) {
			throw new UsageError('--schedule needs a scenario that compiles: pmapdbg SCENARIO --schedule FILE');
		}

		const {scenario} = opened.model.session;
		opened = {model: new DebuggerModel(scenario, options, await sessionWithSchedule(scenario, options, flags.schedule))};
	}
	const color = flags.color && process.env.NO_COLOR === undefined;
	const restore = () => {
		process.stdout.write(leaveAltScreen);
	};

	process.stdout.write(enterAltScreen);
	const instance = render(<App opened={opened} files={scenarioFiles()} open={open} color={color} redraw={() => {
				process.stdout.write('\u001B[2J\u001B[H');
				instance.clear();
			}} />, {
		exitOnCtrlC: true,
		patchConsole: false,
		maxFps: 30,
	});
	// Shrinking a terminal reflows what is on it, and Ink erases only the lines it
	// believes it drew: start every resize from a clean screen (Ctrl-L does the same).
	const onResize = () => {
		process.stdout.write('\u001B[2J\u001B[H');
		instance.clear();
	};

	process.stdout.on('resize', onResize);
	const onSignal = () => {
		instance.unmount();
		restore();
		process.exit(143);
	};

	const onCrash = (error: unknown) => {
		instance.unmount();
		restore();
		process.stderr.write(`pmapdbg: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(70);
	};

	process.on('SIGTERM', onSignal);
	process.on('uncaughtException', onCrash);
	try {
		await instance.waitUntilExit();
	} finally {
		restore();
		process.stdout.off('resize', onResize);
		process.off('SIGTERM', onSignal);
		process.off('uncaughtException', onCrash);
	}

	return {stdout: '', stderr: '', status: 0};
}
