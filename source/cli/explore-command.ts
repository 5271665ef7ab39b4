/** `pmapdbg explore SCENARIO...` (cli.md): every interleaving, verdicts, counterexamples. */
import os from 'node:os';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {ablationKernel, makeConfig} from '../engine/index.js';
import {record} from '../report/records.js';
import {defaultMemoryLimit, formatSize, parseSize} from '../explore/budget.js';
import {exploreAsync} from '../explore/explore-async.js';
import type {Exploration} from '../explore/exploration.js';
import {configWidth, describeConfig, kernelField} from '../report/run-report.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {formatSchedule} from '../session/schedule-file.js';
import {jsonLine, visible, visibleLines} from '../text/untrusted.js';
import {counterexamplePath, namingPattern, scheduleNotes, writeCounterexample} from './counterexample-file.js';
import {Session} from '../session/session.js';
import {checkMemoryForKernels, parseAblations, parseInvpcid, parseKernels, parseMemoryModel, parseModes, parseWhole} from './options.js';
import {scenarioFile} from './scenario-argument.js';
import {UsageError} from './usage-error.js';
import {configTag, scenarioTag, taggedPath} from './output-paths.js';
import {configurationsFor, type CommandOutput} from './run-command.js';
import {writeTrace} from './trace-out.js';

/** The flags explore reads. */
export type ExploreFlags = {
	readonly mode?: string;
	readonly invpcid?: string;
	readonly memory?: string;
	readonly ablate: readonly string[];
	readonly maxStates?: string;
	/** The memory budget, e.g. 200M or 2G. */
	readonly maxMemory?: string;
	/** Search threads (default: the cores). */
	readonly jobs?: string;
	/** Search for a shortest counterexample until the memory budget, not a fixed number of states. */
	readonly shortest?: boolean;
	readonly out?: string;
	readonly cpus?: string;
	readonly kernel?: string;
	readonly json: boolean;
	/** No reductions (symmetry, persistent sets). */
	readonly exact?: boolean;
	/** Replace an existing file that is not a counterexample, a link, or the scenario. */
	readonly force?: boolean;
	/** Where the Chrome trace of each counterexample goes. */
	readonly traceOut?: string;
};

/** `--max-memory SIZE`: bytes, or the default share of this machine. */
function parseMemory(value: string | undefined): number {
	if (value === undefined) {
		return defaultMemoryLimit();
	}

	const bytes = parseSize(value);
	if (bytes === undefined || bytes < 2 ** 20) {
		throw new UsageError(`--max-memory takes a size of at least 1M, such as 200M or 2G; found "${value}"`);
	}

	return bytes;
}

/** What a bounded or interrupted row says after its counts. */
function boundedNote(result: Exploration, maxMemory: number): string {
	switch (result.reason) {
		case 'max-states': {
			return ': --max-states reached';
		}

		case 'max-memory': {
			return `: --max-memory reached (${formatSize(maxMemory)})`;
		}

		case 'interrupted': {
			return ': interrupted';
		}

		case undefined: {
			return '';
		}

		default: {
			return result.reason satisfies never;
		}
	}
}

/**
 * Explores each scenario in each configuration asked for. With WRITE, each output line
 * goes out as soon as it is known (a long exploration shows its rows one by one) and
 * the returned stdout is empty.
 */
export async function exploreCommand(paths: readonly string[], flags: ExploreFlags, write?: (text: string) => void): Promise<CommandOutput> {
	if (paths.length === 0) {
		throw new UsageError('explore needs a scenario, e.g. pmapdbg explore pm-active-race-late-zero --ablate late-pm-gen-zero');
	}

	if (flags.out !== undefined && paths.length > 1) {
		// One name for several scenarios' counterexamples would keep only the last.
		throw new UsageError('--out names the counterexample of one scenario; with several, each goes to SCENARIO.counterexample');
	}

	const maxMemory = parseMemory(flags.maxMemory);
	const jobs = parseWhole('jobs', flags.jobs, 1, 256) ?? os.availableParallelism();
	// Ctrl-C ends the search under way with what it explored, exit 130.
	const interrupt = new AbortController();
	const onSigint = () => {
		interrupt.abort();
	};

	process.on('SIGINT', onSigint);
	try {
		return await exploreAll(paths, flags, {maxMemory, jobs, signal: interrupt.signal}, write);
	} finally {
		process.off('SIGINT', onSigint);
	}
}

/** What exploreCommand parsed once for every scenario. */
type Settings = {readonly maxMemory: number; readonly jobs: number; readonly signal: AbortSignal};

async function exploreAll(paths: readonly string[], flags: ExploreFlags, settings: Settings, write?: (text: string) => void): Promise<CommandOutput> {
	const {maxMemory, jobs, signal} = settings;
	const modes = parseModes(flags.mode);
	const invpcids = parseInvpcid(flags.invpcid);
	const kernels = parseKernels(flags.kernel);
	const ablate = parseAblations(flags.ablate);
	const memoryModel = parseMemoryModel(flags.memory);
	checkMemoryForKernels(memoryModel, kernels);
	const maxStates = parseWhole('max-states', flags.maxStates, 1, 100_000_000);
	const cpus = parseWhole('cpus', flags.cpus, 1, 256);
	const out: string[] = [];
	// Text lines quote paths and titles (untrusted text); JSON lines escape them.
	const emit = (line: string) => {
		const shown = flags.json ? line : visibleLines(line);
		if (write === undefined) {
			out.push(shown);
		} else {
			write(shown + '\n');
		}
	};

	const err: string[] = [];
	let status = 0;
	for (const path of paths) {
		if (signal.aborted) {
			break;
		}

		const loaded = await loadFile(scenarioFile(path), {cpus});
		if (loaded.scenario === undefined) {
			err.push(diagnosticText(loaded).join('\n'));
			status = 2;
			continue;
		}

		const {scenario} = loaded;
		// A mode the scenario's `require` excludes is skipped, as run reports it.
		const configs = configurationsFor(modes, invpcids, scenario.mode, scenario.invpcid).filter(
			({mode}) => scenario.require === undefined || scenario.require.includes(mode),
		);
		// `--kernel all`: both verdicts of each configuration; a kernel `require kernel` excludes is skipped.
		const runKernels = (kernels ?? [scenario.kernel]).filter(kernel => scenario.requireKernel === undefined || scenario.requireKernel.includes(kernel));
		const runs = configs.flatMap(config => runKernels.map(kernel => ({...config, kernel})));

		if (!flags.json) {
			emit(`${visible(path)}: ${visible(scenario.title)}`);
			if (flags.out !== undefined && configs.length > 1) {
				emit(`  (${configs.length} configurations: a counterexample goes to ${visible(namingPattern(flags.out))})`);
			}
		}

		for (const {mode, invpcid, kernel} of runs) {
			if (signal.aborted) {
				break;
			}

			// Each kernel takes the ablations of its own rules.
			const allAblations = [...new Set([...scenario.ablate, ...ablate])].filter(name => ablationKernel(name) === kernel);
			const memory = memoryModel ?? scenario.memory;
			const config = makeConfig(mode, invpcid, allAblations, memory, kernel);
			const shown = describeConfig({mode, invpcid, memory, kernel});
			const start = performance.now();
			const progress = process.stderr.isTTY
				? (states: number) => {
						const seconds = (performance.now() - start) / 1000;
						process.stderr.write(`\r  ${shown}: ${states} states, ${Math.round(states / seconds)} states/s `);
					}
				: undefined;
			const result: Exploration = await exploreAsync(config, scenario.program, {
				maxStates,
				maxMemory,
				jobs,
				signal,
				shortestStates: flags.shortest ? Number.POSITIVE_INFINITY : undefined,
				onProgress: progress,
				noReduction: flags.exact,
				noSymmetry: flags.exact,
			});
			if (progress) {
				process.stderr.write('\r\u001B[K');
			}

			const seconds = (performance.now() - start) / 1000;
			let schedulePath: string | undefined;
			let unwritten: string | undefined;
			if (result.schedule !== undefined) {
				const base = flags.out ?? `${path}.counterexample`;
				const target = counterexamplePath(runKernels.length > 1 ? taggedPath(base, [kernel]) : base, configs.length > 1, mode, invpcid);
				const reopen = `pmapdbg ${path} --schedule ${target}`;
				const notes = scheduleNotes(scenario, {mode, invpcid, memory, kernel, ablate: allAblations}, result.schedule);
				const text = formatSchedule(
					result.schedule,
					[
						`counterexample: ${result.violation} in ${path} (${scenario.title})`,
						`configuration: ${shown}${allAblations.length > 0 ? `, ablate ${allAblations.join(' ')}` : ''}`,
						`${result.schedule.length} steps, ${result.shortest ? 'the shortest' : 'not proven the shortest (--shortest searches on)'}; open it with:`,
						`  ${reopen}`,
						'(--schedule applies the configuration below; each line says what its step did)',
					],
					{title: scenario.title, mode, invpcid: config.invpcid, memory, kernel, ablate: allAblations},
					notes,
				);
				const written = await writeCounterexample(target, text, paths, flags.force === true);
				if (written.ok) {
					schedulePath = target;
				} else {
					// The verdict still stands and is printed; the file problem is one line, exit 2.
					unwritten = `pmapdbg: the counterexample was not written to ${visible(target)}: ${visible(written.reason)}`;
					err.push(unwritten);
				}
			}

			let tracePath: string | undefined;
			if (result.schedule !== undefined && flags.traceOut !== undefined) {
				tracePath = taggedPath(flags.traceOut, [
					...(paths.length > 1 ? [scenarioTag(path)] : []),
					...(runKernels.length > 1 ? [kernel] : []),
					...(configs.length > 1 ? [configTag(mode, invpcid)] : []),
				]);
				// Replayed as the debugger opens it: the counterexample's own events.
				const session = new Session(scenario, {kernel, mode, invpcid, memory, ablate: allAblations, schedule: result.schedule});
				session.goto(result.schedule.length);
				await writeTrace(tracePath, path, scenario, session.eventsSoFar(), {mode, invpcid: config.invpcid, ...(memory === 'tso' ? {memory} : {}), ablate: allAblations, ...kernelField(kernel), violation: result.violation, schedule: schedulePath});
			}

			if (result.reason === 'interrupted') {
				status = 130;
			} else if (unwritten !== undefined && status !== 130) {
				status = 2;
			} else if (result.result === 'violation' && status !== 2 && status !== 130) {
				status = 1;
			} else if (result.result === 'bounded' && status === 0) {
				status = 3;
			}

			if (flags.json) {
				emit(
					jsonLine(record('exploration', {
						result: result.result,
						scenario: path,
						mode,
						invpcid: config.invpcid,
						ablate: allAblations,
						exact: flags.exact === true,
						states: result.states,
						transitions: result.transitions,
						schedule: schedulePath ?? null,
						shortest: result.shortest,
						reason: result.reason ?? null,
						memory: result.memory,
						jobs,
						threads: result.threads,
						trace: tracePath ?? null,
						...(memory === 'tso' ? {memory_model: memory} : {}),
						...kernelField(kernel),
					})),
				);
			} else {
				const verdict = result.result === 'violation' ? `VIOLATION (${result.violation})` : result.reason === 'interrupted' ? 'INTERRUPTED' : result.result === 'bounded' ? 'BOUNDED' : 'safe';
				const shortest = result.shortest ? ' (shortest)' : ' (shortest not proven)';
				const where = schedulePath
					? `: ${result.schedule!.length}-step schedule in ${schedulePath}${shortest}${tracePath ? `, trace in ${tracePath}` : ''}`
					: unwritten === undefined ? boundedNote(result, maxMemory) : `: ${result.schedule!.length}-step schedule, not written`;
				emit(
					`  ${shown.padEnd(configWidth(memory, kernel))} ${verdict.padEnd(20)} ${String(result.states).padStart(8)} states ${String(result.transitions).padStart(9)} transitions ${seconds.toFixed(2)} s${where}`,
				);
			}

		}
	}

	return {stdout: out.length > 0 ? out.join('\n') + '\n' : '', stderr: err.length > 0 ? visibleLines(err.join('\n') + '\n') : '', status};
}
