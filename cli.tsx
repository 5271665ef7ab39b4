#!/usr/bin/env node
/**
 * pmapdbg's command line (../shared/docs/cli.md). Argument parsing only: each command
 * lives in its own module.
 */
import process from 'node:process';
import meow from 'meow';
import {createMachine, defaultScheduler, makeConfig, modes, runToEnd, type Mode} from './source/engine/index.js';
import {exampleProgram} from './source/example.js';
import {traceHeader, traceLine} from './source/report/trace.js';

const cli = meow(
	`
	Usage
	  $ pmapdbg example [--mode M] [--invpcid on|off]

	Commands
	  example     run the scenario-language example and print its trace

	Options
	  --mode      nopcid | pcid | pti | pti-pcid   (default pcid)
	  --invpcid   on | off                         (default on)

	Examples
	  $ pmapdbg example --mode pti-pcid --invpcid off
`,
	{
		importMeta: import.meta,
		flags: {
			mode: {type: 'string', default: 'pcid'},
			invpcid: {type: 'string', default: 'on'},
		},
	},
);

function fail(message: string): never {
	process.stderr.write(`pmapdbg: ${message}\n`);
	process.exit(2);
}

const [command] = cli.input;
if (command !== 'example') {
	fail(command === undefined ? 'no command given; try `pmapdbg example` or --help' : `unknown command "${command}"; see --help`);
}

if (!modes.includes(cli.flags.mode as Mode)) {
	fail(`--mode expects one of ${modes.join(', ')}, found "${cli.flags.mode}"`);
}

if (cli.flags.invpcid !== 'on' && cli.flags.invpcid !== 'off') {
	fail(`--invpcid expects on or off, found "${cli.flags.invpcid}"`);
}

const config = makeConfig(cli.flags.mode as Mode, cli.flags.invpcid === 'on');
const lines = [traceHeader()];
const {state} = runToEnd(createMachine(config, exampleProgram()), defaultScheduler, (_state, events) => {
	for (const event of events) {
		lines.push(traceLine(event));
	}
});
lines.push(`${state.step} steps, ${state.staleUses} stale uses`);
process.stdout.write(lines.join('\n') + '\n');
process.exitCode = state.staleUses > 0 ? 1 : 0;
