/**
 * One side of `pmapdbg diff`: how it ran, its events and its verdicts, whether it
 * came from a JSON trace (read-trace.ts) or from running a scenario now.
 */
import type {Ablation, Mode} from '../engine/index.js';
import {describeConfig} from '../report/run-report.js';
import type {RunResult} from '../run/run-scenario.js';
import type {Scenario} from '../scenario/compile.js';
import {diffEventOf, type DiffEvent} from './diff-event.js';

/** What a side says of itself (the body of its `diff-side` record, without `side`). */
export type SideInfo = {
	readonly file: string | null;
	readonly scenario: string;
	readonly mode: Mode;
	readonly invpcid: boolean;
	/** Present only under tso (as in the run's records). */
	readonly memory_model?: 'tso';
	readonly ablate: readonly Ablation[];
	readonly seed: number | null;
	readonly result: 'pass' | 'fail' | 'skipped';
	readonly steps: number;
	readonly stale: number;
};

/** One expectation's verdict. */
export type SideVerdict = {readonly line: number; readonly expect: string; readonly ok: boolean};

/** A side: its description, its events in step order, its verdicts, and its scenario's lines when known. */
export type Side = {
	readonly info: SideInfo;
	readonly events: readonly DiffEvent[];
	readonly verdicts: readonly SideVerdict[];
	readonly lines: readonly string[] | undefined;
};

/** The side of RESULT, a run of SCENARIO named PATH. */
export function sideOfRun(path: string, scenario: Scenario, result: RunResult): Side {
	return {
		info: {
			file: null,
			scenario: path,
			mode: result.mode,
			invpcid: result.invpcid,
			...(result.memory === 'tso' ? {memory_model: 'tso' as const} : {}),
			ablate: result.ablate,
			seed: result.seed ?? null,
			result: result.result,
			steps: result.steps,
			stale: result.stale,
		},
		events: result.events.map(event => diffEventOf(event)),
		verdicts: result.verdicts.map(verdict => ({line: verdict.line, expect: verdict.text, ok: verdict.ok})),
		lines: scenario.source.body.split('\n'),
	};
}

/** `pcid (A), invpcid on; default order: pass, 26 steps, 0 stale uses (from a.json)` */
export function describeSide(info: SideInfo): string {
	const ablate = info.ablate.length > 0 ? `, ablate ${info.ablate.join(' ')}` : '';
	const order = info.seed === null ? 'default order' : `seed ${info.seed}`;
	const from = info.file === null ? '' : ` (from ${info.file})`;
	return `${info.scenario}, ${describeConfig({...info, memory: info.memory_model})}${ablate}; ${order}: ${info.result}, ${info.steps} steps, ${info.stale} stale use${info.stale === 1 ? '' : 's'}${from}`;
}
