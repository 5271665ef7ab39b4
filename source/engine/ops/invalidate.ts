/**
 * pmap_invalidate_page/_range/_all (sys/amd64/amd64/pmap.c) and the initiator side of
 * smp_targeted_tlb_shootdown (sys/amd64/amd64/mp_machdep.c), spec 4.5 and 4.6.1:
 * pin, zero every other CPU's pm_gen and fence (PCID modes), read pm_active, publish
 * the request and clear the scoreboard slots, send IPI_INVLOP, run the local callback,
 * wait for every acknowledgement.
 */
import {PMAP_INVLPG_THRESHOLD_PAGES} from '../constants.js';
import {fullSet, members, remove} from '../cpuset.js';
import {ACTIVE, ALL, GEN, IPI, REQ, SB, SEQ, UNACKED, pteStore, type Operation, type Touches} from '../footprint.js';
import {invlOp, type Frame} from '../frames.js';
import {fence, store} from '../memory/store-buffer.js';
import {activeView} from '../memory/views.js';
import {completeInvalidation} from '../pagetable.js';
import type {InvalidateRange} from '../program.js';
import {KERNEL_PMAP, type MachineState, type PmapId} from '../state.js';
import type {Tx} from '../tx.js';
import {localCallback} from './callbacks.js';
import {pushInstrs} from './instrs.js';

type InvalidateFrame = Extract<Frame, {kind: 'invalidate'}>;

/**
 * A new call of pmap_invalidate_page/_range/_all. pmap_invalidate_range turns a range of
 * PMAP_INVLPG_THRESHOLD or more into pmap_invalidate_all before anything else. UNLOCK: the
 * caller holds the pmap lock and releases it when this returns.
 */
export function invalidateFrame(pmap: PmapId, range: InvalidateRange, line: number, unlock = false): Frame {
	const normalized: InvalidateRange =
		range.kind === 'range' && range.eva - range.sva >= PMAP_INVLPG_THRESHOLD_PAGES ? {kind: 'all'} : range;
	return {
		kind: 'invalidate',
		line,
		pmap,
		range: normalized,
		pc: 'begin',
		seq0: 0,
		skip: -1,
		next: 0,
		targets: 0n,
		all: false,
		sendList: [],
		sent: 0,
		unlock,
	};
}

/** A copy of FRAME with CHANGES (field by field: see cloneCpu). */
function update(frame: InvalidateFrame, changes: Partial<InvalidateFrame>): InvalidateFrame {
	return {
		kind: 'invalidate',
		line: frame.line,
		pmap: frame.pmap,
		range: frame.range,
		pc: changes.pc ?? frame.pc,
		seq0: changes.seq0 ?? frame.seq0,
		skip: changes.skip ?? frame.skip,
		next: changes.next ?? frame.next,
		targets: changes.targets ?? frame.targets,
		all: changes.all ?? frame.all,
		sendList: changes.sendList ?? frame.sendList,
		sent: changes.sent ?? frame.sent,
		unlock: frame.unlock,
	};
}

/** The next CPU from FROM on whose pm_gen preipi stores, or -1. */
function nextToZero(tx: Tx, from: number, skip: number): number {
	const n = tx.base.cpus.length;
	let cpu = from;
	if (cpu === skip) {
		cpu++;
	}

	return cpu < n ? cpu : -1;
}

/** Whether the initiator can run its next micro-operation (false while it spins). */

/** Runs the next phase of an invalidation on initiator `id`. */
export function runInvalidate(tx: Tx, id: number, frame: InvalidateFrame): void {
	const {config} = tx.base;
	const {line, pmap, range} = frame;
	const late = config.ablate.has('late-pm-gen-zero');
	const zeroes = config.pcid && !config.ablate.has('no-pm-gen-zero');
	switch (frame.pc) {
		case 'begin': {
			// pmap_invalidate_preipi: sched_pin(); the PCID variant skips self only when the
			// pmap is current here (its TLB work is done by the local callback).
			// Every other CPU is zeroed, active or not, and the initiator too when the pmap is
			// not current there (spec 5.4 item 9).
			const skip = tx.readCpu(id).curpmap === pmap ? id : -1;
			const first = nextToZero(tx, 0, skip);
			const pc = zeroes && !late && first >= 0 ? 'zero' : 'read';
			tx.replaceTop(id, update(frame, {seq0: tx.seq, skip, next: first, pc}));
			return;
		}

		case 'zero': {
			// pmap_invalidate_preipi_pcid: a plain store per CPU (for kernel_pmap it hits
			// pc_kpmap_store, harmless: allocation short-circuits on PCID 0). Under tso it
			// waits in the store buffer until the atomic_thread_fence_seq_cst() after the
			// loop (the `read` phase) drains it.
			store(tx, id, line, 'preipi-pm-gen', {word: 'pm_gen', pmap, cpu: frame.next, value: 0, line});
			tx.emit(id, line, {event: 'pm_gen_zero', pmap: tx.name(pmap), target: frame.next});
			const following = nextToZero(tx, frame.next + 1, frame.skip);
			const after = late ? 'local' : 'read';
			tx.replaceTop(id, update(frame, {next: following, pc: following >= 0 ? 'zero' : after}));
			return;
		}

		case 'read': {
			// The end of pmap_invalidate_preipi_pcid: atomic_thread_fence_seq_cst() (lock
			// addl), which drains the pm_gen stores (and any earlier PTE store) before
			// pm_active is loaded. Then smp_targeted_tlb_shootdown: CPU_COPY(
			// pmap_invalidate_cpu_mask(pmap), &mask), a plain load of each word (own
			// buffer, else memory); kernel_pmap's mask is every CPU.
			if (config.pcid && !late) {
				fence(tx, id, line, 'preipi-fence', true);
			}

			const n = tx.base.cpus.length;
			const mask = pmap === KERNEL_PMAP ? fullSet(n) : activeView(tx, id, pmap);
			tx.emit(id, line, {event: 'pm_active_read', pmap: tx.name(pmap), mask});
			const all = mask === fullSet(n);
			const targets = config.ablate.has('no-ipi-active') ? 0n : remove(mask, id);
			const afterLocal = late && zeroes && nextToZero(tx, 0, frame.skip) >= 0 ? 'zero' : 'local';
			tx.replaceTop(id, update(frame, {targets, all, pc: targets === 0n ? afterLocal : 'start'}));
			return;
		}

		case 'start': {
			// critical_enter; publish pc_smp_tlb_* and smp_tlb_gen++ (skipping 0): plain
			// PCPU_SETs; atomic_thread_fence_rel() (no instruction: TSO keeps stores in
			// order); `*invl_scoreboard_slot(cpu) = 0` for every target, plain stores.
			const self = tx.readCpu(id);
			const gen = self.tlbGen + 1 === 0x1_00_00_00_00 ? 1 : self.tlbGen + 1;
			const op = invlOp(range);
			const sva = range.kind === 'page' ? range.vpn : range.kind === 'range' ? range.sva : 0;
			const eva = range.kind === 'range' ? range.eva : 0;
			store(tx, id, line, 'publish-request', {word: 'pc_smp_tlb', value: {pmap, op, sva, eva, line}, gen, line});
			const sendList = members(frame.targets);
			for (const target of sendList) {
				store(tx, id, line, 'zero-slot', {word: 'invl_scoreboard', target, initiator: id, value: 0, line});
			}

			tx.emit(id, line, {event: 'shootdown_start', pmap: tx.name(pmap), ipi: op, smp_tlb_gen: gen, targets: frame.targets});
			tx.replaceTop(id, update(frame, {sendList, sent: 0, pc: 'send'}));
			return;
		}

		case 'send': {
			// ipi_selected(mask, IPI_INVLOP), or ipi_all_but_self when the mask was every
			// CPU; the LAPIC keeps one pending instance per vector. The ICR write is the
			// fence the initiator's comment names ("IPI acts as a fence between writing to
			// the scoreboard above (zeroing slot) and reading from it below").
			fence(tx, id, line, 'icr-write');
			const target = frame.sendList[frame.sent]!;
			const cpu = tx.cpu(target);
			cpu.ipiPending = true;
			cpu.ipiLine = line;
			const va = range.kind === 'page' ? range.vpn : range.kind === 'range' ? range.sva : undefined;
			tx.emit(id, line, {event: 'ipi_send', to: target, ipi: invlOp(range), pmap: tx.name(pmap), va, all: frame.all});
			const sent = frame.sent + 1;
			const afterSend = late && zeroes && nextToZero(tx, 0, frame.skip) >= 0 ? 'zero' : 'local';
			tx.replaceTop(id, update(frame, {sent, pc: sent < frame.sendList.length ? 'send' : afterSend}));
			return;
		}

		case 'local': {
			// curcpu_cb(pmap, addr1, addr2), in the critical section, interrupts enabled;
			// run unconditionally, even when this CPU was not in the mask. Since r362031 the
			// IPIs go out first and the local work overlaps the wait (spec 5.4 item 15).
			if (late && config.pcid) {
				// Where the zeroing came after the IPIs, so did its fence.
				fence(tx, id, line, 'preipi-fence', true);
			}

			// The callbacks read this CPU's own pm_pcidp entry (pmap_get_pcid) from memory:
			// preipi never zeroes it while the pmap is current here, so no store to it waits
			// in this CPU's buffer.
			const lists = localCallback(config, tx.readCpu(id), tx.readPmap(pmap), range);
			tx.replaceTop(id, update(frame, {pc: 'wait'}));
			pushInstrs(tx, id, line, lists);
			return;
		}

		case 'wait': {
			// `while (atomic_load_int(p_cpudone) != generation) ia32_pause();` for every
			// target, then sched_unpin and critical_exit: the invalidation has returned.
			tx.emit(id, line, {event: 'shootdown_done', pmap: tx.name(pmap)});
			completeInvalidation(tx, pmap, range, frame.seq0);
			if (frame.unlock) {
				fence(tx, id, line, 'pmap-unlock');
			}

			tx.pop(id);
			return;
		}

		default: {
			frame.pc satisfies never;
		}
	}
}

/** Whether pmap_invalidate_preipi_pcid stores pm_gen (PCID modes, unless ablated). */
function zeroesGen(state: MachineState): boolean {
	return state.config.pcid && !state.config.ablate.has('no-pm-gen-zero');
}

/** The CPUs preipi has still to zero from FRAME's cursor, in order. */
export function toZero(frame: InvalidateFrame, cpus: number): number[] {
	const out: number[] = [];
	for (let cpu = frame.next; cpu >= 0 && cpu < cpus; cpu++) {
		if (cpu !== frame.skip) {
			out.push(cpu);
		}
	}

	return out;
}

/**
 * Everything an invalidation on CPU `id` may still do from FRAME's phase (a call not
 * yet made when FRAME is undefined): the pm_gen stores it has left, the pm_active
 * read, publishing and sending, the local callback, the wait and the end.
 */
export function invalidationRest(t: Touches, id: number, frame: InvalidateFrame | undefined, pmap: PmapId, state: MachineState): void {
	const pc = frame?.pc ?? 'begin';
	if (pc === 'begin') {
		t.touch('read', SEQ);
	}

	if (!zeroesGen(state)) {
		// No pm_gen stores in this configuration.
	} else if (pc === 'begin') {
		t.touch('write', GEN, pmap, ALL);
	} else {
		for (const cpu of toZero(frame!, state.cpus.length)) {
			t.touch('write', GEN, pmap, cpu);
		}
	}

	if ((pc === 'begin' || pc === 'zero' || pc === 'read') && pmap !== KERNEL_PMAP) {
		t.touch('read', ACTIVE, pmap, ALL);
	}

	if (pc === 'begin' || pc === 'zero' || pc === 'read' || pc === 'start') {
		t.touch('write', REQ, id);
		t.touch('write', UNACKED, id);
		const targets = pc === 'start' ? members(frame!.targets) : [ALL];
		for (const target of targets) {
			t.touch('update', SB, target);
			t.touch('update', IPI, target);
		}
	} else if (pc === 'send') {
		for (const target of frame!.sendList.slice(frame!.sent)) {
			t.touch('update', IPI, target);
		}
	}

	t.touch('read', GEN, pmap, id);
	t.touch('read', UNACKED, id);
	pteStore(t, pmap);
}

/** pmap_invalidate_page/_range/_all and smp_targeted_tlb_shootdown (footprint.ts). */
export const invalidateOperation: Operation<InvalidateFrame> = {
	kind: 'invalidate',
	models: 'pmap_invalidate_page/_range/_all, pmap_invalidate_preipi_pcid (pmap.c); smp_targeted_tlb_shootdown (mp_machdep.c)',
	label: frame => `invalidate:${frame.pc}`,
	fields: {
		line: 'line',
		pmap: 'pmap',
		range: 'value',
		pc: 'phase',
		seq0: 'value',
		skip: 'cpu',
		next: 'cpu-cursor',
		targets: 'cpus',
		all: 'value',
		sendList: 'cpu-list',
		sent: 'value',
		unlock: 'value',
	},
	kernel: true,
	phase: frame => frame.pc,
	phases: {
		begin: {
			// It reports nothing and goes on, so its step is everything that may follow.
			does: 'sched_pin; reads the store counter and curpmap (whom preipi skips)',
			touches: (frame, cpu, state, t) => {
				invalidationRest(t, cpu.id, frame, frame.pmap, state);
			},
			reports: 'maybe',
		},
		zero: {
			does: 'pmap_invalidate_preipi_pcid: pm_pcidp[cpu].pm_gen = 0 for the next CPU',
			touches: (frame, _cpu, _state, t) => {
				t.touch('write', GEN, frame.pmap, frame.next);
			},
			reports: 'always',
		},
		read: {
			does: 'smp_targeted_tlb_shootdown: CPU_COPY(pmap_invalidate_cpu_mask(pmap), &mask)',
			touches: (frame, _cpu, _state, t) => {
				if (frame.pmap !== KERNEL_PMAP) {
					t.touch('read', ACTIVE, frame.pmap, ALL);
				}
			},
			reports: 'always',
		},
		start: {
			does: 'publishes pc_smp_tlb_*, smp_tlb_gen++, zeroes invl_scoreboard[target][self] per target',
			touches: (frame, cpu, _state, t) => {
				t.touch('write', REQ, cpu.id);
				t.touch('write', UNACKED, cpu.id);
				for (const target of members(frame.targets)) {
					t.touch('update', SB, target);
				}
			},
			reports: 'always',
		},
		send: {
			does: 'ipi_selected / ipi_all_but_self: IPI_INVLOP to the next target',
			touches: (frame, _cpu, _state, t) => {
				t.touch('update', IPI, frame.sendList[frame.sent]!);
			},
			reports: 'always',
		},
		local: {
			// It reports nothing and goes on, so its step is everything that may follow.
			does: 'curcpu_cb: pushes the local callback\'s instructions',
			touches: (frame, cpu, state, t) => {
				invalidationRest(t, cpu.id, frame, frame.pmap, state);
			},
			reports: 'maybe',
		},
		wait: {
			does: 'waits for every target\'s acknowledgement; the invalidation returns (completeInvalidation)',
			touches: (frame, cpu, _state, t) => {
				t.touch('read', UNACKED, cpu.id);
				pteStore(t, frame.pmap);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, state, t) => {
		invalidationRest(t, cpu.id, frame, frame.pmap, state);
	},
	loops: (frame, cpu, state) => {
		// Before the pm_active read the targets are not known (and a zero loop that comes
		// first runs over every CPU but one).
		if (frame.pc === 'begin' || frame.pc === 'zero' || frame.pc === 'read') {
			return undefined;
		}

		// The initiator itself (targets acknowledge initiators in CPU order), a zero loop
		// left for after the IPIs (late-pm-gen-zero), the targets still to send to.
		const sending = frame.pc === 'start' ? members(frame.targets) : frame.pc === 'send' ? frame.sendList.slice(frame.sent) : [];
		return [cpu.id, ...toZero(frame, state.cpus.length), ...sending];
	},
};
