/** Debugger commands as data: name, aliases, usage, help, and an action that returns text. */
import type {Session} from '../session/session.js';

/** A command's failure: one line naming the problem; nothing was changed. */
export class CommandError extends Error {}

/** What a command sees: the session, and the shell's way of writing a file (absent where there is none). */
export type CommandContext = {readonly session: Session; readonly writeFile?: (path: string, text: string) => void};

/** A debugger command. */
export type Command = {
	readonly name: string;
	/** Short forms beyond unique prefixes (GDB's `b`, `c`, `s`, `si`, `rsi`...). */
	readonly aliases: readonly string[];
	readonly usage: string;
	readonly help: string;
	/** Whether an empty line repeats it (motion commands, like GDB). */
	readonly repeatable: boolean;
	readonly run: (context: CommandContext, args: readonly string[]) => string[];
};
