#!/usr/bin/env node
/**
 * pmapdbg's command line (../shared/docs/cli.md): argument parsing and dispatch only;
 * the commands and flags are tables in source/cli/command-table.ts, each command lives
 * in source/cli/.
 */
import process from 'node:process';
import {commandNamed, typedCommands, type CommandSpec} from './source/cli/command-table.js';
import {commandHelp, mainHelp} from './source/cli/help-text.js';
import {closest} from './source/cli/closest.js';
import {parseArguments, type CommandLine} from './source/cli/parse-arguments.js';
import {UsageError} from './source/cli/usage-error.js';

// Each command's modules load only when it runs: start-up is what users feel first
// (bench keys startup_ratio_vs_ink_hello and cli_ratio_vs_node).

type Output = {readonly stdout: string; readonly stderr: string; readonly status: number};

async function helpFor(topic: string | undefined, line: CommandLine): Promise<Output> {
	if (topic === undefined) {
		return {stdout: mainHelp(line.version), stderr: '', status: 0};
	}

	const name = topic === '--batch' ? 'batch' : topic;
	if (![...typedCommands, 'batch', 'debug'].includes(name)) {
		const suggestion = closest(name, typedCommands);
		throw new UsageError(`no command "${topic}"${suggestion ? `; did you mean "${suggestion}"?` : ''} (commands: ${typedCommands.join(', ')}, --batch)`);
	}

	return {stdout: commandHelp(commandNamed(name as CommandSpec['name'])), stderr: '', status: 0};
}

async function dispatch(line: CommandLine): Promise<Output> {
	const {command, input, flags} = line;
	if (flags.version) {
		return {stdout: `${line.version}\n`, stderr: '', status: 0};
	}

	if (flags.help) {
		return helpFor(command.name === 'debug' ? undefined : command.name, line);
	}

	switch (command.name) {
		case 'help': {
			return helpFor(input[0] ?? (flags.batch ? '--batch' : undefined), line);
		}

		case 'batch': {
			const {batchCommand} = await import('./source/cli/batch-command.js');
			return batchCommand(input, flags, line.scripts);
		}

		case 'run': {
			const {runCommand} = await import('./source/cli/run-command.js');
			return runCommand(input, flags);
		}

		case 'explore': {
			const {exploreCommand} = await import('./source/cli/explore-command.js');
			return exploreCommand(input, flags, text => process.stdout.write(text));
		}

		case 'diff': {
			const {diffCommand} = await import('./source/cli/diff-command.js');
			return diffCommand(input, flags, line.vs);
		}

		case 'table': {
			const {tableCommand} = await import('./source/cli/table-command.js');
			return {stdout: tableCommand(flags.json, flags.kernel), stderr: '', status: 0};
		}

		case 'list': {
			const {listCommand} = await import('./source/cli/list-command.js');
			return listCommand(flags.json);
		}

		case 'debug': {
			const {colourWanted, prepareTerminalEnvironment} = await import('./source/cli/terminal-environment.js');
			const {unknownCommand} = await import('./source/cli/scenario-argument.js');
			const typo = input[0] === undefined ? undefined : unknownCommand(input[0]);
			if (typo !== undefined) {
				throw new UsageError(typo);
			}

			const color = colourWanted(process.env, flags.color);
			if (process.stdin.isTTY && process.stdout.isTTY) {
				// Before Ink and chalk load: they read the environment once.
				prepareTerminalEnvironment(process.env);
			}

			const {debugCommand} = await import('./source/cli/debug-command.js');
			return debugCommand(input, flags, color, line.scripts);
		}

		default: {
			return command.name satisfies never;
		}
	}
}

try {
	const output = await dispatch(parseArguments(process.argv.slice(2), import.meta));
	process.stdout.write(output.stdout);
	process.stderr.write(output.stderr);
	process.exitCode = output.status;
} catch (error) {
	if (!(error instanceof UsageError)) {
		throw error;
	}

	process.stderr.write(`pmapdbg: ${error.message}\n`);
	process.exitCode = 2;
}
