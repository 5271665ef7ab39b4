/**
 * Reading argv with meow against the command table: which command runs, its operands and
 * its flags. Everything a well-kept CLI refuses is a UsageError naming the problem: an
 * unknown flag (with the closest known one), a flag given twice that takes one value, a
 * flag the command does not take, a flag without its value.
 */
import meow from 'meow';
import {closest} from './closest.js';
import {packageManifest} from './package-files.js';
import {commandNamed, flagTable, typedCommands, type CommandSpec, type FlagName} from './command-table.js';
import {hasControl, quoted} from '../text/untrusted.js';
import type {ScriptSource} from './startup-commands.js';
import {UsageError} from './usage-error.js';

/** The flags as the commands read them. */
export type Flags = {
	readonly mode?: string;
	readonly invpcid?: string;
	readonly memory?: string;
	readonly ablate: readonly string[];
	readonly seed?: string;
	readonly cpus?: string;
	readonly kernel?: string;
	readonly schedule?: string;
	readonly maxStates?: string;
	readonly exact: boolean;
	readonly out?: string;
	readonly force: boolean;
	readonly traceOut?: string;
	readonly json: boolean;
	readonly batch: boolean;
	readonly commands: readonly string[];
	readonly evalCommand: readonly string[];
	readonly nx: boolean;
	readonly watch: boolean;
	readonly color: boolean;
	readonly help: boolean;
	readonly version: boolean;
};

/** A parsed command line. */
export type CommandLine = {
	readonly command: CommandSpec;
	/** The operands after the command's name. */
	readonly input: readonly string[];
	readonly flags: Flags;
	/** The -x FILEs and -ex CMDs in the order given (GDB runs them so). */
	readonly scripts: readonly ScriptSource[];
	/** diff's second run: the flags after `--vs`. */
	readonly vs?: Flags;
	readonly version: string;
};

/** The flags that may follow `--vs`: what shapes one run. */
const sideFlags: readonly FlagName[] = ['mode', 'invpcid', 'memory', 'ablate', 'seed', 'cpus', 'kernel'];

/** The flags about the output, which may stand on either side of `--vs`. */
const outputFlags: readonly FlagName[] = ['json', 'color'];

const kebab = (name: string) => name.replaceAll(/[A-Z]/g, letter => `-${letter.toLowerCase()}`);

// `--vs` is a separator, not a flag meow reads: never the suggestion for a typo.
const longNames = Object.keys(flagTable)
	.filter(name => name !== 'vs')
	.map(name => kebab(name));
const booleanNames = new Set(Object.entries(flagTable).flatMap(([name, flag]) => (flag.type === 'boolean' ? [kebab(name)] : [])));
const shortNames = new Set<string>(Object.values(flagTable).flatMap(flag => ('shortFlag' in flag ? [flag.shortFlag] : [])));

/**
 * The first flag of ARGV (before `--`) that no command takes, as the user spelled it:
 * `--name`, `--name=value`, `--no-name` for a boolean, `-x` (its value may follow in the
 * same argument). Read from argv rather than from meow, which camel-cases what it does
 * not know.
 */
function firstUnknownFlag(argv: readonly string[]): string | undefined {
	for (const arg of argv) {
		if (arg === '--') {
			return undefined;
		}

		const long = /^--([^=]+)/.exec(arg);
		if (long) {
			const name = long[1]!;
			const known = longNames.includes(name) || (name.startsWith('no-') && booleanNames.has(name.slice(3)));
			if (!known) {
				return `--${name}`;
			}
		} else if (/^-[^-]/.test(arg) && !shortNames.has(arg[1]!)) {
			return arg.slice(0, 2);
		}
	}

	return undefined;
}

function unknownFlag(flag: string): UsageError {
	const suggestion = flag.startsWith('--') ? closest(flag.slice(2).replace(/^no-/, ''), longNames) : undefined;
	const shown = hasControl(flag) ? quoted(flag) : flag;
	return new UsageError(`unknown flag ${shown}${suggestion === undefined ? '' : `; did you mean --${suggestion}?`} (pmapdbg --help lists them)`);
}

/**
 * GDB spellings meow cannot read as such (one dash, several letters): `-ex CMD`, `-nx`,
 * `-batch`, `-eval-command`.
 */
const gdbSpellings: Readonly<Record<string, string>> = {'-ex': '--eval-command', '--ex': '--eval-command', '-eval-command': '--eval-command', '-nx': '--nx', '-batch': '--batch'};

/**
 * ARGV with GDB's spellings in meow's (up to `--`), and `-x -` as `--commands=-` (the
 * parser under meow takes a lone `-` after a repeatable flag for an operand).
 */
function normalised(argv: readonly string[]): string[] {
	const end = argv.indexOf('--');
	const out: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const arg = argv[index]!;
		if (end !== -1 && index > end) {
			out.push(arg);
		} else if ((arg === '-x' || arg === '--commands') && argv[index + 1] === '-') {
			out.push('--commands=-');
			index++;
		} else {
			out.push(gdbSpellings[arg] ?? arg);
		}
	}

	return out;
}

/** The -x and -ex arguments of ARGV (normalised), in order, with their values. */
function scriptOrder(argv: readonly string[]): ScriptSource[] {
	const sources: ScriptSource[] = [];
	for (let i = 0; i < argv.length && argv[i] !== '--'; i++) {
		const arg = argv[i]!;
		const file = /^(?:-x|--commands)(?:=(.*))?$/.exec(arg) ?? (/^-x(.+)$/.exec(arg) as RegExpExecArray | null);
		const command = /^--eval-command(?:=(.*))?$/.exec(arg);
		const match = file ?? command;
		if (match) {
			const inline = match[1];
			const value = inline ?? argv[++i];
			if (value !== undefined) {
				sources.push({kind: file ? 'file' : 'command', value});
			}
		}
	}

	return sources;
}

/**
 * Parses ARGV (process.argv without node and the script). `diff ... --vs FLAGS` is cut
 * at `--vs` before meow reads it: each side is parsed alone, so a flag may appear on
 * both sides without counting as given twice.
 */
export function parseArguments(rawArgv: readonly string[], importMeta: ImportMeta): CommandLine {
	const argv = normalised(rawArgv);
	const at = argv.indexOf('--vs');
	if (at === -1) {
		return parseOne(argv, importMeta);
	}

	const line = parseOne(argv.slice(0, at), importMeta);
	if (line.command.name !== 'diff') {
		throw new UsageError('--vs belongs to diff: pmapdbg diff SCENARIO FLAGS --vs FLAGS');
	}

	const rest = argv.slice(at + 1);
	if (rest.includes('--vs')) {
		throw new UsageError('--vs takes one second run; it was given twice');
	}

	const second = parseOne(['diff', ...rest], importMeta);
	if (second.input.length > 0) {
		throw new UsageError(`after --vs come only the second run's flags; found "${second.input[0]!}" (the scenario goes before --vs)`);
	}

	const extra = (Object.keys(flagTable) as FlagName[]).find(name => !sideFlags.includes(name) && !outputFlags.includes(name) && given(second.flags, name));
	if (extra !== undefined) {
		throw new UsageError(`${flagTable[extra].synopsis.split(' ')[0]!} does not go after --vs: only ${sideFlags.map(name => `--${kebab(name)}`).join(', ')} shape the second run`);
	}

	// --json and --no-color are about the whole diff, wherever they stand.
	const flags: Flags = {...line.flags, json: line.flags.json || second.flags.json, color: line.flags.color && second.flags.color};
	return {...line, flags, vs: second.flags};
}

/** Whether FLAGS has NAME set on the command line (not by default). */
function given(flags: Flags, name: FlagName): boolean {
	const value = (flags as Record<string, unknown>)[name];
	if (name === 'color') {
		return value === false;
	}

	return Array.isArray(value) ? value.length > 0 : value !== undefined && value !== false;
}

function parseOne(argv: readonly string[], importMeta: ImportMeta): CommandLine {
	let cli;
	try {
		cli = meow({
			argv: [...argv],
			importMeta,
			pkg: packageManifest as unknown as Record<string, unknown>,
			flags: flagTable,
			allowUnknownFlags: true,
			autoHelp: false,
			autoVersion: false,
			booleanDefault: undefined,
		});
	} catch (error) {
		const repeated = /The flag --(\S+) can only be set once/.exec((error as Error).message);
		if (repeated) {
			throw new UsageError(`--${repeated[1]!} takes one value and was given more than once`);
		}

		throw new UsageError((error as Error).message);
	}

	const unknown = firstUnknownFlag(argv);
	if (unknown !== undefined) {
		throw unknownFlag(unknown);
	}

	const raw = cli.flags as Record<string, unknown>;
	const [first, ...rest] = cli.input;
	let command: CommandSpec;
	let input: readonly string[];
	if (raw['batch'] === true && first !== 'help') {
		command = commandNamed('batch');
		input = cli.input;
	} else if (first !== undefined && (typedCommands as readonly string[]).includes(first)) {
		command = commandNamed(first as CommandSpec['name']);
		input = rest;
	} else {
		command = commandNamed('debug');
		input = cli.input;
	}

	for (const name of Object.keys(flagTable) as FlagName[]) {
		const value = raw[name];
		const given = Array.isArray(value) ? value.length > 0 : value !== undefined;
		if (!given || name === 'help' || name === 'version') {
			continue;
		}

		if (flagTable[name].type === 'string' && (value === '' || (Array.isArray(value) && value.includes('')))) {
			throw new UsageError(`${flagTable[name].synopsis.split(' ')[0]!} needs a value: ${flagTable[name].synopsis}`);
		}

		if (!command.flags.includes(name)) {
			const shown = command.name === 'debug' ? 'the debugger' : command.name === 'batch' ? '--batch' : command.name;
			throw new UsageError(`${flagTable[name].synopsis.split(' ')[0]!} does not apply to ${shown} (pmapdbg help ${command.name} lists its flags)`);
		}
	}

	const flags: Flags = {
		...(raw as Partial<Flags>),
		ablate: (raw['ablate'] as string[] | undefined) ?? [],
		commands: (raw['commands'] as string[] | undefined) ?? [],
		evalCommand: (raw['evalCommand'] as string[] | undefined) ?? [],
		nx: raw['nx'] === true,
		watch: raw['watch'] === true,
		exact: raw['exact'] === true,
		force: raw['force'] === true,
		json: raw['json'] === true,
		batch: raw['batch'] === true,
		color: raw['color'] !== false,
		help: raw['help'] === true,
		version: raw['version'] === true,
	};
	return {command, input, flags, scripts: scriptOrder(argv), version: packageManifest.version};
}
