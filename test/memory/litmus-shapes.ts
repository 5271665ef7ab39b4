/**
 * The x86-TSO papers' litmus tests (Owens, Sarkar, Sewell, TPHOLs 2009; Sewell et al.,
 * CACM 53(7), 2010) written on the protocol's words, and a reference interpreter of the
 * papers' abstract machine, independent of the engine, that lists every outcome.
 */
import {has, ProgramBuilder, type MachineState, type Program} from '../../source/engine/index.js';
import type {LitmusInstr, LitmusWord} from '../../source/engine/memory/litmus.js';
import {findPte} from '../../source/engine/pte-table.js';

/** An instruction on a named location x, y or z. */
export type Instr = {op: 'st'; at: string; value: number} | {op: 'ld'; at: string} | {op: 'mfence'} | {op: 'xchg'; at: string; value: number};

/** A litmus test: one instruction list per CPU, the locations whose final value counts, and the outcome the paper discusses. */
export type Shape = {
	readonly name: string;
	readonly threads: readonly (readonly Instr[])[];
	readonly final: readonly string[];
	/** `P0:r0=0 P1:r0=0 x=1`, as outcomeText writes it (registers numbered per CPU). */
	readonly outcome: string;
	readonly tso: 'allowed' | 'forbidden';
	readonly sc: 'allowed' | 'forbidden';
};

const st = (at: string, value: number): Instr => ({op: 'st', at, value});
const ld = (at: string): Instr => ({op: 'ld', at});
const mfence: Instr = {op: 'mfence'};

/** SB, SB+mfences, MP, LB, IRIW, n6, with the paper's verdict on each outcome (research note 5.2). */
export const shapes: readonly Shape[] = [
	{name: 'SB', threads: [[st('x', 1), ld('y')], [st('y', 1), ld('x')]], final: [], outcome: 'P0:r0=0 P1:r0=0', tso: 'allowed', sc: 'forbidden'},
	{name: 'SB+mfences', threads: [[st('x', 1), mfence, ld('y')], [st('y', 1), mfence, ld('x')]], final: [], outcome: 'P0:r0=0 P1:r0=0', tso: 'forbidden', sc: 'forbidden'},
	{name: 'MP', threads: [[st('x', 1), st('y', 1)], [ld('y'), ld('x')]], final: [], outcome: 'P1:r0=1 P1:r1=0', tso: 'forbidden', sc: 'forbidden'},
	{name: 'LB', threads: [[ld('x'), st('y', 1)], [ld('y'), st('x', 1)]], final: [], outcome: 'P0:r0=1 P1:r0=1', tso: 'forbidden', sc: 'forbidden'},
	{
		name: 'IRIW',
		threads: [[st('x', 1)], [st('y', 1)], [ld('x'), ld('y')], [ld('y'), ld('x')]],
		final: [],
		outcome: 'P2:r0=1 P2:r1=0 P3:r0=1 P3:r1=0',
		tso: 'forbidden',
		sc: 'forbidden',
	},
	{name: 'n6', threads: [[st('x', 1), ld('x'), ld('y')], [st('y', 2), st('x', 2)]], final: ['x'], outcome: 'P0:r0=1 P0:r1=0 x=1', tso: 'allowed', sc: 'forbidden'},
	// SB with XCHG for the stores (a locked instruction is a fence: the pm_active side of the protocol).
	{name: 'SB+xchgs', threads: [[{op: 'xchg', at: 'x', value: 1}, ld('y')], [{op: 'xchg', at: 'y', value: 1}, ld('x')]], final: [], outcome: 'P0:r1=0 P1:r1=0', tso: 'forbidden', sc: 'forbidden'},
];

/**
 * The protocol words the locations are: x is P's pm_pcidp[0].pm_gen, y the PTE of
 * P 0x400000 (a page number, 0 for none), z P's pm_active bit of cpu1 (unused by the
 * shapes above with values other than 0/1). x and y take any small number.
 */
function word(b: ProgramBuilder, at: string): LitmusWord {
	switch (at) {
		case 'x': {
			return b.word('pm_gen', 'P', 0);
		}

		case 'y': {
			return b.word('pte', 'P', 0x40_0000);
		}

		default: {
			return b.word('pm_active', 'P', 1);
		}
	}
}

function litmus(b: ProgramBuilder, instr: Instr): LitmusInstr {
	switch (instr.op) {
		case 'st': {
			return {op: 'store', at: word(b, instr.at), value: instr.value};
		}

		case 'ld': {
			return {op: 'load', at: word(b, instr.at)};
		}

		case 'mfence': {
			return {op: 'mfence'};
		}

		case 'xchg': {
			return {op: 'xchg', at: word(b, instr.at), value: instr.value};
		}
	}
}

/** SHAPE as an engine program: one parallel block, each CPU's instructions in order. */
export function programOf(shape: Shape): Program {
	const b = new ProgramBuilder(Math.max(2, shape.threads.length)).pmap('P');
	b.parallel(...shape.threads.flatMap((thread, cpu) => thread.map(instr => [cpu, ProgramBuilder.litmus(litmus(b, instr))] as [number, ReturnType<typeof ProgramBuilder.litmus>])));
	return b.build();
}

/** The final value of location AT in an engine state (memory; buffers are empty at the end). */
function memoryOf(state: MachineState, at: string): number {
	const pmap = state.pmaps.findIndex(p => p.name === 'P');
	switch (at) {
		case 'x': {
			return state.pmaps[pmap]!.pcids[0]!.gen;
		}

		case 'y': {
			const pte = findPte(state.pmaps[pmap]!.ptes, 0x400);
			return pte?.valid ? pte.pfn : 0;
		}

		default: {
			return has(state.pmaps[pmap]!.active, 1) ? 1 : 0;
		}
	}
}

/** `P0:r0=0 P1:r0=0 x=1`: the registers of every CPU, then the final locations. */
export function outcomeText(regs: readonly (readonly number[])[], memory: ReadonlyArray<readonly [string, number]>): string {
	return [...regs.flatMap((list, cpu) => list.map((value, r) => `P${cpu}:r${r}=${value}`)), ...memory.map(([at, value]) => `${at}=${value}`)].join(' ');
}

/** The outcome of an engine end state. */
export function engineOutcome(shape: Shape, state: MachineState): string {
	return outcomeText(
		shape.threads.map((_thread, cpu) => state.cpus[cpu]!.regs),
		shape.final.map(at => [at, memoryOf(state, at)] as const),
	);
}

type RefState = {pcs: number[]; regs: number[][]; buffers: Array<Array<[string, number]>>; memory: Map<string, number>};

/**
 * Every outcome of SHAPE on the papers' abstract machine: under tso a FIFO buffer per
 * thread, loads from the newest own buffered store else memory, a flush at any time,
 * MFENCE waiting for an empty buffer, XCHG on memory with an empty buffer (the lock);
 * under sc every store goes to memory at once. A depth-first search over all states.
 */
export function referenceOutcomes(shape: Shape, model: 'sc' | 'tso'): Set<string> {
	const out = new Set<string>();
	const seen = new Set<string>();
	const visit = (s: RefState) => {
		const key = JSON.stringify([s.pcs, s.regs, s.buffers, [...s.memory]]);
		if (seen.has(key)) {
			return;
		}

		seen.add(key);
		let moved = false;
		for (let t = 0; t < shape.threads.length; t++) {
			const buffer = s.buffers[t]!;
			if (buffer.length > 0) {
				moved = true;
				const [at, value] = buffer[0]!;
				const memory = new Map(s.memory).set(at, value);
				visit({...s, memory, buffers: s.buffers.map((b, i) => (i === t ? b.slice(1) : b))});
			}

			const instr = shape.threads[t]![s.pcs[t]!];
			if (instr === undefined) {
				continue;
			}

			const pcs = s.pcs.map((pc, i) => (i === t ? pc + 1 : pc));
			const read = (at: string) => [...buffer].reverse().find(([a]) => a === at)?.[1] ?? s.memory.get(at) ?? 0;
			switch (instr.op) {
				case 'st': {
					moved = true;
					if (model === 'sc') {
						visit({...s, pcs, memory: new Map(s.memory).set(instr.at, instr.value)});
					} else {
						visit({...s, pcs, buffers: s.buffers.map((b, i) => (i === t ? [...b, [instr.at, instr.value] as [string, number]] : b))});
					}

					break;
				}

				case 'ld': {
					moved = true;
					visit({...s, pcs, regs: s.regs.map((r, i) => (i === t ? [...r, read(instr.at)] : r))});
					break;
				}

				case 'mfence': {
					if (buffer.length === 0) {
						moved = true;
						visit({...s, pcs});
					}

					break;
				}

				case 'xchg': {
					if (buffer.length === 0) {
						moved = true;
						visit({...s, pcs, regs: s.regs.map((r, i) => (i === t ? [...r, read(instr.at)] : r)), memory: new Map(s.memory).set(instr.at, instr.value)});
					}

					break;
				}
			}
		}

		if (!moved) {
			out.add(outcomeText(s.regs, shape.final.map(at => [at, s.memory.get(at) ?? 0] as const)));
		}
	};

	visit({pcs: shape.threads.map(() => 0), regs: shape.threads.map(() => []), buffers: shape.threads.map(() => []), memory: new Map()});
	return out;
}
