/**
 * `pmapdbg [SCENARIO]`: the full-screen debugger. It needs a terminal; it draws in the
 * alternate screen, entered only once a scenario is loaded, and gives the terminal back
 * on every way out (TerminalOwner).
 */
import {readdirSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {render} from 'ink';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {App, type Opened} from '../ui/app.js';
import {DebuggerModel} from '../ui/model.js';
import {sessionOptions, type SessionFlags} from './options.js';
import type {CommandOutput} from './run-command.js';
import {shippedFolder} from './package-files.js';
import {scenarioFile} from './scenario-argument.js';
import {sessionWithSchedule} from './schedule-option.js';
import {TerminalOwner} from './terminal-owner.js';
import {UsageError} from './usage-error.js';

/** The flags the debugger reads. */
export type DebugFlags = SessionFlags & {readonly color: boolean};

/** Scenario files: the shipped ones, then the current folder's, as paths from here. */
export function scenarioFiles(): string[] {
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

	return [...new Set([...list(shippedFolder), ...list(process.cwd())])];
}

const clearScreen = '\u001B[2J\u001B[H';

/** Opens the debugger; resolves with the exit status when the user quits. */
export async function debugCommand(paths: readonly string[], flags: DebugFlags, color: boolean): Promise<CommandOutput> {
	if (!process.stdin.isTTY || !process.stdout.isTTY) {
		throw new UsageError('the debugger needs a terminal (stdin and stdout must be TTYs); use `pmapdbg run SCENARIO` or `pmapdbg --batch -x COMMANDS SCENARIO`');
	}

	if (paths.length > 1) {
		throw new UsageError(`the debugger opens one scenario; found ${paths.length}`);
	}

	// From here on a signal gives the terminal back, also before anything is drawn.
	const terminal = new TerminalOwner(process.stdin, process.stdout);
	try {
		return await runDebugger(paths[0], flags, color, terminal);
	} finally {
		terminal.close();
	}
}

async function runDebugger(file: string | undefined, flags: DebugFlags, color: boolean, terminal: TerminalOwner): Promise<CommandOutput> {
	const {options, cpus} = sessionOptions(flags, 'the debugger runs one configuration (one kernel); press m inside it to change the mode');
	const open = async (name: string): Promise<Opened> => {
		const loaded = await loadFile(name, {cpus});
		if (loaded.scenario === undefined) {
			return {diagnostics: diagnosticText(loaded).join('\n')};
		}

		return {model: new DebuggerModel(loaded.scenario, options)};
	};

	let opened: Opened | undefined;
	if (file !== undefined) {
		const loaded = await loadFile(scenarioFile(file), {cpus});
		if (loaded.scenario === undefined) {
			// Bad input on the command line: its diagnostics on the normal screen, exit 2.
			return {stdout: '', stderr: diagnosticText(loaded).join('\n') + '\n', status: 2};
		}

		const session = await sessionWithSchedule(loaded.scenario, options, flags.schedule);
		opened = {model: new DebuggerModel(loaded.scenario, options, session)};
	} else if (flags.schedule !== undefined) {
		throw new UsageError('--schedule needs a scenario: pmapdbg SCENARIO --schedule FILE');
	}

	let status = 0;
	terminal.enter();
	const instance = render(
		<App
			opened={opened}
			files={scenarioFiles()}
			open={open}
			color={color}
			redraw={() => {
				process.stdout.write(clearScreen);
				instance.clear();
			}}
			subscribeRedraw={redraw => {
				terminal.redraw = redraw;
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
	}

	return {stdout: '', stderr: '', status};
}
