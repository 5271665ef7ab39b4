/**
 * Numeric fingerprints of the records that make up a machine state, for the explorer's
 * visited set. Each is two independent 32-bit lanes (64 bits), computed once per record
 * object and reused by every state that shares the record (a step copies only what it
 * changes): the explorer reuses a parent state's fingerprints for the records its
 * children share, and TLBs, PTE tables and instruction lists are memoised per object.
 *
 * Two things are left out on purpose, so that interchangeable CPUs can be compared:
 * - scenario lines (frames, requests, pending IPIs): they only label events;
 * - references to other CPUs (scoreboard rows, an initiator's targets): a record's
 *   `refs` lists them, and symmetry.ts hashes them under a permutation of the CPUs.
 */
import {members} from '../engine/cpuset.js';
import type {Cr3, CpuState, LinuxCpu, PmapState, Pte, TlbEntry} from '../engine/index.js';
import {cpusOf, type Store} from '../engine/memory/words.js';
import {framePrint} from './frame-print.js';
import {addCr3, Hasher, memo, noRefs, type Fingerprint, type RecordPrint, type RefGroup} from './hasher.js';

export {Hasher, type Fingerprint, type RecordPrint, type RefGroup} from './hasher.js';


const tlbPrints = new WeakMap<readonly TlbEntry[], Fingerprint>();

/** A TLB's entries, in FIFO order (the order decides the next eviction). */
export function tlbPrint(tlb: readonly TlbEntry[]): Fingerprint {
	return memo(tlbPrints, tlb, entries => {
		const h = new Hasher(1).int(entries.length);
		for (const e of entries) {
			h.num(e.vpn).int(e.pcid).bool(e.global).num(e.pfn).str(e.perms).bool(e.user).bool(e.dirty).int(e.owner).int(e.via).str(e.table).int(e.version);
		}

		return h.done();
	});
}

const ptePrints = new WeakMap<readonly Pte[], Fingerprint>();

/** A pmap's PTE records with the stale-use checker's bookkeeping. */
export function ptesPrint(ptes: readonly Pte[]): Fingerprint {
	return memo(ptePrints, ptes, entries => {
		const h = new Hasher(2).int(entries.length);
		for (const p of entries) {
			h.num(p.vpn).bool(p.valid).num(p.pfn).str(p.perms).bool(p.global).bool(p.accessed).bool(p.dirty);
			h.int(p.version).int(p.lastRestrict).int(p.forbiddenBefore).int(p.pendingRestricts.length);
			for (const seq of p.pendingRestricts) {
				h.int(seq);
			}
		}

		return h.done();
	});
}

const linuxPrints = new WeakMap<LinuxCpu, Fingerprint>();

/**
 * A CPU's Linux state (cpu_tlbstate, is_lazy, its flush_tlb_info and locked csds) without
 * its call_single_queue, whose initiators are CPU references (cpuPrint puts them in refs).
 */
export function linuxPrint(lx: LinuxCpu): Fingerprint {
	return memo(linuxPrints, lx, x => {
		const h = new Hasher(13).int(x.loadedMm).int(x.loadedMmAsid).int(x.nextAsid).bool(x.isLazy).bool(x.invalidateOther).int(x.userPcidFlushMask).int(x.locked);
		for (const ctx of x.ctxs) {
			h.int(ctx.ctxId).int(ctx.tlbGen);
		}

		const {info} = x;
		if (info === undefined) {
			h.int(-1);
		} else {
			h.str(info.func).int(info.mm ?? -1).num(info.start).num(info.end).int(info.newTlbGen).bool(info.freedTables);
		}

		return h.done();
	});
}

/**
 * A CPU record without its id, lines and CPU references: pcpu fields, hardware, the
 * call stack, the TLB. Its scoreboard row (initiators it has still to acknowledge, the
 * generation acknowledged to each) and its frames' references go to refs.
 */
export function cpuPrint(c: CpuState, cpus: number, previous?: RecordPrint): RecordPrint {
	const h = new Hasher(5).str(c.mode).int(c.curpmap);
	addCr3(h, c.cr3);
	addCr3(h, c.kcr3);
	addCr3(h, c.ucr3);
	h.str(c.ucr3Mask).int(c.pcidNext).int(c.pcidGen).int(c.irqOff).bool(c.ipiPending).num(c.tlbGen).int(c.unacked);
	const {request} = c;
	if (request === undefined) {
		h.int(-1);
	} else {
		h.int(request.pmap).str(request.op).num(request.sva).num(request.eva);
	}

	// A step changes one or two fields of a CPU: the previous version's prints of the
	// TLB, the scoreboard row and the frames below the top are reused when unchanged.
	const tlb = previous?.tlb === c.tlb ? previous.tlbPrint! : tlbPrint(c.tlb);
	h.part(tlb).int(c.stack.length);
	const refs: RefGroup[] = [];
	if (c.lx !== undefined) {
		h.part(linuxPrint(c.lx));
		if (c.lx.queue.length > 0) {
			// In order: the handler runs the csds in the order they were queued.
			refs.push({tag: 7, ordered: true, cpus: c.lx.queue, values: undefined});
		}
	}

	if (c.pendingFrom.length > 0) {
		// In order: invlop_handler acknowledges the lowest initiator first.
		refs.push({tag: 5, ordered: true, cpus: c.pendingFrom, values: undefined});
	}

	const acked = previous?.ackedGen === c.ackedGen ? previous.ackedRefs : ackedRefs(c.ackedGen);
	if (acked !== undefined) {
		refs.push(acked);
	}

	if (c.sb.length > 0) {
		// The store buffer in FIFO order, the CPUs its entries name as an ordered list.
		h.int(c.sb.length);
		const named: number[] = [];
		for (const entry of c.sb) {
			addStore(h, entry);
			named.push(...cpusOf(entry));
		}

		if (named.length > 0) {
			refs.push({tag: 7, ordered: true, cpus: named, values: undefined});
		}
	}

	if (c.regs.length > 0) {
		h.int(-9).int(c.regs.length);
		for (const value of c.regs) {
			h.num(value);
		}
	}

	const frames: RecordPrint[] = [];
	for (let i = 0; i < c.stack.length; i++) {
		const frame = c.stack[i]!;
		const print = previous?.stack?.[i] === frame ? previous.frames![i]! : framePrint(frame, cpus);
		frames.push(print);
		h.part(print.print);
		if (print.refs.length > 0) {
			refs.push(...print.refs);
		}
	}

	return {print: h.done(), refs: refs.length > 0 ? refs : noRefs, tlb: c.tlb, tlbPrint: tlb, ackedGen: c.ackedGen, ackedRefs: acked, stack: c.stack, frames};
}

/** A buffered store without its line and the CPUs it names (those go to refs). */
function addStore(h: Hasher, entry: Store): void {
	h.str(entry.word);
	switch (entry.word) {
		case 'pte': {
			const {value} = entry;
			h.int(entry.pmap).num(entry.vpn).bool(value.valid).num(value.pfn).str(value.perms).bool(value.accessed).bool(value.dirty).int(value.version);
			return;
		}

		case 'pm_pcid':
		case 'pm_gen': {
			h.int(entry.pmap).num(entry.value);
			return;
		}

		case 'pm_active': {
			h.int(entry.pmap).bool(entry.value);
			return;
		}

		case 'pc_smp_tlb': {
			const {value} = entry;
			h.int(value.pmap).str(value.op).num(value.sva).num(value.eva).num(entry.gen);
			return;
		}

		case 'invl_scoreboard': {
			h.num(entry.value);
			return;
		}

		default: {
			entry satisfies never;
		}
	}
}

/** The generations acknowledged to each initiator, as references (undefined: none yet). */
function ackedRefs(ackedGen: readonly number[]): RefGroup | undefined {
	const cpus: number[] = [];
	const values: number[] = [];
	for (let initiator = 0; initiator < ackedGen.length; initiator++) {
		if (ackedGen[initiator] !== 0) {
			cpus.push(initiator);
			values.push(ackedGen[initiator]!);
		}
	}

	return cpus.length > 0 ? {tag: 6, ordered: false, cpus, values} : undefined;
}

/** Per CPU: its bit in pm_active and its pm_pcidp entry. */
export type PmapPrint = {
	readonly print: Fingerprint;
	readonly perCpu: readonly Fingerprint[];
	/** print and perCpu in CPU order, as one fingerprint. */
	readonly whole: Fingerprint;
};

/**
 * A pmap: its PTEs as one fingerprint, and for each CPU what the pmap holds about it
 * (pm_active bit, PCID and generation), which symmetry.ts moves with the CPU.
 */
export function pmapPrint(p: PmapState, cpus: number): PmapPrint {
	const h = new Hasher(6).int(p.id).bool(p.hasUpt).part(ptesPrint(p.ptes));
	if (p.mm !== undefined) {
		// Linux's mm->context.
		h.int(p.mm.ctxId).int(p.mm.tlbGen);
	}

	const print = h.done();
	const active = new Set(members(p.active));
	const perCpu: Fingerprint[] = [];
	for (let cpu = 0; cpu < cpus; cpu++) {
		const record = p.pcids[cpu];
		perCpu.push(new Hasher(7).bool(active.has(cpu)).int(record?.pcid ?? -1).int(record?.gen ?? -1).done());
	}

	const whole = new Hasher(12).part(print);
	for (const part of perCpu) {
		whole.part(part);
	}

	return {print, perCpu, whole: whole.done()};
}
