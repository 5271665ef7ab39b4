/**
 * `run --kernel all`: both kernels' verdicts for each configuration, then, statement by
 * statement, what each did (the counts of pmapdbg diff: IPIs sent, CPUs interrupted,
 * flushes by kind, PCID/ASID allocations, micro-operations), so that a reader sees
 * where the designs part (Linux skipping a lazy CPU FreeBSD interrupts, FreeBSD
 * zeroing pm_gen where Linux bumps tlb_gen).
 */
import {countEvents, countLabels, countNames, type Counts} from '../diff/counts.js';
import {diffEventOf} from '../diff/diff-event.js';
import type {EngineEvent} from '../engine/index.js';
import type {RunResult} from '../run/run-scenario.js';
import type {Scenario} from '../scenario/compile.js';
import {visible} from '../text/untrusted.js';
import {describeConfig, summaryLine} from './run-report.js';

/** The counts of the events of scenario line LINE (a handler's work sits under the line that sent the IPI). */
function countsAt(events: readonly EngineEvent[], line: number | undefined): Counts {
	return countEvents(events.filter(event => line === undefined || event.line === line).map(event => diffEventOf(event)));
}

/** `IPIs sent 1, INVLPG 2`: the counts other than zero, micro-operations first. */
function countText(counts: Counts): string {
	const parts = countNames.filter(name => counts[name] > 0).map(name => `${countLabels[name]} ${counts[name]}`);
	return parts.length > 0 ? parts.join(', ') : 'nothing';
}

/** One configuration's comparison: RESULTS has one run per kernel, in kernel order. */
function comparison(scenario: Scenario, results: readonly RunResult[]): string[] {
	const lines = [`configuration: ${describeConfig({...results[0]!, kernel: undefined})}`];
	for (const result of results) {
		lines.push(`  ${result.kernel.padEnd(8)} ${summaryLine(result)}`);
	}

	const ran = results.filter(result => result.result !== 'skipped');
	if (ran.length < 2) {
		return lines;
	}

	const text = scenario.source.body.split('\n');
	const width = Math.max(...ran.map(result => result.kernel.length));
	for (const line of [...new Set(scenario.stepLines)]) {
		const statement = (text[line - 1] ?? '').replace(/#.*$/, '').trim();
		const counts = ran.map(result => countsAt(result.events, line));
		const differs = counts.some(each => countNames.some(name => name !== 'micro_ops' && each[name] !== counts[0]![name]));
		lines.push(`  line ${String(line).padEnd(4)} ${visible(statement)}${differs ? '   <- the kernels differ' : ''}`);
		for (const [index, result] of ran.entries()) {
			lines.push(`      ${result.kernel.padEnd(width)}  ${countText(counts[index]!)}`);
		}
	}

	lines.push('  whole run');
	for (const result of ran) {
		lines.push(`      ${result.kernel.padEnd(width)}  ${countText(countsAt(result.events, undefined))}`);
	}

	return lines;
}

/** The report of `run --kernel all` for one scenario: one comparison per configuration. */
export function kernelComparisonReport(path: string, scenario: Scenario, results: readonly RunResult[]): string {
	const lines = [`${visible(path)}: ${visible(scenario.title)}`];
	const byConfig = new Map<string, RunResult[]>();
	for (const result of results) {
		const key = `${result.mode}/${result.invpcid}`;
		byConfig.set(key, [...(byConfig.get(key) ?? []), result]);
	}

	for (const group of byConfig.values()) {
		lines.push('', ...comparison(scenario, group));
	}

	return lines.join('\n');
}
