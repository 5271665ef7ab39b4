/**
 * What a scenario named on the command line refers to: a file (relative paths against
 * the current folder), or else a shipped scenario named without its folder or `.scn`
 * (`pmapdbg run row06-remote-user-page-active` works from any folder).
 */
import {existsSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {typedCommands} from './command-table.js';
import {shippedFolder} from './package-files.js';
import {closest} from './closest.js';

/** The shipped scenarios' names (file names without `.scn`), sorted. */
export function shippedNames(): string[] {
	try {
		return readdirSync(shippedFolder)
			.filter(name => name.endsWith('.scn'))
			.map(name => name.slice(0, -'.scn'.length))
			.sort();
	} catch {
		return [];
	}
}

/** The path of the shipped scenario NAME, if there is one. */
export function shippedPath(name: string): string | undefined {
	const bare = name.endsWith('.scn') ? name.slice(0, -'.scn'.length) : name;
	if (bare.includes('/') || bare.includes(path.sep) || !shippedNames().includes(bare)) {
		return undefined;
	}

	return path.join(shippedFolder, `${bare}.scn`);
}

/**
 * The file to read for ARGUMENT: the argument itself when it exists (a file in the
 * current folder wins over a shipped scenario of the same name), else the shipped
 * scenario it names, else the argument (whose read then reports the missing file).
 */
export function scenarioFile(argument: string): string {
	if (existsSync(argument)) {
		return argument;
	}

	return shippedPath(argument) ?? argument;
}

/**
 * When the debugger's operand is neither a file nor a shipped scenario but looks like a
 * mistyped command (`pmapdbg rnu x.scn`), the message that says so; otherwise undefined.
 */
export function unknownCommand(argument: string): string | undefined {
	if (existsSync(argument) || shippedPath(argument) !== undefined || argument.includes('/') || argument.includes('.')) {
		return undefined;
	}

	const command = closest(argument, typedCommands);
	const scenario = closest(argument, shippedNames());
	if (command !== undefined) {
		return `unknown command "${argument}"; did you mean "${command}"? (pmapdbg --help lists the commands)`;
	}

	return `"${argument}" is not a file, a command or a shipped scenario${scenario === undefined ? '' : `; did you mean ${scenario}?`} (pmapdbg list shows the shipped scenarios)`;
}
