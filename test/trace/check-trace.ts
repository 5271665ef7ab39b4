/**
 * A structural check of a Chrome trace against the published Trace Event Format and
 * the rules viewers rely on: the fields each phase requires (a JSON Schema of the
 * format), per track time never going back and slices nesting, every flow started once
 * and finished once, later, on a slice of its own category that starts exactly there
 * (DevTools binds a flow to the event with its ts, pid, tid and cat; Perfetto to the
 * innermost slice open at ts). Returns the problems found, empty when there are none.
 */
import {readFileSync} from 'node:fs';
import {Ajv2020} from 'ajv/dist/2020.js';
import type {ChromeTrace, TraceEvent} from '../../source/report/chrome-trace.js';

const formatSchema = JSON.parse(readFileSync(new URL('trace-event-format.schema.json', import.meta.url), 'utf8')) as object;
const validateFormat = new Ajv2020({strict: true, strictRequired: false, allErrors: true, allowUnionTypes: true}).compile(formatSchema);

/** The problems of TRACE (parsed from its file). */
export function traceProblems(trace: unknown): string[] {
	if (!validateFormat(trace)) {
		return (validateFormat.errors ?? []).slice(0, 5).map(error => `format: ${error.instancePath} ${error.message ?? ''}`);
	}

	const {traceEvents} = trace as ChromeTrace;
	const problems: string[] = [];
	const tracks = new Map<number, TraceEvent[]>();
	for (const event of traceEvents.filter(event => event.ph !== 'M')) {
		tracks.set(event.tid, [...(tracks.get(event.tid) ?? []), event]);
	}

	for (const [tid, events] of tracks) {
		const stack: TraceEvent[] = [];
		let last = -1;
		for (const event of events) {
			if (event.ts < last) {
				problems.push(`tid ${tid}: ts goes back from ${last} to ${event.ts} at ${event.name}`);
			}

			last = event.ts;
			if (event.ph !== 'X') {
				continue;
			}

			while (stack.length > 0 && stack.at(-1)!.ts + stack.at(-1)!.dur! <= event.ts) {
				stack.pop();
			}

			const parent = stack.at(-1);
			if (parent && event.ts + event.dur! > parent.ts + parent.dur!) {
				problems.push(`tid ${tid}: ${event.name} [${event.ts}, ${event.ts + event.dur!}) overlaps ${parent.name} [${parent.ts}, ${parent.ts + parent.dur!}) without nesting`);
			}

			stack.push(event);
		}
	}

	const starts = traceEvents.filter(event => event.ph === 's');
	const finishes = traceEvents.filter(event => event.ph === 'f');
	const flowIds = new Set(starts.map(event => event.id));
	if (flowIds.size !== starts.length) {
		problems.push('a flow id starts twice');
	}

	for (const start of starts) {
		const ends = finishes.filter(finish => finish.id === start.id && finish.cat === start.cat && finish.name === start.name);
		if (ends.length !== 1) {
			problems.push(`flow ${start.id} has ${ends.length} finishes`);
			continue;
		}

		if (ends[0]!.ts < start.ts) {
			problems.push(`flow ${start.id} finishes before it starts`);
		}

		for (const point of [start, ends[0]!]) {
			const bound = tracks.get(point.tid)?.find(event => event.ph === 'X' && event.ts === point.ts && event.cat === point.cat);
			if (bound === undefined) {
				problems.push(`flow ${point.id} (${point.ph}) binds to no ${point.cat} slice at ts ${point.ts} on tid ${point.tid}`);
			}
		}
	}

	for (const finish of finishes) {
		if (!flowIds.has(finish.id)) {
			problems.push(`flow ${finish.id} finishes without a start`);
		}
	}

	return problems;
}
