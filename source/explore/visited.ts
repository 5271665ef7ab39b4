/**
 * The explorer's visited set: 64-bit fingerprints in one open-addressing table of
 * 32-bit pairs, with a 32-bit sleep set per state. A JavaScript Set of strings costs
 * about 100 bytes a state; this costs 24 to 48 (half full at most), which is what lets
 * the 5-CPU race fit in memory. Two distinct states share a fingerprint with
 * probability about n²/2⁶⁵ (3·10⁻⁶ at ten million states), the price every
 * hash-compacting model checker (SPIN's -DHC) pays.
 */
import type {Fingerprint} from './fingerprint.js';

export class VisitedSet {
	private table = new Int32Array(1 << 16);
	/** Per slot, the sleep set the state was last explored with (see depth-first.ts). */
	private sleeps = new Int32Array(1 << 15);
	private mask = (1 << 15) - 1;
	size = 0;

	/**
	 * Records a visit of PRINT with sleep set SLEEP (a bit mask of choices). Returns -1
	 * for a new state; for one seen before, the choices that slept then and are awake
	 * now (0: nothing to do), and from now on only what slept both times counts as asleep.
	 * (Godefroid's sleep sets with state caching.)
	 */
	visit(print: Fingerprint, sleep: number): number {
		const slot = this.slotOf(print);
		if (slot < 0) {
			this.insert(~slot, print, sleep);
			return -1;
		}

		const before = this.sleeps[slot]!;
		this.sleeps[slot] = before & sleep;
		return before & ~sleep;
	}

	/** Adds PRINT; false when it was already there. */
	add(print: Fingerprint): boolean {
		const slot = this.slotOf(print);
		if (slot >= 0) {
			return false;
		}

		this.insert(~slot, print, 0);
		return true;
	}

	/** (0, 0) marks an empty slot, so a fingerprint of (0, 0) is stored as (0, 1). */
	private static second(print: Fingerprint): number {
		return print.a === 0 && print.b === 0 ? 1 : print.b;
	}

	/** The slot holding PRINT, or ~slot where it would go. */
	private slotOf(print: Fingerprint): number {
		const a = print.a;
		const b = VisitedSet.second(print);
		let slot = (Math.imul(a ^ (b >>> 7), 0x9e_37_79_b1) >>> 0) & this.mask;
		for (;;) {
			const at = slot << 1;
			const storedA = this.table[at]!;
			const storedB = this.table[at + 1]!;
			if (storedA === 0 && storedB === 0) {
				return ~slot;
			}

			if (storedA === a && storedB === b) {
				return slot;
			}

			slot = (slot + 1) & this.mask;
		}
	}

	/** Stores PRINT with SLEEP in the empty SLOT, growing the table past half full. */
	private insert(slot: number, print: Fingerprint, sleep: number): void {
		this.table[slot << 1] = print.a;
		this.table[(slot << 1) + 1] = VisitedSet.second(print);
		this.sleeps[slot] = sleep;
		this.size++;
		if (this.size * 2 > this.mask) {
			this.grow();
		}
	}

	private grow(): void {
		const old = this.table;
		const oldSleeps = this.sleeps;
		this.table = new Int32Array(old.length * 2);
		this.sleeps = new Int32Array(oldSleeps.length * 2);
		this.mask = this.mask * 2 + 1;
		for (let at = 0; at < old.length; at += 2) {
			if (old[at] !== 0 || old[at + 1] !== 0) {
				const print = {a: old[at]!, b: old[at + 1]!};
				const slot = ~this.slotOf(print);
				this.table[slot << 1] = print.a;
				this.table[(slot << 1) + 1] = print.b;
				this.sleeps[slot] = oldSleeps[at >> 1]!;
			}
		}
	}
}
