/** `pmapdbg list [--json]`: the shipped scenarios, by the name that opens them anywhere. */
import {readFile} from 'node:fs/promises';
import {loadText} from '../scenario/load.js';
import type {CommandOutput} from './run-command.js';
import {shippedNames, shippedPath} from './scenario-argument.js';

/** Each shipped scenario's name and title, aligned; or one JSON object a line. */
export async function listCommand(json: boolean): Promise<CommandOutput> {
	const rows = await Promise.all(
		shippedNames().map(async name => {
			const file = shippedPath(name)!;
			const {scenario} = loadText(file, await readFile(file, 'utf8'));
			return {name, title: scenario?.title ?? ''};
		}),
	);
	const width = Math.max(...rows.map(row => row.name.length)) + 2;
	const lines = json ? rows.map(row => JSON.stringify(row)) : rows.map(row => `${row.name.padEnd(width)}${row.title}`);
	return {stdout: lines.join('\n') + '\n', stderr: '', status: 0};
}
