/**
 * x86-TSO (Owens, Sarkar, Sewell, "A better x86 memory model: x86-TSO", TPHOLs 2009;
 * Sewell et al., CACM 53(7), 2010): each CPU has a FIFO store buffer. A plain store goes
 * into its CPU's buffer; a load takes the newest buffered value of its own CPU for that
 * location, else memory (views.ts); the oldest buffered store reaches memory at any time
 * (a scheduling choice of its own, `cpuN flush`); MFENCE, every locked instruction and
 * every serializing instruction or event drain the buffer first. A locked instruction is
 * "drain, then read-modify-write memory" as one step, which is the paper's LOCK/UNLOCK
 * rule: while the lock is held no other CPU reads memory or flushes.
 *
 * The kernel's code calls store() and fence() with the name of the store or fence it is
 * (accesses.ts); under sc they act on memory at once and report nothing more.
 */
import {writePteImage} from '../pagetable.js';
import type {Tx} from '../tx.js';
import {none} from '../state.js';
import {fencePresent, fenceSites, instrOf, storeSites, type FenceInstr, type FenceSiteName, type StoreSiteName} from './accesses.js';
import {valueText, wordText, type Store} from './words.js';

/** Whether STORE at SITE goes into the store buffer: a MOV, under tso. */
export function buffers(tx: Tx, site: StoreSiteName): boolean {
	return tx.base.config.memory === 'tso' && instrOf(tx.base.config, site) === 'mov';
}

/**
 * A store by CPU `id` at SITE. A MOV under tso enters the buffer (sb_store); a locked
 * one drains the buffer and writes memory; under sc every store writes memory.
 */
export function store(tx: Tx, id: number, line: number, site: StoreSiteName, entry: Store): void {
	if (buffers(tx, site)) {
		bufferStore(tx, id, line, site, entry);
		return;
	}

	beforeLocked(tx, id, line, site);
	apply(tx, id, entry);
}

/** A locked store at SITE is about to act on memory: CPU `id`'s buffer drains first (tso). */
export function beforeLocked(tx: Tx, id: number, line: number, site: StoreSiteName): void {
	if (tx.base.config.memory === 'tso') {
		drain(tx, id, line, instrOf(tx.base.config, site) as FenceInstr, storeSites[site].fn, false);
	}
}

/** Appends ENTRY to CPU `id`'s store buffer and reports it. */
export function bufferStore(tx: Tx, id: number, line: number, site: StoreSiteName, entry: Store): void {
	const cpu = tx.cpu(id);
	cpu.sb = [...cpu.sb, entry];
	const name = (pmap: number) => tx.name(pmap);
	tx.emit(id, line, {event: 'sb_store', word: wordText(entry, id, name), value: valueText(entry, name), by: storeSites[site].fn});
}

/**
 * The fence SITE on CPU `id` (a fence instruction, or a serializing instruction or event):
 * the buffer drains. A fence instruction is reported even when the buffer was empty
 * (EXPLICIT); the others only when they drained something. Nothing happens under sc, or
 * when an ablation removed the fence.
 */
export function fence(tx: Tx, id: number, line: number, site: FenceSiteName, explicit = false): void {
	if (tx.base.config.memory === 'tso' && fencePresent(tx.base.config, site)) {
		drain(tx, id, line, fenceSites[site].instr, fenceSites[site].fn, explicit);
	}
}

/** Flushes every entry of CPU `id`'s buffer in order, then reports the fence. */
function drain(tx: Tx, id: number, line: number, instr: FenceInstr, by: string, explicit: boolean): void {
	const {sb} = tx.readCpu(id);
	for (const entry of sb) {
		reach(tx, id, entry);
	}

	if (sb.length > 0) {
		tx.cpu(id).sb = none;
	}

	if (sb.length > 0 || explicit) {
		tx.emit(id, line, {event: 'fence', instr, by, drained: sb.length});
	}
}

/** The oldest store of CPU `id`'s buffer reaches memory (the `flush` choice). */
export function flushOldest(tx: Tx, id: number): void {
	const {sb} = tx.readCpu(id);
	reach(tx, id, sb[0]!);
	tx.cpu(id).sb = sb.length === 1 ? none : sb.slice(1);
}

/** ENTRY reaches memory, reported as sb_flush with the line of the statement that stored it. */
function reach(tx: Tx, writer: number, entry: Store): void {
	apply(tx, writer, entry);
	const name = (pmap: number) => tx.name(pmap);
	tx.emit(writer, entry.line, {event: 'sb_flush', word: wordText(entry, writer, name), value: valueText(entry, name)});
}

/** Memory takes ENTRY, stored by CPU WRITER. */
export function apply(tx: Tx, writer: number, entry: Store): void {
	switch (entry.word) {
		case 'pte': {
			writePteImage(tx, entry.pmap, entry.vpn, entry.value);
			return;
		}

		case 'pm_pcid': {
			const {gen} = tx.readPmap(entry.pmap).pcids[entry.cpu]!;
			tx.setPcid(entry.pmap, entry.cpu, {pcid: entry.value, gen});
			return;
		}

		case 'pm_gen': {
			const {pcid} = tx.readPmap(entry.pmap).pcids[entry.cpu]!;
			tx.setPcid(entry.pmap, entry.cpu, {pcid, gen: entry.value});
			return;
		}

		case 'pm_active': {
			tx.setActive(entry.pmap, entry.cpu, entry.value);
			return;
		}

		case 'pc_smp_tlb': {
			const cpu = tx.cpu(writer);
			cpu.request = entry.value;
			cpu.tlbGen = entry.gen;
			return;
		}

		case 'invl_scoreboard': {
			applySlot(tx, entry.target, entry.initiator, entry.value);
			return;
		}

		default: {
			entry satisfies never;
		}
	}
}

/**
 * invl_scoreboard[target][initiator] := VALUE. The engine keeps the row as the initiators
 * whose slot is 0 (pendingFrom) and the generations acknowledged, and each initiator's
 * count of zero slots in its column (unacked), so a slot write updates all three.
 */
function applySlot(tx: Tx, target: number, initiator: number, value: number): void {
	const row = tx.cpu(target);
	const waiting = tx.cpu(initiator);
	if (value === 0) {
		row.pendingFrom = insertSorted(row.pendingFrom, initiator);
		waiting.unacked++;
		return;
	}

	row.pendingFrom = row.pendingFrom.filter(cpu => cpu !== initiator);
	const acked = row.ackedGen.slice();
	acked[initiator] = value;
	row.ackedGen = acked;
	waiting.unacked--;
}

function insertSorted(list: readonly number[], value: number): number[] {
	const out = list.slice();
	let i = out.length;
	while (i > 0 && out[i - 1]! > value) {
		i--;
	}

	out.splice(i, 0, value);
	return out;
}
