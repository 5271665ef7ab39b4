/**
 * The pmap life cycle (spec 4.1): pmap_release of an exited process's pmap and
 * pmap_pinit of the same structure for a new one (vmspace structures are recycled).
 */
import {PMAP_PCID_NONE} from '../constants.js';
import {ACTIVE, ALL, GEN, pteStore, SEQ, type Operation, type Touches} from '../footprint.js';
import type {Frame} from '../frames.js';
import {fence} from '../memory/store-buffer.js';
import type {Pte} from '../state.js';
import type {Tx} from '../tx.js';

/**
 * pmap_release frees the tables without touching any TLB: stale entries tagged with
 * the old PCIDs may survive. pmap_pinit_type then resets every CPU's record to
 * {PMAP_PCID_NONE, 0}, so the first activation anywhere allocates a fresh PCID and
 * flushes it; that reset is what makes the surviving entries harmless. From here on no
 * translation of the old address space may be used, so the checker forbids them all.
 * pmap_release KASSERTs that pm_active is empty: the event reports the mask it found,
 * and a non-empty one means the kernel would have panicked.
 */
export function recyclePmap(tx: Tx, cpu: number, line: number, pmapId: number): void {
	// pmap_release unwires and frees the page-table pages with locked instructions, and no
	// CPU can load the new address space's records before pmap_pinit returns and the
	// vmspace is published: under tso its stores are made to memory after a drain.
	fence(tx, cpu, line, 'pmap-release');
	const pmap = tx.readPmap(pmapId);
	tx.emit(cpu, line, {event: 'pmap_pinit', pmap: pmap.name, active: pmap.active});
	const ptes: Pte[] = pmap.ptes.map(pte => {
		if (!pte.valid) {
			// Restricting changes nobody invalidated are forbidden from now on too.
			const last = pte.pendingRestricts.at(-1);
			return last === undefined ? pte : {...pte, forbiddenBefore: Math.max(pte.forbiddenBefore, last), pendingRestricts: []};
		}

		const version = ++tx.seq;
		return {...pte, valid: false, version, lastRestrict: version, forbiddenBefore: version, pendingRestricts: []};
	});
	const draft = tx.pmap(pmapId);
	draft.ptes = ptes;
	if (tx.base.config.pcid && !tx.base.config.ablate.has('pinit-no-reset')) {
		draft.pcids = pmap.pcids.map(() => ({pcid: PMAP_PCID_NONE, gen: 0}));
	}
}

type PinitFrame = Extract<Frame, {kind: 'pinit'}>;

/** pmap_release + pmap_pinit of a recycled pmap (footprint.ts). */
export const pinitOperation: Operation<PinitFrame> = {
	kind: 'pinit',
	models: 'pmap_release, pmap_pinit_type',
	label: () => 'pinit',
	fields: {line: 'line', pmap: 'pmap'},
	kernel: true,
	phase: () => 'recycle',
	phases: {
		recycle: {
			does: 'reads pm_active (pmap_release\'s KASSERT), clears every PTE, resets every pm_pcidp entry',
			touches: (frame, _cpu, _state, t) => {
				pinitTouches(frame, t);
			},
			reports: 'always',
		},
	},
	rest: (frame, _cpu, _state, t) => {
		pinitTouches(frame, t);
	},
};

function pinitTouches(frame: PinitFrame, t: Touches): void {
	pteStore(t, frame.pmap);
	t.touch('write', SEQ);
	t.touch('write', GEN, frame.pmap, ALL);
	t.touch('read', ACTIVE, frame.pmap, ALL);
}
