/**
 * Linux's words for `watch` and `print`: per mm its mm->context (tlb_gen, ctx_id) and
 * mm_cpumask; per CPU cpu_tlbstate (loaded_mm, loaded_mm_asid, next_asid, ctxs[],
 * user_pcid_flush_mask) and cpu_tlbstate_shared.is_lazy. Under FreeBSD they read as
 * "-" (the state does not exist there), like pm_gen does not under Linux.
 */
import {formatSet, LOADED_MM_SWITCHING, type LinuxCpu, type MachineState} from '../engine/index.js';

/** The vocabulary, as help lists it. */
export const linuxExpressionHelp = [
	'tlb_gen MM',
	'ctx_id MM',
	'mm_cpumask MM',
	'loaded_mm cpuN',
	'loaded_mm_asid cpuN',
	'is_lazy cpuN',
	'next_asid cpuN',
	'ctxs cpuN',
	'user_pcid_flush_mask cpuN',
];

const mmWords = new Set(['tlb_gen', 'ctx_id', 'mm_cpumask']);
const cpuWords = new Set(['loaded_mm', 'loaded_mm_asid', 'is_lazy', 'next_asid', 'ctxs', 'user_pcid_flush_mask']);

function readCpu(head: string, state: MachineState, lx: LinuxCpu | undefined): string {
	if (lx === undefined) {
		return '-';
	}

	switch (head) {
		case 'loaded_mm': {
			return lx.loadedMm === LOADED_MM_SWITCHING ? 'LOADED_MM_SWITCHING' : state.pmaps[lx.loadedMm]!.name;
		}

		case 'loaded_mm_asid': {
			return String(lx.loadedMmAsid);
		}

		case 'is_lazy': {
			return String(lx.isLazy);
		}

		case 'next_asid': {
			return String(lx.nextAsid);
		}

		case 'ctxs': {
			return lx.ctxs.map((slot, asid) => `${asid}:${slot.ctxId}/${slot.tlbGen}`).join(' ');
		}

		default: {
			return '0x' + lx.userPcidFlushMask.toString(16);
		}
	}
}

/**
 * Parses a Linux expression HEAD ARG, with CPU and MM resolving the argument (their
 * strings are error messages); undefined when HEAD is not a Linux word.
 */
export function parseLinuxExpression(
	text: string,
	head: string | undefined,
	mm: () => number | string,
	cpu: () => number | string,
): {readonly text: string; readonly read: (state: MachineState) => string} | string | undefined {
	if (head !== undefined && mmWords.has(head)) {
		const id = mm();
		if (typeof id === 'string') {
			return id;
		}

		return {
			text,
			read(s) {
				const pmap = s.pmaps[id]!;
				if (head === 'mm_cpumask') {
					return s.config.kernel === 'linux' ? formatSet(pmap.active) : '-';
				}

				return pmap.mm === undefined ? '-' : String(head === 'tlb_gen' ? pmap.mm.tlbGen : pmap.mm.ctxId);
			},
		};
	}

	if (head !== undefined && cpuWords.has(head)) {
		const id = cpu();
		return typeof id === 'string' ? id : {text, read: s => readCpu(head, s, s.cpus[id]!.lx)};
	}

	return undefined;
}
