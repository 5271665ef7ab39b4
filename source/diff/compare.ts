/**
 * `pmapdbg diff`'s alignment: two runs compared statement by statement rather than step
 * by step. Events are grouped by scenario line, then by CPU (every event carries the
 * line of the statement that caused it, on whichever CPU it ran, so an IPI handler's
 * work sits under the initiator's line); within one (line, CPU) the two sequences are
 * diffed (Myers' algorithm, jsdiff's diffArrays) on the event's name and fields, never
 * its step number, so work that moved in time but not in kind is no difference. Lines
 * go in ascending order, CPUs likewise: the output depends on the two runs alone.
 */
import {diffArrays} from 'diff';
import {countEvents, countNames, type CountName, type Counts} from './counts.js';
import type {DiffEvent} from './diff-event.js';
import type {Side} from './side.js';

/** An event only one side has. */
export type OnlyEvent = {readonly side: 'A' | 'B'; readonly event: DiffEvent};

/** Counts of both sides, by name. */
export type CountPairs = Partial<Record<CountName, {readonly a: number; readonly b: number}>>;

/** A line whose events differ. */
export type StatementDiff = {
	readonly line: number;
	readonly text: string | undefined;
	/** Per CPU in ascending order, A's and B's unmatched events in sequence order. */
	readonly only: readonly OnlyEvent[];
	/** The counts that differ. */
	readonly counts: CountPairs;
};

/** An expectation whose verdicts differ (undefined: not checked on that side). */
export type VerdictDiff = {readonly line: number; readonly expect: string; readonly a: boolean | undefined; readonly b: boolean | undefined};

/** The whole comparison. */
export type Comparison = {
	readonly statements: number;
	readonly differing: readonly StatementDiff[];
	readonly totals: CountPairs;
	readonly verdicts: readonly VerdictDiff[];
	readonly equivalent: boolean;
};

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
	const groups = new Map<K, T[]>();
	for (const item of items) {
		const k = key(item);
		const group = groups.get(k);
		if (group === undefined) {
			groups.set(k, [item]);
		} else {
			group.push(item);
		}
	}

	return groups;
}

const sorted = (keys: Iterable<number>) => [...new Set(keys)].sort((x, y) => x - y);

/** The pairs of A's and B's counts; only those that differ unless ALL. */
function pairs(a: Counts, b: Counts, all: boolean): CountPairs {
	return Object.fromEntries(countNames.filter(name => all || a[name] !== b[name]).map(name => [name, {a: a[name], b: b[name]}]));
}

/** The events of one (line, CPU) that only one side has, in sequence order. */
function unmatched(a: readonly DiffEvent[], b: readonly DiffEvent[]): OnlyEvent[] {
	const out: OnlyEvent[] = [];
	let ia = 0;
	let ib = 0;
	for (const change of diffArrays(a.map(event => event.key), b.map(event => event.key))) {
		const count = change.count ?? change.value.length;
		if (change.removed) {
			out.push(...a.slice(ia, ia + count).map(event => ({side: 'A' as const, event})));
			ia += count;
		} else if (change.added) {
			out.push(...b.slice(ib, ib + count).map(event => ({side: 'B' as const, event})));
			ib += count;
		} else {
			ia += count;
			ib += count;
		}
	}

	return out;
}

/** A statement's text: its line without the comment. */
function statementText(lines: readonly string[] | undefined, line: number): string | undefined {
	const text = lines?.[line - 1]?.replace(/#.*/, '').trim();
	return text === undefined || text === '' ? undefined : text;
}

/** Compares side A with side B. */
export function compare(a: Side, b: Side): Comparison {
	const linesA = groupBy(a.events, event => event.line);
	const linesB = groupBy(b.events, event => event.line);
	const lines = sorted([...linesA.keys(), ...linesB.keys()]);
	const differing: StatementDiff[] = [];
	for (const line of lines) {
		const eventsA = linesA.get(line) ?? [];
		const eventsB = linesB.get(line) ?? [];
		const cpusA = groupBy(eventsA, event => event.cpu);
		const cpusB = groupBy(eventsB, event => event.cpu);
		const only = sorted([...cpusA.keys(), ...cpusB.keys()]).flatMap(cpu => unmatched(cpusA.get(cpu) ?? [], cpusB.get(cpu) ?? []));
		const counts = pairs(countEvents(eventsA), countEvents(eventsB), false);
		if (only.length > 0 || Object.keys(counts).length > 0) {
			differing.push({line, text: statementText(a.lines ?? b.lines, line), only, counts});
		}
	}

	const verdicts: VerdictDiff[] = [];
	const key = (verdict: {line: number; expect: string}) => `${verdict.line}\u0000${verdict.expect}`;
	const verdictsB = new Map(b.verdicts.map(verdict => [key(verdict), verdict.ok]));
	const verdictsA = new Map(a.verdicts.map(verdict => [key(verdict), verdict.ok]));
	for (const verdict of [...a.verdicts, ...b.verdicts.filter(verdict => !verdictsA.has(key(verdict)))].sort((x, y) => x.line - y.line)) {
		const okA = verdictsA.get(key(verdict));
		const okB = verdictsB.get(key(verdict));
		if (okA !== okB) {
			verdicts.push({line: verdict.line, expect: verdict.expect, a: okA, b: okB});
		}
	}

	return {
		statements: lines.length,
		differing,
		totals: pairs(countEvents(a.events), countEvents(b.events), true),
		verdicts,
		equivalent: differing.length === 0 && verdicts.length === 0 && a.info.result === b.info.result,
	};
}
