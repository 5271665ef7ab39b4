/**
 * Footprint bit sets: which shared objects a piece of work reads, writes or updates
 * commutatively (the objects are listed in footprint.ts), their numbering for a machine
 * of N CPUs and P pmaps, and a builder that sets them.
 */
import type {MachineState} from '../engine/index.js';

/** Reads, writes and commuting updates of the shared objects, as bit sets. */
export class Footprint {
	/** Three bit sets in one array (one allocation): reads, then writes, then updates. */
	readonly bits: Uint32Array;
	readonly words: number;

	constructor(words: number) {
		this.words = words;
		this.bits = new Uint32Array(3 * words);
	}

	/** Whether BIT is set in the updates. */
	updates(bit: number): boolean {
		return ((this.bits[2 * this.words + (bit >>> 5)]! >>> (bit & 31)) & 1) === 1;
	}

	/** Adds everything OTHER touches. */
	merge(other: Footprint): void {
		for (let w = 0; w < this.bits.length; w++) {
			this.bits[w]! |= other.bits[w]!;
		}
	}

	/** Whether some operation here and some operation there do not commute. */
	conflicts(other: Footprint): boolean {
		const {words} = this;
		const mine = this.bits;
		const theirs = other.bits;
		for (let w = 0; w < words; w++) {
			const myReads = mine[w]!;
			const myWrites = mine[words + w]!;
			const myUpdates = mine[2 * words + w]!;
			const theirReads = theirs[w]!;
			const theirWrites = theirs[words + w]!;
			const theirUpdates = theirs[2 * words + w]!;
			if ((myWrites & (theirReads | theirWrites | theirUpdates)) !== 0 || (theirWrites & (myReads | myUpdates)) !== 0) {
				return true;
			}

			if ((myReads & theirUpdates) !== 0 || (myUpdates & theirReads) !== 0) {
				return true;
			}
		}

		return false;
	}
}

export type Access = 'read' | 'write' | 'update';

/** Numbers the shared objects of a machine with N CPUs and P pmaps. */
export class Layout {
	readonly words: number;
	private readonly activeBase: number;
	private readonly genBase: number;
	private readonly ipiBase: number;
	readonly cpus: number;
	readonly pmaps: number;

	constructor(cpus: number, pmaps: number) {
		this.cpus = cpus;
		this.pmaps = pmaps;
		this.activeBase = pmaps + 1;
		this.genBase = this.activeBase + pmaps * cpus;
		this.ipiBase = this.genBase + pmaps * cpus;
		this.words = Math.ceil((this.ipiBase + 4 * cpus + pmaps) / 32);
	}

	pte(pmap: number): number {
		return pmap;
	}

	seq(): number {
		return this.pmaps;
	}

	active(pmap: number, cpu: number): number {
		return this.activeBase + pmap * this.cpus + cpu;
	}

	gen(pmap: number, cpu: number): number {
		return this.genBase + pmap * this.cpus + cpu;
	}

	ipi(cpu: number): number {
		return this.ipiBase + cpu;
	}

	sb(cpu: number): number {
		return this.ipiBase + this.cpus + cpu;
	}

	req(cpu: number): number {
		return this.ipiBase + 2 * this.cpus + cpu;
	}

	unacked(cpu: number): number {
		return this.ipiBase + 3 * this.cpus + cpu;
	}

	pgm(pmap: number): number {
		return this.ipiBase + 4 * this.cpus + pmap;
	}
}

/** Builds one footprint. `ALL` stands for every CPU or every pmap. */
export const ALL = -1;

export class Builder {
	readonly print: Footprint;
	readonly layout: Layout;
	/** pmap_invalidate_preipi_pcid stores pm_gen (PCID modes, unless ablated). */
	readonly zeroes: boolean;

	constructor(state: MachineState) {
		this.layout = layoutOf(state);
		this.zeroes = state.config.pcid && !state.config.ablate.has('no-pm-gen-zero');
		this.print = new Footprint(this.layout.words);
	}

	private set(access: Access, bit: number): void {
		const offset = access === 'read' ? 0 : access === 'write' ? this.layout.words : 2 * this.layout.words;
		this.print.bits[offset + (bit >>> 5)]! |= 1 << (bit & 31);
	}

	/** Each value of N (ALL: 0..count-1). */
	private each(value: number, count: number, act: (value: number) => void): void {
		if (value !== ALL) {
			act(value);
			return;
		}

		for (let i = 0; i < count; i++) {
			act(i);
		}
	}

	/** A PTE write also writes the PG_M bits. */
	pte(access: Access, pmap: number): this {
		this.each(pmap, this.layout.pmaps, x => this.set(access, this.layout.pte(x)));
		return access === 'write' ? this.pgm('write', pmap) : this;
	}

	pgm(access: Access, pmap: number): this {
		this.each(pmap, this.layout.pmaps, x => this.set(access, this.layout.pgm(x)));
		return this;
	}

	seq(access: Access): this {
		this.set(access, this.layout.seq());
		return this;
	}

	active(access: Access, pmap: number, cpu: number): this {
		this.each(pmap, this.layout.pmaps, x => this.each(cpu, this.layout.cpus, j => this.set(access, this.layout.active(x, j))));
		return this;
	}

	gen(access: Access, pmap: number, cpu: number): this {
		this.each(pmap, this.layout.pmaps, x => this.each(cpu, this.layout.cpus, j => this.set(access, this.layout.gen(x, j))));
		return this;
	}

	ipi(access: Access, cpu: number): this {
		this.each(cpu, this.layout.cpus, j => this.set(access, this.layout.ipi(j)));
		return this;
	}

	sb(access: Access, cpu: number): this {
		this.each(cpu, this.layout.cpus, j => this.set(access, this.layout.sb(j)));
		return this;
	}

	req(access: Access, cpu: number): this {
		this.set(access, this.layout.req(cpu));
		return this;
	}

	unacked(access: Access, cpu: number): this {
		this.set(access, this.layout.unacked(cpu));
		return this;
	}
}

let lastLayout = new Layout(0, 0);

export function layoutOf(state: MachineState): Layout {
	if (lastLayout.cpus !== state.cpus.length || lastLayout.pmaps !== state.pmaps.length) {
		lastLayout = new Layout(state.cpus.length, state.pmaps.length);
	}

	return lastLayout;
}
