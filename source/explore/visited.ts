/**
 * The explorer's visited set: 64-bit fingerprints with a 32-bit sleep set per state, in
 * one open-addressing table of 32-bit triples (12 bytes a slot, at most half full: 24
 * to 48 bytes a state; a JavaScript Set of strings costs about 100). Two distinct states
 * share a fingerprint with probability about n²/2⁶⁵ (3·10⁻⁶ at ten million states), the
 * price every hash-compacting model checker (SPIN's -DHC) pays.
 *
 * The table grows within a memory budget (budget.ts); when it may not grow it fills up
 * to three quarters, then refuses new states and the search ends as bounded.
 * shared-visited.ts is the same table in shared memory for several threads.
 */
import type {MemoryBudget} from './budget.js';
import type {Fingerprint} from './fingerprint.js';

/** What visit returns for a new state. */
export const newState = -1;
/** What visit and add return when the table is full and may not grow. */
export const noRoom = -2;

/** The visited-set operations the searches use. */
export interface Visited {
	/** Distinct states recorded. */
	readonly size: number;
	/**
	 * Records a visit of PRINT with sleep set SLEEP (a bit mask of choices). Returns
	 * newState for a new state, noRoom when it may not be recorded; for one seen
	 * before, the choices that slept then and are awake now (0: nothing to do), and from
	 * now on only what slept both times counts as asleep (Godefroid's sleep sets with
	 * state caching).
	 */
	visit(print: Fingerprint, sleep: number): number;
}

/** Slot layout: lane a, lane b, sleep set. */
export const stride = 3;

/** A fingerprint lane as stored: 0 marks an empty slot, so 0 is stored as 1. */
export function lane(value: number): number {
	return value === 0 ? 1 : value;
}

/** The home slot of a fingerprint in a table of MASK + 1 slots. */
export function homeSlot(a: number, b: number, mask: number): number {
	return (Math.imul(a ^ (b >>> 7), 0x9e_37_79_b1) >>> 0) & mask;
}

/** The visited set of one thread. */
export class VisitedSet implements Visited {
	size = 0;
	private table: Int32Array;
	private mask: number;
	/** Growing was refused by the budget: fill up to three quarters. */
	private cramped = false;
	private readonly budget: MemoryBudget;

	constructor(budget: MemoryBudget, slots = 1 << 16) {
		this.budget = budget;
		this.mask = slots - 1;
		// A budget too small for the first table still gets a tiny one (it fills at once).
		this.table = this.allocate(slots) ?? new Int32Array(stride * 256);
		this.mask = this.table.length / stride - 1;
	}

	/** Bytes the table holds. */
	get bytes(): number {
		return this.table.byteLength;
	}

	/** Gives the table's bytes back to the budget (the set is not used after this). */
	dispose(): void {
		this.budget.release(this.table.byteLength);
		this.table = new Int32Array(0);
	}

	visit(print: Fingerprint, sleep: number): number {
		const a = lane(print.a);
		const b = lane(print.b);
		const {table, mask} = this;
		let slot = homeSlot(a, b, mask);
		for (;;) {
			const at = slot * stride;
			const storedA = table[at]!;
			if (storedA === 0) {
				if (!this.roomForOne()) {
					return noRoom;
				}

				this.store(a, b, sleep);
				return newState;
			}

			if (storedA === a && table[at + 1] === b) {
				const before = table[at + 2]!;
				table[at + 2] = before & sleep;
				return before & ~sleep;
			}

			slot = (slot + 1) & mask;
		}
	}

	/** Adds PRINT: true when new, false when seen before, noRoom when full. */
	add(print: Fingerprint): boolean | typeof noRoom {
		const result = this.visit(print, 0);
		return result === noRoom ? noRoom : result === newState;
	}

	/** Whether one more state fits, growing the table if it is half full. */
	private roomForOne(): boolean {
		const slots = this.mask + 1;
		if (this.size * 2 < slots) {
			return true;
		}

		if (!this.cramped && this.grow()) {
			return true;
		}

		this.cramped = true;
		return this.size * 4 < slots * 3;
	}

	/** Stores a new fingerprint in the current table (after any growth). */
	private store(a: number, b: number, sleep: number): void {
		const {table, mask} = this;
		let slot = homeSlot(a, b, mask);
		while (table[slot * stride] !== 0) {
			slot = (slot + 1) & mask;
		}

		const at = slot * stride;
		table[at] = a;
		table[at + 1] = b;
		table[at + 2] = sleep;
		this.size++;
	}

	/** A zeroed table of SLOTS counted in the budget, or undefined when it does not fit. */
	private allocate(slots: number): Int32Array | undefined {
		if (!this.budget.reserve(stride * 4 * slots)) {
			return undefined;
		}

		return new Int32Array(stride * slots);
	}

	/** Doubles the table; false when the budget does not allow it (old and new at once). */
	private grow(): boolean {
		const old = this.table;
		const grown = this.allocate(2 * (this.mask + 1));
		if (grown === undefined) {
			return false;
		}

		this.table = grown;
		this.mask = this.mask * 2 + 1;
		this.size = 0;
		for (let at = 0; at < old.length; at += stride) {
			if (old[at] !== 0) {
				this.store(old[at]!, old[at + 1]!, old[at + 2]!);
			}
		}

		this.budget.release(old.byteLength);
		return true;
	}
}
