/** `info tlb|pmap|cpu|ipis`: the machine state as a debugger user reads it. */
import {valueText, wordText} from '../engine/memory/words.js';
import {linuxCpuDetail, linuxCpuSummary, linuxIpiLines, linuxMmTitle} from '../ui/view/linux-panes.js';
import {entryStatus, formatAddress, formatSet, maskName, PMAP_PCID_NONE, tableName, unreachableWords, type CpuState, type Cr3, type MachineState} from '../engine/index.js';
import {entryFlags, pteFlags} from '../report/pte-flags.js';

const hex = (value: number) => '0x' + value.toString(16);

/** `info tlb [cpuN]`: every entry, with where it came from and whether it is stale. */
export function infoTlb(state: MachineState, cpus: readonly number[]): string[] {
	const lines: string[] = [];
	for (const id of cpus) {
		const cpu = state.cpus[id]!;
		lines.push(`cpu${id}: ${cpu.tlb.length} entr${cpu.tlb.length === 1 ? 'y' : 'ies'} (current pcid ${hex(cpu.cr3.pcid)})`);
		for (const entry of cpu.tlb) {
			const {status, reach} = entryStatus(state, cpu, entry);
			const mark = status === 'current' ? '' : `  ${status === 'stale' ? 'STALE' : status}${reach.reachable ? '' : ` (${unreachableWords(reach.why)})`}`;
			lines.push(
				`  pcid ${hex(entry.pcid).padEnd(6)} ${formatAddress(entry.vpn).padEnd(19)} -> ${formatAddress(entry.pfn).padEnd(9)} ${entry.perms.padEnd(3)}${entryFlags(entry)} ${state.pmaps[entry.owner]!.name} via ${state.pmaps[entry.via]!.name}/${tableName(entry.table)}${mark}`,
			);
		}
	}

	return lines;
}

/** `info pmap [P]`. */
export function infoPmap(state: MachineState, ids: readonly number[]): string[] {
	const lines: string[] = [];
	for (const id of ids) {
		const pmap = state.pmaps[id]!;
		if (state.config.kernel === 'linux') {
			// Linux's words: the mm's mm_cpumask and mm->context (the kernel's page tables have neither).
			lines.push(pmap.id === 0 ? `${pmap.name}: the kernel's page tables (init_mm's), on every CPU` : linuxMmTitle(`${pmap.name}:`, pmap.hasUpt, pmap.active, pmap.mm));
			lines.push(...pteLines(pmap));
			continue;
		}

		const records = pmap.pcids
			.map((record, cpu) => `cpu${cpu} ${record.pcid === PMAP_PCID_NONE ? 'NONE' : hex(record.pcid)}/${record.gen}`)
			.join(', ');
		lines.push(`${pmap.name}: pm_active ${formatSet(pmap.active)}${pmap.hasUpt ? ', PTI user table' : ''}`);
		if (state.config.pcid) {
			lines.push(`  pm_pcid/pm_gen: ${records}`);
		}

		lines.push(...pteLines(pmap));
	}

	return lines;
}

/** The valid PTEs of PMAP, one a line. */
function pteLines(pmap: MachineState['pmaps'][number]): string[] {
	return pmap.ptes.filter(pte => pte.valid).map(pte => `  ${formatAddress(pte.vpn).padEnd(19)} -> ${formatAddress(pte.pfn).padEnd(9)} ${pte.perms}${pteFlags(pte)}`);
}

function describeFrame(state: MachineState, cpu: CpuState): string {
	const frame = cpu.stack.at(-1);
	if (frame === undefined) {
		return 'idle';
	}

	const name = (id: number) => state.pmaps[id]!.name;
	switch (frame.kind) {
		case 'switch': {
			return `pmap_activate_sw(${name(frame.pmap)}) at ${frame.pc}`;
		}

		case 'invalidate': {
			return `pmap_invalidate_${frame.range.kind}(${name(frame.pmap)}) at ${frame.pc}${frame.pc === 'wait' ? ` (${cpu.unacked} unacknowledged)` : ''}`;
		}

		case 'intr': {
			return 'invlop_handler';
		}

		case 'instrs': {
			return `instruction ${frame.next + 1} of ${frame.list.length}${frame.irqOff ? ' (PTI helper, interrupts off)' : ''}`;
		}

		case 'mutate': {
			return `pmap_${frame.action}(${name(frame.pmap)})`;
		}

		default: {
			return frame.kind;
		}
	}
}

/** `info cpu [N]`. */
export function infoCpu(state: MachineState, ids: readonly number[]): string[] {
	const lines: string[] = [];
	const cr3 = (value: Cr3 | undefined) =>
		value === undefined ? 'PMAP_NO_CR3' : `${state.pmaps[value.pmap]!.name}/${tableName(value.table)} pcid ${hex(value.pcid)}${value.save ? ' CR3_PCID_SAVE' : ''}`;
	for (const id of ids) {
		const cpu = state.cpus[id]!;
		if (state.config.kernel === 'linux') {
			// Linux's words: cpu_tlbstate and cpu_tlbstate_shared, as the CPUs pane shows them.
			lines.push(linuxCpuSummary(state, cpu, cr3(cpu.cr3)), linuxCpuDetail(state, cpu));
			continue;
		}

		lines.push(
			`cpu${id}: ${cpu.mode} mode, curpmap ${state.pmaps[cpu.curpmap]!.name}, %cr3 ${cr3(cpu.cr3)}, interrupts ${cpu.irqOff === 0 ? 'on' : 'off'}${cpu.ipiPending ? ', IPI pending' : ''}`,
		);
		if (state.config.pcid) {
			lines.push(`  pcid_next ${hex(cpu.pcidNext)}, pcid_gen ${cpu.pcidGen}`);
		}

		if (state.config.pti) {
			lines.push(`  kcr3 ${cr3(cpu.kcr3)}, ucr3 ${cr3(cpu.ucr3)}, ucr3_load_mask ${maskName(cpu.ucr3Mask)}`);
		}

		lines.push(`  doing: ${cpu.stack.length > 1 ? `${cpu.stack.length} frames, innermost ` : ''}${describeFrame(state, cpu)}`);
		if (state.config.memory === 'tso') {
			// Oldest first: the next `stepi cpuN flush` takes the first to memory.
			const name = (pmap: number) => state.pmaps[pmap]!.name;
			const entries = cpu.sb.map(entry => `${wordText(entry, id, name)}=${valueText(entry, name)} (line ${entry.line})`);
			lines.push(`  store buffer (oldest first): ${entries.length === 0 ? 'empty' : entries.join(', ')}`);
		}
	}

	return lines;
}

/** `info ipis`: pending interrupts, requests in flight, the scoreboard's zero slots. */
export function infoIpis(state: MachineState): string[] {
	if (state.config.kernel === 'linux') {
		return linuxIpiLines(state).map(line => line.text);
	}

	const lines: string[] = [];
	for (const cpu of state.cpus) {
		if (cpu.ipiPending) {
			lines.push(`cpu${cpu.id}: IPI_INVLOP pending${cpu.irqOff > 0 ? ' (interrupts off)' : ''}`);
		}

		if (cpu.pendingFrom.length > 0) {
			lines.push(`cpu${cpu.id}: scoreboard slots 0 for initiator${cpu.pendingFrom.length === 1 ? '' : 's'} ${cpu.pendingFrom.map(from => `cpu${from}`).join(', ')}`);
		}

		if (cpu.unacked > 0 && cpu.request) {
			const request = cpu.request;
			lines.push(
				`cpu${cpu.id}: request gen ${cpu.tlbGen} ${request.op} ${state.pmaps[request.pmap]!.name} ${request.op === 'invltlb' ? '' : formatAddress(request.sva)} waiting for ${cpu.unacked} acknowledgement${cpu.unacked === 1 ? '' : 's'}`.replace('  ', ' '),
			);
		}
	}

	return lines.length > 0 ? lines : ['no IPI pending, no shootdown in flight'];
}
