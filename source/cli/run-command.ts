/** `pmapdbg run SCENARIO...` (cli.md): headless runs, verdicts, exit 0/1/2. */
import {makeConfig, modeLetter, type Mode} from '../engine/index.js';
import {kernelComparisonReport} from '../report/kernel-compare.js';
import {jsonReport, matrixReport, textReport} from '../report/run-report.js';
import {runScenario, type RunOptions, type RunResult} from '../run/run-scenario.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {visibleLines} from '../text/untrusted.js';
import {checkMemoryForKernels, parseAblations, parseInvpcid, parseKernels, parseMemoryModel, parseModes, parseWhole} from './options.js';
import {configTag, scenarioTag, taggedPath} from './output-paths.js';
import {scenarioFile} from './scenario-argument.js';
import {runConfiguration, writeTrace} from './trace-out.js';
import {UsageError} from './usage-error.js';

/** The flags `run` reads. */
export type RunFlags = {
	readonly mode?: string;
	readonly invpcid?: string;
	readonly memory?: string;
	readonly ablate: readonly string[];
	readonly seed?: string;
	readonly cpus?: string;
	readonly kernel?: string;
	readonly json: boolean;
	/** Where each run's Chrome trace goes. */
	readonly traceOut?: string;
};

/** What the command prints and its exit status. */
export type CommandOutput = {readonly stdout: string; readonly stderr: string; readonly status: number};

/** The configurations to run: every (mode, invpcid) pair asked for, in A-F order. */
export function configurationsFor(modes: Mode[] | undefined, invpcids: boolean[] | undefined, scenarioMode: Mode, scenarioInvpcid: boolean) {
	const out: Array<{mode: Mode; invpcid: boolean}> = [];
	for (const mode of modes ?? [scenarioMode]) {
		const pcid = mode === 'pcid' || mode === 'pti-pcid';
		// INVPCID is ignored without PCID (hammer_time): one configuration, not two.
		for (const invpcid of pcid ? (invpcids ?? [scenarioInvpcid]) : [false]) {
			out.push({mode, invpcid});
		}
	}

	return out.sort((a, b) => modeLetter(makeConfig(a.mode, a.invpcid)).localeCompare(modeLetter(makeConfig(b.mode, b.invpcid))));
}

/** Runs every file; diagnostics go to stderr. */
export async function runCommand(paths: readonly string[], flags: RunFlags): Promise<CommandOutput> {
	if (paths.length === 0) {
		throw new UsageError('run needs at least one scenario, e.g. pmapdbg run row06-remote-user-page-active');
	}

	const modes = parseModes(flags.mode);
	const invpcids = parseInvpcid(flags.invpcid);
	const kernels = parseKernels(flags.kernel);
	const ablate = parseAblations(flags.ablate);
	const memory = parseMemoryModel(flags.memory);
	checkMemoryForKernels(memory, kernels);
	const seed = parseWhole('seed', flags.seed, 0, 2 ** 31 - 1);
	const cpus = parseWhole('cpus', flags.cpus, 1, 256);
	const out: string[] = [];
	const err: string[] = [];
	let status = 0;
	for (const path of paths) {
		const loaded = await loadFile(scenarioFile(path), {cpus});
		if (loaded.scenario === undefined) {
			err.push(diagnosticText(loaded).join('\n'));
			status = 2;
			continue;
		}

		const {scenario} = loaded;
		const configs = configurationsFor(modes, invpcids, scenario.mode, scenario.invpcid);
		const runKernels = kernels ?? [scenario.kernel];
		// Kernels inside configurations: `--kernel all` puts each configuration's two runs side by side.
		const results: RunResult[] = configs.flatMap(config =>
			runKernels.map(kernel => {
				const options: RunOptions = {...config, kernel, ablate, memory, seed};
				return runScenario(scenario, options);
			}),
		);
		if (results.some(result => result.result === 'fail') && status === 0) {
			status = 1;
		}

		const written: string[] = [];
		if (flags.traceOut !== undefined) {
			for (const result of results.filter(result => result.result !== 'skipped')) {
				const file = taggedPath(flags.traceOut, [
					...(paths.length > 1 ? [scenarioTag(path)] : []),
					...(runKernels.length > 1 ? [result.kernel] : []),
					...(configs.length > 1 ? [configTag(result.mode, result.invpcid)] : []),
				]);
				await writeTrace(file, path, scenario, result.events, {...runConfiguration(result), result: result.result, steps: result.steps, stale: result.stale});
				written.push(file);
			}
		}

		if (flags.json) {
			// One string per run, not a spread: a run can have millions of JSON lines.
			out.push(...results.map(result => jsonReport(path, result).join('\n')));
		} else if (runKernels.length > 1) {
			out.push(kernelComparisonReport(path, scenario, results));
		} else if (results.length > 1) {
			out.push(matrixReport(path, scenario, results));
		} else {
			out.push(textReport(path, scenario, results[0]!));
		}

		if (!flags.json && written.length > 0) {
			out.push(written.map(file => `Chrome trace: ${file} (open it in ui.perfetto.dev or chrome://tracing)`).join('\n'));
		}
	}

	const separator = flags.json ? '\n' : '\n\n';
	// The reports already show file text through the untrusted-text rule; this is the
	// last gate before the terminal, for any text a future report forgets (JSON lines
	// have no raw control character to change).
	const stdout = out.length > 0 ? out.join(separator) + '\n' : '';
	return {stdout: flags.json ? stdout : visibleLines(stdout), stderr: err.length > 0 ? visibleLines(err.join('\n') + '\n') : '', status};
}
