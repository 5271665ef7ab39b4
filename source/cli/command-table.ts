/**
 * The command line as data (cli.md): every flag once, every command with the flags it
 * takes and examples that run as printed from any folder (a test runs each one). The
 * parser, `--help` and `pmapdbg help COMMAND` are all generated from these tables.
 */

/** How meow reads a flag. */
export type FlagSpec = {
	readonly type: 'string' | 'boolean';
	readonly isMultiple?: boolean;
	readonly shortFlag?: string;
	/** As `--help` shows it, e.g. `--mode M`. */
	readonly synopsis: string;
	readonly help: string;
};

/** Every flag, by meow's camelCase name. */
export const flagTable = {
	mode: {type: 'string', synopsis: '--mode M', help: 'nopcid | pcid | pti | pti-pcid | all   (default: the scenario\'s)'},
	invpcid: {type: 'string', synopsis: '--invpcid on|off|all', help: 'INVPCID on or off, or both   (default: the scenario\'s)'},
	memory: {
		type: 'string',
		synopsis: '--memory sc|tso',
		help: 'sequentially consistent memory, or x86-TSO store buffers (a store reaches memory later; fences and locked instructions drain)   (default: the scenario\'s, else sc)',
	},
	ablate: {
		type: 'string',
		isMultiple: true,
		synopsis: '--ablate NAME',
		help: 'remove one protocol rule (repeatable): FreeBSD no-pm-gen-zero, no-ipi-active, late-pm-gen-zero, switch-irq-enabled, mask-reset-only, kpt-save-on-switch, pinit-no-reset, and with --memory tso no-preipi-fence, pm-active-plain, pte-plain-store; Linux (named after the v6.14 commit undone) revert-b0579ade7cd8 (flush_tlb_func partial-flush rule), revert-f39681ed0f48 (ASIDs matched by ctx_id), revert-2ea907c4fe7b (invalidate_other under PTI), revert-6fd166aae78c (invalidate_user_asid in load_new_mm_cr3), revert-145f573b89a6 (leaving lazy mode checks tlb_gen)',
	},
	kernel: {type: 'string', synopsis: '--kernel K', help: 'freebsd | linux | all: whose TLB code runs (default: the scenario\'s, FreeBSD without a kernel line); all runs both and compares them'},
	seed: {type: 'string', synopsis: '--seed N', help: 'a seeded random schedule instead of the default order'},
	cpus: {type: 'string', synopsis: '--cpus N', help: 'override the scenario\'s number of CPUs (1 to 256)'},
	schedule: {type: 'string', synopsis: '--schedule FILE', help: 'replay a recorded schedule exactly (as explore writes counterexamples)'},
	maxStates: {type: 'string', synopsis: '--max-states N', help: 'stop after N distinct states (exit 3)'},
	maxMemory: {
		type: 'string',
		synopsis: '--max-memory SIZE',
		help: 'memory budget, e.g. 200M or 2G (default: half the machine\'s memory or 3/4 of what is free, the smaller); exit 3 when reached',
	},
	jobs: {type: 'string', synopsis: '--jobs N', help: 'search threads (default: the cores)'},
	shortest: {type: 'boolean', synopsis: '--shortest', help: 'prove the counterexample shortest, within the memory budget (by default that search stops at 10,000 states)'},
	exact: {type: 'boolean', synopsis: '--exact', help: 'no symmetry or partial-order reduction: slower, for cross-checking them'},
	out: {
		type: 'string',
		synopsis: '--out FILE',
		help: 'where a counterexample goes (default SCENARIO.counterexample); with several configurations one file each, the configuration before the last extension: race.sched -> race.pcid.sched',
	},
	force: {type: 'boolean', synopsis: '--force', help: 'replace a file that is no counterexample, the scenario itself, or a symbolic link (the link, not what it points to)'},
	traceOut: {
		type: 'string',
		synopsis: '--trace-out FILE',
		help: 'write a Chrome trace (open in ui.perfetto.dev or chrome://tracing; 1 step = 1 ms): run writes each run\'s, explore each counterexample\'s; with several scenarios or configurations, .NAME and .MODE go before .json (t.json -> t.pcid-noinvpcid.json)',
	},
	json: {type: 'boolean', synopsis: '--json', help: 'JSON lines, each {"format":1,"record":KIND,...} (schema/trace.schema.json)'},
	vs: {
		type: 'boolean',
		synopsis: '--vs FLAGS',
		help: 'diff: the second run\'s flags (--mode, --invpcid, --memory, --ablate, --seed, --cpus); each replaces the first run\'s flag of its name, the others carry over',
	},
	batch: {type: 'boolean', synopsis: '--batch', help: 'run debugger commands without a terminal'},
	commands: {type: 'string', isMultiple: true, shortFlag: 'x', synopsis: '-x FILE', help: 'debugger commands to run first, one a line (- reads standard input); repeatable, run in order with -ex'},
	evalCommand: {type: 'string', isMultiple: true, synopsis: '-ex CMD', help: 'a debugger command to run first (repeatable; GDB\'s -ex), in order with -x'},
	nx: {type: 'boolean', synopsis: '-nx', help: 'do not read ~/.pmapdbginit (GDB\'s -nx)'},
	watch: {type: 'boolean', synopsis: '--watch', help: 'reload the scenario whenever its file changes (as R does: breakpoints, watchpoints, displays and the step kept)'},
	color: {type: 'boolean', synopsis: '--no-color', help: 'no colour (also NO_COLOR=1); FORCE_COLOR is honoured'},
	help: {type: 'boolean', shortFlag: 'h', synopsis: '-h, --help', help: 'this help; pmapdbg help COMMAND for one command'},
	version: {type: 'boolean', shortFlag: 'v', synopsis: '-v, --version', help: 'the version'},
} as const satisfies Record<string, FlagSpec>;

/** A flag's camelCase name. */
export type FlagName = keyof typeof flagTable;

/** A command of the command line. */
export type CommandSpec = {
	/** `debug` is `pmapdbg [SCENARIO]`; `batch` is `pmapdbg --batch`. */
	readonly name: 'debug' | 'batch' | 'run' | 'diff' | 'table' | 'explore' | 'list' | 'help';
	readonly usage: string;
	readonly summary: string;
	readonly flags: readonly FlagName[];
	/** Shell lines that run as printed, in order, from an empty folder. */
	readonly examples: readonly string[];
};

/** The flags that shape one configuration of the engine. */
const configuration: readonly FlagName[] = ['mode', 'invpcid', 'memory', 'ablate', 'cpus', 'kernel'];

/** Every command, in the order `--help` lists them. */
export const commandTable: readonly CommandSpec[] = [
	{
		name: 'debug',
		usage: 'pmapdbg [SCENARIO] [--mode M] [--invpcid on|off] [--memory sc|tso] [--ablate NAME] [--seed N] [--schedule FILE]',
		summary: 'the full-screen debugger on SCENARIO, or a picker over the shipped scenarios and this folder',
		flags: [...configuration, 'seed', 'schedule', 'commands', 'evalCommand', 'nx', 'watch', 'color'],
		examples: ['pmapdbg row06-remote-user-page-active', 'pmapdbg pm-active-race-late-zero --ablate late-pm-gen-zero'],
	},
	{
		name: 'run',
		usage: 'pmapdbg run SCENARIO... [--mode M|all] [--invpcid on|off|all] [--memory sc|tso] [--ablate NAME] [--seed N] [--json] [--trace-out FILE]',
		summary: 'run scenarios headless: the trace, each expectation\'s verdict, a summary',
		flags: [...configuration, 'seed', 'json', 'traceOut', 'color'],
		examples: [
			'pmapdbg run row06-remote-user-page-active',
			'pmapdbg run row06-remote-user-page-active --mode all --invpcid all',
			'pmapdbg run pm-active-race-no-ipi --ablate no-ipi-active',
			'pmapdbg run two-initiators --json --trace-out two-initiators.trace.json',
		],
	},
	{
		name: 'diff',
		usage: 'pmapdbg diff A.json B.json | pmapdbg diff SCENARIO [FLAGS] --vs FLAGS [--json]',
		summary:
			'compare two runs (files run --json wrote, or two runs of SCENARIO: the flags after --vs replace the first run\'s) statement by statement, not step by step: events are grouped by scenario line and CPU (a handler\'s work sits under the line of the statement that sent the IPI), each group\'s two sequences are diffed on event name and fields, lines and CPUs in ascending order; prints the events only one side has (- A, + B), the counts that differ (IPIs, CPUs interrupted, flushes by kind, PCID allocations, micro-operations), then a summary. Exit 0 equivalent, 1 different, 2 bad input',
		flags: [...configuration, 'seed', 'vs', 'json', 'color'],
		examples: [
			'pmapdbg diff row09-remote-user-total-active --mode pcid --invpcid on --vs --mode pti-pcid',
			'pmapdbg run row06-remote-user-page-active --json > a.json; pmapdbg run row06-remote-user-page-active --mode nopcid --json > e.json; pmapdbg diff a.json e.json',
		],
	},
	{
		name: 'table',
		usage: 'pmapdbg table [--kernel freebsd|linux] [--json]',
		summary: 'derive the seed comment\'s per-mode action table by running the engine (--kernel linux: the same ten cases under Linux v6.14)',
		flags: ['kernel', 'json', 'color'],
		examples: ['pmapdbg table', 'pmapdbg table --kernel linux'],
	},
	{
		name: 'explore',
		usage: 'pmapdbg explore SCENARIO... [--mode M|all] [--invpcid on|off|all] [--memory sc|tso] [--ablate NAME] [--max-states N] [--max-memory SIZE] [--jobs N] [--shortest] [--exact] [--out FILE] [--force] [--trace-out FILE] [--json]',
		summary: 'try every interleaving; on a violation write a counterexample schedule (open it with pmapdbg SCENARIO --schedule FILE); Ctrl-C stops with a summary (exit 130)',
		flags: [...configuration, 'maxStates', 'maxMemory', 'jobs', 'shortest', 'exact', 'out', 'force', 'traceOut', 'json', 'color'],
		examples: [
			'pmapdbg explore curpmap-window --ablate switch-irq-enabled --mode pcid --invpcid off',
			'pmapdbg curpmap-window --schedule curpmap-window.counterexample',
		],
	},
	{
		name: 'batch',
		usage: 'pmapdbg --batch -x COMMANDS SCENARIO [--mode M] [--invpcid on|off] [--memory sc|tso] [--ablate NAME] [--seed N] [--schedule FILE]',
		summary: 'run debugger commands (stepi, step, continue, break, watch, info, print, why, reverse-*, export FILE for a Chrome trace...) without a terminal',
		flags: [...configuration, 'batch', 'commands', 'evalCommand', 'nx', 'seed', 'schedule', 'color'],
		examples: [
			'pmapdbg --batch -ex \'break stale_use\' -ex continue -ex \'why cpu1 P 0x400000\' pm-active-race-no-ipi --ablate no-ipi-active',
			'printf \'break stale_use\\ncontinue\\ninfo expect\\n\' | pmapdbg --batch -x - pm-active-race-no-ipi --ablate no-ipi-active',
		],
	},
	{
		name: 'list',
		usage: 'pmapdbg list [--json]',
		summary: 'the shipped scenarios with their titles (name one without its path anywhere a SCENARIO goes)',
		flags: ['json', 'color'],
		examples: ['pmapdbg list'],
	},
	{
		name: 'help',
		usage: 'pmapdbg help [COMMAND]',
		summary: 'this help, or one command\'s (help --batch for batch mode)',
		flags: ['batch', 'color'],
		examples: ['pmapdbg help run'],
	},
];

/** The command called NAME. */
export function commandNamed(name: CommandSpec['name']): CommandSpec {
	return commandTable.find(command => command.name === name)!;
}

/** Command names a user types as the first word. */
export const typedCommands = commandTable.map(command => command.name).filter(name => name !== 'debug' && name !== 'batch');
