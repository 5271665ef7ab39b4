/**
 * What a CPU's micro-operations touch that another CPU can also touch, for the
 * partial-order reduction of independence.ts. Everything else in a CPU record (mode,
 * %cr3, TLB, curpmap, PCID counters, interrupt flag, call stack, acknowledged
 * generations) is read and written by that CPU alone.
 *
 * The shared objects, and who touches them (the engine's ops/ files):
 * - PTE(x): pmap x's page-table entries. Stores (pte, pmap_enter/remove/protect,
 *   pinit) and the end of an invalidation (completeInvalidation) write them; a memory
 *   access reads them and sets PG_A, which commutes with another access.
 * - PGM(x): the PG_M bits of x's entries. A page walk for a write sets them (two such
 *   walks commute); a walk for a read copies PG_M into the TLB entry it fills, so it
 *   reads them and does not commute with a write's walk. Every PTE write writes them.
 * - SEQ: the store counter: every store writes it; pmap_invalidate_* reads it.
 * - ACTIVE(x, j): CPU j's bit in x's pm_active, written only by j's context switch,
 *   read by an initiator (smp_targeted_tlb_shootdown) and by pinit.
 * - GEN(x, j): x's pm_pcidp[j], read and written by j's pmap_pcid_alloc, read by j's
 *   callbacks and handlers, zeroed by any initiator (pmap_invalidate_preipi_pcid).
 * - IPI(j): j's pending IPI_INVLOP: a send sets it (sends commute), delivery clears it.
 * - SB(j): j's scoreboard row: an initiator zeroes its slot (commutes with another
 *   initiator's), j's handler acknowledges.
 * - REQ(i): initiator i's published request; UNACKED(i): how many targets have still
 *   to acknowledge it, which each handler decrements (decrements commute) and i's
 *   wait reads.
 *
 * Footprints are bit sets of reads, writes and commuting updates (footprint-set.ts).
 * Two footprints conflict when either writes an object the other touches, or one reads
 * what the other updates; two updates of the same object do not conflict.
 */
import type {CpuState, Frame, MachineState} from '../engine/index.js';
import {KERNEL_PMAP, members} from '../engine/index.js';
import {ALL, Builder, type Footprint, layoutOf} from './footprint-set.js';

/** invlop_handler on CPU `id` (deliverIpi, runIntr): its row, the requests it acknowledges. */
function handler(b: Builder, cpu: CpuState): void {
	b.ipi('write', cpu.id).sb('write', cpu.id).gen('read', ALL, cpu.id);
	for (const initiator of cpu.pendingFrom) {
		b.req('read', initiator).unacked('update', initiator);
	}
}

/**
 * Everything an invalidation on CPU `id` may still do from its phase on
 * (pmap_invalidate_*, smp_targeted_tlb_shootdown): the pm_gen stores it has left, the
 * pm_active read, publishing and sending, the local callback, the wait and the end.
 */
function invalidationRest(b: Builder, id: number, frame: Extract<Frame, {kind: 'invalidate'}> | undefined, pmap: number): void {
	const pc = frame?.pc ?? 'begin';
	if (pc === 'begin') {
		b.seq('read');
	}

	if (!b.zeroes) {
		// No pm_gen stores in this configuration.
	} else if (pc === 'begin') {
		b.gen('write', pmap, ALL);
	} else if (frame!.next >= 0) {
		for (let cpu = frame!.next; cpu < b.layout.cpus; cpu++) {
			if (cpu !== frame!.skip) {
				b.gen('write', pmap, cpu);
			}
		}
	}

	if ((pc === 'begin' || pc === 'zero' || pc === 'read') && pmap !== KERNEL_PMAP) {
		b.active('read', pmap, ALL);
	}

	if (pc === 'begin' || pc === 'zero' || pc === 'read' || pc === 'start') {
		b.req('write', id).unacked('write', id);
		if (pc === 'start') {
			for (const target of members(frame!.targets)) {
				b.sb('update', target).ipi('update', target);
			}
		} else {
			b.sb('update', ALL).ipi('update', ALL);
		}
	} else if (pc === 'send') {
		for (const target of frame!.sendList.slice(frame!.sent)) {
			b.ipi('update', target);
		}
	}

	b.gen('read', pmap, id).unacked('read', id).pte('write', pmap);
}

/**
 * Everything FRAME (on CPU `cpu`, TOP when it is the innermost frame) may still do,
 * conservatively.
 */
function frameRest(b: Builder, cpu: CpuState, frame: Frame, top: boolean): void {
	switch (frame.kind) {
		case 'switch': {
			// pmap_activate_sw: both pm_active bits, pmap_pcid_alloc, and under PTI the
			// old pmap's pm_gen. Before `begin` the old pmap is whatever is current then.
			const old = frame.pc !== 'begin' ? frame.old : top ? cpu.curpmap : ALL;
			b.active('write', frame.pmap, cpu.id).active('write', old, cpu.id);
			b.gen('write', frame.pmap, cpu.id).gen('write', old, cpu.id);
			return;
		}

		case 'access': {
			// The page table in %cr3 when it runs, which an earlier switch may change.
			b.pte('update', ALL).pgm(frame.write ? 'update' : 'read', ALL);
			return;
		}

		case 'pte': {
			b.pte('write', frame.pmap).seq('write');
			return;
		}

		case 'pinit': {
			b.pte('write', frame.pmap).seq('write').gen('write', frame.pmap, ALL).active('read', frame.pmap, ALL);
			return;
		}

		case 'mutate': {
			b.pte('write', frame.pmap).seq('write');
			invalidationRest(b, cpu.id, undefined, frame.pmap);
			return;
		}

		case 'invalidate': {
			invalidationRest(b, cpu.id, frame, frame.pmap);
			return;
		}

		case 'intr': {
			handler(b, cpu);
			return;
		}

		case 'user':
		case 'kernel':
		case 'instrs': {
			return;
		}

		default: {
			frame satisfies never;
		}
	}
}

/**
 * Everything CPU may still do in the current block on its own stack (IPIs it may take
 * are handlerFootprint): an over-approximation of the footprint of any sequence of its
 * micro-operations.
 */
function futureOf(state: MachineState, cpu: CpuState): Footprint {
	const b = new Builder(state);
	const {stack} = cpu;
	for (let i = 0; i < stack.length; i++) {
		frameRest(b, cpu, stack[i]!, i === stack.length - 1);
	}

	return b.print;
}

/** What CPU's IPI handler may touch, should an IPI be delivered to it. */
function handlerOf(state: MachineState, cpu: CpuState): Footprint {
	const b = new Builder(state);
	handler(b, cpu);
	return b.print;
}

/**
 * The footprints of one state's CPUs, computed when first asked for. A child state
 * shares most CPU records with its parent and takes the parent's footprints for them.
 */
export class Footprints {
	readonly state: MachineState;
	private readonly futures: Array<Footprint | undefined>;
	private readonly handlers: Array<Footprint | undefined>;

	constructor(state: MachineState, parent?: Footprints) {
		this.state = state;
		const n = state.cpus.length;
		this.futures = new Array<Footprint | undefined>(n);
		this.handlers = new Array<Footprint | undefined>(n);
		if (parent !== undefined) {
			for (let i = 0; i < n; i++) {
				if (parent.state.cpus[i] === state.cpus[i]) {
					this.futures[i] = parent.futures[i];
					this.handlers[i] = parent.handlers[i];
				}
			}
		}
	}

	/** Everything CPU `id` may still do on its own stack in the current block. */
	future(id: number): Footprint {
		return (this.futures[id] ??= futureOf(this.state, this.state.cpus[id]!));
	}

	/** What CPU `id`'s IPI handler may touch. */
	handler(id: number): Footprint {
		return (this.handlers[id] ??= handlerOf(this.state, this.state.cpus[id]!));
	}

	/** Whether CPU `from` may still send an IPI to CPU `to`. */
	maySend(from: number, to: number): boolean {
		return this.future(from).updates(layoutOf(this.state).ipi(to));
	}

	/** Whether CPU `to` may take an IPI before CPU `except` moves. */
	mayTakeIpi(to: number, except: number): boolean {
		if (this.state.cpus[to]!.ipiPending) {
			return true;
		}

		for (let from = 0; from < this.state.cpus.length; from++) {
			if (from !== to && from !== except && this.maySend(from, to)) {
				return true;
			}
		}

		return false;
	}
}

/**
 * An access of VPN on CPU: the PTE tables it may read (through %cr3, the kernel's, or a
 * cached entry's owner), setting PG_A, and PG_M which a write sets and a read copies.
 */
function accessedPmaps(b: Builder, cpu: CpuState, vpn: number, write: boolean): void {
	const pgm = write ? 'update' : 'read';
	b.pte('update', cpu.cr3.pmap).pgm(pgm, cpu.cr3.pmap).pte('update', KERNEL_PMAP).pgm(pgm, KERNEL_PMAP);
	for (const entry of cpu.tlb) {
		if (entry.vpn === vpn) {
			b.pte('update', entry.owner).pgm(pgm, entry.owner);
		}
	}
}

/**
 * The footprint of CPU's next micro-operation of kind KIND. When the phase about to run
 * may report nothing, step() goes on to the next one in the same micro-operation, so
 * the rest of the CPU's work is included.
 */
export function stepFootprint(footprints: Footprints, cpu: CpuState, kind: 'run' | 'irq'): Footprint {
	const b = new Builder(footprints.state);
	if (kind === 'irq') {
		handler(b, cpu);
		return b.print;
	}

	const frame = cpu.stack.at(-1)!;
	const kernelCode = frame.kind !== 'user' && frame.kind !== 'kernel' && frame.kind !== 'access' && frame.kind !== 'instrs' && frame.kind !== 'intr';
	if (kernelCode && cpu.mode === 'user') {
		// The trap into the kernel comes first (step.ts): this CPU's state only.
		return b.print;
	}

	let silent = false;
	switch (frame.kind) {
		case 'switch': {
			if (frame.pc === 'set-active') {
				b.active('write', frame.pmap, cpu.id);
			} else if (frame.pc === 'mask' || frame.pc === 'alloc' || frame.pc === 'curpmap') {
				// mask may fall through to alloc, alloc to curpmap.
				b.gen('write', frame.old, cpu.id).gen('write', frame.pmap, cpu.id);
			} else if (frame.pc === 'clear-active') {
				b.active('write', frame.old, cpu.id);
			}

			break;
		}

		case 'user': {
			silent = cpu.mode === 'user';
			break;
		}

		case 'kernel': {
			silent = cpu.mode === 'kernel';
			break;
		}

		case 'access': {
			accessedPmaps(b, cpu, frame.vpn, frame.write);
			break;
		}

		case 'instrs': {
			// A ucr3_load_mask store of the value already there reports nothing.
			silent = frame.next === frame.list.length - 1 && frame.list[frame.next]!.op === 'mask';
			break;
		}

		case 'intr': {
			handler(b, cpu);
			break;
		}

		case 'invalidate': {
			if (frame.pc === 'zero') {
				b.gen('write', frame.pmap, frame.next);
			} else if (frame.pc === 'read') {
				if (frame.pmap !== KERNEL_PMAP) {
					b.active('read', frame.pmap, ALL);
				}
			} else if (frame.pc === 'start') {
				b.req('write', cpu.id).unacked('write', cpu.id);
				for (const target of members(frame.targets)) {
					b.sb('update', target);
				}
			} else if (frame.pc === 'send') {
				b.ipi('update', frame.sendList[frame.sent]!);
			} else if (frame.pc === 'wait') {
				b.unacked('read', cpu.id).pte('write', frame.pmap);
			} else {
				// begin and local report nothing and go on.
				invalidationRest(b, cpu.id, frame, frame.pmap);
				silent = true;
			}

			break;
		}

		case 'pte':
		case 'pinit':
		case 'mutate': {
			// pmap_enter of an identical PTE, or pmap_remove of an empty one, reports nothing.
			frameRest(b, cpu, frame, true);
			silent = frame.kind === 'mutate';
			break;
		}

		default: {
			frame satisfies never;
		}
	}

	if (silent) {
		b.print.merge(footprints.future(cpu.id));
		b.print.merge(footprints.handler(cpu.id));
	}

	return b.print;
}
