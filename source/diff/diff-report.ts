/** What `pmapdbg diff` prints: text for people, or format-1 JSON records (schema/trace.schema.json). */
import {fieldKind, formatJsonValue} from '../report/fields.js';
import {record} from '../report/records.js';
import {jsonLine, visible} from '../text/untrusted.js';
import type {Comparison, CountPairs, OnlyEvent} from './compare.js';
import type {DiffEvent} from './diff-event.js';
import {countLabels, countNames} from './counts.js';
import {describeSide, type Side} from './side.js';

const EVENT_WIDTH = 16;

const shown = (event: DiffEvent, key: string) => formatJsonValue(fieldKind(event.event, key), event.fields[key]);

/** A diff line: `cpu1  + cr3_load          pmap=P pcid=0x802 table=upt flush=true`. */
function diffLine(cpu: number, marker: string, name: string, fields: readonly string[]): string {
	return `  ${`cpu${cpu}`.padEnd(6)}${marker} ${name.padEnd(EVENT_WIDTH)}  ${fields.join(' ')}`.trimEnd();
}

/** An event only one side has (a stale use marked as in the trace). */
function onlyLine({side, event}: OnlyEvent): string {
	const line = diffLine(event.cpu, side === 'A' ? '-' : '+', event.event, Object.keys(event.fields).map(key => `${key}=${shown(event, key)}`));
	return event.event === 'stale_use' ? `${line}  <<< STALE USE` : line;
}

/** The same event on both sides with other values: `~ tlb_miss  pmap=P va=0x400000 pcid=0x2->0x802`. */
function changedLine(a: DiffEvent, b: DiffEvent): string {
	return diffLine(
		a.cpu,
		'~',
		a.event,
		Object.keys(a.fields).map(key => (shown(a, key) === shown(b, key) ? `${key}=${shown(a, key)}` : `${key}=${shown(a, key)}->${shown(b, key)}`)),
	);
}

/**
 * The lines of a statement's unmatched events. Where A's events are replaced by B's
 * (a run of A's followed by a run of B's on one CPU), an A event and the first B event
 * of the same name and fields not yet paired make one `~` line showing what changed.
 */
function onlyLines(only: readonly OnlyEvent[]): string[] {
	const lines: string[] = [];
	for (let start = 0; start < only.length; ) {
		let middle = start;
		while (middle < only.length && only[middle]!.side === 'A' && only[middle]!.event.cpu === only[start]!.event.cpu) {
			middle++;
		}

		let end = middle;
		while (end < only.length && only[end]!.side === 'B' && only[end]!.event.cpu === only[start]!.event.cpu) {
			end++;
		}

		const removed = only.slice(start, middle);
		const added = only.slice(middle, end);
		const paired = new Map<OnlyEvent, OnlyEvent>();
		for (const a of removed) {
			const same = (b: OnlyEvent) => b.event.event === a.event.event && Object.keys(b.event.fields).join() === Object.keys(a.event.fields).join();
			const b = added.find(candidate => same(candidate) && ![...paired.values()].includes(candidate));
			if (b !== undefined) {
				paired.set(a, b);
			}
		}

		const pairedB = new Set(paired.values());
		lines.push(
			...removed.map(a => (paired.has(a) ? changedLine(a.event, paired.get(a)!.event) : onlyLine(a))),
			...added.filter(b => !pairedB.has(b)).map(b => onlyLine(b)),
		);
		start = Math.max(end, start + 1);
	}

	return lines;
}

/** `CR3 loads that flush 0 -> 1, micro-operations 4 -> 6` */
function countText(counts: CountPairs): string {
	return countNames
		.flatMap(name => {
			const pair = counts[name];
			return pair ? [`${countLabels[name]} ${pair.a} -> ${pair.b}`] : [];
		})
		.join(', ');
}

const ok = (value: boolean | undefined) => (value === undefined ? 'not checked' : value ? 'ok' : 'FAIL');

/** The text report. */
export function diffText(a: Side, b: Side, comparison: Comparison): string {
	const lines = [`--- A: ${describeSide(a.info)}`, `+++ B: ${describeSide(b.info)}`];
	for (const statement of comparison.differing) {
		lines.push('', `line ${statement.line}${statement.text === undefined ? '' : `  ${statement.text}`}`, ...onlyLines(statement.only));
		const counts = countText(statement.counts);
		if (counts !== '') {
			lines.push(`  counts: ${counts}`);
		}
	}

	const {differing, statements, totals, verdicts} = comparison;
	lines.push('', `summary: ${differing.length} of ${statements} statements differ${differing.length > 0 ? ` (line${differing.length === 1 ? '' : 's'} ${differing.map(statement => statement.line).join(', ')})` : ''}`);
	const rows = countNames.filter(name => totals[name]!.a !== 0 || totals[name]!.b !== 0);
	const width = Math.max(...rows.map(name => countLabels[name].length), 'count'.length) + 2;
	lines.push(`  ${''.padEnd(width)}${'A'.padStart(7)}${'B'.padStart(7)}`);
	for (const name of rows) {
		const {a: countA, b: countB} = totals[name]!;
		const delta = countB - countA;
		lines.push(`  ${countLabels[name].padEnd(width)}${String(countA).padStart(7)}${String(countB).padStart(7)}${delta === 0 ? '' : `  (${delta > 0 ? '+' : ''}${delta})`}`);
	}

	if (verdicts.length > 0) {
		lines.push('  expectations that end differently:');
	}

	for (const verdict of verdicts) {
		lines.push(`    line ${verdict.line} ${verdict.expect}: ${ok(verdict.a)} in A, ${ok(verdict.b)} in B`);
	}

	lines.push(
		comparison.equivalent
			? 'The runs are equivalent: every statement did the same on every CPU, and every expectation ended alike.'
			: `The runs differ${a.info.result === b.info.result ? '' : ` (A: ${a.info.result}, B: ${b.info.result})`}.`,
	);
	return lines.join('\n') + '\n';
}

/** The JSON records: a diff-side for each side, a diff-statement per differing line, the diff-summary. */
export function diffJson(a: Side, b: Side, comparison: Comparison): string {
	const lines = [
		record('diff-side', {side: 'A', ...a.info}),
		record('diff-side', {side: 'B', ...b.info}),
		...comparison.differing.map(statement =>
			record('diff-statement', {
				line: statement.line,
				text: statement.text ?? null,
				only: statement.only.map(({side, event}) => ({side, step: event.step, cpu: event.cpu, line: event.line, event: event.event, ...event.fields})),
				counts: statement.counts,
			}),
		),
		record('diff-summary', {
			equivalent: comparison.equivalent,
			statements: comparison.statements,
			differing: comparison.differing.map(statement => statement.line),
			counts: comparison.totals,
			verdicts: comparison.verdicts.map(verdict => ({line: verdict.line, expect: verdict.expect, a: verdict.a ?? null, b: verdict.b ?? null})),
		}),
	];
	return lines.map(line => jsonLine(line)).join('\n') + '\n';
}
