/** `pmapdbg explore SCENARIO...` (cli.md): every interleaving, verdicts, counterexamples. */
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {makeConfig} from '../engine/index.js';
import {explore, type Exploration} from '../explore/explore.js';
import {record} from '../report/records.js';
import {describeConfig} from '../report/run-report.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {formatSchedule} from '../session/schedule-file.js';
import {jsonLine, visible, visibleLines} from '../text/untrusted.js';
import {counterexamplePath, namingPattern, writeCounterexample} from './counterexample-file.js';
import {Session} from '../session/session.js';
import {parseAblations, parseInvpcid, parseModes, parseWhole} from './options.js';
import {scenarioFile} from './scenario-argument.js';
import {UsageError} from './usage-error.js';
import {configTag, scenarioTag, taggedPath} from './output-paths.js';
import {configurationsFor, type CommandOutput} from './run-command.js';
import {writeTrace} from './trace-out.js';

/** The flags explore reads. */
export type ExploreFlags = {
	readonly mode?: string;
	readonly invpcid?: string;
	readonly ablate: readonly string[];
	readonly maxStates?: string;
	readonly out?: string;
	readonly cpus?: string;
	readonly json: boolean;
	/** No reductions (symmetry, persistent sets). */
	readonly exact?: boolean;
	/** Replace an existing file that is not a counterexample, a link, or the scenario. */
	readonly force?: boolean;
	/** Where the Chrome trace of each counterexample goes. */
	readonly traceOut?: string;
};

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

	const modes = parseModes(flags.mode);
	const invpcids = parseInvpcid(flags.invpcid);
	const ablate = parseAblations(flags.ablate);
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

		if (!flags.json) {
			emit(`${visible(path)}: ${visible(scenario.title)}`);
			if (flags.out !== undefined && configs.length > 1) {
				emit(`  (${configs.length} configurations: a counterexample goes to ${visible(namingPattern(flags.out))})`);
			}
		}

		for (const {mode, invpcid} of configs) {
			const allAblations = [...new Set([...scenario.ablate, ...ablate])];
			const config = makeConfig(mode, invpcid, allAblations);
			const start = performance.now();
			const progress = process.stderr.isTTY
				? (states: number) => {
						const seconds = (performance.now() - start) / 1000;
						process.stderr.write(`\r  ${describeConfig({mode, invpcid})}: ${states} states, ${Math.round(states / seconds)} states/s `);
					}
				: undefined;
			const result: Exploration = explore(config, scenario.program, {maxStates, onProgress: progress, noReduction: flags.exact, noSymmetry: flags.exact});
			if (progress) {
				process.stderr.write('\r\u001B[K');
			}

			const seconds = (performance.now() - start) / 1000;
			let schedulePath: string | undefined;
			let unwritten: string | undefined;
			if (result.schedule !== undefined) {
				const target = counterexamplePath(flags.out ?? `${path}.counterexample`, configs.length > 1, mode, invpcid);
				const reopen = [`pmapdbg ${path} --schedule ${target} --mode ${mode}`, ...(mode === 'pcid' || mode === 'pti-pcid' ? [`--invpcid ${invpcid ? 'on' : 'off'}`] : []), ...allAblations.map(name => `--ablate ${name}`)].join(' ');
				const text = formatSchedule(result.schedule, [
					`counterexample: ${result.violation} in ${path} (${scenario.title})`,
					`configuration: ${describeConfig({mode, invpcid})}${allAblations.length > 0 ? `, ablate ${allAblations.join(' ')}` : ''}`,
					`${result.schedule.length} steps, the shortest; open it with:`,
					`  ${reopen}`,
				]);
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
				tracePath = taggedPath(flags.traceOut, [...(paths.length > 1 ? [scenarioTag(path)] : []), ...(configs.length > 1 ? [configTag(mode, invpcid)] : [])]);
				// Replayed as the debugger opens it: the counterexample's own events.
				const session = new Session(scenario, {mode, invpcid, ablate: allAblations, schedule: result.schedule});
				session.goto(result.schedule.length);
				await writeTrace(tracePath, path, scenario, session.eventsSoFar(), {mode, invpcid: config.invpcid, ablate: allAblations, violation: result.violation, schedule: schedulePath});
			}

			if (unwritten !== undefined) {
				status = 2;
			} else if (result.result === 'violation' && status !== 2) {
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
						trace: tracePath ?? null,
					})),
				);
			} else {
				const verdict = result.result === 'violation' ? `VIOLATION (${result.violation})` : result.result === 'bounded' ? 'BOUNDED' : 'safe';
				const where = schedulePath
					? `: ${result.schedule!.length}-step schedule in ${schedulePath}${tracePath ? `, trace in ${tracePath}` : ''}`
					: unwritten === undefined ? (result.result === 'bounded' ? ': --max-states reached' : '') : `: ${result.schedule!.length}-step schedule, not written`;
				emit(
					`  ${describeConfig({mode, invpcid}).padEnd(27)} ${verdict.padEnd(20)} ${String(result.states).padStart(8)} states ${String(result.transitions).padStart(9)} transitions ${seconds.toFixed(2)} s${where}`,
				);
			}

		}
	}

	return {stdout: out.length > 0 ? out.join('\n') + '\n' : '', stderr: err.length > 0 ? visibleLines(err.join('\n') + '\n') : '', status};
}
