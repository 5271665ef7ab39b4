/**
 * The command scripts a debugging session runs before the user's first key (or, in
 * batch mode, instead of any): GDB's order. First `~/.pmapdbginit`, unless `--nx`; a
 * `./.pmapdbginit` is not read without asking (GDB's auto-load safe-path: a folder's
 * file may come from anyone), the session says it was skipped and how to run it. Then
 * every `-x FILE` (`-x -`: standard input) and `-ex CMD` in the order given.
 */
import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import process from 'node:process';
import type {Script} from '../commands/scripts.js';
import {readInputText, readStreamText} from '../files/read-input.js';
import {visible} from '../text/untrusted.js';
import {UsageError} from './usage-error.js';

/** One -x or -ex, as given. */
export type ScriptSource = {readonly kind: 'file' | 'command'; readonly value: string};


/** The init file's name, in the home folder and in the current one. */
export const INIT_FILE = '.pmapdbginit';

/** The scripts, and what to tell the user about init files. */
export async function startupScripts(sources: readonly ScriptSource[], options: {readonly nx: boolean; readonly stdinAllowed: boolean}): Promise<{scripts: Script[]; notes: string[]}> {
	const scripts: Script[] = [];
	const notes: string[] = [];
	if (!options.nx) {
		const home = path.join(os.homedir(), INIT_FILE);
		if (existsSync(home)) {
			const read = await readInputText(home);
			if (!read.ok) {
				throw new UsageError(`cannot read ${home}: ${read.reason}`);
			}

			scripts.push({name: `~/${INIT_FILE}`, text: read.text});
			notes.push(`Read ~/${INIT_FILE}.`);
		}

		const here = path.resolve(INIT_FILE);
		if (here !== home && existsSync(here)) {
			notes.push(`./${INIT_FILE} was not read: only ~/${INIT_FILE} is read without asking; run it with -x ${INIT_FILE}.`);
		}
	}

	for (const source of sources) {
		if (source.kind === 'command') {
			scripts.push({name: '-ex', text: source.value});
			continue;
		}

		if (source.value === '-') {
			if (!options.stdinAllowed) {
				throw new UsageError('-x - reads the commands from standard input, which is the terminal here');
			}

			const read = await readStreamText(process.stdin);
			if (!read.ok) {
				throw new UsageError(`cannot read the commands on standard input: ${read.reason}`);
			}

			scripts.push({name: '<stdin>', text: read.text});
			continue;
		}

		const read = await readInputText(source.value);
		if (!read.ok) {
			throw new UsageError(`cannot read the command file ${source.value}: ${read.reason}`);
		}

		scripts.push({name: visible(source.value), text: read.text});
	}

	return {scripts, notes};
}
