/**
 * What `pmapdbg run` prints: the trace, each expectation's verdict and a summary; or,
 * over several configurations, one verdict row each; or JSON lines (cli.md). The path,
 * the title and the expectations' text come from the user's files: shown through the
 * untrusted-text rule (text/untrusted.ts), and as JSON through jsonLine.
 */
import {makeConfig, modeLetter, type Kernel, type MemoryModel} from '../engine/index.js';
import type {RunResult} from '../run/run-scenario.js';
import type {Scenario} from '../scenario/compile.js';
import {jsonLine, visible} from '../text/untrusted.js';
import {eventRecord, record} from './records.js';
import {traceHeader, traceLine} from './trace.js';

/**
 * `pcid (A), invpcid on`, with `, memory tso` under x86-TSO; under Linux
 * `linux: pcid (A), invpcid on` (FreeBSD, the default, is not named).
 */
export function describeConfig(result: Pick<RunResult, 'mode' | 'invpcid'> & {readonly memory?: MemoryModel; readonly kernel?: Kernel}): string {
	const letter = modeLetter(makeConfig(result.mode, result.invpcid));
	const pcid = result.mode === 'pcid' || result.mode === 'pti-pcid';
	const kernel = result.kernel === 'linux' ? 'linux: ' : '';
	return `${kernel}${result.mode} (${letter})${pcid ? `, invpcid ${result.invpcid ? 'on' : 'off'}` : ''}${result.memory === 'tso' ? ', memory tso' : ''}`;
}

/** The width of describeConfig's column: the longest configuration, with `, memory tso` under tso and `linux: ` under Linux. */
export function configWidth(memory: MemoryModel | undefined, kernel?: Kernel): number {
	return 27 + (memory === 'tso' ? 12 : 0) + (kernel === 'linux' ? 7 : 0);
}

/** The JSON fields that name the kernel: none for FreeBSD (the default, as before there were two), `kernel: "linux"` otherwise. */
export function kernelField(kernel: Kernel | undefined): {kernel?: Kernel} {
	return kernel === 'linux' ? {kernel} : {};
}

/** The last line of a run's report: steps, stale uses, expectations, how it ended. */
export function summaryLine(result: RunResult): string {
	if (result.result === 'skipped') {
		return `skipped: the scenario requires another ${result.skipReason ?? 'mode'}`;
	}

	const checked = result.verdicts.filter(verdict => verdict.skipped === undefined);
	const failed = checked.filter(verdict => !verdict.ok).length;
	const notChecked = result.verdicts.length - checked.length;
	const parts = [
		`${result.steps} steps`,
		`${result.stale} stale use${result.stale === 1 ? '' : 's'}`,
		`${checked.length - failed}/${checked.length} expectations hold${notChecked > 0 ? ` (${notChecked} about the other kernel not checked)` : ''}`,
	];
	if (result.end !== 'finished') {
		parts.push(result.end === 'deadlock' ? 'DEADLOCK: no CPU can move' : 'stopped at the step limit');
	}

	return `${result.result === 'pass' ? 'PASS' : 'FAIL'}: ${parts.join(', ')}`;
}

/** The verdict lines of a run. */
export function verdictLines(result: RunResult): string[] {
	const lines = result.verdicts.map(verdict =>
		verdict.skipped === undefined
			? `${verdict.ok ? 'ok  ' : 'FAIL'}  line ${String(verdict.line).padEnd(4)} ${visible(verdict.text)}${verdict.ok ? '' : `  (${verdict.detail})`}`
			: `n/a   line ${String(verdict.line).padEnd(4)} ${visible(verdict.text)}  (${verdict.skipped}'s words: not checked under ${result.kernel})`,
	);
	if (result.unanticipatedStale) {
		lines.push(`FAIL  a stale use that no "expect stale" anticipates`);
	}

	return lines;
}

/** The full text report of one run: header, trace, verdicts, summary. */
export function textReport(path: string, scenario: Scenario, result: RunResult): string {
	const seed = result.seed === undefined ? 'default order' : `seed ${result.seed}`;
	const ablate = result.ablate.length > 0 ? `, ablate ${result.ablate.join(' ')}` : '';
	const lines = [`${visible(path)}: ${visible(scenario.title)}`, `configuration: ${describeConfig(result)}${ablate}; schedule: ${seed}`];
	if (result.result !== 'skipped') {
		// One push per line: a spread of a long trace (more than ~125,000 events) would
		// pass every line as an argument and overflow the stack.
		lines.push('', traceHeader());
		for (const event of result.events) {
			lines.push(traceLine(event));
		}

		lines.push('');
		for (const line of verdictLines(result)) {
			lines.push(line);
		}
	}

	lines.push(summaryLine(result));
	return lines.join('\n');
}

/** One verdict row per configuration (`--mode all`, `--invpcid all`). */
export function matrixReport(path: string, scenario: Scenario, results: readonly RunResult[]): string {
	const lines = [`${visible(path)}: ${visible(scenario.title)}`];
	for (const result of results) {
		const failed = result.verdicts.filter(verdict => !verdict.ok).map(verdict => `line ${verdict.line}`);
		const config = describeConfig(result);
		const notes = [...failed.map(where => `failed ${where}`), ...(result.unanticipatedStale ? ['unexpected stale use'] : [])];
		const verdict = result.result === 'pass' ? 'pass' : result.result === 'skipped' ? 'skipped' : 'FAIL';
		const counts = result.result === 'skipped' ? '' : `${result.steps} steps, ${result.stale} stale`;
		lines.push(`  ${config.padEnd(configWidth(result.memory, result.kernel))} ${verdict.padEnd(8)} ${counts.padEnd(22)} ${notes.join(', ')}`.trimEnd());
	}

	return lines.join('\n');
}

/** The JSON lines of one run (cli.md "JSON output"). */
export function jsonReport(path: string, result: RunResult): string[] {
	const lines: string[] = [];
	for (const event of result.events) {
		lines.push(eventRecord(event));
	}

	for (const verdict of result.verdicts) {
		const skipped = verdict.skipped === undefined ? {} : {skipped: verdict.skipped};
		lines.push(jsonLine(record('expect', {expect: verdict.text, line: verdict.line, ok: verdict.ok, ...(verdict.ok ? {} : {found: verdict.detail}), ...skipped})));
	}

	lines.push(
		jsonLine(record('result', {
			result: result.result,
			scenario: path,
			mode: result.mode,
			invpcid: result.invpcid,
			seed: result.seed ?? null,
			steps: result.steps,
			stale: result.stale,
			ablate: result.ablate,
			// Absent under sc and FreeBSD, so that those runs print what they did before.
			...(result.memory === 'tso' ? {memory_model: result.memory} : {}),
			...kernelField(result.kernel),
		})),
	);
	return lines;
}
