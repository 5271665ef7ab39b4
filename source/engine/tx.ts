/**
 * A copy-on-write builder for one step: it copies a CPU or pmap the first time the
 * step changes it and shares everything else with the previous state, then seals the
 * result. It lives only inside step(); states themselves are never mutated.
 */
import type {EngineEvent, EventBody} from './events.js';
import type {Frame} from './frames.js';
import type {CpuState, MachineState, PmapId, PmapState} from './state.js';

/** A record whose fields the builder may assign. */
export type Draft<T> = {-readonly [K in keyof T]: T[K]};

/** Collects the changes and events of one micro-operation. */
export class Tx {
	readonly events: EngineEvent[] = [];
	seq: number;
	staleUses: number;
	block: number;
	private readonly cpuDrafts = new Map<number, Draft<CpuState>>();
	private readonly pmapDrafts = new Map<PmapId, Draft<PmapState>>();

	readonly base: MachineState;

	constructor(base: MachineState) {
		this.base = base;
		this.seq = base.seq;
		this.staleUses = base.staleUses;
		this.block = base.block;
	}

	/** The current value of CPU `id` (draft or shared). */
	readCpu(id: number): CpuState {
		return this.cpuDrafts.get(id) ?? this.base.cpus[id]!;
	}

	/** A writable copy of CPU `id`, made on first use. */
	cpu(id: number): Draft<CpuState> {
		let draft = this.cpuDrafts.get(id);
		if (draft === undefined) {
			draft = {...this.base.cpus[id]!};
			this.cpuDrafts.set(id, draft);
		}

		return draft;
	}

	/** The current value of pmap `id`. */
	readPmap(id: PmapId): PmapState {
		return this.pmapDrafts.get(id) ?? this.base.pmaps[id]!;
	}

	/** A writable copy of pmap `id`, made on first use. */
	pmap(id: PmapId): Draft<PmapState> {
		let draft = this.pmapDrafts.get(id);
		if (draft === undefined) {
			draft = {...this.base.pmaps[id]!};
			this.pmapDrafts.set(id, draft);
		}

		return draft;
	}

	/** The pmap's name as events report it. */
	name(id: PmapId): string {
		return this.base.pmaps[id]!.name;
	}

	/** Records an event performed by CPU `cpu` for scenario line `line`. */
	emit(cpu: number, line: number, body: EventBody): void {
		this.events.push({...body, step: this.base.step, cpu, line});
	}

	/** The innermost frame of CPU `id`. */
	top(id: number): Frame | undefined {
		const {stack} = this.readCpu(id);
		return stack.at(-1);
	}

	/** Replaces the innermost frame of CPU `id`. */
	replaceTop(id: number, frame: Frame): void {
		const cpu = this.cpu(id);
		const stack = cpu.stack.slice();
		stack[stack.length - 1] = frame;
		cpu.stack = stack;
	}

	/** Pushes a frame on CPU `id`. */
	push(id: number, frame: Frame): void {
		const cpu = this.cpu(id);
		cpu.stack = [...cpu.stack, frame];
	}

	/** Pops the innermost frame of CPU `id`. */
	pop(id: number): void {
		const cpu = this.cpu(id);
		cpu.stack = cpu.stack.slice(0, -1);
	}

	/** Seals the new state; `lastCpu` is the CPU that performed the micro-operation. */
	commit(lastCpu: number): MachineState {
		const {base} = this;
		let {cpus, pmaps, busy} = base;
		if (this.cpuDrafts.size > 0) {
			const nextCpus = cpus.slice();
			let busyChanged = false;
			for (const [id, draft] of this.cpuDrafts) {
				nextCpus[id] = draft;
				const wasBusy = isBusy(base.cpus[id]!);
				if (wasBusy !== isBusy(draft)) {
					busyChanged = true;
				}
			}

			cpus = nextCpus;
			if (busyChanged) {
				busy = recomputeBusy(busy, this.cpuDrafts);
			}
		}

		if (this.pmapDrafts.size > 0) {
			const nextPmaps = pmaps.slice();
			for (const [id, draft] of this.pmapDrafts) {
				nextPmaps[id] = draft;
			}

			pmaps = nextPmaps;
		}

		return {
			config: base.config,
			cpus,
			pmaps,
			program: base.program,
			block: this.block,
			seq: this.seq,
			step: base.step + 1,
			busy,
			lastCpu,
			staleUses: this.staleUses,
		};
	}
}

/** A CPU has work: a frame to run or an interrupt to take. */
export function isBusy(cpu: CpuState): boolean {
	return cpu.stack.length > 0 || cpu.ipiPending;
}

function recomputeBusy(busy: readonly number[], drafts: ReadonlyMap<number, CpuState>): number[] {
	const set = new Set(busy);
	for (const [id, cpu] of drafts) {
		if (isBusy(cpu)) {
			set.add(id);
		} else {
			set.delete(id);
		}
	}

	return [...set].sort((a, b) => a - b);
}
