/**
 * The x86 instructions the pmap relies on (spec 1.2, Intel SDM semantics) acting on one
 * CPU's TLB, each reporting its event. FreeBSD's wrappers are in
 * sys/amd64/include/cpufunc.h (invlpg, invltlb, invltlb_glob, invpcid, load_cr3).
 */
import {PMAP_PCID_USER_PT} from './constants.js';
import type {Instr} from './frames.js';
import {maskName, tableName} from './events.js';
import {fence} from './memory/store-buffer.js';
import type {Cr3, TlbEntry} from './state.js';
import type {Tx} from './tx.js';

/** Keeps the entries of the CPU's TLB for which `keep` holds. */
function filterTlb(tx: Tx, cpuId: number, keep: (entry: TlbEntry) => boolean): void {
	const {tlb} = tx.readCpu(cpuId);
	let dropped = false;
	for (const entry of tlb) {
		if (!keep(entry)) {
			dropped = true;
			break;
		}
	}

	if (dropped) {
		tx.cpu(cpuId).tlb = tlb.filter(entry => keep(entry));
	}
}

/**
 * MOV to %cr3 (load_cr3). With CR4.PCIDE clear every non-global entry goes; with it
 * set, bit 63 clear drops the non-global entries of the PCID being loaded, and bit 63
 * set (CR3_PCID_SAVE) drops nothing.
 */
export function loadCr3(tx: Tx, cpuId: number, line: number, value: Cr3): void {
	// MOV to CR3 is serializing (SDM Vol. 3A 8.3): the store buffer drains first.
	fence(tx, cpuId, line, 'load-cr3');
	const {pcid} = tx.base.config;
	const flush = !pcid || !value.save;
	if (!pcid) {
		filterTlb(tx, cpuId, entry => entry.global);
	} else if (!value.save) {
		filterTlb(tx, cpuId, entry => entry.global || entry.pcid !== value.pcid);
	}

	// A read of %cr3 returns bit 63 clear: the CPU keeps the root and PCID only.
	tx.cpu(cpuId).cr3 = value.save ? {...value, save: false} : value;
	tx.emit(cpuId, line, {event: 'cr3_load', pmap: tx.name(value.pmap), pcid: value.pcid, table: tableName(value.table), flush});
}

/**
 * INVLPG: drops the entries for the page tagged with the current PCID, and global
 * entries for it under any PCID (SDM vol. 3 4.10.4.1; the architectural minimum).
 */
export function invlpg(tx: Tx, cpuId: number, line: number, vpn: number): void {
	// INVLPG is serializing (SDM Vol. 3A 8.3).
	fence(tx, cpuId, line, 'invlpg');
	const current = tx.readCpu(cpuId).cr3.pcid;
	filterTlb(tx, cpuId, entry => entry.vpn !== vpn || (!entry.global && entry.pcid !== current));
	tx.emit(cpuId, line, {event: 'invlpg', va: vpn, pcid: current});
}

/** Executes one instruction of a callback, handler or PTI helper. */
export function execute(tx: Tx, cpuId: number, line: number, instr: Instr): void {
	switch (instr.op) {
		case 'invlpg': {
			invlpg(tx, cpuId, line, instr.vpn);
			return;
		}

		case 'invpcid': {
			// INVPCID types 0-2 (invpcid() in cpufunc.h): individual address, single
			// context, all contexts including globals. It is not among the serializing
			// instructions of SDM Vol. 3A 8.3 (nor is it a fence), so it drains nothing.
			const {type, pcid, vpn} = instr;
			if (type === 'addr') {
				filterTlb(tx, cpuId, entry => entry.global || entry.pcid !== pcid || entry.vpn !== vpn);
			} else if (type === 'ctx') {
				filterTlb(tx, cpuId, entry => entry.global || entry.pcid !== pcid);
			} else {
				filterTlb(tx, cpuId, () => false);
			}

			tx.emit(cpuId, line, {event: 'invpcid', type, pcid: type === 'ctxglob' ? 0 : pcid, va: type === 'addr' ? vpn : undefined});
			return;
		}

		case 'invltlb_glob': {
			// invltlb_glob(): toggling CR4.PGE flushes every entry, global ones included;
			// MOV to CR4 is serializing.
			fence(tx, cpuId, line, 'invltlb-glob');
			filterTlb(tx, cpuId, () => false);
			tx.emit(cpuId, line, {event: 'invltlb_glob'});
			return;
		}

		case 'cr3': {
			loadCr3(tx, cpuId, line, instr.value);
			return;
		}

		case 'invltlb': {
			loadCr3(tx, cpuId, line, {...tx.readCpu(cpuId).cr3, save: false});
			return;
		}

		case 'mask': {
			setUcr3Mask(tx, cpuId, line, instr.value);
			return;
		}

		default: {
			instr satisfies never;
		}
	}
}

/** PCPU_SET(ucr3_load_mask, ...), reported when the value changes. */
export function setUcr3Mask(tx: Tx, cpuId: number, line: number, value: 'nomask' | 'nosave'): void {
	if (tx.readCpu(cpuId).ucr3Mask !== value) {
		tx.cpu(cpuId).ucr3Mask = value;
		tx.emit(cpuId, line, {event: 'ucr3_mask', value: maskName(value)});
	}
}

/** The user page table's PCID for kernel-table PCID `pcid` (PMAP_PCID_USER_PT). */
export function userPcid(pcid: number): number {
	return pcid | PMAP_PCID_USER_PT;
}

/**
 * The entry a lookup of `vpn` would use: one tagged with the current PCID, or a global
 * one. Of several, the most recently filled.
 */
export function lookup(tlb: readonly TlbEntry[], vpn: number, pcid: number): TlbEntry | undefined {
	for (let i = tlb.length - 1; i >= 0; i--) {
		const entry = tlb[i]!;
		if (entry.vpn === vpn && (entry.pcid === pcid || entry.global)) {
			return entry;
		}
	}

	return undefined;
}
