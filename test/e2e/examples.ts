/**
 * The examples users copy: the `$ pmapdbg ...` lines of `pmapdbg --help` and of the
 * README, and the files the README shows with `$ cat FILE`. Each runs as printed, in a
 * fresh folder, with the installed `pmapdbg` first on the PATH.
 */
import {execFile} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {commandTable} from '../../source/cli/command-table.js';
import {openTerminal} from './terminal.js';

/**
 * An example: the shell line, the files it needs (written before it runs), and what the
 * README prints after it (empty for --help's examples, which print none).
 */
export type Example = {readonly line: string; readonly files: ReadonlyMap<string, string>; readonly shown: readonly string[]};

/** The `$ ...` lines of the Examples section of `pmapdbg --help`. */
export function helpExamples(help: string): Example[] {
	const section = help.split('\nExamples\n')[1]?.split('\n\n')[0] ?? '';
	return section
		.split('\n')
		.filter(line => line.startsWith('  $ '))
		.map(line => ({line: line.slice(4), files: new Map(), shown: []}));
}

/**
 * The `$ pmapdbg ...` lines of the README's code blocks; a `$ cat FILE` line makes the
 * lines after it, up to the next `$`, the contents of FILE.
 */
export function readmeExamples(readme: string): Example[] {
	const examples: Example[] = [];
	const files = new Map<string, string>();
	for (const block of readme.split('```').filter((_, index) => index % 2 === 1)) {
		const lines = block.split('\n').slice(1);
		for (const [index, line] of lines.entries()) {
			const cat = /^\$ cat (\S+)$/.exec(line);
			if (cat) {
				const body = lines.slice(index + 1);
				const end = body.findIndex(next => next.startsWith('$ '));
				files.set(cat[1]!, body.slice(0, end === -1 ? undefined : end).join('\n') + '\n');
			} else if (line.startsWith('$ pmapdbg ') || /^\$ \S.*\| pmapdbg /.test(line)) {
				const body = lines.slice(index + 1);
				const end = body.findIndex(next => next.startsWith('$ '));
				examples.push({line: line.slice(2), files: new Map(files), shown: body.slice(0, end === -1 ? undefined : end)});
			}
		}
	}

	return examples;
}

/** A line as compared: runs of spaces as one, timings as `N s`. */
function normal(line: string): string {
	return line.replaceAll(/\d+\.\d+ s\b/g, 'N s').replaceAll(/\s+/g, ' ').trim();
}

/**
 * The lines the README shows for an example that the real output lacks, in order; `...`
 * marks an abridgement.
 */
export function missingLines(shown: readonly string[], output: string): string[] {
	const actual = output.split('\n').map(line => normal(line));
	const missing: string[] = [];
	let at = 0;
	for (const line of shown.map(line => normal(line)).filter(line => line !== '' && line !== '...')) {
		const found = actual.indexOf(line, at);
		if (found === -1) {
			missing.push(line);
		} else {
			at = found + 1;
		}
	}

	return missing;
}

/** Whether LINE opens the full-screen debugger (it then needs a terminal). */
export function opensDebugger(line: string): boolean {
	const words = line.split(/\s+/);
	const first = words[1];
	const commands = commandTable.map(command => command.name as string);
	return words[0] === 'pmapdbg' && first !== undefined && !first.startsWith('-') && !commands.includes(first);
}

/** What running an example gave. */
export type ExampleResult = {readonly status: number; readonly output: string};

/** Runs EXAMPLE in FOLDER with BIN (the folder of the installed `pmapdbg`) first on the PATH. */
export async function runExample(example: Example, folder: string, bin: string, env: NodeJS.ProcessEnv): Promise<ExampleResult> {
	for (const [name, body] of example.files) {
		writeFileSync(path.join(folder, name), body);
	}

	const pathEnv = {...env, PATH: `${bin}${path.delimiter}${env['PATH'] ?? ''}`};
	if (opensDebugger(example.line)) {
		const app = openTerminal({file: '/bin/sh', args: ['-c', example.line]}, {columns: 120, rows: 40, cwd: folder, env: pathEnv});
		await app.waitFor(text => text.includes('s step │'), `the debugger of "${example.line}"`);
		app.child.write('q');
		const {exitCode} = await app.exited;
		return {status: exitCode, output: app.screen()};
	}

	return new Promise(resolve => {
		execFile('/bin/sh', ['-c', example.line], {cwd: folder, env: pathEnv, maxBuffer: 64 * 1024 * 1024}, (error, stdout, stderr) => {
			resolve({status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: stdout + stderr});
		});
	});
}
