/**
 * Symmetry reduction: states that differ only by a renumbering of interchangeable CPUs
 * get one fingerprint, so the explorer visits one of them.
 *
 * Interchangeable CPUs are those with the same steps (lines aside) in every block after
 * the current one; what they are doing in the current block is part of their state.
 * A state's fingerprint is that of its canonical renumbering: within each class the
 * CPUs are sorted by a fingerprint of everything the machine holds about them (their
 * record, their pm_active bits and PCIDs, and their references to other CPUs by class
 * only); then every CPU reference is renumbered the same way.
 *
 * Which renumberings: the kernel's loops over CPUs go in CPU order
 * (pmap_invalidate_preipi_pcid zeroes pm_gen from CPU 0 up, ipi_selected sends in CPU
 * order, invlop_handler scans initiators from 0 up), so a renumbering commutes with
 * every step only if it keeps the order of the CPUs each loop has still to visit. The
 * canonical renumbering therefore keeps those CPUs in their order, first in their class,
 * and sorts only the others; each loop's remaining CPUs are fingerprinted as an ordered
 * list, so two states share a fingerprint only through such a renumbering. Where a loop
 * may still run over CPUs not known yet (an invalidation before its pm_active read, a
 * pmap change, one in a later block) no renumbering is used at all. (A property test
 * found that merging renumberings inside the pm_gen loop loses reachable states; a
 * regression test pins it.)
 *
 * The explorer keeps exploring the concrete state it reached first, so a counterexample
 * is always a real schedule of the scenario as written.
 */
import {choiceRecords, frameFor, operations, type Kernel, type MachineState, type Program, type Step} from '../engine/index.js';
import {cpuPrint, Hasher, pmapPrint, type Fingerprint, type PmapPrint, type RecordPrint, type RefGroup} from './fingerprint.js';

/** Interchangeable CPUs during one block. */
export type Classes = {
	/** For each CPU, its class: the lowest CPU number in it. */
	readonly of: Int32Array;
	/** The classes of two CPUs or more, each in increasing order. */
	readonly groups: ReadonlyArray<readonly number[]>;
	/** No block after this one changes a pmap or invalidates (no loop over CPUs to come). */
	readonly loopless: boolean;
};

/**
 * Marks in IN_LOOP the CPUs some loop of STATE has still to visit in CPU order (as the
 * engine's records declare them); false when a loop over CPUs not known yet may still
 * run in this block.
 */
function markLoops(state: MachineState, inLoop: Uint8Array): boolean {
	inLoop.fill(0);
	for (const cpu of state.cpus) {
		for (const record of choiceRecords) {
			const loop = record.loops(state, cpu);
			if (loop === undefined) {
				return false;
			}

			for (const other of loop) {
				inLoop[other] = 1;
			}
		}
	}

	return true;
}

/** Whether the operation carrying out STEP under KERNEL may loop over CPUs (its record declares loops). */
function mayLoop(step: Step, kernel: Kernel): boolean {
	return operations[frameFor(step, kernel).kind].loops !== undefined;
}

const classCache = new WeakMap<Program, Map<number, Classes>>();

/**
 * The classes of CPUs with equal steps (lines aside) in every block after BLOCK.
 */
export function cpuClasses(program: Program, block: number, cpus: number, kernel: Kernel = 'freebsd'): Classes {
	let perBlock = classCache.get(program);
	if (perBlock === undefined) {
		perBlock = new Map();
		classCache.set(program, perBlock);
	}

	// Blocks by kernel: even numbers for FreeBSD, odd for Linux.
	const cacheKey = block * 2 + (kernel === 'linux' ? 1 : 0);
	let classes = perBlock.get(cacheKey);
	if (classes === undefined) {
		const signatures: string[] = [];
		for (let cpu = 0; cpu < cpus; cpu++) {
			const future = program.blocks.slice(block + 1).map(({steps}) => steps.filter(step => step.cpu === cpu).map(step => step.action));
			signatures.push(JSON.stringify(future));
		}

		const of = new Int32Array(cpus);
		for (let cpu = 0; cpu < cpus; cpu++) {
			of[cpu] = signatures.indexOf(signatures[cpu]!);
		}

		const groups: number[][] = [];
		for (let cpu = 0; cpu < cpus; cpu++) {
			const members = [];
			for (let other = 0; other < cpus; other++) {
				if (of[other] === cpu) {
					members.push(other);
				}
			}

			if (members.length > 1) {
				groups.push(members);
			}
		}

		const loopless = program.blocks.slice(block + 1).every(({steps}) => steps.every(step => !mayLoop(step, kernel)));
		classes = {of, groups, loopless};
		perBlock.set(cacheKey, classes);
	}

	return classes;
}

/** A well-mixed 32-bit function of (cpu, value), summed for sets so order does not matter. */
function element(cpu: number, value: number): number {
	let h = Math.imul(cpu ^ 0x5b_d1_e9_95, 0xcc_9e_2d_51) ^ Math.imul(value | 0, 0x1b_87_35_93) ^ Math.floor(value / 4_294_967_296);
	h = Math.imul(h ^ (h >>> 16), 0x85_eb_ca_6b);
	h = Math.imul(h ^ (h >>> 13), 0xc2_b2_ae_35);
	return h ^ (h >>> 16);
}

/**
 * Adds REFS with each CPU renamed: to its class (-2 for SELF) when CLASSES is given,
 * else to POSITION[cpu], else kept. A list goes in order, a set as a sum of its
 * elements (no sorting, no allocation: this runs for every new state).
 */
function addRefs(h: Hasher, refs: readonly RefGroup[], position: Int32Array | undefined, self: number, classes: Int32Array | undefined): void {
	for (const group of refs) {
		const {cpus, values} = group;
		h.int(group.tag).int(cpus.length);
		let sum = 0;
		for (let i = 0; i < cpus.length; i++) {
			const cpu = cpus[i]!;
			const name = classes !== undefined ? (cpu === self ? -2 : classes[cpu]!) : position === undefined ? cpu : position[cpu]!;
			if (group.ordered) {
				h.int(name);
			} else {
				sum = (sum + element(name, values === undefined ? 0 : values[i]!)) | 0;
			}
		}

		if (!group.ordered) {
			h.int(sum);
		}
	}
}

/**
 * CPU SELF's record with its references by class ("self" for its own number): the
 * same for every renumbering within classes.
 */
function recordByClass(cpu: RecordPrint, self: number, classes: Int32Array): Fingerprint {
	const h = new Hasher(10).part(cpu.print);
	addRefs(h, cpu.refs, undefined, self, classes);
	return h.done();
}

/**
 * The fingerprints a state is made of. A child state shares most records with its
 * parent, so its context reuses the parent's entries for them (no lookups at all).
 */
export type PrintContext = {
	readonly state: MachineState;
	readonly classes: Classes;
	readonly cpus: readonly RecordPrint[];
	readonly pmaps: readonly PmapPrint[];
	/** Per CPU, recordByClass (computed when symmetry needs it). */
	readonly byClass: Array<Fingerprint | undefined>;
	/**
	 * After statePrint: where each CPU goes in the canonical renumbering (CPU -> place),
	 * or undefined when the state is fingerprinted as it is.
	 */
	renumbering: Int32Array | undefined;
};

/** The context of STATE, reusing PARENT's entries for the records they share. */
export function printContext(state: MachineState, parent?: PrintContext): PrintContext {
	const n = state.cpus.length;
	const classes = cpuClasses(state.program, state.block, n, state.config.kernel);
	const sameClasses = parent !== undefined && parent.classes === classes;
	const cpus: RecordPrint[] = [];
	const byClass: Array<Fingerprint | undefined> = [];
	for (let i = 0; i < n; i++) {
		const record = state.cpus[i]!;
		if (parent?.state.cpus[i] === record) {
			cpus.push(parent.cpus[i]!);
			byClass.push(sameClasses ? parent.byClass[i] : undefined);
		} else {
			cpus.push(cpuPrint(record, n, parent?.cpus[i]));
			byClass.push(undefined);
		}
	}

	const pmaps: PmapPrint[] = [];
	for (let p = 0; p < state.pmaps.length; p++) {
		const record = state.pmaps[p]!;
		pmaps.push(parent?.state.pmaps[p] === record ? parent.pmaps[p]! : pmapPrint(record, n));
	}

	return {state, classes, cpus, pmaps, byClass, renumbering: undefined};
}

/** A CPU record's print with its references as they are. */
function plainPrint(cpu: RecordPrint): Fingerprint {
	const h = new Hasher(11).part(cpu.print);
	if (cpu.refs.length > 0) {
		addRefs(h, cpu.refs, undefined, -1, undefined);
	}

	return h.done();
}

/** Everything the machine holds about CPU i except its references. */
function addCpu(h: Hasher, cpu: RecordPrint, pmaps: readonly PmapPrint[], i: number): void {
	h.part(cpu.print);
	for (const pmap of pmaps) {
		h.part(pmap.perCpu[i]!);
	}
}

/** Arrays canonicalOrder reuses from one state to the next (statePrint is not reentrant). */
type Scratch = {keyA: Int32Array; keyB: Int32Array; order: Int32Array; position: Int32Array; inLoop: Uint8Array; free: number[]};
let scratch: Scratch = makeScratch(0);

function makeScratch(n: number): Scratch {
	return {keyA: new Int32Array(n), keyB: new Int32Array(n), order: new Int32Array(n), position: new Int32Array(n), inLoop: new Uint8Array(n), free: []};
}

/** The canonical order: ORDER[k] is the CPU that takes place k, POSITION its inverse. */
function canonicalOrder(context: PrintContext): Scratch {
	const {cpus, pmaps, byClass, classes} = context;
	const n = cpus.length;
	const {keyA, keyB, order, position, inLoop, free} = scratch;
	for (let i = 0; i < n; i++) {
		order[i] = i;
		position[i] = i;
	}

	for (const group of classes.groups) {
		for (const i of group) {
			const record = (byClass[i] ??= recordByClass(cpus[i]!, i, classes.of));
			const h = new Hasher(8).part(record);
			for (const pmap of pmaps) {
				h.part(pmap.perCpu[i]!);
			}

			keyA[i] = h.a;
			keyB[i] = h.b;
		}

		// The CPUs a loop has still to visit keep their order and take the group's first
		// places; the others follow, sorted by key (then number) by insertion.
		let place = 0;
		free.length = 0;
		for (const cpu of group) {
			if (inLoop[cpu] === 1) {
				order[group[place]!] = cpu;
				position[cpu] = group[place]!;
				place++;
			} else {
				let y = free.length - 1;
				free.push(cpu);
				while (y >= 0 && before(cpu, free[y]!, keyA, keyB)) {
					free[y + 1] = free[y]!;
					y--;
				}

				free[y + 1] = cpu;
			}
		}

		for (const cpu of free) {
			order[group[place]!] = cpu;
			position[cpu] = group[place]!;
			place++;
		}
	}

	return scratch;
}

function before(x: number, y: number, keyA: Int32Array, keyB: Int32Array): boolean {
	return keyA[x]! < keyA[y]! || (keyA[x] === keyA[y] && (keyB[x]! < keyB[y]! || (keyB[x] === keyB[y] && x < y)));
}

/** Whether the state of CONTEXT is fingerprinted in a canonical renumbering (fills scratch.inLoop). */
function renumbers(context: PrintContext, symmetry: boolean): boolean {
	if (!symmetry || context.classes.groups.length === 0 || !context.classes.loopless) {
		return false;
	}

	const n = context.cpus.length;
	if (scratch.order.length !== n) {
		scratch = makeScratch(n);
	}

	return markLoops(context.state, scratch.inLoop);
}

/**
 * The fingerprint of a state: of its canonical renumbering when SYMMETRY is on, else of
 * the state as it is (lines still left out). Sets context.renumbering.
 */
export function statePrint(context: PrintContext, symmetry: boolean): Fingerprint {
	const {state, cpus, pmaps} = context;
	const n = cpus.length;
	const canonical = renumbers(context, symmetry) ? canonicalOrder(context) : undefined;
	context.renumbering = canonical === undefined ? undefined : canonical.position.slice();
	const h = new Hasher(9).int(state.block).int(state.seq).int(n);
	if (canonical === undefined) {
		// The state as it is: each pmap with what it holds per CPU, each CPU with its
		// references, every part shared with the parent state along with its record.
		for (const pmap of pmaps) {
			h.part(pmap.whole);
		}

		for (const cpu of cpus) {
			cpu.plain ??= plainPrint(cpu);
			h.part(cpu.plain);
		}

		return h.done();
	}

	h.int(-1);
	for (const pmap of pmaps) {
		h.part(pmap.print);
	}

	for (let k = 0; k < n; k++) {
		const i = canonical.order[k]!;
		const cpu = cpus[i]!;
		addCpu(h, cpu, pmaps, i);
		if (cpu.refs.length > 0) {
			addRefs(h, cpu.refs, canonical.position, -1, undefined);
		}
	}

	return h.done();
}
