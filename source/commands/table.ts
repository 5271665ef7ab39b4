/**
 * The command language shared by the TUI's `:` line and `--batch`: one table, GDB
 * spellings, aliases and unique prefixes, Enter repeating the last motion command.
 */
import type {Session} from '../session/session.js';
import {visible} from '../text/untrusted.js';
import {CommandError, type Command, type CommandContext} from './command.js';
import {displayCommands, displayLines} from './display.js';
import {exportCommand} from './export.js';
import {listCommand} from './list.js';
import {infoCommands} from './info.js';
import {motionCommands} from './motion.js';
import {pointCommands} from './points.js';

const helpCommand: Command = {
	name: 'help',
	aliases: ['h', '?'],
	usage: 'help [COMMAND]',
	help: 'List the commands, or describe one.',
	repeatable: false,
	run(_context, args) {
		if (args[0] !== undefined) {
			const command = resolve(args[0]);
			return [command.usage, `  ${command.help}`, ...(command.aliases.length > 0 ? [`  aliases: ${command.aliases.join(', ')}`] : [])];
		}

		return commands.map(command => `${command.usage.padEnd(44)} ${command.help}`);
	},
};

const quitCommand: Command = {
	name: 'quit',
	aliases: ['q', 'exit'],
	usage: 'quit',
	help: 'Leave the debugger (in a command file: run no further command).',
	repeatable: false,
	run: () => [],
};

/** Every command, in help order. */
export const commands: readonly Command[] = [...motionCommands, ...pointCommands, ...infoCommands, ...displayCommands, listCommand, exportCommand, helpCommand, quitCommand];

/** Motion commands, after which `display` expressions are printed. */
const moving = new Set(motionCommands);

/** The command WORD names: exact name, alias, or unique prefix. */
export function resolve(word: string): Command {
	const exact = commands.find(command => command.name === word || command.aliases.includes(word));
	if (exact) {
		return exact;
	}

	const matches = commands.filter(command => command.name.startsWith(word) || command.aliases.some(alias => alias.startsWith(word)));
	if (matches.length === 1) {
		return matches[0]!;
	}

	if (matches.length > 1) {
		throw new CommandError(`ambiguous command "${word}": ${matches.map(command => command.name).join(', ')}`);
	}

	throw new CommandError(`undefined command "${word}" (try "help")`);
}

/** The outcome of one command line; QUIT when it was `quit`. */
export type Outcome = {readonly output: readonly string[]; readonly error: string | undefined; readonly quit?: boolean};

/** Runs command lines against one session, remembering the last for Enter. */
export class Interpreter {
	readonly session: Session;
	private last: string | undefined;
	private readonly writeFile: CommandContext['writeFile'];

	/** WRITEFILE is how `export` writes its file (the shell's; none: export refuses). */
	constructor(session: Session, writeFile?: CommandContext['writeFile']) {
		this.session = session;
		this.writeFile = writeFile;
	}

	/**
	 * Executes LINE; an empty line repeats the last repeatable command. What comes back
	 * may quote LINE (a command file, a typed line): every output line and the error go
	 * through the untrusted-text rule here, for the TUI and --batch alike.
	 */
	execute(line: string): Outcome {
		const {output, error, quit} = this.run(line);
		return {output: output.map(text => visible(text)), error: error === undefined ? undefined : visible(error), ...(quit ? {quit} : {})};
	}

	private run(line: string): Outcome {
		const trimmed = line.trim();
		const text = trimmed === '' ? this.last : trimmed;
		if (text === undefined || text.startsWith('#')) {
			return {output: [], error: undefined};
		}

		const [word, ...args] = text.split(/\s+/);
		try {
			const command = resolve(word!);
			const output = command.run({session: this.session, writeFile: this.writeFile}, args);
			this.last = command.repeatable ? text : undefined;
			const displays = moving.has(command) ? displayLines(this.session) : [];
			return {output: [...output, ...displays], error: undefined, ...(command === quitCommand ? {quit: true} : {})};
		} catch (error) {
			if (error instanceof CommandError) {
				return {output: [], error: error.message};
			}

			// A bug must not take the session down with it: report it in one line.
			return {output: [], error: `internal error in "${word}": ${error instanceof Error ? error.message : String(error)}`};
		}
	}
}
