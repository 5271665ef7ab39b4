/**
 * Straight-line instruction sequences: a local callback, a handler's work for one
 * request, a PTI helper of support.S (which runs with interrupts disabled).
 */
import type {Operation} from '../footprint.js';
import type {Frame, Instr} from '../frames.js';
import {execute} from '../hardware.js';
import type {Tx} from '../tx.js';
import {isPtiHelper} from './callbacks.js';

type InstrsFrame = Extract<Frame, {kind: 'instrs'}>;

/** Pushes LISTS so that the first runs first; empty lists are dropped. */
export function pushInstrs(tx: Tx, id: number, line: number, lists: readonly Instr[][]): void {
	for (let i = lists.length - 1; i >= 0; i--) {
		const list = lists[i]!;
		if (list.length === 0) {
			continue;
		}

		const irqOff = isPtiHelper(list);
		tx.push(id, {kind: 'instrs', line, list, next: 0, irqOff});
		if (irqOff) {
			tx.cpu(id).irqOff++;
		}
	}
}

/** Executes the next instruction. */
export function runInstrs(tx: Tx, id: number, frame: InstrsFrame): void {
	execute(tx, id, frame.line, frame.list[frame.next]!);
	const next = frame.next + 1;
	if (next < frame.list.length) {
		tx.replaceTop(id, {kind: 'instrs', line: frame.line, list: frame.list, next, irqOff: frame.irqOff});
		return;
	}

	tx.pop(id);
	if (frame.irqOff) {
		tx.cpu(id).irqOff--;
	}
}

/** Straight-line instructions (footprint.ts): this CPU's TLB, %cr3 and mask only. */
export const instrsOperation: Operation<InstrsFrame> = {
	kind: 'instrs',
	models: 'the *_curcpu_cb callbacks, the invalidation handlers\' work, pmap_pti_pcid_invlpg/_invlrng (support.S)',
	label: () => 'instrs',
	fields: {line: 'line', list: 'instrs', next: 'value', irqOff: 'value'},
	kernel: false,
	phase: () => 'execute',
	phases: {
		execute: {
			does: 'INVLPG, INVPCID, a CR3 load or a ucr3_load_mask store on this CPU',
			touches: () => {},
			// A last ucr3_load_mask store of the value already there reports nothing.
			reports: frame => (frame.next === frame.list.length - 1 && frame.list[frame.next]!.op === 'mask' ? 'maybe' : 'always'),
		},
	},
	rest: () => {},
};
