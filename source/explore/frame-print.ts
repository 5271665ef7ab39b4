/**
 * A frame's fingerprint, read off the roles its operation's record gives its fields
 * (source/engine/footprint.ts): a new kind of frame needs nothing here.
 */
import {members, type CpuSet} from '../engine/cpuset.js';
import {operations, type FieldRole, type Frame, type Instr} from '../engine/index.js';
import {Hasher, memo, noRefs, type Fingerprint, type RecordPrint, type RefGroup} from './hasher.js';

const instrPrints = new WeakMap<readonly Instr[], Fingerprint>();

/** A list of instructions (memoised per list), each as the plain record it is. */
export function instrsPrint(list: readonly Instr[]): Fingerprint {
	return memo(instrPrints, list, instrs => {
		const h = new Hasher(3).int(instrs.length);
		for (const instr of instrs) {
			addValue(h, instr);
		}

		return h.done();
	});
}

/** A value of a frame field as the engine makes them: numbers, flags, names, small records. */
function addValue(h: Hasher, value: unknown): void {
	switch (typeof value) {
		case 'number': {
			h.num(value);
			return;
		}

		case 'boolean': {
			h.bool(value);
			return;
		}

		case 'string': {
			h.str(value);
			return;
		}

		case 'undefined': {
			h.int(-0x7f_ff_ff_ff);
			return;
		}

		case 'object': {
			// A record such as an invalidation's range: its fields in order.
			for (const [key, field] of Object.entries(value!)) {
				h.str(key);
				addValue(h, field);
			}

			return;
		}

		default: {
			throw new Error(`fingerprint: a frame field of type ${typeof value}`);
		}
	}
}

/** A frame's fields in the order its record lists them, with their roles. */
const fieldPlans = new Map<string, ReadonlyArray<readonly [string, FieldRole]>>();

function planOf(kind: Frame['kind']): ReadonlyArray<readonly [string, FieldRole]> {
	let plan = fieldPlans.get(kind);
	if (plan === undefined) {
		plan = Object.entries(operations[kind].fields) as Array<[string, FieldRole]>;
		fieldPlans.set(kind, plan);
	}

	return plan;
}

/**
 * A frame as its record's field roles say (source/engine/footprint.ts): lines left out,
 * CPU references in refs (so symmetry.ts can renumber them), a loop's cursor as the CPUs
 * it has still to visit, in order (what is left to do, whatever the numbering).
 */
export function framePrint(f: Frame, cpus: number): RecordPrint {
	const h = new Hasher(4).str(f.kind);
	const fields = f as unknown as Record<string, unknown>;
	let refs: RefGroup[] | undefined;
	const plan = planOf(f.kind);
	for (let tag = 0; tag < plan.length; tag++) {
		const [name, role] = plan[tag]!;
		const value = fields[name];
		switch (role) {
			case 'line': {
				break;
			}

			case 'phase':
			case 'pmap':
			case 'value': {
				addValue(h, value);
				break;
			}

			case 'instrs': {
				h.part(instrsPrint(value as readonly Instr[]));
				break;
			}

			case 'cpu': {
				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: (value as number) >= 0 ? [value as number] : [], values: undefined});
				break;
			}

			case 'cpus': {
				(refs ??= []).push({tag: 100 + tag, ordered: false, cpus: members(value as CpuSet), values: undefined});
				break;
			}

			case 'cpu-list': {
				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: value as readonly number[], values: undefined});
				break;
			}

			case 'cpu-cursor': {
				const skip = fields['skip'] as number;
				const left: number[] = [];
				for (let cpu = value as number; cpu >= 0 && cpu < cpus; cpu++) {
					if (cpu !== skip) {
						left.push(cpu);
					}
				}

				(refs ??= []).push({tag: 100 + tag, ordered: true, cpus: left, values: undefined});
				break;
			}

			default: {
				role satisfies never;
			}
		}
	}

	return {print: h.done(), refs: refs ?? noRefs};
}
