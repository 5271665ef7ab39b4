/**
 * A run as a Chrome Trace Event Format file (the JSON object format), for Perfetto
 * (ui.perfetto.dev) and chrome://tracing: one track per CPU; each statement a slice
 * over its micro-operations; each event a short slice with its fields in `args`; each
 * invlop_handler run and each shootdown (shootdown_start to shootdown_done) a slice;
 * each IPI a flow arrow from its ipi_send to the interrupt that took it; stale uses as
 * marked instants. Time is the step number: 1 step = 1 ms (ts = 1000 x step µs),
 * shared equally by the events one step reports.
 */
import type {EngineEvent, EventName} from '../engine/index.js';
import {jsonFields} from './fields.js';

/** Microseconds of trace time per step. */
export const STEP_US = 1000;

/** One entry of `traceEvents` (the fields the format defines that pmapdbg uses). */
export type TraceEvent = {
	readonly name: string;
	readonly ph: 'X' | 'i' | 's' | 'f' | 'M';
	readonly pid: number;
	readonly tid: number;
	readonly ts: number;
	readonly cat?: string;
	readonly dur?: number;
	readonly s?: 't';
	readonly id?: number;
	readonly bp?: 'e';
	readonly cname?: string;
	readonly args?: Readonly<Record<string, unknown>>;
};

/** The file: the JSON object format. */
export type ChromeTrace = {
	readonly traceEvents: readonly TraceEvent[];
	readonly displayTimeUnit: 'ms';
	readonly metadata: Readonly<Record<string, unknown>>;
};

/** What the file says about the run it shows. */
export type TraceSubject = {
	readonly scenario: string;
	readonly title: string;
	readonly cpus: number;
	/** The scenario's text, for naming statement slices by their source. */
	readonly source: string;
	readonly configuration: Readonly<Record<string, unknown>>;
};

const PID = 1;

/**
 * The track of CPU n. Perfetto's UI merged tid 0 into tid 1 until 2025 (perfetto pull
 * request 2278), so tracks are numbered from 1; their names say the CPU.
 */
export function tidOf(cpu: number): number {
	return cpu + 1;
}

/** Each event's category: Perfetto and DevTools filter and colour by it. */
const categories: Readonly<Record<EventName, string>> = {
	pte_store: 'pte',
	pm_active_set: 'pmap',
	pm_active_clear: 'pmap',
	pm_active_read: 'pmap',
	pm_gen_zero: 'pmap',
	pcid_alloc: 'pcid',
	pcid_rollover: 'pcid',
	cr3_load: 'cr3',
	ucr3_mask: 'cr3',
	invlpg: 'flush',
	invpcid: 'flush',
	invltlb_glob: 'flush',
	ipi_send: 'ipi',
	ipi_handle: 'ipi',
	ipi_ack: 'ipi',
	shootdown_done: 'shootdown',
	tlb_hit: 'tlb',
	tlb_miss: 'tlb',
	tlb_fill: 'tlb',
	page_fault: 'tlb',
	stale_use: 'stale',
	mode_switch: 'cpu',
	context_switch: 'pmap',
	curpmap_set: 'pmap',
	shootdown_start: 'shootdown',
	handler_exit: 'ipi',
	pmap_pinit: 'pmap',
	sb_store: 'memory',
	sb_flush: 'memory',
	fence: 'memory',
	pm_gen_read: 'pcid',
	mem_store: 'memory',
	mem_load: 'memory',
	loaded_mm: 'mm',
	is_lazy: 'mm',
	mm_cpumask_set: 'mm',
	mm_cpumask_clear: 'mm',
	mm_cpumask_read: 'mm',
	tlb_gen_inc: 'mm',
	choose_new_asid: 'pcid',
	ctxs_set: 'pcid',
	invalidate_user_asid: 'cr3',
	invalidate_other: 'pcid',
	should_flush_tlb: 'ipi',
	csd_queue: 'ipi',
	flush_tlb_func: 'flush',
	init_new_context: 'mm',
};

/** An event placed on the timeline. */
type Placed = {readonly event: EngineEvent; readonly ts: number; readonly end: number};

/** The events of one CPU, each given its share of its step. */
function place(events: readonly EngineEvent[]): Placed[] {
	const out: Placed[] = [];
	for (let start = 0; start < events.length; ) {
		let end = start;
		while (end < events.length && events[end]!.step === events[start]!.step) {
			end++;
		}

		const base = events[start]!.step * STEP_US;
		const count = end - start;
		for (let k = 0; k < count; k++) {
			out.push({event: events[start + k]!, ts: base + Math.floor((STEP_US * k) / count), end: base + Math.floor((STEP_US * (k + 1)) / count)});
		}

		start = end;
	}

	return out;
}

/** A statement's text as its slice's name: `line 21: remove P 0x400000`. */
function statementName(lines: readonly string[], line: number): string {
	const text = (lines[line - 1] ?? '').replace(/#.*/, '').replace(/^\s*cpu\d+:\s*/, '').trim();
	return text === '' ? `line ${line}` : `line ${line}: ${text}`;
}

/** Sort rank at equal ts on one track: enclosing slices first, flows right after the slice they bind to. */
type Ranked = {readonly event: TraceEvent; readonly rank: number};

/** The slices and instants of one CPU's track, its IPI sends, and the interrupts it took. */
function track(cpu: number, events: readonly EngineEvent[], lines: readonly string[]): {ranked: Ranked[]; sends: Placed[]; deliveries: Placed[]} {
	const tid = tidOf(cpu);
	const ranked: Ranked[] = [];
	const sends: Placed[] = [];
	const deliveries: Placed[] = [];
	const slice = (rank: number, name: string, cat: string, ts: number, end: number, args: Record<string, unknown>, cname?: string) => {
		ranked.push({rank, event: {name, cat, ph: 'X', pid: PID, tid, ts, dur: end - ts, args, ...(cname ? {cname} : {})}});
	};

	const placed = place(events);
	const statements = new Map<number, {ts: number; end: number}>();
	let handler: {ts: number; end: number; requests: string[]} | undefined;
	let shootdown: {ts: number; line: number; args: Record<string, unknown>} | undefined;
	const closeShootdown = (end: number) => {
		slice(2, `shootdown ${String(shootdown!.args['pmap'])} ${String(shootdown!.args['ipi'])}`, 'shootdown', shootdown!.ts, end, shootdown!.args);
		shootdown = undefined;
	};

	for (let index = 0; index < placed.length; ) {
		// A step at a time: an interrupt's handler runs whole steps, from the one that
		// takes the interrupt (with the kernel entry) to the one of handler_exit.
		let next = index;
		while (next < placed.length && placed[next]!.event.step === placed[index]!.event.step) {
			next++;
		}

		const step = placed.slice(index, next);
		const stepStart = step[0]!.ts;
		const stepEnd = step.at(-1)!.end;
		const inHandler = handler !== undefined || step.some(({event}) => event.event === 'ipi_handle' || event.event === 'handler_exit');
		for (const item of step) {
			const {event, ts, end} = item;
			const {step: stepNumber, line} = event;
			const stale = event.event === 'stale_use';
			slice(3, event.event, categories[event.event], ts, end, {step: stepNumber, line, ...jsonFields(event)}, stale ? 'terrible' : undefined);
			if (stale) {
				ranked.push({rank: 4, event: {name: 'STALE USE', cat: 'stale', ph: 'i', s: 't', pid: PID, tid, ts, cname: 'terrible', args: {step: stepNumber, line, ...jsonFields(event)}}});
			}

			if (event.event === 'ipi_send') {
				sends.push(item);
			}

			if ((event.event === 'ipi_handle' || event.event === 'handler_exit') && handler === undefined) {
				// The interrupt is taken: the IPIs sent to this CPU so far end here.
				deliveries.push(item);
				handler = {ts: stepStart, end: stepEnd, requests: []};
			}

			if (event.event === 'ipi_handle') {
				handler!.requests.push(`cpu${event.from} line ${line}`);
			}

			if (inHandler) {
				continue;
			}

			const statement = statements.get(line);
			statements.set(line, {ts: statement?.ts ?? ts, end});
			if (event.event === 'shootdown_start') {
				if (shootdown) {
					closeShootdown(ts);
				}

				shootdown = {ts, line, args: {step: stepNumber, line, ...jsonFields(event)}};
			} else if (event.event === 'shootdown_done' && shootdown) {
				closeShootdown(end);
			}
		}

		if (inHandler) {
			handler ??= {ts: stepStart, end: stepEnd, requests: []};
			handler.end = stepEnd;
			if (step.some(({event}) => event.event === 'handler_exit')) {
				slice(1, 'invlop_handler', 'handler', handler.ts, handler.end, {requests: handler.requests});
				handler = undefined;
			}
		}

		index = next;
	}

	if (handler) {
		slice(1, 'invlop_handler', 'handler', handler.ts, handler.end, {requests: handler.requests, unfinished: true});
	}

	if (shootdown) {
		// Cut short (an export before it finished, or a deadlock): it ends with its statement.
		closeShootdown(statements.get(shootdown.line)!.end);
	}

	for (const [line, {ts, end}] of statements) {
		slice(0, statementName(lines, line), 'statement', ts, end, {line});
	}

	return {ranked, sends, deliveries};
}

/**
 * The flow arrows: an IPI sent at step s is taken by the target's first interrupt
 * after s (the LAPIC's pending bit: a send while one is pending coalesces, and one
 * taken while the handler runs waits for it to return). The arrow ends at that
 * interrupt's first ipi_handle, or at its handler_exit when an earlier scan already
 * took every request (invlop_handler takes any initiator's published request, also
 * one whose IPI is still on its way).
 */
function flows(sends: readonly Placed[], deliveries: ReadonlyMap<number, readonly Placed[]>): Ranked[] {
	const out: Ranked[] = [];
	let id = 0;
	for (const send of [...sends].sort((a, b) => a.ts - b.ts)) {
		const target = (send.event as Extract<EngineEvent, {event: 'ipi_send'}>).to;
		const taken = deliveries.get(target)?.find(delivery => delivery.event.step > send.event.step);
		if (taken === undefined) {
			continue;
		}

		id++;
		const args = {from: send.event.cpu, to: target, ipi: (send.event as Extract<EngineEvent, {event: 'ipi_send'}>).ipi};
		out.push(
			{rank: 5, event: {name: 'IPI', cat: 'ipi', ph: 's', pid: PID, tid: tidOf(send.event.cpu), ts: send.ts, id, args}},
			{rank: 5, event: {name: 'IPI', cat: 'ipi', ph: 'f', bp: 'e', pid: PID, tid: tidOf(target), ts: taken.ts, id, args}},
		);
	}

	return out;
}

/** The Chrome trace of EVENTS (in step order) of SUBJECT. */
export function chromeTrace(subject: TraceSubject, events: readonly EngineEvent[]): ChromeTrace {
	const lines = subject.source.split('\n');
	const byCpu = new Map<number, EngineEvent[]>();
	for (const event of events) {
		const own = byCpu.get(event.cpu);
		if (own === undefined) {
			byCpu.set(event.cpu, [event]);
		} else {
			own.push(event);
		}
	}

	const ranked: Ranked[] = [];
	const sends: Placed[] = [];
	const deliveries = new Map<number, Placed[]>();
	for (const [cpu, own] of [...byCpu].sort(([a], [b]) => a - b)) {
		const result = track(cpu, own, lines);
		ranked.push(...result.ranked);
		sends.push(...result.sends);
		deliveries.set(cpu, result.deliveries);
	}

	ranked.push(...flows(sends, deliveries));
	// Time order; at one time, by track, then enclosing slices before what they enclose
	// (longer first), the flow right after the slice it binds to.
	ranked.sort((a, b) => a.event.ts - b.event.ts || a.event.tid - b.event.tid || a.rank - b.rank || (b.event.dur ?? 0) - (a.event.dur ?? 0));
	const metadataEvents: TraceEvent[] = [
		{name: 'process_name', ph: 'M', pid: PID, tid: tidOf(0), ts: 0, args: {name: `pmapdbg ${subject.scenario}`}},
		{name: 'process_labels', ph: 'M', pid: PID, tid: tidOf(0), ts: 0, args: {labels: subject.title}},
		...Array.from({length: subject.cpus}, (_, cpu) => [
			{name: 'thread_name', ph: 'M', pid: PID, tid: tidOf(cpu), ts: 0, args: {name: `cpu${cpu}`}} as const,
			{name: 'thread_sort_index', ph: 'M', pid: PID, tid: tidOf(cpu), ts: 0, args: {sort_index: cpu}} as const,
		]).flat(),
	];
	return {
		traceEvents: [...metadataEvents, ...ranked.map(({event}) => event)],
		displayTimeUnit: 'ms',
		metadata: {
			tool: 'pmapdbg',
			scenario: subject.scenario,
			title: subject.title,
			...subject.configuration,
			'time-unit': '1 step = 1 ms: ts = 1000 x step (µs); the events of one step share it equally',
		},
	};
}

/** The file's text: one trace event a line, so that it diffs and greps well. */
export function chromeTraceText(trace: ChromeTrace): string {
	const events = trace.traceEvents.map(event => JSON.stringify(event)).join(',\n');
	return `{"displayTimeUnit":"ms","metadata":${JSON.stringify(trace.metadata)},"traceEvents":[\n${events}\n]}\n`;
}
