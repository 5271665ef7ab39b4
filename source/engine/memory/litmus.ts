/**
 * Litmus tests on the protocol's words: straight-line MOV loads and stores, MFENCE and
 * XCHG on pm_gen, pm_active bits and PTEs, one instruction a statement, with the loaded
 * values kept in the CPU's registers (CpuState.regs). They run on the same memory model
 * as the kernel's code, so the x86-TSO papers' tests (SB, MP, LB, IRIW, n6...) check it
 * against its published outcomes (test/engine/litmus.test.ts).
 */
import {has} from '../cpuset.js';
import {ACTIVE, ALL, GEN, PGM, PTE, pteStore, SEQ, type Operation, type Touches} from '../footprint.js';
import type {Frame} from '../frames.js';
import {storePte} from '../pagetable.js';
import type {CpuState, MachineState, PmapId} from '../state.js';
import type {Tx} from '../tx.js';
import {fence, store} from './store-buffer.js';
import {bufferTouches} from './touches.js';
import {activeView, pcidView, pteView} from './views.js';
import {wordText, type Store} from './words.js';

/** A location of a litmus test: pm_pcidp[cpu].pm_gen, CPU cpu's pm_active bit (0 or 1), or a PTE (0: none, else the page it maps rw). */
export type LitmusWord =
	| {readonly word: 'pm_gen' | 'pm_active'; readonly pmap: PmapId; readonly cpu: number}
	| {readonly word: 'pte'; readonly pmap: PmapId; readonly vpn: number};

/** One instruction of a litmus test. */
export type LitmusInstr =
	/** MOV [x] <- value. */
	| {readonly op: 'store'; readonly at: LitmusWord; readonly value: number}
	/** MOV r <- [x]: the value goes to the next register. */
	| {readonly op: 'load'; readonly at: LitmusWord}
	| {readonly op: 'mfence'}
	/** XCHG [x], r: the old value goes to the next register, VALUE to memory (locked). */
	| {readonly op: 'xchg'; readonly at: LitmusWord; readonly value: number};

type LitmusFrame = Extract<Frame, {kind: 'litmus'}>;

/** The value of AT as CPU READER loads it, and whether it came from its own buffer. */
export function loadWord(tx: Tx, reader: number, at: LitmusWord): {value: number; from: 'buffer' | 'memory'} {
	const {sb} = tx.readCpu(reader);
	const buffered = sb.some(entry => (at.word === 'pte' ? entry.word === 'pte' && entry.pmap === at.pmap && entry.vpn === at.vpn : entry.word === at.word && entry.pmap === at.pmap && entry.cpu === at.cpu));
	const from = buffered ? 'buffer' : 'memory';
	switch (at.word) {
		case 'pm_gen': {
			return {value: pcidView(tx, reader, at.pmap, at.cpu).gen, from};
		}

		case 'pm_active': {
			return {value: has(activeView(tx, reader, at.pmap), at.cpu) ? 1 : 0, from};
		}

		case 'pte': {
			const pte = pteView(tx, reader, at.pmap, at.vpn);
			return {value: pte?.valid ? pte.pfn : 0, from};
		}

		default: {
			return at satisfies never;
		}
	}
}

/** The value of AT in memory (for a test's final state). */
export function memoryWord(tx: Tx, at: LitmusWord): number {
	return loadWord(tx, -1, at).value;
}

function entryOf(at: Exclude<LitmusWord, {word: 'pte'}>, value: number, line: number): Store {
	return at.word === 'pm_gen' ? {word: 'pm_gen', pmap: at.pmap, cpu: at.cpu, value, line} : {word: 'pm_active', pmap: at.pmap, cpu: at.cpu, value: value !== 0, line};
}

/** A store of VALUE to AT at SITE. */
function storeWord(tx: Tx, id: number, line: number, at: LitmusWord, value: number, site: 'litmus-mov' | 'litmus-xchg'): void {
	const name = (pmap: number) => tx.name(pmap);
	if (at.word === 'pte') {
		tx.emit(id, line, {event: 'mem_store', word: wordText({word: 'pte', pmap: at.pmap, vpn: at.vpn, line, value: {valid: false, pfn: 0, perms: 'rw', accessed: false, dirty: false, version: 0}}, id, name), value: String(value)});
		storePte(tx, id, line, at.pmap, at.vpn, value === 0 ? undefined : {pfn: value, perms: 'rw', accessed: false}, site);
		return;
	}

	const entry = entryOf(at, value, line);
	tx.emit(id, line, {event: 'mem_store', word: wordText(entry, id, name), value: String(value)});
	store(tx, id, line, site, entry);
}

/** Runs one litmus instruction on CPU `id`. */
export function runLitmus(tx: Tx, id: number, frame: LitmusFrame): void {
	const {instr, line} = frame;
	const name = (pmap: number) => tx.name(pmap);
	const wordName = (at: LitmusWord) => (at.word === 'pte' ? `pte(${name(at.pmap)},0x${(at.vpn * 4096).toString(16)})` : wordText(entryOf(at, 0, line), id, name));
	switch (instr.op) {
		case 'store': {
			storeWord(tx, id, line, instr.at, instr.value, 'litmus-mov');
			break;
		}

		case 'load': {
			const {value, from} = loadWord(tx, id, instr.at);
			tx.cpu(id).regs = [...tx.readCpu(id).regs, value];
			tx.emit(id, line, {event: 'mem_load', word: wordName(instr.at), value: String(value), from});
			break;
		}

		case 'mfence': {
			if (tx.base.config.memory === 'tso') {
				fence(tx, id, line, 'litmus-mfence', true);
			} else {
				tx.emit(id, line, {event: 'fence', instr: 'mfence', by: 'litmus', drained: 0});
			}

			break;
		}

		case 'xchg': {
			// Locked: the buffer drains, then the old value is read from memory and the new
			// one written, as one step.
			fence(tx, id, line, 'litmus-mfence');
			const {value} = loadWord(tx, id, instr.at);
			tx.cpu(id).regs = [...tx.readCpu(id).regs, value];
			tx.emit(id, line, {event: 'mem_load', word: wordName(instr.at), value: String(value), from: 'memory'});
			storeWord(tx, id, line, instr.at, instr.value, 'litmus-xchg');
			break;
		}

		default: {
			instr satisfies never;
		}
	}

	tx.pop(id);
}

/** An access of AT as a footprint. */
function touchWord(access: 'read' | 'write', at: LitmusWord, t: Touches): void {
	switch (at.word) {
		case 'pm_gen': {
			t.touch(access, GEN, at.pmap, at.cpu);
			return;
		}

		case 'pm_active': {
			// A load reads the mask as a whole (activeView), as CPU_COPY does.
			t.touch(access, ACTIVE, at.pmap, access === 'read' ? ALL : at.cpu);
			return;
		}

		case 'pte': {
			if (access === 'write') {
				pteStore(t, at.pmap);
				t.touch('write', SEQ);
			} else {
				t.touch('read', PTE, at.pmap);
				t.touch('read', PGM, at.pmap);
			}

			return;
		}

		default: {
			at satisfies never;
		}
	}
}

/** What running FRAME's instruction on CPU touches. */
function instrTouches(frame: LitmusFrame, cpu: CpuState, state: MachineState, t: Touches): void {
	const {instr} = frame;
	switch (instr.op) {
		case 'store': {
			// A buffered PTE store still records its bookkeeping and stamps the counter;
			// any other buffered store touches only this CPU's buffer.
			if (state.config.memory === 'sc' || instr.at.word === 'pte') {
				touchWord('write', instr.at, t);
			}

			return;
		}

		case 'load': {
			touchWord('read', instr.at, t);
			return;
		}

		case 'mfence': {
			bufferTouches(cpu, t);
			return;
		}

		case 'xchg': {
			bufferTouches(cpu, t);
			touchWord('read', instr.at, t);
			touchWord('write', instr.at, t);
			return;
		}

		default: {
			instr satisfies never;
		}
	}
}

/** A litmus instruction (footprint.ts). */
export const litmusOperation: Operation<LitmusFrame> = {
	kind: 'litmus',
	models: 'MOV, MFENCE and XCHG on the protocol\'s words (x86-TSO litmus tests)',
	label: frame => `litmus:${frame.instr.op}`,
	fields: {line: 'line', instr: 'value'},
	kernel: false,
	phase: () => 'execute',
	phases: {
		execute: {
			does: 'one load, store, MFENCE or XCHG',
			touches: (frame, cpu, state, t) => {
				instrTouches(frame, cpu, state, t);
			},
			reports: 'always',
		},
	},
	rest: (frame, cpu, _state, t) => {
		bufferTouches(cpu, t);
		if (frame.instr.op !== 'mfence') {
			touchWord('read', frame.instr.at, t);
			touchWord('write', frame.instr.at, t);
		}
	},
	// Its words name CPUs by number, which a renumbering would not rename: no symmetry.
	loops: () => undefined,
};
