/**
 * The readable trace: one event a line in aligned columns (step, cpu, line, event,
 * fields), stale uses marked so that they stand out.
 */
import type {EngineEvent} from '../engine/index.js';
import {fieldText} from './fields.js';

/** Column widths chosen for scenarios of up to 256 CPUs and a million steps. */
const STEP_WIDTH = 7;
const CPU_WIDTH = 6;
const LINE_WIDTH = 5;
const EVENT_WIDTH = 16;

/** The header line of a trace. */
export function traceHeader(): string {
	return `${'step'.padStart(STEP_WIDTH)}  ${'cpu'.padEnd(CPU_WIDTH)}${'line'.padStart(LINE_WIDTH)}  ${'event'.padEnd(EVENT_WIDTH)}  fields`;
}

/** One event as a trace line. */
export function traceLine(event: EngineEvent): string {
	const fields = fieldText(event);
	const marker = event.event === 'stale_use' ? '  <<< STALE USE' : '';
	const step = String(event.step).padStart(STEP_WIDTH);
	const cpu = `cpu${event.cpu}`.padEnd(CPU_WIDTH);
	const line = String(event.line).padStart(LINE_WIDTH);
	return `${step}  ${cpu}${line}  ${event.event.padEnd(EVENT_WIDTH)}  ${fields}${marker}`.trimEnd();
}
