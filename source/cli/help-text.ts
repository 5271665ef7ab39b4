/** `--help` and `pmapdbg help [COMMAND]`, generated from the command table. */
import wrapAnsi from 'wrap-ansi';
import {commandTable, flagTable, type CommandSpec, type FlagName} from './command-table.js';

const width = 80;
const indent = '  ';

/** Two columns: a name padded to COLUMN, then its text wrapped under itself. */
function columns(rows: ReadonlyArray<readonly [string, string]>): string[] {
	const column = Math.max(...rows.map(([name]) => name.length)) + 2;
	return rows.flatMap(([name, text]) => {
		const wrapped = wrapAnsi(text, width - indent.length - column, {hard: true}).split('\n');
		return wrapped.map((line, index) => `${indent}${(index === 0 ? name : '').padEnd(column)}${line}`);
	});
}

function flagRows(names: readonly FlagName[]): string[] {
	return columns(names.map(name => [flagTable[name].synopsis, flagTable[name].help]));
}

const exitStatus = [
	`${indent}0 success (run: every expectation held; explore: no violation), 1 a failed expectation,`,
	`${indent}a stale use or a violation, 2 bad input, 3 (explore) --max-states reached first`,
];

const footer = [`${indent}SCENARIO is a file, or a shipped scenario's name without its path (pmapdbg list).`];

/** The whole command line's help. */
export function mainHelp(version: string): string {
	const all = Object.keys(flagTable) as FlagName[];
	return [
		`pmapdbg ${version}: a debugger for the amd64 pmap TLB-invalidation protocol of FreeBSD`,
		'',
		'Usage',
		...commandTable.map(command => `${indent}$ ${command.usage}`),
		'',
		'Commands',
		...columns(commandTable.map(command => [command.name === 'debug' ? '(none)' : command.name === 'batch' ? '--batch' : command.name, command.summary])),
		'',
		'Options',
		...flagRows(all),
		'',
		'Exit status',
		...exitStatus,
		'',
		'Examples',
		...commandTable.flatMap(command => command.examples.map(example => `${indent}$ ${example}`)),
		'',
		...footer,
		`${indent}pmapdbg help COMMAND shows one command's options and examples.`,
		'',
	].join('\n');
}

/** One command's help. */
export function commandHelp(command: CommandSpec): string {
	return [
		'Usage',
		`${indent}$ ${command.usage}`,
		'',
		...wrapAnsi(command.summary, width - indent.length).split('\n').map(line => indent + line),
		'',
		'Options',
		...flagRows([...command.flags.filter(name => name !== 'batch'), 'help']),
		'',
		'Examples',
		...command.examples.map(example => `${indent}$ ${example}`),
		'',
		...footer,
		'',
	].join('\n');
}
