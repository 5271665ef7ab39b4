/**
 * What a store buffer's entries touch when they reach memory, in the vocabulary of the
 * footprint declarations (footprint.ts): the flush choice's record (operations.ts) and
 * every phase that drains the buffer declare them.
 */
import {ACTIVE, GEN, pteStore, REQ, SB, UNACKED, type Touches} from '../footprint.js';
import type {CpuState} from '../state.js';
import type {Store} from './words.js';

/** What ENTRY, stored by CPU WRITER, touches when memory takes it. */
export function entryTouches(entry: Store, writer: number, t: Touches): void {
	switch (entry.word) {
		case 'pte': {
			pteStore(t, entry.pmap);
			return;
		}

		case 'pm_pcid':
		case 'pm_gen': {
			t.touch('write', GEN, entry.pmap, entry.cpu);
			return;
		}

		case 'pm_active': {
			t.touch('write', ACTIVE, entry.pmap, entry.cpu);
			return;
		}

		case 'pc_smp_tlb': {
			t.touch('write', REQ, writer);
			return;
		}

		case 'invl_scoreboard': {
			// A slot of the target's row (an initiator's 0, the target's acknowledgement) and
			// the initiator's count of zero slots: both commute with other slots' writes.
			t.touch('update', SB, entry.target);
			t.touch('update', UNACKED, entry.initiator);
			return;
		}

		default: {
			entry satisfies never;
		}
	}
}

/** What draining CPU's store buffer touches (nothing when it is empty, as always under sc). */
export function bufferTouches(cpu: CpuState, t: Touches): void {
	for (const entry of cpu.sb) {
		entryTouches(entry, cpu.id, t);
	}
}
