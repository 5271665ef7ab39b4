/**
 * The recorded execution: the choice made at every step, and a snapshot of the state
 * every SNAPSHOT_INTERVAL steps. Any position is reached from the nearest snapshot by
 * re-executing at most that many recorded steps, so going back costs the same at step
 * 1,000 as at step 1,000,000 (rr's checkpoints plus deterministic replay). States share
 * structure, so a snapshot costs only what changed since the previous one.
 */
import {isEnabled, step, type Choice, type EngineEvent, type MachineState} from '../engine/index.js';

/** Steps between two snapshots. */
export const SNAPSHOT_INTERVAL = 512;

/** The kinds of choice, in the order their packed codes use. */
const kinds: ReadonlyArray<Choice['kind']> = ['run', 'irq', 'flush'];

/** Choices packed as cpu * 3 + the kind's index in a growable Int32Array. */
class ChoiceLog {
	private data = new Int32Array(1024);
	length = 0;

	push(choice: Choice): void {
		if (this.length === this.data.length) {
			const grown = new Int32Array(this.data.length * 2);
			grown.set(this.data);
			this.data = grown;
		}

		this.data[this.length++] = choice.cpu * kinds.length + kinds.indexOf(choice.kind);
	}

	at(index: number): Choice {
		const packed = this.data[index]!;
		return {cpu: Math.floor(packed / kinds.length), kind: kinds[packed % kinds.length]!};
	}

	truncate(length: number): void {
		this.length = Math.min(this.length, length);
	}

	/** Bytes held. */
	get bytes(): number {
		return this.data.byteLength;
	}
}

/** A linear history from the initial state; the future after a position can be cut. */
export class History {
	private readonly choices = new ChoiceLog();
	private readonly snapshots: MachineState[];

	constructor(initial: MachineState) {
		this.snapshots = [initial];
	}

	/** How many steps are recorded. */
	get length(): number {
		return this.choices.length;
	}

	/** The recorded choice of step N (0-based). */
	choiceAt(n: number): Choice {
		return this.choices.at(n);
	}

	/** Appends the step STATE -> NEXT made by CHOICE (STATE is at position `length`). */
	record(choice: Choice, next: MachineState): void {
		this.choices.push(choice);
		if (this.choices.length % SNAPSHOT_INTERVAL === 0) {
			this.snapshots[this.choices.length / SNAPSHOT_INTERVAL] = next;
		}
	}

	/** Forgets everything after POSITION (a different choice is about to be made there). */
	truncate(position: number): void {
		this.choices.truncate(position);
		this.snapshots.length = Math.floor(position / SNAPSHOT_INTERVAL) + 1;
	}

	/**
	 * The state at POSITION (0..length), re-executed from the nearest snapshot; ON_STEP
	 * sees each replayed step's events.
	 */
	stateAt(position: number, onStep?: (position: number, events: readonly EngineEvent[], before: MachineState, choice: Choice) => void): MachineState {
		const base = Math.floor(position / SNAPSHOT_INTERVAL);
		let state = this.snapshots[base]!;
		for (let n = base * SNAPSHOT_INTERVAL; n < position; n++) {
			const choice = this.choices.at(n);
			if (!isEnabled(state, choice)) {
				throw new Error(`history replay diverged at step ${n}`);
			}

			const result = step(state, choice);
			onStep?.(n, result.events, state, choice);
			state = result.state;
		}

		return state;
	}

	/** The events of steps [from, to), re-executed from the snapshot before FROM. */
	eventsBetween(from: number, to: number): EngineEvent[] {
		const events: EngineEvent[] = [];
		const start = Math.floor(from / SNAPSHOT_INTERVAL) * SNAPSHOT_INTERVAL;
		let state = this.snapshots[start / SNAPSHOT_INTERVAL]!;
		for (let n = start; n < Math.min(to, this.length); n++) {
			const result = step(state, this.choices.at(n));
			state = result.state;
			if (n >= from) {
				events.push(...result.events);
			}
		}

		return events;
	}

	/** Bytes held by the choice log (snapshots share structure with each other). */
	get choiceBytes(): number {
		return this.choices.bytes;
	}

	/** How many snapshots are kept. */
	get snapshotCount(): number {
		return this.snapshots.length;
	}
}
