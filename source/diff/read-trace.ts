/**
 * Reading a side of `pmapdbg diff` from a file `run --json` wrote: format-1 records of
 * one run (its events, its expectations, its result line). Anything else is refused
 * with the file and line, as bad input (exit 2).
 */
import {eventNames} from '../engine/index.js';
import {FORMAT_VERSION} from '../report/records.js';
import {diffEvent, type DiffEvent} from './diff-event.js';
import type {Side, SideInfo, SideVerdict} from './side.js';

/** A problem with the file, at LINE (1-based). */
export class TraceFileError extends Error {}

const isWhole = (value: unknown) => typeof value === 'number' && Number.isInteger(value) && value >= 0;

/** The side held by TEXT, the contents of FILE; LINES reads the scenario's text, if it can. */
export function readTrace(file: string, text: string, lines: (scenario: string) => readonly string[] | undefined): Side {
	const events: DiffEvent[] = [];
	const verdicts: SideVerdict[] = [];
	let info: SideInfo | undefined;
	const fail = (line: number, message: string) => new TraceFileError(`${file}:${line}: ${message}`);
	for (const [index, raw] of text.split('\n').entries()) {
		const number = index + 1;
		if (raw.trim() === '') {
			continue;
		}

		let record: Record<string, unknown>;
		try {
			record = JSON.parse(raw) as Record<string, unknown>;
		} catch (error) {
			throw fail(number, `not JSON (${(error as Error).message}); diff reads what pmapdbg run --json writes`);
		}

		if (typeof record !== 'object' || record === null || record['format'] !== FORMAT_VERSION) {
			throw fail(number, `not a format-${FORMAT_VERSION} pmapdbg record; diff reads what pmapdbg run --json writes`);
		}

		if (info !== undefined) {
			throw fail(number, 'a second run: the file holds several (--mode all or several scenarios); diff compares one run with one, so write each with one configuration');
		}

		switch (record['record']) {
			case 'event': {
				if (!isWhole(record['step']) || !isWhole(record['cpu']) || !isWhole(record['line']) || !(eventNames as readonly unknown[]).includes(record['event'])) {
					throw fail(number, 'an event record needs a step, a cpu, a line and a known event');
				}

				events.push(diffEvent(record));
				break;
			}

			case 'expect': {
				verdicts.push({line: record['line'] as number, expect: String(record['expect']), ok: record['ok'] === true});
				break;
			}

			case 'result': {
				const body = record as unknown as Omit<SideInfo, 'file'>;
				info = {file, scenario: body.scenario, mode: body.mode, invpcid: body.invpcid, ...(body.memory_model === 'tso' ? {memory_model: 'tso' as const} : {}), ablate: body.ablate, seed: body.seed, result: body.result, steps: body.steps, stale: body.stale};
				break;
			}

			default: {
				throw fail(number, `a ${String(record['record'])} record; diff reads what pmapdbg run --json writes`);
			}
		}
	}

	if (info === undefined) {
		throw new TraceFileError(`${file}: no result line (the last line run --json writes); was the file cut short?`);
	}

	return {info, events, verdicts, lines: lines(info.scenario)};
}
