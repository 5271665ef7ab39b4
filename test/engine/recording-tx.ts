/**
 * A transaction (source/engine/tx.ts) that records which shared objects a
 * micro-operation really reads and writes, by watching every field the operation's code
 * reads or assigns through it. Where a field lives is the engine's own declaration
 * (each object kind's `home` in source/engine/footprint.ts); anything the code touches
 * in another CPU's own state is recorded too, as it belongs to no shared object.
 */
import {ALL, allObjectKinds as objectKinds, type CpuState, type LinuxCpu, type MachineState, type ObjectKind, type PcidRecord, type PmapId, type PmapState, type Pte} from '../../source/engine/index.js';
import {add, has, remove} from '../../source/engine/cpuset.js';
import {Tx, type Draft} from '../../source/engine/tx.js';

/** One access as the code made it. */
export type Touch =
	| {readonly access: 'read' | 'write'; readonly kind: ObjectKind; readonly first: number; readonly second: number}
	| {readonly access: 'private'; readonly cpu: number; readonly field: string};

/** A CPU record's fields that belong to a shared object, and to which. */
const cpuFields = new Map<string, ObjectKind>();
for (const kind of objectKinds) {
	if (kind.home.record === 'cpu') {
		for (const field of kind.home.fields) {
			cpuFields.set(field, kind);
		}
	}
}

/** The kinds living in a pmap field: the whole field, or only one subfield of its entries. */
function pmapKinds(field: string): ObjectKind[] {
	return objectKinds.filter(kind => kind.home.record === 'pmap' && kind.home.field === field);
}

const [pteKind, pgmKind] = (() => {
	const kinds = pmapKinds('ptes');
	return [kinds.find(kind => kind.home.record === 'pmap' && kind.home.only === undefined)!, kinds.find(kind => kind.home.record === 'pmap' && kind.home.only !== undefined)!];
})();
const pgmField = pgmKind.home.record === 'pmap' ? pgmKind.home.only! : '';
const activeKind = pmapKinds('active')[0]!;
const genKind = pmapKinds('pcids')[0]!;
/** Linux's mm->context (source/engine/linux/). */
const mmKind = pmapKinds('mm')[0]!;
const seqKind = objectKinds.find(kind => kind.home.record === 'machine' && kind.home.field === 'seq')!;

/** Fields that never change: reading them is no access. */
const constants = new Set(['id', 'name', 'hasUpt']);

/** The proxies' targets, to store plain objects back into the state. */
const targets = new WeakMap<object, object>();

function unwrap<T>(value: T): T {
	if (typeof value !== 'object' || value === null) {
		return value;
	}

	const target = targets.get(value);
	if (target !== undefined) {
		return target as T;
	}

	return Array.isArray(value) ? (value.map(element => unwrap(element)) as T) : value;
}

/** A recording transaction for one micro-operation of CPU `self`. */
export class RecordingTx extends Tx {
	readonly touches: Touch[] = [];
	private readonly self: number;
	private seqValue: number;
	/** Off once the micro-operation is over (commit reads the counter). */
	private recording = true;

	constructor(base: MachineState, self: number) {
		super(base);
		this.self = self;
		this.seqValue = base.seq;
		Object.defineProperty(this, 'seq', {
			get: () => {
				this.record('read', seqKind);
				return this.seqValue;
			},
			set: (value: number) => {
				this.record('write', seqKind);
				this.seqValue = value;
			},
		});
	}

	override readCpu(id: number): CpuState {
		return this.cpuProxy(super.readCpu(id), id);
	}

	override cpu(id: number): Draft<CpuState> {
		return this.cpuProxy(super.cpu(id), id);
	}

	override readPmap(id: PmapId): PmapState {
		return this.pmapProxy(super.readPmap(id), id);
	}

	override pmap(id: PmapId): Draft<PmapState> {
		return this.pmapProxy(super.pmap(id), id);
	}

	override setActive(pmap: PmapId, cpu: number, on: boolean): void {
		this.record('write', activeKind, pmap, cpu);
		const draft = super.pmap(pmap);
		draft.active = on ? add(draft.active, cpu) : remove(draft.active, cpu);
	}

	override testActive(pmap: PmapId, cpu: number): boolean {
		this.record('read', activeKind, pmap, cpu);
		return has(super.readPmap(pmap).active, cpu);
	}

	override setPcid(pmap: PmapId, cpu: number, record: PcidRecord): void {
		this.record('write', genKind, pmap, cpu);
		const draft = super.pmap(pmap);
		const pcids = draft.pcids.slice();
		pcids[cpu] = record;
		draft.pcids = pcids;
	}

	override setLx(id: number, changes: Partial<LinuxCpu>): void {
		for (const [sub, value] of Object.entries(changes)) {
			const kind = cpuFields.get(`lx.${sub}`);
			if (kind !== undefined) {
				this.record('write', kind, id);
			} else if (id !== this.self && this.recording && value !== undefined) {
				this.touches.push({access: 'private', cpu: id, field: `lx.${sub}`});
			}
		}

		const draft = super.cpu(id);
		draft.lx = {...draft.lx!, ...changes};
	}

	override commit(lastCpu: number): MachineState {
		this.recording = false;
		return super.commit(lastCpu);
	}

	private record(access: 'read' | 'write', kind: ObjectKind, first = 0, second = 0): void {
		if (this.recording) {
			this.touches.push({access, kind, first, second});
		}
	}

	private wrap<T extends object>(target: T, handler: ProxyHandler<T>): T {
		const proxy = new Proxy(target, handler);
		targets.set(proxy, target);
		return proxy;
	}

	private cpuProxy<T extends CpuState>(cpu: T, id: number): T {
		const field = (name: string | symbol, access: 'read' | 'write') => {
			if (typeof name !== 'string' || constants.has(name) || name === 'lx') {
				return;
			}

			const kind = cpuFields.get(name);
			if (kind !== undefined) {
				this.record(access, kind, id);
			} else if (id !== this.self && this.recording) {
				this.touches.push({access: 'private', cpu: id, field: name});
			}
		};

		return this.wrap(cpu, {
			get: (target, name, receiver) => {
				field(name, 'read');
				const value = Reflect.get(target, name, receiver) as unknown;
				// Linux's per-CPU state: each of its fields is a shared object or this CPU's own.
				return name === 'lx' && value !== undefined ? this.wrap(value as LinuxCpu, {get: (lx, sub, lxReceiver) => {
					field(`lx.${String(sub)}`, 'read');
					return Reflect.get(lx, sub, lxReceiver) as unknown;
				}}) : value;
			},
			set: (target, name, value: unknown) => {
				const plain = unwrap(value);
				if (name === 'lx' && target.lx !== undefined && plain !== undefined) {
					for (const sub of Object.keys(plain as LinuxCpu) as Array<keyof LinuxCpu>) {
						if ((plain as LinuxCpu)[sub] !== target.lx[sub]) {
							field(`lx.${sub}`, 'write');
						}
					}
				} else {
					field(name, 'write');
				}

				return Reflect.set(target, name, plain);
			},
		});
	}

	private pmapProxy<T extends PmapState>(pmap: T, id: PmapId): T {
		return this.wrap(pmap, {
			get: (target, name, receiver) => {
				const value = Reflect.get(target, name, receiver) as unknown;
				if (name === 'active') {
					this.record('read', activeKind, id, ALL);
				} else if (name === 'mm') {
					this.record('read', mmKind, id);
				} else if (name === 'pcids') {
					return this.entriesProxy(value as readonly PcidRecord[], index => {
						this.record('read', genKind, id, index);
					});
				} else if (name === 'ptes') {
					return this.ptesProxy(value as readonly Pte[], id);
				}

				return value;
			},
			set: (target, name, value: unknown) => {
				const plain = unwrap(value);
				if (name === 'active') {
					this.changedBits(target.active, plain as bigint, id);
				} else if (name === 'mm') {
					if (plain !== target.mm) {
						this.record('write', mmKind, id);
					}
				} else if (name === 'pcids') {
					(plain as readonly PcidRecord[]).forEach((entry, index) => {
						if (entry !== target.pcids[index]) {
							this.record('write', genKind, id, index);
						}
					});
				} else if (name === 'ptes') {
					this.changedPtes(target.ptes, plain as readonly Pte[], id);
				}

				return Reflect.set(target, name, plain);
			},
		});
	}

	/** An array whose element reads are recorded by READ (other reads pass). */
	private entriesProxy<T extends object>(entries: readonly T[], read: (index: number) => void): readonly T[] {
		return this.wrap(entries as T[], {
			get: (target, name, receiver) => {
				if (typeof name === 'string' && /^[0-9]+$/.test(name)) {
					read(Number(name));
				}

				return Reflect.get(target, name, receiver) as unknown;
			},
		});
	}

	/** A pmap's PTEs: reading an entry's PG_M reads PGM, anything else PTE. */
	private ptesProxy(ptes: readonly Pte[], id: PmapId): readonly Pte[] {
		return this.wrap(ptes as Pte[], {
			get: (target, name, receiver) => {
				const value = Reflect.get(target, name, receiver) as unknown;
				if (typeof name === 'string' && /^[0-9]+$/.test(name) && value !== undefined) {
					return this.wrap(value as Pte, {
						get: (pte, field, pteReceiver) => {
							this.record('read', field === pgmField ? pgmKind : pteKind, id);
							return Reflect.get(pte, field, pteReceiver) as unknown;
						},
					});
				}

				if (name === 'length') {
					this.record('read', pteKind, id);
				}

				return value;
			},
		});
	}

	private changedBits(before: bigint, after: bigint, id: PmapId): void {
		const changed = before ^ after;
		for (let cpu = 0; cpu < this.base.cpus.length; cpu++) {
			if (((changed >> BigInt(cpu)) & 1n) === 1n) {
				this.record('write', activeKind, id, cpu);
			}
		}
	}

	/** A store rewrites PTE and PG_M; a walk's PG_A is PTE, its PG_M is PGM. */
	private changedPtes(before: readonly Pte[], after: readonly Pte[], id: PmapId): void {
		const old = new Map(before.map(pte => [pte.vpn, pte]));
		for (const pte of after) {
			const was = old.get(pte.vpn);
			if (was === pte) {
				continue;
			}

			const fields = new Set<string>();
			for (const key of Object.keys(pte) as Array<keyof Pte>) {
				if (was === undefined || JSON.stringify(was[key]) !== JSON.stringify(pte[key])) {
					fields.add(key);
				}
			}

			if (fields.has(pgmField)) {
				this.record('write', pgmKind, id);
			}

			if ([...fields].some(field => field !== pgmField)) {
				this.record('write', pteKind, id);
			}
		}
	}
}
