/**
 * The text of every pane, as pure functions of the session's state and the state at the
 * previous stop (for "what changed" highlighting). The Ink components only draw these.
 */
import {entryStatus, formatAddress, formatSet, maskName, operationOf, PMAP_PCID_NONE, tableName, unreachableWords, type CpuState, type MachineState, type PmapState, type TlbEntry} from '../../engine/index.js';
import {findPte} from '../../engine/pte-table.js';
import {valueText, wordText} from '../../engine/memory/words.js';
import {fieldText} from '../../report/fields.js';
import {entryFlags, pteFlags} from '../../report/pte-flags.js';
import type {EngineEvent} from '../../engine/index.js';
import {splitLines} from '../../scenario/source.js';
import type {PaneLine} from './line.js';
import {linuxCpuDetail, linuxCpuSummary, linuxIpiLines, linuxMmTitle} from './linux-panes.js';

const hex = (value: number) => '0x' + value.toString(16);

/** How an `expect` line stands, for the Source gutter. */
export type ExpectMark = 'ok' | 'failed';

/**
 * Source pane: the scenario with the current line, breakpoints, each CPU's position,
 * and a ✓ or ✗ after the number of each `expect` line the execution has passed.
 */
export function sourceLines(body: string, current: number | undefined, breakpointLines: ReadonlySet<number>, cpuLines: ReadonlyMap<number, number[]>, expects: ReadonlyMap<number, ExpectMark> = new Map()): PaneLine[] {
	return splitLines(body).map((text, index) => {
		const line = index + 1;
		const mark = breakpointLines.has(line) ? 'B' : ' ';
		const arrow = line === current ? '>' : ' ';
		const cpus = cpuLines.get(line);
		const where = cpus ? `  « ${cpus.map(cpu => `cpu${cpu}`).join(' ')}` : '';
		// Tabs widen in a pane whose width is counted in characters: two spaces instead.
		// Control characters are made visible where every pane line is drawn (fit).
		const clean = text.replace(/\t/g, '  ');
		const expect = expects.get(line);
		const glyph = expect === 'ok' ? '✓' : expect === 'failed' ? '✗' : ' ';
		const accent = line === current ? 'current' : expect === 'failed' ? 'error' : expect === 'ok' ? 'ok' : undefined;
		return {text: `${mark}${arrow}${String(line).padStart(3)}${glyph}${clean}${where}`, accent};
	});
}

function cr3Text(state: MachineState, cpu: CpuState): string {
	const pcid = state.config.pcid ? ` pcid ${hex(cpu.cr3.pcid)}` : '';
	return `${state.pmaps[cpu.cr3.pmap]!.name}/${tableName(cpu.cr3.table)}${pcid}`;
}

function cpuSummary(state: MachineState, cpu: CpuState): string {
	if (state.config.kernel === 'linux') {
		return linuxCpuSummary(state, cpu, cr3Text(state, cpu));
	}

	const parts = [
		`cpu${cpu.id}`,
		cpu.mode === 'user' ? 'user  ' : 'kernel',
		`curpmap ${state.pmaps[cpu.curpmap]!.name}`,
		`cr3 ${cr3Text(state, cpu)}`,
		cpu.irqOff === 0 ? 'IF' : 'if-off',
	];
	if (cpu.ipiPending) {
		parts.push('IPI!');
	}

	return parts.join(' ');
}

function cpuDetail(state: MachineState, cpu: CpuState): string {
	if (state.config.kernel === 'linux') {
		return linuxCpuDetail(state, cpu);
	}

	const parts: string[] = [];
	if (state.config.pcid) {
		parts.push(`pcid_next ${hex(cpu.pcidNext)} pcid_gen ${cpu.pcidGen}`);
	}

	if (state.config.pti) {
		parts.push(`ucr3_load_mask ${maskName(cpu.ucr3Mask)}`);
	}

	const frame = cpu.stack.at(-1);
	parts.push(frame === undefined ? 'idle' : operationOf(frame).label(frame));
	return '  ' + parts.join(' · ');
}

/** `  store buffer: pte(P,0x400000)=none, P.pm_pcidp[1].pm_gen=0` (oldest first; under tso only). */
function bufferText(state: MachineState, cpu: CpuState): string {
	const name = (pmap: number) => state.pmaps[pmap]!.name;
	const entries = cpu.sb.map(entry => `${wordText(entry, cpu.id, name)}=${valueText(entry, name)}`);
	return `  store buffer: ${entries.length === 0 ? 'empty' : entries.join(', ')}`;
}

/** CPUs pane: mode, curpmap, CR3 and PCID, pcid_next/gen, ucr3_load_mask, interrupts; under tso each store buffer. */
export function cpuLines(state: MachineState, previous: MachineState | undefined): PaneLine[] {
	const lines: PaneLine[] = [];
	for (const cpu of state.cpus) {
		const before = previous?.cpus[cpu.id];
		const summary = cpuSummary(state, cpu);
		const detail = cpuDetail(state, cpu);
		lines.push({text: summary, changed: before !== undefined && before !== cpu && cpuSummary(previous!, before) !== summary});
		lines.push({text: detail, changed: before !== undefined && before !== cpu && cpuDetail(previous!, before) !== detail, accent: 'dim'});
		if (state.config.memory === 'tso') {
			const buffer = bufferText(state, cpu);
			lines.push({text: buffer, changed: before !== undefined && before.sb !== cpu.sb && bufferText(previous!, before) !== buffer, accent: cpu.sb.length === 0 ? 'dim' : undefined});
		}
	}

	return lines;
}

const statusMarks = {current: [' ', ''], obsolete: ['~', ' obsolete'], stale: ['!', ' STALE'], unreachable: ['·', ' unreachable']} as const;

function entryText(state: MachineState, cpu: CpuState, entry: TlbEntry): {text: string; accent: PaneLine['accent']} {
	const {status, reach} = entryStatus(state, cpu, entry);
	const [mark, word] = statusMarks[status];
	const reason = reach.reachable ? '' : ` (${unreachableWords(reach.why)})`;
	const owner = state.pmaps[entry.owner]!.name;
	return {
		text: `${mark} ${hex(entry.pcid).padEnd(5)} ${formatAddress(entry.vpn)} -> ${formatAddress(entry.pfn)} ${entry.perms}${entryFlags(entry)} ${owner}/${tableName(entry.table)}${word}${reason}`,
		accent: status === 'stale' ? 'stale' : status === 'unreachable' ? 'dim' : undefined,
	};
}

/** TLBs pane: per CPU, every entry with PCID, VA -> PA, perms, global, origin; stale marked. */
export function tlbLines(state: MachineState, previous: MachineState | undefined): PaneLine[] {
	const lines: PaneLine[] = [];
	for (const cpu of state.cpus) {
		const before = previous?.cpus[cpu.id]?.tlb;
		lines.push({text: `cpu${cpu.id} (${cpu.tlb.length})`, accent: 'title', changed: before !== undefined && before !== cpu.tlb});
		for (const entry of cpu.tlb) {
			const {text, accent} = entryText(state, cpu, entry);
			lines.push({text, changed: before !== undefined && !before.includes(entry), accent});
		}
	}

	return lines;
}

/** A pmap's pm_pcid/pm_gen on each CPU: `cpu0 0x2/1 cpu1 -/0` (- is PMAP_PCID_NONE). */
function pcidRecords(pmap: PmapState): string {
	return pmap.pcids.map((record, cpu) => `cpu${cpu} ${record.pcid === PMAP_PCID_NONE ? '-' : hex(record.pcid)}/${record.gen}`).join(' ');
}

/** Address-space pane: FreeBSD's pmaps (pm_active, per-CPU pm_pcid/pm_gen) or Linux's mms (mm_cpumask, ctx_id, tlb_gen), and the page tables. */
export function pmapLines(state: MachineState, previous: MachineState | undefined): PaneLine[] {
	const lines: PaneLine[] = [];
	for (const pmap of state.pmaps) {
		if (pmap.id === 1) {
			continue;
		}

		const before = previous?.pmaps[pmap.id];
		const active = pmap.id === 0 ? 'all' : formatSet(pmap.active);
		const linux = state.config.kernel === 'linux';
		// Linux: the address space's mm_cpumask and mm->context (the kernel's page tables have neither).
		const title = linux
			? pmap.id === 0 ? 'kernel (init_mm\'s page tables, on every CPU)' : linuxMmTitle(pmap.name, pmap.hasUpt, pmap.active, pmap.mm)
			: `${pmap.name}${pmap.hasUpt ? ' (kpt+upt)' : ''} pm_active ${active}`;
		lines.push({text: title, accent: 'title', changed: before !== undefined && (before.active !== pmap.active || before.mm !== pmap.mm)});
		if (!linux && state.config.pcid && pmap.id !== 0) {
			lines.push({text: `  pm_pcid/pm_gen ${pcidRecords(pmap)}`, changed: before !== undefined && before.pcids !== pmap.pcids});
		}

		for (const pte of pmap.ptes) {
			const old = before === undefined ? pte : findPte(before.ptes, pte.vpn);
			const text = pte.valid
				? `  ${formatAddress(pte.vpn).padEnd(19)}->${formatAddress(pte.pfn).padEnd(8)}${pte.perms}${pteFlags(pte)}`
				: `  ${formatAddress(pte.vpn).padEnd(19)}  (none)`;
			lines.push({text, changed: old !== pte && (old === undefined || old.version !== pte.version || old.valid !== pte.valid)});
		}
	}

	return lines;
}

/** IPIs pane: pending interrupts, scoreboard zero slots, requests in flight. */
export function ipiLines(state: MachineState): PaneLine[] {
	if (state.config.kernel === 'linux') {
		return linuxIpiLines(state);
	}

	const lines: PaneLine[] = [];
	for (const cpu of state.cpus) {
		if (cpu.ipiPending) {
			lines.push({text: `cpu${cpu.id}: IPI_INVLOP pending${cpu.irqOff > 0 ? ' (masked)' : ''}`});
		}

		if (cpu.pendingFrom.length > 0) {
			lines.push({text: `cpu${cpu.id}: slot 0 for ${cpu.pendingFrom.map(from => `cpu${from}`).join(', ')}`});
		}

		if (cpu.unacked > 0 && cpu.request) {
			lines.push({text: `cpu${cpu.id} waits: ${cpu.request.op} ${state.pmaps[cpu.request.pmap]!.name} smp_tlb_gen ${cpu.tlbGen}, ${cpu.unacked} unacked`, accent: 'title'});
		}
	}

	return lines.length > 0 ? lines : [{text: 'nothing in flight', accent: 'dim'}];
}

/** The recent events that pass FILTER, in the order the event log lists them. */
export function filteredEvents(model: {recentEvents(): EngineEvent[]}, filter: string): EngineEvent[] {
	return model.recentEvents().filter(event => filter === '' || eventText(event).includes(filter));
}

/** An event as the log shows it. */
function eventText(event: EngineEvent): string {
	const fields = fieldText(event);
	return `${String(event.step).padStart(4)} cpu${event.cpu} L${event.line} ${event.event} ${fields}`.trimEnd();
}

/** Event log pane: recent events, the last step's highlighted. */
export function eventLines(events: readonly EngineEvent[], currentStep: number | undefined, filter: string): PaneLine[] {
	return events
		.map(event => {
			const text = eventText(event);
			return {text, changed: event.step === currentStep, accent: event.event === 'stale_use' ? ('stale' as const) : undefined};
		})
		.filter(line => filter === '' || line.text.includes(filter));
}
