/**
 * A program in a real pseudo-terminal (@lydell/node-pty), its output mirrored into a
 * headless xterm, so tests read the screen a user sees: text, which screen buffer is
 * active, the cursor's visibility and each cell's colours.
 */
import process from 'node:process';
import {spawn} from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {root} from '../cli/helpers.js';

const {Terminal} = xterm;

/** How to start it. */
export type TerminalOptions = {
	readonly columns: number;
	readonly rows: number;
	readonly cwd?: string;
	/** The whole environment (default: this one with NO_COLOR=1). */
	readonly env?: NodeJS.ProcessEnv;
};

/** A user's environment: no NO_COLOR, no FORCE_COLOR, a colour terminal; plus EXTRA. */
export function userEnvironment(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {...process.env, TERM: 'xterm-256color', ...extra};
	for (const name of ['NO_COLOR', 'FORCE_COLOR', 'CI', 'CONTINUOUS_INTEGRATION', 'VITEST', 'VITEST_MODE', 'VITEST_POOL_ID', 'VITEST_WORKER_ID', 'NODE_ENV', 'TEST']) {
		if (!(name in extra)) {
			delete env[name];
		}
	}

	return env;
}

/** A cell's looks, for colour assertions. */
export type CellStyle = {readonly char: string; readonly bold: boolean; readonly inverse: boolean; readonly fg: number | undefined};

/** Starts FILE ARGS (a script run by this node, or a program) in a pseudo-terminal. */
export function openTerminal(command: {readonly file: string; readonly args: readonly string[]}, options: TerminalOptions) {
	const terminal = new Terminal({cols: options.columns, rows: options.rows, allowProposedApi: true});
	const child = spawn(command.file, [...command.args], {
		cols: options.columns,
		rows: options.rows,
		cwd: options.cwd ?? root,
		env: (options.env ?? {...process.env, TERM: 'xterm-256color', NO_COLOR: '1'}) as Record<string, string>,
	});
	let received = '';
	child.onData(data => {
		received += data;
		terminal.write(data);
	});
	const exited = new Promise<{exitCode: number; signal: number | undefined}>(resolve => {
		child.onExit(({exitCode, signal}) => {
			// Let the headless terminal take in the last bytes before anyone reads it.
			terminal.write('', () => {
				resolve({exitCode, signal});
			});
		});
	});
	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < terminal.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}

		return lines.join('\n');
	};

	/** The looks of the cell at column X of the first screen row whose text matches TEXT. */
	const styleAt = (text: string | RegExp, offset = 0): CellStyle | undefined => {
		const buffer = terminal.buffer.active;
		for (let y = 0; y < terminal.rows; y++) {
			const line = buffer.getLine(buffer.viewportY + y);
			const string = line?.translateToString(true) ?? '';
			const index = typeof text === 'string' ? string.indexOf(text) : string.search(text);
			if (line && index >= 0) {
				const cell = line.getCell(index + offset)!;
				return {char: cell.getChars(), bold: cell.isBold() !== 0, inverse: cell.isInverse() !== 0, fg: cell.isFgDefault() ? undefined : cell.getFgColor()};
			}
		}

		return undefined;
	};

	/** The character in the cell at column X, row Y of the screen ('' for the right half of a wide one). */
	const cellAt = (x: number, y: number): string => terminal.buffer.active.getLine(terminal.buffer.active.viewportY + y)?.getCell(x)?.getChars() ?? '';

	const waitFor = async (test: (text: string) => boolean, what: string) => {
		const deadline = Date.now() + 30_000;
		while (!test(screen())) {
			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}

		return screen();
	};

	const resize = (columns: number, rows: number) => {
		child.resize(columns, rows);
		terminal.resize(columns, rows);
	};

	return {terminal, child, exited, screen, styleAt, cellAt, waitFor, resize, received: () => received};
}

/** The checkout's pmapdbg (the compiled package) in a pseudo-terminal. */
export function openDebugger(args: readonly string[], options: TerminalOptions) {
	return openTerminal({file: process.execPath, args: [`${root}/bin/pmapdbg.js`, ...args]}, options);
}

/** Whether the raw output left the terminal as it found it: normal screen, cursor shown. */
export function restoredTerminal(received: string): boolean {
	const left = received.lastIndexOf('\u001B[?1049l');
	const entered = received.lastIndexOf('\u001B[?1049h');
	const shown = received.lastIndexOf('\u001B[?25h');
	const hidden = received.lastIndexOf('\u001B[?25l');
	return left > entered && shown > hidden;
}
