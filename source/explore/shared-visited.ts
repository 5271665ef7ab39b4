/**
 * The visited set of visited.ts in shared memory, for the search threads of
 * parallel.ts: the same slots (fingerprint lanes a and b, sleep set) in a
 * SharedArrayBuffer, with a lock-free insert. A thread claims an empty slot by a
 * compare-and-swap of lane a, then stores the sleep set and publishes lane b; a thread
 * that finds lane a claimed waits for lane b before comparing (lanes are never 0, so
 * b = 0 means "not yet published"). The sleep set is narrowed with an atomic AND, which
 * returns what slept before: two threads meeting a state at once each get the choices
 * awake for them, as in a sequential search the later visit would.
 *
 * Growing stops the world: the thread whose insert passes half full raises GROW and
 * waits until every other search thread has left the table (each checks GROW before
 * each visit, and a thread waiting for work is not in it); it grows both buffers in
 * place, copies the table to the scratch buffer, clears it, reinserts at twice the
 * size, and lowers GROW. The buffers are growable SharedArrayBuffers: their largest
 * size is reserved as address space only (a reservation that counted as memory would
 * make fork fail once it passed the machine's RAM), every thread sees them grow, and
 * none is ever handed between threads. What they hold is counted against the budget
 * before each growth.
 */
import type {Fingerprint} from './fingerprint.js';
import {homeSlot, lane, newState, noRoom, stride, type Visited} from './visited.js';

/**
 * Words of the control array. The two written all the time (size, inside) have a
 * cache line each, apart from those every visit reads.
 */
const Word = {
	/** States recorded (each thread adds its new ones in batches). */
	size: 0,
	/** Search threads in the table now. */
	inside: 16,
	/** 1 while a thread is growing the table. */
	grow: 32,
	/** log2 of the slots in use. */
	log: 33,
	/** The table may not grow: fill up to three quarters. */
	cramped: 34,
	/** Bytes committed, in KiB: table plus scratch touched. */
	committedKib: 35,
	/** The budget for committedKib. */
	limitKib: 36,
	/** Why the search stopped (a Stop), 0 while it runs. */
	stop: 37,
	/** Threads waiting for work (the coordinator sets it). */
	hungry: 48,
	count: 64,
} as const;

/** New states a thread counts before adding them to the shared size. */
const sizeBatch = 256;

/** Why the threads stop (the control array's stop word). */
export const Stop = {none: 0, violation: 1, maxStates: 2, maxMemory: 3, interrupted: 4} as const;

/** A value of Stop. */
export type Stop = (typeof Stop)[keyof typeof Stop];

/** What one thread passes another to share the set. */
export type SharedTables = {readonly control: SharedArrayBuffer; readonly table: SharedArrayBuffer; readonly scratch: SharedArrayBuffer};

/** A SharedArrayBuffer that can grow in place, every thread seeing the new length (ES2024). */
type GrowableBuffer = SharedArrayBuffer & {grow(bytes: number): void; readonly maxByteLength: number};

/** Reserves LENGTH bytes that can grow to MAX (address space only: nothing is committed until it grows). */
function growable(length: number, max: number): GrowableBuffer {
	const Growable = SharedArrayBuffer as unknown as new (length: number, options: {maxByteLength: number}) => GrowableBuffer;
	return new Growable(length, {maxByteLength: max});
}

const firstLog = 16;
/** 2^28 slots (3 GiB) is the most one buffer holds (V8 takes up to 4 GiB): 134 million states. */
const lastLog = 28;

/** The buffers of a set that may commit up to LIMIT bytes. */
export function sharedTables(limit: number): SharedTables {
	// After a growth to S slots, 12 S bytes of table and 6 S of scratch are committed.
	let maxLog = firstLog;
	while (18 * 2 ** (maxLog + 1) <= limit && maxLog < lastLog) {
		maxLog++;
	}

	const control = new SharedArrayBuffer(4 * Word.count);
	const table = growable(stride * 4 * 2 ** firstLog, stride * 4 * 2 ** maxLog);
	const scratch = growable(0, stride * 4 * 2 ** (maxLog - 1));
	const words = new Int32Array(control);
	words[Word.log] = firstLog;
	words[Word.committedKib] = (stride * 4 * 2 ** firstLog) / 1024;
	words[Word.limitKib] = Math.min(2 ** 31 - 1, Math.floor(limit / 1024));
	return {control, table, scratch};
}

/** One thread's view of a shared visited set. */
export class SharedVisitedSet implements Visited {
	private readonly control: Int32Array;
	/** Length-tracking views: they see the buffers grow. */
	private readonly table: Int32Array;
	private readonly scratch: Int32Array;
	private readonly tables: SharedTables;
	private readonly maxSlots: number;
	private mask: number;
	/** New states not yet added to the shared size. */
	private pending = 0;

	constructor(tables: SharedTables) {
		this.tables = tables;
		this.control = new Int32Array(tables.control);
		this.table = new Int32Array(tables.table);
		this.scratch = new Int32Array(tables.scratch);
		this.maxSlots = (tables.table as GrowableBuffer).maxByteLength / 4 / stride;
		this.mask = 2 ** Atomics.load(this.control, Word.log) - 1;
	}

	/** States recorded (with this thread's batch not yet added). */
	get size(): number {
		return Atomics.load(this.control, Word.size) + this.pending;
	}

	/** Bytes committed so far (table and scratch). */
	get bytes(): number {
		return Atomics.load(this.control, Word.committedKib) * 1024;
	}

	/** Why the threads are to stop, or Stop.none. */
	get stopped(): Stop {
		return Atomics.load(this.control, Word.stop) as Stop;
	}

	/** Asks every thread to stop (the first reason wins). */
	stop(reason: Stop): void {
		Atomics.compareExchange(this.control, Word.stop, Stop.none, reason);
	}

	/** Threads waiting for work. */
	get hungry(): number {
		return Atomics.load(this.control, Word.hungry);
	}

	set hungry(count: number) {
		Atomics.store(this.control, Word.hungry, count);
	}

	/** Enters the table before searching (waiting out a growth). */
	enter(): void {
		const {control} = this;
		for (;;) {
			while (Atomics.load(control, Word.grow) !== 0) {
				Atomics.wait(control, Word.grow, 1, 50);
			}

			Atomics.add(control, Word.inside, 1);
			if (Atomics.load(control, Word.grow) === 0) {
				this.mask = 2 ** Atomics.load(control, Word.log) - 1;
				return;
			}

			this.leave();
		}
	}

	/** Leaves the table (no visit until the next enter). */
	leave(): void {
		this.flush();
		Atomics.sub(this.control, Word.inside, 1);
		Atomics.notify(this.control, Word.inside);
	}

	visit(print: Fingerprint, sleep: number): number {
		const {control, table} = this;
		if (Atomics.load(control, Word.grow) !== 0) {
			this.leave();
			this.enter();
		}

		const a = lane(print.a);
		const b = lane(print.b);
		const {mask} = this;
		let slot = homeSlot(a, b, mask);
		for (;;) {
			const at = slot * stride;
			let storedA = Atomics.load(table, at);
			if (storedA === 0) {
				const slots = mask + 1;
				if (Atomics.load(control, Word.cramped) !== 0 && this.size * 4 >= slots * 3) {
					return noRoom;
				}

				storedA = Atomics.compareExchange(table, at, 0, a);
				if (storedA === 0) {
					Atomics.store(table, at + 2, sleep);
					Atomics.store(table, at + 1, b);
					if (++this.pending === sizeBatch) {
						this.flush();
						if (Atomics.load(control, Word.size) * 2 > slots) {
							this.grow();
						}
					}

					return newState;
				}
			}

			if (storedA === a) {
				let storedB = Atomics.load(table, at + 1);
				while (storedB === 0) {
					storedB = Atomics.load(table, at + 1);
				}

				if (storedB === b) {
					const before = Atomics.and(table, at + 2, sleep);
					return before & ~sleep;
				}
			}

			slot = (slot + 1) & mask;
		}
	}

	/** Adds this thread's new states to the shared size. */
	private flush(): void {
		if (this.pending > 0) {
			Atomics.add(this.control, Word.size, this.pending);
			this.pending = 0;
		}
	}

	/** Doubles the table once every other thread is out, unless another thread does, the budget or the buffer forbids. */
	private grow(): void {
		const {control} = this;
		if (Atomics.load(control, Word.cramped) !== 0 || Atomics.compareExchange(control, Word.grow, 0, 1) !== 0) {
			return;
		}

		this.leave();
		for (let inside = Atomics.load(control, Word.inside); inside !== 0; inside = Atomics.load(control, Word.inside)) {
			Atomics.wait(control, Word.inside, inside, 50);
		}

		const slots = this.mask + 1;
		// After the growth: twice the table, and a scratch copy of the old one.
		const committedKib = (stride * 4 * (2 * slots + slots)) / 1024;
		if (2 * slots > this.maxSlots || committedKib > Atomics.load(control, Word.limitKib)) {
			Atomics.store(control, Word.cramped, 1);
		} else {
			(this.tables.table as GrowableBuffer).grow(stride * 4 * 2 * slots);
			(this.tables.scratch as GrowableBuffer).grow(stride * 4 * slots);
			this.rehash(slots);
			Atomics.store(control, Word.committedKib, committedKib);
		}

		Atomics.add(control, Word.inside, 1);
		Atomics.store(control, Word.grow, 0);
		Atomics.notify(control, Word.grow);
		this.mask = 2 ** Atomics.load(control, Word.log) - 1;
	}

	/** Moves every entry of the SLOTS-slot table into one of twice the size (no other thread inside). */
	private rehash(slots: number): void {
		const {table, scratch} = this;
		const used = stride * slots;
		scratch.set(table.subarray(0, used));
		table.fill(0, 0, used);
		const mask = 2 * slots - 1;
		for (let from = 0; from < used; from += stride) {
			const a = scratch[from]!;
			if (a === 0) {
				continue;
			}

			const b = scratch[from + 1]!;
			let slot = homeSlot(a, b, mask);
			while (table[slot * stride] !== 0) {
				slot = (slot + 1) & mask;
			}

			const at = slot * stride;
			table[at] = a;
			table[at + 1] = b;
			table[at + 2] = scratch[from + 2]!;
		}

		Atomics.store(this.control, Word.log, Math.log2(2 * slots));
	}
}
