/**
 * A copy-on-write builder for one step: it copies a CPU or pmap the first time the
 * step changes it and shares everything else with the previous state, then seals the
 * result. It lives only inside step(); states themselves are never mutated.
 */
import type {EngineEvent, EventBody} from './events.js';
import type {Frame} from './frames.js';
import {add, has, remove} from './cpuset.js';
import {cloneCpu, clonePmap, type CpuState, type MachineState, type PcidRecord, type PmapId, type PmapState} from './state.js';
import {withLx, type LinuxCpu} from './linux/state.js';

/** A record whose fields the builder may assign. */
export type Draft<T> = {-readonly [K in keyof T]: T[K]};

/** Collects the changes and events of one micro-operation. */
export class Tx {
	readonly events: EngineEvent[] = [];
	seq: number;
	staleUses: number;
	block: number;
	// Drafts by id, made on first use; a step touches one or two CPUs and pmaps, so
	// small arrays beat Maps (and most steps touch no pmap at all).
	private cpuDrafts: Array<Draft<CpuState> | undefined> | undefined;
	private cpuIds: number[] | undefined;
	private pmapDrafts: Array<Draft<PmapState> | undefined> | undefined;
	private pmapIds: number[] | undefined;

	readonly base: MachineState;

	constructor(base: MachineState) {
		this.base = base;
		this.seq = base.seq;
		this.staleUses = base.staleUses;
		this.block = base.block;
	}

	/** The current value of CPU `id` (draft or shared). */
	readCpu(id: number): CpuState {
		return this.cpuDrafts?.[id] ?? this.base.cpus[id]!;
	}

	/** A writable copy of CPU `id`, made on first use. */
	cpu(id: number): Draft<CpuState> {
		this.cpuDrafts ??= [];
		this.cpuIds ??= [];
		let draft = this.cpuDrafts[id];
		if (draft === undefined) {
			draft = cloneCpu(this.base.cpus[id]!) as Draft<CpuState>;
			this.cpuDrafts[id] = draft;
			this.cpuIds.push(id);
		}

		return draft;
	}

	/** The current value of pmap `id`. */
	readPmap(id: PmapId): PmapState {
		return this.pmapDrafts?.[id] ?? this.base.pmaps[id]!;
	}

	/** A writable copy of pmap `id`, made on first use. */
	pmap(id: PmapId): Draft<PmapState> {
		this.pmapDrafts ??= [];
		this.pmapIds ??= [];
		let draft = this.pmapDrafts[id];
		if (draft === undefined) {
			draft = clonePmap(this.base.pmaps[id]!) as Draft<PmapState>;
			this.pmapDrafts[id] = draft;
			this.pmapIds.push(id);
		}

		return draft;
	}

	/** CPU_SET_ATOMIC / CPU_CLR_ATOMIC: CPU's bit in the pmap's pm_active, and no other. */
	setActive(pmap: PmapId, cpu: number, on: boolean): void {
		const draft = this.pmap(pmap);
		draft.active = on ? add(draft.active, cpu) : remove(draft.active, cpu);
	}

	/** CPU_ISSET / cpumask_test_cpu: CPU's bit in the pmap's pm_active (mm_cpumask), and no other. */
	testActive(pmap: PmapId, cpu: number): boolean {
		return has(this.readPmap(pmap).active, cpu);
	}

	/** pm_pcidp[cpu] of a pmap, and no other CPU's entry. */
	setPcid(pmap: PmapId, cpu: number, record: PcidRecord): void {
		const draft = this.pmap(pmap);
		const pcids = draft.pcids.slice();
		pcids[cpu] = record;
		draft.pcids = pcids;
	}

	/** Linux: stores CHANGES into CPU `id`'s cpu_tlbstate and queue (linux/state.ts), and nothing else. */
	setLx(id: number, changes: Partial<LinuxCpu>): void {
		const draft = this.cpu(id);
		draft.lx = withLx(draft.lx!, changes);
	}

	/** The pmap's name as events report it. */
	name(id: PmapId): string {
		return this.base.pmaps[id]!.name;
	}

	/**
	 * Records an event performed by CPU `cpu` for scenario line `line`. BODY is a fresh
	 * literal made by the caller, so it is completed in place (copying it costs a fifth
	 * of the engine's time: the event shapes are many).
	 */
	emit(cpu: number, line: number, body: EventBody): void {
		const event = body as Draft<EngineEvent>;
		event.step = this.base.step;
		event.cpu = cpu;
		event.line = line;
		this.events.push(event);
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
		const {cpuIds, cpuDrafts, pmapIds, pmapDrafts} = this;
		if (cpuIds !== undefined && cpuDrafts !== undefined) {
			const nextCpus = cpus.slice();
			let busyChanged = false;
			for (const id of cpuIds) {
				const draft = cpuDrafts[id]!;
				nextCpus[id] = draft;
				const wasBusy = isBusy(base.cpus[id]!);
				if (wasBusy !== isBusy(draft)) {
					busyChanged = true;
				}
			}

			cpus = nextCpus;
			if (busyChanged) {
				busy = recomputeBusy(busy, cpuIds.map(id => cpuDrafts[id]!));
			}
		}

		if (pmapIds !== undefined && pmapDrafts !== undefined) {
			const nextPmaps = pmaps.slice();
			for (const id of pmapIds) {
				nextPmaps[id] = pmapDrafts[id]!;
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

/** A CPU has work: a frame to run, an interrupt to take, or a store buffer to flush. */
export function isBusy(cpu: CpuState): boolean {
	return cpu.stack.length > 0 || cpu.ipiPending || cpu.sb.length > 0;
}

/** Updates the sorted list BUSY for the CPUs in DRAFTS. */
function recomputeBusy(busy: readonly number[], drafts: readonly CpuState[]): number[] {
	let out = busy.slice();
	for (const cpu of drafts) {
		const at = out.indexOf(cpu.id);
		if (isBusy(cpu)) {
			if (at < 0) {
				let i = out.length;
				while (i > 0 && out[i - 1]! > cpu.id) {
					i--;
				}

				out.splice(i, 0, cpu.id);
			}
		} else if (at >= 0) {
			out = [...out.slice(0, at), ...out.slice(at + 1)];
		}
	}

	return out;
}
