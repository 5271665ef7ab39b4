/**
 * `pmapdbg [SCENARIO]`: the full-screen debugger. It needs a terminal; it draws in the
 * alternate screen, entered only once a scenario is loaded, and gives the terminal back
 * on every way out (TerminalOwner).
 */
import {readdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {render} from 'ink';
import {readInputText} from '../files/read-input.js';
import {diagnosticText, loadFile, loadText} from '../scenario/load.js';
import {App, type Opened, type ScenarioFile} from '../ui/app.js';
import {DebuggerModel} from '../ui/model.js';
import {sessionOptions, type SessionFlags} from './options.js';
import type {CommandOutput} from './run-command.js';
import {shippedFolder} from './package-files.js';
import {scenarioFile} from './scenario-argument.js';
import {sessionWithSchedule} from './schedule-option.js';
import {startupScripts, type ScriptSource} from './startup-commands.js';
import {watchFile} from './watch-file.js';
import {TerminalOwner} from './terminal-owner.js';
import {UsageError} from './usage-error.js';

/** The flags the debugger reads. */
export type DebugFlags = SessionFlags & {readonly color: boolean; readonly nx: boolean; readonly watch: boolean};

/**
 * Scenario files for the `o` picker: the shipped ones, then the current folder's, as
 * paths from here, with their titles (a file that does not compile shows none).
 */
export async function scenarioFiles(): Promise<ScenarioFile[]> {
	const list = (folder: string) => {
		try {
			return readdirSync(folder)
				.filter(name => name.endsWith('.scn'))
				.sort()
				.map(name => path.relative(process.cwd(), path.join(folder, name)));
		} catch {
			return [];
		}
	};

	const paths = [...new Set([...list(shippedFolder), ...list(process.cwd())])];
	return Promise.all(
		paths.map(async file => {
			const read = await readInputText(file);
			return {path: file, title: read.ok ? (loadText(file, read.text).scenario?.title ?? '') : ''};
		}),
	);
}

const clearScreen = '\u001B[2J\u001B[H';

/** Opens the debugger; resolves with the exit status when the user quits. */
export async function debugCommand(paths: readonly string[], flags: DebugFlags, color: boolean, sources: readonly ScriptSource[] = []): Promise<CommandOutput> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the debugger needs a terminal (stdin and stdout must be TTYs); use `pmapdbg run SCENARIO` or `pmapdbg --batch -x COMMANDS SCENARIO`');
	}

	if (paths.length > 1) {
		throw new UsageError(`the debugger opens one scenario; found ${paths.length}`);
	}

	// From here on a signal gives the terminal back, also before anything is drawn.
	const terminal = new TerminalOwner(process.stdin, process.stdout);
	try {
		return await runDebugger(paths[0], flags, color, terminal, sources);
	} finally {
		terminal.close();
	}
}

async function runDebugger(file: string | undefined, flags: DebugFlags, color: boolean, terminal: TerminalOwner, sources: readonly ScriptSource[]): Promise<CommandOutput> {
	const {options, cpus} = sessionOptions(flags, 'the debugger runs one configuration (one kernel); press m inside it to change the mode');
	const open = async (name: string): Promise<Opened> => {
		const loaded = await loadFile(name, {cpus});
		if (loaded.scenario === undefined) {
			return {diagnostics: diagnosticText(loaded).join('\n')};
		}

		return {model: new DebuggerModel(loaded.scenario, options)};
	};

	let opened: Opened | undefined;
	const scenarioPath = file === undefined ? undefined : scenarioFile(file);
	if (scenarioPath !== undefined) {
		const loaded = await loadFile(scenarioPath, {cpus});
		if (loaded.scenario === undefined && !(flags.watch && loaded.source.body !== '')) {
			// Bad input on the command line: its diagnostics on the normal screen, exit 2.
			// (With --watch a file with errors opens to them, and reloads once fixed.)
			return {stdout: '', stderr: diagnosticText(loaded).join('\n') + '\n', status: 2};
		}

		if (loaded.scenario === undefined) {
			opened = {diagnostics: diagnosticText(loaded).join('\n'), file: scenarioPath};
		} else {
			const session = await sessionWithSchedule(loaded.scenario, options, flags.schedule);
			opened = {model: new DebuggerModel(loaded.scenario, options, session), file: scenarioPath};
		}
	} else if (flags.schedule !== undefined) {
		throw new UsageError('--schedule needs a scenario: pmapdbg SCENARIO --schedule FILE');
	}

	// GDB's order: ~/.pmapdbginit, then each -x and -ex, before the first frame.
	const {scripts, notes} = await startupScripts(sources, {nx: flags.nx, stdinAllowed: false});
	if (opened?.model !== undefined) {
		opened.model.runStartup(scripts, notes);
		if (opened.model.quitRequested) {
			return {stdout: opened.model.output.length > 0 ? opened.model.output.join('\n') + '\n' : '', stderr: '', status: 0};
		}
	} else if (scripts.length > 0) {
		throw new UsageError('-x and -ex need a scenario: pmapdbg SCENARIO -ex COMMAND');
	}

	let status = 0;
	let reload: (() => void) | undefined;
	const stopWatching = flags.watch && scenarioPath !== undefined ? watchFile(scenarioPath, () => reload?.()) : () => {};
	terminal.enter();
	const instance = render(
		<App
			opened={opened}
			files={scenarioFiles}
			open={open}
			color={color}
			redraw={() => {
				process.stdout.write(clearScreen);
				instance.clear();
			}}
			subscribeRedraw={redraw => {
				terminal.redraw = redraw;
			}}
			subscribeReload={reloader => {
				reload = reloader;
			}}
			interrupt={() => {
				status = 130;
				instance.unmount();
			}}
			suspend={() => {
				terminal.suspend();
			}}
		/>,
		{exitOnCtrlC: false, patchConsole: false, maxFps: 30},
	);
	terminal.release = () => {
		instance.unmount();
	};

	// Shrinking a terminal reflows what is on it, and Ink erases only the lines it
	// believes it drew: start every resize from a clean screen (Ctrl-L does the same).
	const onResize = () => {
		process.stdout.write(clearScreen);
		instance.clear();
	};

	process.stdout.on('resize', onResize);
	try {
		await instance.waitUntilExit();
	} finally {
		process.stdout.off('resize', onResize);
		stopWatching();
	}

	return {stdout: '', stderr: '', status};
}
