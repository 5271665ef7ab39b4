#!/usr/bin/env node
/**
 * pmapdbg's command line (../shared/docs/cli.md): argument parsing and dispatch only;
 * each command lives in source/cli/.
 */
import process from 'node:process';
import meow from 'meow';
import {UsageError} from './source/cli/options.js';

// Each command's modules load only when it runs: the debugger's start-up time is what
// users feel first (bench key startup_ratio_vs_ink_hello).

const cli = meow(
	`
	Usage
	  $ pmapdbg [SCENARIO] [--mode M] [--invpcid on|off] [--ablate NAME] [--seed N] [--schedule FILE]
	  $ pmapdbg run SCENARIO... [--mode M|all] [--invpcid on|off|all] [--ablate NAME] [--seed N] [--json]
	  $ pmapdbg table [--json]
	  $ pmapdbg explore SCENARIO... [--mode M|all] [--invpcid on|off|all] [--ablate NAME] [--max-states N] [--max-memory SIZE]
	           [--jobs N] [--shortest] [--exact] [--out FILE] [--json]
	  $ pmapdbg --batch -x COMMANDS SCENARIO [--mode M] [--invpcid on|off] [--ablate NAME] [--seed N]

	Commands
	  (none)   the full-screen debugger on SCENARIO, or a picker over the shipped scenarios
	  run      run scenarios headless: the trace, each expectation's verdict, a summary
	  table    derive the seed comment's per-mode action table by running the engine
	  explore  try every interleaving; on a violation write the shortest schedule
	           (open it with pmapdbg SCENARIO --schedule FILE)
	  --batch  run debugger commands (stepi, step, continue, break, watch, info, print,
	           why, reverse-*...; see "help" in a command file) without a terminal

	Options
	  --mode        nopcid | pcid | pti | pti-pcid | all   (default: the scenario's)
	  --invpcid     on | off | all                          (default: the scenario's)
	  --ablate      remove one protocol rule (repeatable): no-pm-gen-zero, no-ipi-active,
	                late-pm-gen-zero, switch-irq-enabled, mask-reset-only,
	                kpt-save-on-switch, pinit-no-reset
	  --seed        run with a seeded random schedule instead of the default order
	  --cpus        override the scenario's number of CPUs
	  --schedule    (debugger, --batch) replay a recorded schedule exactly: one "cpuN" or
	                "cpuN irq" a line, as explore writes counterexamples
	  --max-states  (explore) stop after N distinct states (exit 3)
	  --max-memory  (explore) memory budget, e.g. 200M or 2G (default: half the machine's
	                memory or 3/4 of what is free, whichever is less); exit 3 when reached
	  --jobs        (explore) worker threads (default: the cores)
	  --shortest    (explore) search on until the shortest counterexample is proven, within
	                the memory budget (by default the search for it stops at 10,000 states)
	  --exact       (explore) no symmetry or partial-order reduction: slower, for
	                cross-checking them
	  --json        one JSON object per line
	  --no-color    plain output (also NO_COLOR)

	Exit status
	  0 every run passed, 1 an expectation failed or a stale use occurred, 2 bad input,
	  3 (explore) --max-states or --max-memory was reached first, 130 interrupted (Ctrl-C)

	Examples
	  $ pmapdbg run scenarios/remote-user-page-active.scn
	  $ pmapdbg run scenarios/pm-active-race-no-zero.scn --mode all
	  $ pmapdbg run scenarios/pm-active-race-no-zero.scn --ablate no-pm-gen-zero
	  $ pmapdbg table
	  $ pmapdbg --batch -x commands.txt scenarios/default.scn
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			batch: {type: 'boolean', default: false},
			commands: {type: 'string', shortFlag: 'x'},
			mode: {type: 'string'},
			invpcid: {type: 'string'},
			ablate: {type: 'string', isMultiple: true, default: []},
			seed: {type: 'string'},
			cpus: {type: 'string'},
			schedule: {type: 'string'},
			maxStates: {type: 'string'},
			maxMemory: {type: 'string'},
			jobs: {type: 'string'},
			shortest: {type: 'boolean', default: false},
			exact: {type: 'boolean', default: false},
			out: {type: 'string'},
			json: {type: 'boolean', default: false},
			color: {type: 'boolean', default: true},
		},
	},
);

async function main(): Promise<number> {
	if (cli.flags.batch) {
		const {batchCommand} = await import('./source/cli/batch-command.js');
		const output = await batchCommand(cli.input, cli.flags);
		process.stdout.write(output.stdout);
		process.stderr.write(output.stderr);
		return output.status;
	}

	const [command, ...rest] = cli.input;
	switch (command) {
		case 'run': {
			const {runCommand} = await import('./source/cli/run-command.js');
			const output = await runCommand(rest, cli.flags);
			process.stdout.write(output.stdout);
			process.stderr.write(output.stderr);
			return output.status;
		}

		case 'explore': {
			const {exploreCommand} = await import('./source/cli/explore-command.js');
			const output = await exploreCommand(rest, cli.flags, text => process.stdout.write(text));
			process.stdout.write(output.stdout);
			process.stderr.write(output.stderr);
			return output.status;
		}

		case 'table': {
			const {tableCommand} = await import('./source/cli/table-command.js');
			process.stdout.write(tableCommand(cli.flags.json));
			return 0;
		}

		default: {
			// `pmapdbg [SCENARIO]`: the full-screen debugger (a picker without a scenario).
			if (process.stdin.isTTY && process.stdout.isTTY) {
				// Ink draws nothing live when it believes it runs in CI (is-in-ci reads CI and
				// CONTINUOUS_INTEGRATION when Ink loads); on a terminal the user wants the screen.
				process.env['CI'] = 'false';
				process.env['CONTINUOUS_INTEGRATION'] = 'false';
			}

			const {debugCommand} = await import('./source/cli/debug-command.js');
			const output = await debugCommand(cli.input, cli.flags);
			return output.status;
		}
	}
}

try {
	process.exitCode = await main();
} catch (error) {
	if (error instanceof UsageError) {
		process.stderr.write(`pmapdbg: ${error.message}\n`);
		process.exitCode = 2;
	} else {
		throw error;
	}
}
