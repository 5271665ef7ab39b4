/**
 * Footprint bit sets: which shared objects a piece of work reads, writes or updates
 * commutatively (the kinds of object are the engine's, source/engine/footprint.ts),
 * their numbering for a machine of N CPUs and P pmaps, and a builder that sets them
 * from an operation's declaration.
 */
import {ALL, objectKindsOf, type Access, type Kernel, type MachineState, type ObjectKind, type Touches} from '../engine/index.js';

/** Reads, writes and commuting updates of the shared objects, as bit sets. */
export class Footprint {
	/** Three bit sets in one array (one allocation): reads, then writes, then updates. */
	readonly bits: Uint32Array;
	readonly words: number;

	constructor(words: number) {
		this.words = words;
		this.bits = new Uint32Array(3 * words);
	}

	/** Whether BIT is in the set of ACCESS. */
	has(access: Access, bit: number): boolean {
		const offset = access === 'read' ? 0 : access === 'write' ? this.words : 2 * this.words;
		return ((this.bits[offset + (bit >>> 5)]! >>> (bit & 31)) & 1) === 1;
	}

	/** Whether BIT is written or updated. */
	changes(bit: number): boolean {
		const word = bit >>> 5;
		return (((this.bits[this.words + word]! | this.bits[2 * this.words + word]!) >>> (bit & 31)) & 1) === 1;
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

/** Numbers the shared objects (every kind the kernel's operations declare) of a machine with N CPUs and P pmaps. */
export class Layout {
	readonly words: number;
	readonly cpus: number;
	readonly pmaps: number;
	readonly kernel: Kernel;
	private readonly bases = new Map<ObjectKind, number>();

	constructor(cpus: number, pmaps: number, kernel: Kernel = 'freebsd') {
		this.cpus = cpus;
		this.pmaps = pmaps;
		this.kernel = kernel;
		let next = 0;
		for (const kind of objectKindsOf(kernel)) {
			this.bases.set(kind, next);
			next += kind.per.reduce((size, dimension) => size * (dimension === 'cpu' ? cpus : pmaps), 1);
		}

		this.words = Math.ceil(next / 32);
	}

	/** The bit of KIND at its indices (none, one, or a pmap and a CPU). */
	bit(kind: ObjectKind, first = 0, second = 0): number {
		const base = this.bases.get(kind);
		if (base === undefined) {
			throw new Error(`footprint: ${kind.name} is not an object of ${this.kernel}'s operations`);
		}

		return kind.per.length === 2 ? base + first * this.cpus + second : base + first;
	}

	/** How many values dimension D of KIND takes. */
	count(kind: ObjectKind, d: number): number {
		return kind.per[d] === 'cpu' ? this.cpus : this.pmaps;
	}
}

/** Builds one footprint from a declaration (the engine's Touches). */
export class Builder implements Touches {
	readonly print: Footprint;
	readonly layout: Layout;

	constructor(state: MachineState) {
		this.layout = layoutOf(state);
		this.print = new Footprint(this.layout.words);
	}

	touch(access: Access, kind: ObjectKind, first = 0, second = 0): void {
		const {layout} = this;
		if (kind.per.length === 0) {
			this.set(access, layout.bit(kind));
			return;
		}

		const firsts = first === ALL ? layout.count(kind, 0) : 1;
		const seconds = kind.per.length < 2 ? 1 : second === ALL ? layout.count(kind, 1) : 1;
		for (let i = 0; i < firsts; i++) {
			for (let j = 0; j < seconds; j++) {
				this.set(access, layout.bit(kind, first === ALL ? i : first, second === ALL ? j : second));
			}
		}
	}

	private set(access: Access, bit: number): void {
		const offset = access === 'read' ? 0 : access === 'write' ? this.layout.words : 2 * this.layout.words;
		this.print.bits[offset + (bit >>> 5)]! |= 1 << (bit & 31);
	}
}

let lastLayout = new Layout(0, 0);

/** The layout of STATE's machine (one machine at a time, so the last is kept). */
export function layoutOf(state: MachineState): Layout {
	if (lastLayout.cpus !== state.cpus.length || lastLayout.pmaps !== state.pmaps.length || lastLayout.kernel !== state.config.kernel) {
		lastLayout = new Layout(state.cpus.length, state.pmaps.length, state.config.kernel);
	}

	return lastLayout;
}
