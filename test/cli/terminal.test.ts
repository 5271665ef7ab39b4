/**
 * The terminal rules in process: when the debugger colours, what it removes from its
 * environment, and what TerminalOwner writes on every way out (a crash included, which
 * the pseudo-terminal tests cannot provoke in the real binary).
 */
import {EventEmitter} from 'node:events';
import process from 'node:process';
import {afterEach, describe, expect, it, vi} from 'vitest';
import {colourWanted, prepareTerminalEnvironment} from '../../source/cli/terminal-environment.js';
import {TerminalOwner} from '../../source/cli/terminal-owner.js';

describe('colourWanted', () => {
	it('follows --no-color, a non-empty NO_COLOR (no-color.org) and FORCE_COLOR=0', () => {
		expect(colourWanted({}, true)).toBe(true);
		expect(colourWanted({}, false)).toBe(false);
		expect(colourWanted({NO_COLOR: '1'}, true)).toBe(false);
		expect(colourWanted({NO_COLOR: ''}, true)).toBe(true);
		expect(colourWanted({FORCE_COLOR: '0'}, true)).toBe(false);
		expect(colourWanted({FORCE_COLOR: '3'}, true)).toBe(true);
		expect(colourWanted({CI: 'true'}, true)).toBe(true);
	});

	it('prepareTerminalEnvironment removes what makes Ink draw one frame and chalk none', () => {
		const env: NodeJS.ProcessEnv = {CI: 'true', CONTINUOUS_INTEGRATION: '1', FORCE_COLOR: '2', TERM: 'xterm'};
		prepareTerminalEnvironment(env);
		expect(env).toEqual({FORCE_COLOR: '2', TERM: 'xterm'});
	});
});

/** A stand-in TTY: records what is written and the raw mode. */
class FakeTty extends EventEmitter {
	isTTY = true;
	isRaw = false;
	written = '';
	setRawMode(raw: boolean) {
		this.isRaw = raw;
		return this;
	}

	write(text: string) {
		this.written += text;
		return true;
	}
}

describe('TerminalOwner', () => {
	afterEach(() => {
		vi.restoreAllMocks();
	});

	const owner = () => {
		const tty = new FakeTty();
		const terminal = new TerminalOwner(tty as unknown as NodeJS.ReadStream, tty as unknown as NodeJS.WriteStream);
		return {tty, terminal};
	};

	it('restores once: normal screen, cursor shown, raw mode off; close stops listening', () => {
		const before = process.listenerCount('SIGHUP');
		const {tty, terminal} = owner();
		expect(process.listenerCount('SIGHUP')).toBe(before + 1);
		terminal.enter();
		tty.setRawMode(true);
		const released = vi.fn();
		terminal.release = released;
		terminal.close();
		expect(released).toHaveBeenCalledOnce();
		expect(tty.written).toBe('\u001B[?1049h\u001B[H\u001B[?1049l\u001B[?25h');
		expect(tty.isRaw).toBe(false);
		expect(process.listenerCount('SIGHUP')).toBe(before);
		terminal.restore();
		expect(tty.written.endsWith('\u001B[?25h')).toBe(true);
		expect(tty.written.match(/\?1049l/g)).toHaveLength(1);
	});

	it('an uncaught error restores the terminal and exits 70 with one line', () => {
		const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
		const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
		const {tty, terminal} = owner();
		terminal.enter();
		tty.setRawMode(true);
		// Only the owner's listener runs: vitest's own would report the error as a failure.
		const listener = process.listeners('uncaughtException').at(-1)!;
		listener(new Error('boom'), 'uncaughtException');
		expect(tty.written.endsWith('\u001B[?1049l\u001B[?25h')).toBe(true);
		expect(tty.isRaw).toBe(false);
		expect(stderr).toHaveBeenCalledWith('pmapdbg: internal error: boom\n');
		expect(exit).toHaveBeenCalledWith(70);
		terminal.close();
	});

	for (const [signal, status] of [['SIGHUP', 129], ['SIGINT', 130], ['SIGTERM', 143]] as const) {
		it(`${signal} ends with ${status} after restoring`, () => {
			const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
			const {tty, terminal} = owner();
			terminal.enter();
			process.listeners(signal).at(-1)!(signal);
			expect(tty.written).toBe('\u001B[?1049h\u001B[H\u001B[?1049l\u001B[?25h');
			expect(exit).toHaveBeenCalledWith(status);
			terminal.close();
		});
	}
});
