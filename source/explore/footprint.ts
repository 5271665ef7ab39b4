/**
 * Footprints of what CPUs may do, for the partial-order reduction of independence.ts,
 * read from the records each operation and each kind of choice declares in the engine
 * (source/engine/footprint.ts, operations.ts): nothing here knows an operation.
 */
import {choiceRecord, choiceRecords, type Choice, type CpuState, type MachineState} from '../engine/index.js';
import {Builder, type Footprint, layoutOf} from './footprint-set.js';

/**
 * The footprints of one state's CPUs, computed when first asked for. A child state
 * shares most CPU records with its parent and takes the parent's footprints for them.
 */
export class Footprints {
	readonly state: MachineState;
	/** By kind of choice, then CPU: everything it may touch while the block lasts. */
	private readonly futures: Array<Array<Footprint | undefined>>;
	/** By kind of choice, then CPU: the footprint of taking it now. */
	private readonly steps: Array<Array<Footprint | undefined>>;
	/** By kind of choice, then CPU: the CPUs whose futures may give it work. */
	private readonly senders: Array<Array<readonly number[] | undefined>>;

	constructor(state: MachineState, parent?: Footprints) {
		this.state = state;
		const n = state.cpus.length;
		this.futures = choiceRecords.map(() => new Array<Footprint | undefined>(n));
		this.steps = choiceRecords.map(() => new Array<Footprint | undefined>(n));
		this.senders = choiceRecords.map(() => new Array<readonly number[] | undefined>(n));
		if (parent !== undefined) {
			for (let i = 0; i < n; i++) {
				if (parent.state.cpus[i] === state.cpus[i]) {
					for (let k = 0; k < choiceRecords.length; k++) {
						this.futures[k]![i] = parent.futures[k]![i];
					}
				}
			}
		}
	}

	/** Everything choice kind K (an index of choiceRecords) of CPU `id` may touch while the block lasts. */
	future(k: number, id: number): Footprint {
		const futures = this.futures[k]!;
		let print = futures[id];
		if (print === undefined) {
			const b = new Builder(this.state);
			choiceRecords[k]!.future(this.state, this.state.cpus[id]!, b);
			print = b.print;
			futures[id] = print;
		}

		return print;
	}

	/** Whether choice kind K of CPU `to` may have work before CPU `except` moves. */
	mayBePending(k: number, to: number, except: number): boolean {
		const record = choiceRecords[k]!;
		const cpu = this.state.cpus[to]!;
		return record.pending(cpu) || this.mayArrive(k, to, except);
	}

	/** Whether a CPU other than `to` and `except` may give choice kind K of `to` work. */
	mayArrive(k: number, to: number, except: number): boolean {
		const senders = (this.senders[k]![to] ??= this.sendersOf(k, to));
		return senders.length > 1 || (senders.length === 1 && senders[0] !== except);
	}

	/** The footprint of taking choice kind K of CPU `id` now. */
	step(k: number, id: number): Footprint {
		return (this.steps[k]![id] ??= stepPrint(this, this.state.cpus[id]!, k));
	}

	/** The CPUs other than `to` whose futures write or update what gives choice kind K of `to` work. */
	private sendersOf(k: number, to: number): readonly number[] {
		const {arrival} = choiceRecords[k]!;
		if (arrival === undefined) {
			return [];
		}

		const {kind, index} = arrival(this.state.cpus[to]!);
		const bit = layoutOf(this.state).bit(kind, index);
		const senders: number[] = [];
		for (let from = 0; from < this.state.cpus.length; from++) {
			if (from !== to && choiceRecords.some((_record, other) => this.future(other, from).changes(bit))) {
				senders.push(from);
			}
		}

		return senders;
	}
}

/**
 * The footprint of CPU's next choice of kind KIND (computed once per state). When the
 * step may report nothing past what its phase declares, step() goes on, so all the CPU
 * may still do counts.
 */
export function stepFootprint(footprints: Footprints, cpu: CpuState, kind: Choice['kind']): Footprint {
	return footprints.step(choiceRecords.indexOf(choiceRecord(kind)), cpu.id);
}

function stepPrint(footprints: Footprints, cpu: CpuState, k: number): Footprint {
	const b = new Builder(footprints.state);
	if (choiceRecords[k]!.step(footprints.state, cpu, b) === 'maybe') {
		b.print.merge(footprints.future(k, cpu.id));
	}

	return b.print;
}
