/**
 * The full-screen debugger's hold on the terminal. From the moment it is created, every
 * way out gives the terminal back (normal screen, cursor shown, raw mode off): quitting,
 * Ctrl-C and SIGINT (exit 130), SIGHUP (129), SIGTERM (143), an uncaught error (70), also
 * before anything was drawn. Ctrl-Z and SIGTSTP suspend the same way, and SIGCONT takes
 * the terminal again and asks for a full redraw.
 */
import process from 'node:process';

const enterAlternateScreen = '\u001B[?1049h\u001B[H';
const leaveAlternateScreen = '\u001B[?1049l';
const showCursor = '\u001B[?25h';
const hideCursor = '\u001B[?25l';

/** Exit statuses of the signals the debugger ends on (128 + the signal's number). */
const endingSignals = {SIGHUP: 129, SIGINT: 130, SIGTERM: 143} as const;

/** Owns the terminal while the debugger runs. */
export class TerminalOwner {
	/** Undoes what the screen's owner (Ink) set up; called before the terminal is restored. */
	release: () => void = () => {};
	/** Asks for a full redraw after a resume. */
	redraw: () => void = () => {};
	private inAlternateScreen = false;
	/** What a suspend turned off, for the resume to turn on again. */
	private resumeState: {wasShowing: boolean; wasRaw: boolean} | undefined;
	private readonly listeners: Array<[string, (...args: any[]) => void]> = [];

	private readonly stdin: NodeJS.ReadStream;
	private readonly stdout: NodeJS.WriteStream;

	constructor(stdin: NodeJS.ReadStream, stdout: NodeJS.WriteStream) {
		this.stdin = stdin;
		this.stdout = stdout;
		for (const [signal, status] of Object.entries(endingSignals)) {
			this.listen(signal, () => {
				this.exit(status);
			});
		}

		this.listen('SIGTSTP', () => {
			this.suspend();
		});
		this.listen('SIGCONT', () => {
			this.resume();
		});
		this.listen('uncaughtException', (error: unknown) => {
			this.crash(error);
		});
		this.listen('unhandledRejection', (error: unknown) => {
			this.crash(error);
		});
	}

	/** Switches to the alternate screen: once there is something to draw. */
	enter(): void {
		this.write(enterAlternateScreen);
		this.inAlternateScreen = true;
	}

	/** Gives the terminal back; harmless when called again. */
	restore(): void {
		if (this.stdin.isTTY && this.stdin.isRaw) {
			this.stdin.setRawMode(false);
		}

		this.write(this.inAlternateScreen ? leaveAlternateScreen + showCursor : showCursor);
		this.inAlternateScreen = false;
	}

	/** Restores the terminal, then stops the process as Ctrl-Z does; SIGCONT resumes. */
	suspend(): void {
		const wasShowing = this.inAlternateScreen;
		const wasRaw = this.stdin.isTTY && this.stdin.isRaw;
		this.restore();
		this.resumeState = {wasShowing, wasRaw};
		// SIGTSTP's default action is gone while a listener is installed: SIGSTOP cannot be
		// caught and stops the process the same way.
		process.kill(process.pid, 'SIGSTOP');
	}

	/** Ends the process with STATUS after giving the terminal back. */
	exit(status: number): never {
		this.close();
		process.exit(status);
	}

	/** Stops listening and gives the terminal back (the debugger's normal end). */
	close(): void {
		try {
			this.release();
		} catch {
			// The screen's owner failing to clean up must not keep the terminal broken.
		}

		this.restore();
		for (const [event, listener] of this.listeners) {
			process.off(event, listener);
		}

		this.listeners.length = 0;
	}

	private resume(): void {
		const state = this.resumeState;
		this.resumeState = undefined;
		if (state === undefined) {
			return;
		}

		if (state.wasRaw && this.stdin.isTTY) {
			this.stdin.setRawMode(true);
		}

		if (state.wasShowing) {
			this.enter();
			this.write(hideCursor);
			this.redraw();
		}
	}

	private crash(error: unknown): void {
		this.close();
		process.stderr.write(`pmapdbg: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
		process.exit(70);
	}

	private listen(event: string, listener: (...args: any[]) => void): void {
		process.on(event as NodeJS.Signals, listener);
		this.listeners.push([event, listener]);
	}

	private write(text: string): void {
		try {
			this.stdout.write(text);
		} catch {
			// After a hang-up the terminal may be gone; there is nothing left to restore.
		}
	}
}
