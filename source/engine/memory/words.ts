/**
 * The shared words of the protocol as a store buffer holds them (x86-TSO, store-buffer.ts):
 * one entry per store its CPU made that memory has not seen yet, naming the location in
 * the kernel's words and the value stored.
 *
 * Only words another CPU (or a page walker) reads are buffered. A CPU's own pcpu fields
 * that no other CPU loads (pc_curpmap, pc_kcr3, pc_ucr3, pc_ucr3_load_mask, pc_pcid_next,
 * pc_pcid_gen: PCPU_SET is a `mov %gs:` store, PCPU_GET a `mov %gs:` load on the same CPU)
 * are written at once: TSO forwards a CPU's own buffered stores to its loads, so buffering
 * them could change nothing anyone observes (pmap_active_cpus reads pm_active, not
 * pc_curpmap, in the sys/amd64/amd64/pmap.c read).
 */
import {formatAddress} from '../constants.js';
import type {Perms, PmapId, ShootdownRequest} from '../state.js';

/** A PTE as a store writes it: the stale-use bookkeeping stays with the page table (pagetable.ts). */
export type PteImage = {
	readonly valid: boolean;
	readonly pfn: number;
	readonly perms: Perms;
	readonly accessed: boolean;
	readonly dirty: boolean;
	/** The store counter the store was stamped with when it was made (program order). */
	readonly version: number;
};

/** A store not yet in memory. `line` is the scenario line of the statement that made it. */
export type Store =
	/** A page-table entry (pte_store, pte_clear; XCHG and LOCK CMPXCHG are never buffered). */
	| {readonly word: 'pte'; readonly pmap: PmapId; readonly vpn: number; readonly value: PteImage; readonly line: number}
	/** zpcpu_get_cpu(pmap->pm_pcidp, cpu)->pm_pcid or ->pm_gen. */
	| {readonly word: 'pm_pcid' | 'pm_gen'; readonly pmap: PmapId; readonly cpu: number; readonly value: number; readonly line: number}
	/** CPU cpu's bit in pmap->pm_active (a plain store only under the pm-active-plain ablation). */
	| {readonly word: 'pm_active'; readonly pmap: PmapId; readonly cpu: number; readonly value: boolean; readonly line: number}
	/** The storing CPU's pc_smp_tlb_addr1/addr2/pmap/op and pc_smp_tlb_gen (five PCPU_SETs in a row). */
	| {readonly word: 'pc_smp_tlb'; readonly value: ShootdownRequest; readonly gen: number; readonly line: number}
	/** invl_scoreboard[target][initiator]: 0 to request, the generation to acknowledge. */
	| {readonly word: 'invl_scoreboard'; readonly target: number; readonly initiator: number; readonly value: number; readonly line: number};

/** The kinds of word. */
export type WordKind = Store['word'];

/** Whether two entries store to the same location (of WRITER's buffer). */
export function sameWord(a: Store, b: Store): boolean {
	switch (a.word) {
		case 'pte': {
			return b.word === 'pte' && a.pmap === b.pmap && a.vpn === b.vpn;
		}

		case 'pm_pcid':
		case 'pm_gen':
		case 'pm_active': {
			return b.word === a.word && a.pmap === b.pmap && a.cpu === b.cpu;
		}

		case 'pc_smp_tlb': {
			return b.word === 'pc_smp_tlb';
		}

		case 'invl_scoreboard': {
			return b.word === 'invl_scoreboard' && a.target === b.target && a.initiator === b.initiator;
		}

		default: {
			return a satisfies never;
		}
	}
}

/**
 * The location in the kernel's words, without spaces (a breakpoint filter's value):
 * `pte(P,0x400000)`, `P.pm_pcidp[1].pm_gen`, `P.pm_active[1]`, `cpu0.pc_smp_tlb`,
 * `invl_scoreboard[1][0]`.
 */
export function wordText(entry: Store, writer: number, name: (pmap: PmapId) => string): string {
	switch (entry.word) {
		case 'pte': {
			return `pte(${name(entry.pmap)},${formatAddress(entry.vpn)})`;
		}

		case 'pm_pcid':
		case 'pm_gen': {
			return `${name(entry.pmap)}.pm_pcidp[${entry.cpu}].${entry.word}`;
		}

		case 'pm_active': {
			return `${name(entry.pmap)}.pm_active[${entry.cpu}]`;
		}

		case 'pc_smp_tlb': {
			return `cpu${writer}.pc_smp_tlb`;
		}

		case 'invl_scoreboard': {
			return `invl_scoreboard[${entry.target}][${entry.initiator}]`;
		}

		default: {
			return entry satisfies never;
		}
	}
}

/** The value stored, without spaces: `0x1000/rw`, `none`, `0x3`, `0`, `op=invlpg,pmap=P,...`. */
export function valueText(entry: Store, name: (pmap: PmapId) => string): string {
	switch (entry.word) {
		case 'pte': {
			return entry.value.valid ? `${formatAddress(entry.value.pfn)}/${entry.value.perms}` : 'none';
		}

		case 'pm_pcid': {
			return '0x' + entry.value.toString(16);
		}

		case 'pm_gen':
		case 'invl_scoreboard': {
			return String(entry.value);
		}

		case 'pm_active': {
			return entry.value ? '1' : '0';
		}

		case 'pc_smp_tlb': {
			const {op, pmap, sva, eva} = entry.value;
			return `op=${op},pmap=${name(pmap)},addr1=${formatAddress(sva)},addr2=${formatAddress(eva)},gen=${entry.gen}`;
		}

		default: {
			return entry satisfies never;
		}
	}
}

/** The CPUs an entry names (besides its writer), in order: what symmetry renumbers. */
export function cpusOf(entry: Store): readonly number[] {
	switch (entry.word) {
		case 'pm_pcid':
		case 'pm_gen':
		case 'pm_active': {
			return [entry.cpu];
		}

		case 'invl_scoreboard': {
			return [entry.target, entry.initiator];
		}

		case 'pte':
		case 'pc_smp_tlb': {
			return [];
		}

		default: {
			return entry satisfies never;
		}
	}
}
