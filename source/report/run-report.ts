/**
 * What `pmapdbg run` prints: the trace, each expectation's verdict and a summary; or,
 * over several configurations, one verdict row each; or JSON lines (cli.md). The path,
 * the title and the expectations' text come from the user's files: shown through the
 * untrusted-text rule (text/untrusted.ts), and as JSON through jsonLine.
 */
import {makeConfig, modeLetter, type MemoryModel} from '../engine/index.js';
import type {RunResult} from '../run/run-scenario.js';
import type {Scenario} from '../scenario/compile.js';
import {jsonLine, visible} from '../text/untrusted.js';
import {eventRecord, record} from './records.js';
import {traceHeader, traceLine} from './trace.js';

/** `pcid (A), invpcid on`, and `, memory tso` under x86-TSO. */
export function describeConfig(result: Pick<RunResult, 'mode' | 'invpcid'> & {readonly memory?: MemoryModel}): string {
	const letter = modeLetter(makeConfig(result.mode, result.invpcid));
	const pcid = result.mode === 'pcid' || result.mode === 'pti-pcid';
	return `${result.mode} (${letter})${pcid ? `, invpcid ${result.invpcid ? 'on' : 'off'}` : ''}${result.memory === 'tso' ? ', memory tso' : ''}`;
}

/** The width of describeConfig's column: the longest configuration, with `, memory tso` under tso. */
export function configWidth(memory: MemoryModel | undefined): number {
	return memory === 'tso' ? 39 : 27;
}

function summary(result: RunResult): string {
	if (result.result === 'skipped') {
		return 'skipped: the scenario requires another mode';
	}

	const failed = result.verdicts.filter(verdict => !verdict.ok).length;
	const parts = [
		`${result.steps} steps`,
		`${result.stale} stale use${result.stale === 1 ? '' : 's'}`,
		`${result.verdicts.length - failed}/${result.verdicts.length} expectations hold`,
	];
	if (result.end !== 'finished') {
		parts.push(result.end === 'deadlock' ? 'DEADLOCK: no CPU can move' : 'stopped at the step limit');
	}

	return `${result.result === 'pass' ? 'PASS' : 'FAIL'}: ${parts.join(', ')}`;
}

/** The verdict lines of a run. */
export function verdictLines(result: RunResult): string[] {
	const lines = result.verdicts.map(
		verdict => `${verdict.ok ? 'ok  ' : 'FAIL'}  line ${String(verdict.line).padEnd(4)} ${visible(verdict.text)}${verdict.ok ? '' : `  (${verdict.detail})`}`,
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

	lines.push(summary(result));
	return lines.join('\n');
}

/** One verdict row per configuration (`--mode all`, `--invpcid all`). */
export function matrixReport(path: string, scenario: Scenario, results: readonly RunResult[]): string {
	const lines = [`${visible(path)}: ${visible(scenario.title)}`];
	for (const result of results) {
		const failed = result.verdicts.filter(verdict => !verdict.ok).map(verdict => `line ${verdict.line}`);
		const notes = [...failed.map(where => `failed ${where}`), ...(result.unanticipatedStale ? ['unexpected stale use'] : [])];
		const verdict = result.result === 'pass' ? 'pass' : result.result === 'skipped' ? 'skipped' : 'FAIL';
		const counts = result.result === 'skipped' ? '' : `${result.steps} steps, ${result.stale} stale`;
		lines.push(`  ${describeConfig(result).padEnd(configWidth(result.memory))} ${verdict.padEnd(8)} ${counts.padEnd(22)} ${notes.join(', ')}`.trimEnd());
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
		lines.push(jsonLine(record('expect', {expect: verdict.text, line: verdict.line, ok: verdict.ok, ...(verdict.ok ? {} : {found: verdict.detail})})));
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
			// Absent under sc, so that sequentially consistent runs print what they did before.
			...(result.memory === 'tso' ? {memory_model: result.memory} : {}),
		})),
	);
	return lines;
}
