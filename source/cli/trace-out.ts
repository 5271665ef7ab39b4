/** `--trace-out FILE`: writing a run's Chrome trace (source/report/chrome-trace.ts). */
import {writeFile} from 'node:fs/promises';
import type {EngineEvent} from '../engine/index.js';
import {chromeTrace, chromeTraceText} from '../report/chrome-trace.js';
import type {RunResult} from '../run/run-scenario.js';
import type {Scenario} from '../scenario/compile.js';
import {UsageError} from './usage-error.js';

/** What the trace's metadata says of a run's configuration. */
export function runConfiguration(result: Pick<RunResult, 'mode' | 'invpcid' | 'ablate' | 'seed'> & {readonly memory?: RunResult['memory']; readonly kernel?: RunResult['kernel']}): Record<string, unknown> {
	// `memory` only under tso, `kernel` only under Linux: FreeBSD sequentially consistent traces stay as they were.
	return {mode: result.mode, invpcid: result.invpcid, ...(result.memory === 'tso' ? {memory: 'tso'} : {}), ablate: result.ablate, seed: result.seed ?? null, ...(result.kernel === 'linux' ? {kernel: 'linux'} : {})};
}

/** Writes the trace of EVENTS of SCENARIO (named PATH on the command line) to FILE. */
export async function writeTrace(file: string, path: string, scenario: Scenario, events: readonly EngineEvent[], configuration: Record<string, unknown>): Promise<void> {
	const trace = chromeTrace({scenario: path, title: scenario.title, cpus: scenario.cpus, source: scenario.source.body, configuration}, events);
	try {
		await writeFile(file, chromeTraceText(trace));
	} catch (error) {
		throw new UsageError(`cannot write the trace ${file}: ${(error as Error).message}`);
	}
}
