/**
 * The IPI lane view: the recent events of a shootdown as a message-sequence chart, what a
 * reviewer sketches on a whiteboard. One lane per CPU that takes part (time going down),
 * smp_targeted_tlb_shootdown's steps on the initiator's lane (the pm_gen stores and the
 * pm_active read of pmap_invalidate_preipi, the scoreboard generation), ipi_send ->
 * invlop_handler arrows, the acks coming back, the invalidations on the targets, and
 * shootdown_done (under Linux: inc_mm_tlb_gen, should_flush_tlb and the csd queue on the
 * initiator's lane, flush_tlb_func on the targets'); under --memory tso, each fence that made buffered stores visible. With more CPUs than lanes fit, the last lane stands for all the others
 * (each row names its CPU), so the chart reads the same at 80x24 with 256 CPUs.
 */
import {formatSet} from '../../engine/cpuset.js';
import type {EngineEvent} from '../../engine/index.js';
import {formatValue} from '../../report/fields.js';
import type {PaneLine} from './line.js';

/** The events the chart draws; the others (TLB lookups, page walks...) stay in the log. */
const laneEvents = new Set<EngineEvent['event']>([
	'shootdown_start',
	'pm_gen_zero',
	'pm_active_read',
	'pm_active_set',
	'pm_active_clear',
	'ipi_send',
	'ipi_handle',
	'ipi_ack',
	'invlpg',
	'invpcid',
	'invltlb_glob',
	'handler_exit',
	'shootdown_done',
	'stale_use',
	'fence',
	// Linux (arch/x86/mm/tlb.c): flush_tlb_mm_range's steps on the initiator, flush_tlb_func on the targets.
	'tlb_gen_inc',
	'mm_cpumask_read',
	'should_flush_tlb',
	'csd_queue',
	'flush_tlb_func',
	'mm_cpumask_set',
	'mm_cpumask_clear',
	'is_lazy',
]);

/** One row of the chart before drawing: an event, or a run of like events folded into one. */
type Row = {readonly event: EngineEvent; readonly count: number; readonly targets: number[]};

/** The narrowest the description column gets before lanes give way to the others lane. */
const minimumDescription = 14;

const page = (va: number | undefined) => (va === undefined ? '' : ` ${formatValue('page', va)}`);

/** What the row says in the description column, in pmap.c's words. */
function describe(row: Row, others: boolean): string {
	const {event} = row;
	const who = others ? `cpu${event.cpu}: ` : '';
	const times = row.count > 1 ? ` ×${row.count}` : '';
	switch (event.event) {
		case 'shootdown_start': {
			return `${who}smp_targeted_tlb_shootdown ${event.ipi} smp_tlb_gen ${event.smp_tlb_gen} to ${formatSet(event.targets)}`;
		}

		case 'pm_gen_zero': {
			return `${who}pm_gen=0${row.count > 1 ? times : ` for cpu${event.target}`} ${event.pmap}`;
		}

		case 'pm_active_read': {
			return `${who}read pm_active ${event.pmap} ${formatSet(event.mask)}`;
		}

		case 'pm_active_set': {
			return `${who}CPU_SET pm_active ${event.pmap}`;
		}

		case 'pm_active_clear': {
			return `${who}CPU_CLR pm_active ${event.pmap}`;
		}

		case 'ipi_send': {
			// A broadcast (ipi_all_but_self) is one event per CPU it reaches, each its own arrow.
			const to = row.targets.map(target => `cpu${target}`).join(',');
			return `${who}IPI ${event.ipi}${page(event.va)} -> ${to}${event.all ? ' (ipi_all_but_self)' : ''}`;
		}

		case 'ipi_handle': {
			return `${who}invlop_handler (from cpu${event.from})`;
		}

		case 'ipi_ack': {
			return `${who}ack -> cpu${event.from}`;
		}

		case 'invlpg': {
			return `${who}invlpg${page(event.va)}${times}`;
		}

		case 'invpcid': {
			return `${who}invpcid ${event.type}${page(event.va)}${times}`;
		}

		case 'invltlb_glob': {
			return `${who}invltlb_glob`;
		}

		case 'handler_exit': {
			return `${who}handler returns`;
		}

		case 'shootdown_done': {
			return `${who}shootdown_done ${event.pmap}`;
		}

		case 'fence': {
			// --memory tso: the fence or locked instruction that made the buffered stores (a pm_gen zero, a PTE) visible.
			return `${who}${event.instr} in ${event.by}: ${event.drained} store${event.drained === 1 ? '' : 's'} to memory`;
		}

		case 'tlb_gen_inc': {
			return `${who}inc_mm_tlb_gen ${event.mm}: tlb_gen ${event.tlb_gen}`;
		}

		case 'mm_cpumask_read': {
			return `${who}read mm_cpumask ${event.mm} ${formatSet(event.mask)}`;
		}

		case 'should_flush_tlb': {
			return `${who}should_flush_tlb cpu${event.to}: ${event.result ? 'yes' : 'skip'} (${event.reason})`;
		}

		case 'csd_queue': {
			return `${who}queue ${event.func} on cpu${event.to}${event.ipi ? '' : ' (no IPI: queue not empty)'}`;
		}

		case 'flush_tlb_func': {
			return `${who}flush_tlb_func ${event.mm}: ${event.flush}`;
		}

		case 'mm_cpumask_set': {
			return `${who}cpumask_set_cpu mm_cpumask ${event.mm}`;
		}

		case 'mm_cpumask_clear': {
			return `${who}cpumask_clear_cpu mm_cpumask ${event.mm}`;
		}

		case 'is_lazy': {
			return `${who}is_lazy = ${event.value}`;
		}

		case 'stale_use': {
			return `${who}STALE${page(event.va)} (${event.pmap})`;
		}

		default: {
			return `${who}${event.event}${times}`;
		}
	}
}

/** Folds runs of one CPU's like events in one step (pm_gen=0 for 255 CPUs, one invlpg per page). */
function rows(events: readonly EngineEvent[]): Row[] {
	const out: Row[] = [];
	for (const event of events) {
		// A fence that drained nothing (most MOV to CR3s, most interrupts) says nothing here.
		if (!laneEvents.has(event.event) || (event.event === 'fence' && event.drained === 0)) {
			continue;
		}

		const last = out.at(-1);
		const foldable = event.event === 'pm_gen_zero' || event.event === 'invlpg' || event.event === 'ipi_send';
		if (last && foldable && last.event.event === event.event && last.event.cpu === event.cpu && last.event.step === event.step) {
			out[out.length - 1] = {event: last.event, count: last.count + 1, targets: event.event === 'ipi_send' ? [...last.targets, event.to] : last.targets};
			continue;
		}

		out.push({event, count: 1, targets: event.event === 'ipi_send' ? [event.to] : []});
	}

	return out;
}

/** The CPUs whose lanes are drawn, in order, and whether a last lane stands for the rest. */
function chooseLanes(drawn: readonly Row[], room: number): {lanes: number[]; others: boolean} {
	const weight = new Map<number, number>();
	const initiators = new Set<number>();
	const bump = (cpu: number, by = 1) => weight.set(cpu, (weight.get(cpu) ?? 0) + by);
	for (const {event, targets} of drawn) {
		bump(event.cpu);
		if (event.event === 'shootdown_start' || event.event === 'tlb_gen_inc') {
			initiators.add(event.cpu);
		}

		for (const target of targets) {
			bump(target);
		}

		if (event.event === 'ipi_handle' || event.event === 'ipi_ack') {
			bump(event.from);
		}

		// Linux: a CPU should_flush_tlb skipped (lazy) gets its lane too, to show it was skipped.
		if (event.event === 'should_flush_tlb' || event.event === 'csd_queue') {
			bump(event.to);
		}
	}

	const all = [...weight.keys()];
	if (all.length <= room) {
		return {lanes: all.sort((a, b) => a - b), others: false};
	}

	// Initiators first, then the CPUs with the most to show; the last lane is the others.
	const ranked = all.sort((a, b) => Number(initiators.has(b)) - Number(initiators.has(a)) || weight.get(b)! - weight.get(a)! || a - b);
	return {lanes: ranked.slice(0, Math.max(1, room - 1)).sort((a, b) => a - b), others: true};
}

/** LANES lane axes of WIDTH columns each, as characters to draw into. */
const axes = (count: number, width: number): string[] => Array.from({length: count * width}, (_, index) => (index % width === 0 ? '│' : ' '));

/** Writes TEXT into CELLS from AT. */
function write(cells: string[], at: number, text: string): void {
	for (const [index, character] of [...text].entries()) {
		if (at + index < cells.length) {
			cells[at + index] = character;
		}
	}
}

/** An arrow from lane FROM to lane TO (undefined: to every lane after, for IPIs to several lanes) in lanes of WIDTH. */
function arrow(cells: string[], from: number, to: number | undefined, width: number, dash: string): void {
	const start = from * width;
	const right = to === undefined || to > from;
	const end = to === undefined ? cells.length : to * width;
	const [low, high] = right ? [start, end] : [end, start];
	for (let index = low + 1; index < high; index++) {
		cells[index] = dash;
	}

	cells[start] = '●';
	if (right) {
		cells[high - 1] = '▶';
	} else {
		cells[low + 1] = '◀';
	}
}

/** The chart's lines for WIDTH columns: a sticky first line naming the lanes, then one row per event; rows of CURRENT (the step just taken) highlighted. */
export function laneLines(events: readonly EngineEvent[], current: number | undefined, width: number): PaneLine[] {
	const drawn = rows(events);
	if (drawn.length === 0) {
		return [{text: 'No shootdown or pm_active change in the recent events.', accent: 'dim'}];
	}

	const stepWidth = Math.max(4, String(drawn.at(-1)!.event.step).length);
	const highest = Math.max(...drawn.map(row => Math.max(row.event.cpu, ...row.targets)));
	const laneWidth = `cpu${highest}`.length + 1;
	// The step column, a space, the lanes, a space, the description.
	const room = Math.max(2, Math.floor((width - stepWidth - 2 - minimumDescription) / laneWidth));
	const {lanes, others} = chooseLanes(drawn, room);
	const count = lanes.length + (others ? 1 : 0);
	const laneOf = (cpu: number) => {
		const index = lanes.indexOf(cpu);
		return index >= 0 ? index : others ? lanes.length : undefined;
	};

	const header = axes(count, laneWidth).map(() => ' ');
	for (const [index, cpu] of lanes.entries()) {
		write(header, index * laneWidth, `cpu${cpu}`);
	}

	if (others) {
		write(header, lanes.length * laneWidth, '+');
	}

	const hidden = others ? ` (+: ${countOthers(drawn, lanes)} more CPUs)` : '';
	const lines: PaneLine[] = [{text: `${'step'.padStart(stepWidth)} ${header.join('')}${hidden}`.trimEnd(), accent: 'title'}];
	for (const row of drawn) {
		const {event} = row;
		const lane = laneOf(event.cpu)!;
		const cells = axes(count, laneWidth);
		const onOthers = others && lane === lanes.length;
		if (event.event === 'ipi_send') {
			const targets = [...new Set(row.targets.map(target => laneOf(target)!))];
			const to = targets.length !== 1 || targets[0] === lane ? undefined : targets[0];
			arrow(cells, lane, to, laneWidth, '─');
		} else if (event.event === 'ipi_ack') {
			const to = laneOf(event.from)!;
			arrow(cells, lane, to === lane ? undefined : to, laneWidth, '┄');
		} else {
			cells[lane * laneWidth] = event.event === 'stale_use' ? '✗' : '●';
		}

		const accent = event.event === 'stale_use' ? 'stale' : event.step === current ? 'current' : undefined;
		lines.push({text: `${String(event.step).padStart(stepWidth)} ${cells.join('')} ${describe(row, onOthers)}`, accent, changed: event.step === current});
	}

	return lines;
}

/** How many CPUs the others lane stands for. */
function countOthers(drawn: readonly Row[], lanes: readonly number[]): number {
	const cpus = new Set<number>();
	for (const {event, targets} of drawn) {
		for (const cpu of [event.cpu, ...targets]) {
			if (!lanes.includes(cpu)) {
				cpus.add(cpu);
			}
		}
	}

	return cpus.size;
}
