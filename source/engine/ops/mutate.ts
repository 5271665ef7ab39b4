/**
 * Page-table changes: pmap_enter, pmap_remove (pmap_remove1, pmap_remove_page,
 * pmap_remove_ptes) and pmap_protect of sys/amd64/amd64/pmap.c, reduced to their
 * 4 KiB-page paths, with the invalidations each of them calls; and raw `pte` stores.
 */
import {pteStore, SEQ, type Operation, type Touches} from '../footprint.js';
import type {Frame} from '../frames.js';
import {fence} from '../memory/store-buffer.js';
import {pteView} from '../memory/views.js';
import {canWrite, storePte} from '../pagetable.js';
import {nextValidVpn} from '../pte-table.js';
import type {CpuState, MachineState, Perms} from '../state.js';
import type {Tx} from '../tx.js';
import {invalidateFrame, invalidationRest} from './invalidate.js';

type MutateFrame = Extract<Frame, {kind: 'mutate'}>;
type PteFrame = Extract<Frame, {kind: 'pte'}>;

/** NPTEPG: pmap_remove walks one page-table page (512 PTEs) at a time. */
const PTES_PER_PAGE_TABLE = 512;

/** A raw store with no invalidation (`pte`), for showing what goes wrong without one. */
export function runPte(tx: Tx, id: number, frame: PteFrame): void {
	const next = frame.pfn === undefined ? undefined : {pfn: frame.pfn, perms: frame.perms, accessed: false};
	storePte(tx, id, frame.line, frame.pmap, frame.vpn, next, 'raw-pte');
	tx.pop(id);
}

/**
 * The first micro-operation of a pmap change: PMAP_LOCK(pmap) (pmap_enter, pmap_remove1,
 * pmap_protect) is mtx_lock, a LOCK CMPXCHG: earlier stores drain (tso).
 */
function isFirst(frame: MutateFrame): boolean {
	return frame.action === 'enter' ? frame.next === 0 : frame.next === frame.sva && !frame.any && frame.runStart < 0;
}

/** The pmap change returns: PMAP_UNLOCK(pmap), mtx_unlock, a LOCK CMPXCHG (tso: a drain). */
function unlockAndReturn(tx: Tx, id: number, line: number): void {
	fence(tx, id, line, 'pmap-unlock');
	tx.pop(id);
}

/** Runs the next micro-operation of pmap_enter/remove/protect. */
export function runMutate(tx: Tx, id: number, frame: MutateFrame): void {
	// pmap_protect returns before taking the lock when nothing is to be taken away.
	const noop = frame.action === 'protect' && canWrite(frame.perms) && frame.perms.includes('x');
	if (isFirst(frame) && !noop) {
		fence(tx, id, frame.line, 'pmap-lock');
	}

	switch (frame.action) {
		case 'enter': {
			runEnter(tx, id, frame);
			return;
		}

		case 'remove': {
			runRemove(tx, id, frame);
			return;
		}

		case 'protect': {
			runProtect(tx, id, frame);
			return;
		}

		default: {
			frame.action satisfies never;
		}
	}
}

/**
 * pmap_enter: newpte carries PG_A. A changed physical page is first cleared
 * (pte_load_clear) and invalidated if the old PTE had PG_A, then stored. The same page
 * with other rights is stored with pte_load_store and invalidated only if the old PTE
 * had PG_A and either lost PG_M while writable or lost execute; an identical PTE is
 * left alone ("goto unchanged").
 */
function runEnter(tx: Tx, id: number, frame: MutateFrame): void {
	const {line, pmap, sva: vpn, pfn, perms} = frame;
	const newPte = {pfn, perms, accessed: true};
	if (frame.next === 1) {
		storePte(tx, id, line, pmap, vpn, newPte, 'enter-store');
		unlockAndReturn(tx, id, line);
		return;
	}

	const old = pteView(tx, id, pmap, vpn);
	if (old === undefined || !old.valid) {
		storePte(tx, id, line, pmap, vpn, newPte, 'enter-store');
		unlockAndReturn(tx, id, line);
		return;
	}

	if (old.pfn !== pfn) {
		const cleared = storePte(tx, id, line, pmap, vpn, undefined, 'enter-clear');
		tx.replaceTop(id, {...frame, next: 1});
		if (cleared?.accessed) {
			tx.push(id, invalidateFrame(pmap, {kind: 'page', vpn}, line));
		}

		return;
	}

	if (old.perms === perms) {
		unlockAndReturn(tx, id, line);
		return;
	}

	const replaced = storePte(tx, id, line, pmap, vpn, newPte, 'enter-update') ?? old;
	const lostDirty = replaced.dirty && canWrite(replaced.perms);
	const lostExec = replaced.perms.includes('x') && !perms.includes('x');
	if (replaced.accessed && (lostDirty || lostExec)) {
		tx.replaceTop(id, invalidateFrame(pmap, {kind: 'page', vpn}, line, true));
	} else {
		unlockAndReturn(tx, id, line);
	}
}

/**
 * pmap_remove: one page takes pmap_remove_page, which clears a valid PTE and calls
 * pmap_invalidate_page. A range clears each valid PTE; runs of global (kernel, no PTI)
 * PTEs are invalidated as ranges by pmap_remove_ptes as it goes, and any non-global one
 * makes pmap_remove1 call pmap_invalidate_all once at the end.
 */
function runRemove(tx: Tx, id: number, frame: MutateFrame): void {
	const {line, pmap, sva, eva} = frame;
	if (eva - sva === 1) {
		const old = pteView(tx, id, pmap, sva);
		if (old?.valid) {
			storePte(tx, id, line, pmap, sva, undefined, 'remove-clear');
			tx.replaceTop(id, invalidateFrame(pmap, {kind: 'page', vpn: sva}, line, true));
		} else {
			unlockAndReturn(tx, id, line);
		}

		return;
	}

	let {next, runStart, any} = frame;
	while (next < eva) {
		const endOfTable = next !== sva && next % PTES_PER_PAGE_TABLE === 0;
		const pte = pteView(tx, id, pmap, next);
		if (runStart >= 0 && (endOfTable || !pte?.valid)) {
			// pmap_remove_ptes flushes a run of global PTEs at a hole or at the end of the
			// page-table page.
			tx.replaceTop(id, {...frame, next, runStart: -1, any});
			tx.push(id, invalidateFrame(pmap, {kind: 'range', sva: runStart, eva: next}, line));
			return;
		}

		if (!pte?.valid) {
			// No run is open here (a hole closes one above): skip to the next mapped page.
			next = nextValidVpn(tx.readPmap(pmap).ptes, next + 1, eva);
			continue;
		}

		if (pte.global) {
			runStart = runStart < 0 ? next : runStart;
		} else {
			any = true;
		}

		storePte(tx, id, line, pmap, next, undefined, 'remove-clear');
		tx.replaceTop(id, {...frame, next: next + 1, runStart, any});
		return;
	}

	if (runStart >= 0) {
		tx.replaceTop(id, {...frame, next, runStart: -1, any});
		tx.push(id, invalidateFrame(pmap, {kind: 'range', sva: runStart, eva}, line));
		return;
	}

	if (any) {
		tx.replaceTop(id, invalidateFrame(pmap, {kind: 'all'}, line, true));
	} else {
		unlockAndReturn(tx, id, line);
	}
}

/** The rights pmap_protect leaves: it clears PG_RW (and PG_M) and sets NX, never adds. */
function reduce(old: Perms, allowed: Perms): Perms {
	const write = canWrite(old) && canWrite(allowed);
	const exec = old.includes('x') && allowed.includes('x');
	return write ? (exec ? 'rwx' : 'rw') : exec ? 'rx' : 'r';
}

/**
 * pmap_protect: nothing to do when both write and execute stay allowed. Each changed
 * global PTE is invalidated at once with pmap_invalidate_page; any other change makes
 * it call pmap_invalidate_all at the end.
 */
function runProtect(tx: Tx, id: number, frame: MutateFrame): void {
	const {line, pmap, eva, perms} = frame;
	if (canWrite(perms) && perms.includes('x')) {
		tx.pop(id);
		return;
	}

	let {next} = frame;
	while (next < eva) {
		const pte = pteView(tx, id, pmap, next);
		if (!pte?.valid || reduce(pte.perms, perms) === pte.perms) {
			next = nextValidVpn(tx.readPmap(pmap).ptes, next + 1, eva);
			continue;
		}

		// atomic_cmpset_long(pte, obits, pbits): a locked store. PG_M goes with PG_RW
		// (`pbits &= ~(PG_RW | PG_M)`); removing execute alone keeps it.
		const reduced = reduce(pte.perms, perms);
		const dirty = pte.dirty && canWrite(reduced);
		storePte(tx, id, line, pmap, next, {pfn: pte.pfn, perms: reduced, accessed: pte.accessed, dirty}, 'protect-cmpset');
		if (pte.global) {
			tx.replaceTop(id, {...frame, next: next + 1});
			tx.push(id, invalidateFrame(pmap, {kind: 'page', vpn: next}, line));
		} else {
			tx.replaceTop(id, {...frame, next: next + 1, any: true});
		}

		return;
	}

	if (frame.any) {
		tx.replaceTop(id, invalidateFrame(pmap, {kind: 'all'}, line, true));
	} else {
		unlockAndReturn(tx, id, line);
	}
}

/** A raw PTE store (footprint.ts). */
export const pteOperation: Operation<PteFrame> = {
	kind: 'pte',
	models: 'pte_store / pte_clear, with no invalidation',
	label: () => 'pte',
	fields: {line: 'line', pmap: 'pmap', vpn: 'value', pfn: 'value', perms: 'value'},
	kernel: true,
	phase: () => 'store',
	phases: {
		store: {
			does: 'stores the PTE (stamped with the store counter)',
			touches: (frame, _cpu, _state, t) => {
				pteStore(t, frame.pmap);
				t.touch('write', SEQ);
			},
			reports: 'always',
		},
	},
	rest: (frame, _cpu, _state, t) => {
		pteStore(t, frame.pmap);
		t.touch('write', SEQ);
	},
};

/** pmap_enter, pmap_remove and pmap_protect with the invalidations they call (footprint.ts). */
export const mutateOperation: Operation<MutateFrame> = {
	kind: 'mutate',
	models: 'pmap_enter, pmap_remove (pmap_remove1, _page, _ptes), pmap_protect; then pmap_invalidate_*',
	label: () => 'mutate',
	fields: {line: 'line', pmap: 'pmap', action: 'value', sva: 'value', eva: 'value', pfn: 'value', perms: 'value', next: 'value', any: 'value', runStart: 'value'},
	kernel: true,
	phase: () => 'examine',
	phases: {
		examine: {
			// pmap_enter of an identical PTE, or pmap_remove of an empty one, reports
			// nothing, and the invalidation it becomes starts in the same step.
			does: 'examines the next PTE and stores it, or becomes the invalidation it calls',
			touches: (frame, cpu, state, t) => {
				mutateRest(frame, cpu, state, t);
			},
			reports: 'maybe',
		},
	},
	rest: (frame, cpu, state, t) => {
		mutateRest(frame, cpu, state, t);
	},
	// The invalidation it calls loops over CPUs it has not read yet.
	loops: () => undefined,
};

/** Everything a pmap change may still do: its stores and the invalidation it calls. */
function mutateRest(frame: MutateFrame, cpu: CpuState, state: MachineState, t: Touches): void {
	pteStore(t, frame.pmap);
	t.touch('write', SEQ);
	invalidationRest(t, cpu.id, undefined, frame.pmap, state);
}
