/**
 * The explorer's visited set: 64-bit fingerprints in one open-addressing table of
 * 32-bit pairs. A JavaScript Set of strings costs about 100 bytes a state; this costs
 * 16 to 32 bytes (half full at most), which is what lets the 5-CPU race fit in memory. Two distinct states
 * share a fingerprint with probability about n²/2⁶⁵ (3·10⁻⁶ at ten million states),
 * the price every hash-compacting model checker (SPIN's -DHC) pays.
 */
import type {Fingerprint} from './fingerprint.js';

export class VisitedSet {
	private table = new Int32Array(1 << 16);
	private mask = (1 << 15) - 1;
	size = 0;

	/** Adds PRINT; false when it was already there. */
	add(print: Fingerprint): boolean {
		const a = print.a;
		// (0, 0) marks an empty slot.
		const b = a === 0 && print.b === 0 ? 1 : print.b;
		let slot = (Math.imul(a ^ (b >>> 7), 0x9e_37_79_b1) >>> 0) & this.mask;
		for (;;) {
			const at = slot << 1;
			const storedA = this.table[at]!;
			const storedB = this.table[at + 1]!;
			if (storedA === 0 && storedB === 0) {
				this.table[at] = a;
				this.table[at + 1] = b;
				this.size++;
				if (this.size * 2 > this.mask) {
					this.grow();
				}

				return true;
			}

			if (storedA === a && storedB === b) {
				return false;
			}

			slot = (slot + 1) & this.mask;
		}
	}

	private grow(): void {
		const old = this.table;
		this.table = new Int32Array(old.length * 2);
		this.mask = this.mask * 2 + 1;
		this.size = 0;
		for (let at = 0; at < old.length; at += 2) {
			if (old[at] !== 0 || old[at + 1] !== 0) {
				this.add({a: old[at]!, b: old[at + 1]!});
			}
		}
	}
}
