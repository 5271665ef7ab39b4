/**
 * The CPUs, address-space and IPIs panes under Linux, in tlb.c's words: per CPU
 * cpu_tlbstate (loaded_mm, loaded_mm_asid, next_asid, ctxs[], user_pcid_flush_mask,
 * invalidate_other) and cpu_tlbstate_shared.is_lazy; per mm its mm_cpumask and
 * mm->context (ctx_id, tlb_gen); the call_single_queue and the csds an initiator waits on.
 */
import {formatSet, operationOf, LOADED_MM_SWITCHING, TLB_NR_DYN_ASIDS, type CpuState, type LinuxCpu, type MachineState} from '../../engine/index.js';
import type {PaneLine} from './line.js';

const hex = (value: number) => '0x' + value.toString(16);

function lxOf(cpu: CpuState): LinuxCpu {
	return cpu.lx!;
}

/** `P`, `init_mm`, or `LOADED_MM_SWITCHING`. */
export function mmName(state: MachineState, mm: number): string {
	return mm === LOADED_MM_SWITCHING ? 'LOADED_MM_SWITCHING' : state.pmaps[mm]!.name;
}

/** The first line of a CPU: mode, loaded_mm and its ASID, is_lazy, CR3, interrupts. */
export function linuxCpuSummary(state: MachineState, cpu: CpuState, cr3: string): string {
	const lx = lxOf(cpu);
	const parts = [
		`cpu${cpu.id}`,
		cpu.mode === 'user' ? 'user  ' : 'kernel',
		`loaded_mm ${mmName(state, lx.loadedMm)}${state.config.pcid ? ` asid ${lx.loadedMmAsid}` : ''}${lx.isLazy ? ' is_lazy' : ''}`,
		`cr3 ${cr3}`,
		cpu.irqOff === 0 ? 'IF' : 'if-off',
	];
	if (cpu.ipiPending) {
		parts.push('IPI!');
	}

	return parts.join(' ');
}

/** `0:init_mm/0 1:P/2`: each used ctxs[] slot's mm (by ctx_id) and tlb_gen. */
function ctxsText(state: MachineState, lx: LinuxCpu): string {
	const used: string[] = [];
	for (let asid = 0; asid < TLB_NR_DYN_ASIDS; asid++) {
		const slot = lx.ctxs[asid]!;
		if (slot.ctxId === 0) {
			continue;
		}

		const owner = state.pmaps.find(pmap => pmap.mm?.ctxId === slot.ctxId);
		used.push(`${asid}:${owner?.name ?? `ctx ${slot.ctxId}`}/${slot.tlbGen}`);
	}

	return used.length > 0 ? used.join(' ') : 'empty';
}

/** The second line of a CPU: next_asid and ctxs[] with PCID, the PTI state, what runs. */
export function linuxCpuDetail(state: MachineState, cpu: CpuState): string {
	const lx = lxOf(cpu);
	const parts: string[] = [];
	if (state.config.pcid) {
		parts.push(`next_asid ${lx.nextAsid} ctxs ${ctxsText(state, lx)}`);
	}

	if (state.config.pti) {
		parts.push(`user_pcid_flush_mask ${hex(lx.userPcidFlushMask)}${lx.invalidateOther ? ' invalidate_other' : ''}`);
	}

	const frame = cpu.stack.at(-1);
	parts.push(frame === undefined ? 'idle' : operationOf(frame).label(frame));
	return '  ' + parts.join(' · ');
}

/** An mm's title line: mm_cpumask and mm->context. */
export function linuxMmTitle(pmapName: string, upt: boolean, mask: bigint, mm: {readonly ctxId: number; readonly tlbGen: number} | undefined): string {
	const context = mm === undefined ? '' : ` ctx_id ${mm.ctxId} tlb_gen ${mm.tlbGen}`;
	return `${pmapName}${upt ? ' (kernel+user pgd)' : ''} mm_cpumask ${formatSet(mask)}${context}`;
}

/** IPIs pane: CALL_FUNCTION_VECTOR pending, call_single_queue, csds still locked. */
export function linuxIpiLines(state: MachineState): PaneLine[] {
	const lines: PaneLine[] = [];
	for (const cpu of state.cpus) {
		const lx = lxOf(cpu);
		if (cpu.ipiPending) {
			lines.push({text: `cpu${cpu.id}: CALL_FUNCTION_VECTOR pending${cpu.irqOff > 0 ? ' (masked)' : ''}`});
		}

		if (lx.queue.length > 0) {
			lines.push({text: `cpu${cpu.id}: call_single_queue ${lx.queue.map(from => `cpu${from}`).join(', ')}`});
		}

		if (lx.locked > 0 && lx.info !== undefined) {
			const mm = lx.info.mm === undefined ? 'kernel' : state.pmaps[lx.info.mm]!.name;
			lines.push({text: `cpu${cpu.id} waits: ${lx.info.func} ${mm} new_tlb_gen ${lx.info.newTlbGen}, ${lx.locked} csd locked`, accent: 'title'});
		}
	}

	return lines.length > 0 ? lines : [{text: 'nothing in flight', accent: 'dim'}];
}
