/**
 * Independent state keys for checking the explorer: plain JSON of a state without
 * history and labels, and for final states the least such key over every renumbering
 * of interchangeable CPUs (brute force; classes are small in tests).
 */
import {operations, type FieldRole, type Frame, type MachineState} from '../../source/engine/index.js';
import {cpuClasses} from '../../source/explore/symmetry.js';

/** Everything but history and labels (lines, the step counter, the round-robin cursor, stale count). */
const ignored = new Set(['line', 'ipiLine', 'step', 'lastCpu', 'staleUses', 'busy', 'program', 'config', 'id', 'name']);

/** JSON of STATE without history and labels. */
export function oracleKey(state: MachineState): string {
	return JSON.stringify(state, (key, value: unknown) => (ignored.has(key) ? undefined : typeof value === 'bigint' ? value.toString(16) : value));
}

/** STATE renumbered by TO (old CPU -> new CPU); only for final states (empty stacks). */
function renumber(state: MachineState, to: readonly number[]): MachineState {
	const n = state.cpus.length;
	const from = new Array<number>(n);
	for (let old = 0; old < n; old++) {
		from[to[old]!] = old;
	}

	const cpus = from.map(old => {
		const cpu = state.cpus[old]!;
		if (cpu.stack.length > 0) {
			throw new Error('renumber: only final states');
		}

		const ackedGen = new Array<number>(n);
		for (let initiator = 0; initiator < n; initiator++) {
			ackedGen[to[initiator]!] = cpu.ackedGen[initiator]!;
		}

		return {...cpu, ackedGen, pendingFrom: cpu.pendingFrom.map(initiator => to[initiator]!).sort((x, y) => x - y)};
	});
	const pmaps = state.pmaps.map(pmap => {
		let active = 0n;
		for (let old = 0; old < n; old++) {
			if (((pmap.active >> BigInt(old)) & 1n) === 1n) {
				active |= 1n << BigInt(to[old]!);
			}
		}

		return {...pmap, active, pcids: from.map(old => pmap.pcids[old]!)};
	});
	return {...state, cpus, pmaps};
}

/** Every permutation of GROUP (a list of CPUs) as a renumbering of N CPUs. */
function renumberings(groups: ReadonlyArray<readonly number[]>, n: number): number[][] {
	let out: number[][] = [[...Array.from({length: n}, (_, cpu) => cpu)]];
	for (const group of groups) {
		const next: number[][] = [];
		const permute = (rest: readonly number[], chosen: number[]) => {
			if (rest.length === 0) {
				for (const base of out) {
					const to = base.slice();
					group.forEach((cpu, index) => {
						to[cpu] = chosen[index]!;
					});
					next.push(to);
				}

				return;
			}

			rest.forEach((cpu, index) => {
				permute([...rest.slice(0, index), ...rest.slice(index + 1)], [...chosen, cpu]);
			});
		};

		permute(group, []);
		out = next;
	}

	return out;
}

/** The least oracleKey of final STATE over every renumbering of interchangeable CPUs. */
export function orbitKey(state: MachineState): string {
	const {groups} = cpuClasses(state.program, state.block, state.cpus.length, state.config.kernel);
	let best: string | undefined;
	for (const to of renumberings(groups, state.cpus.length)) {
		const key = oracleKey(renumber(state, to));
		if (best === undefined || key < best) {
			best = key;
		}
	}

	return best!;
}

/**
 * STATE renamed by TO (old CPU -> new CPU) as plain data, for comparing states that
 * should be renumberings of each other: records moved, every CPU reference renamed (lists
 * keep their order, so a renaming that breaks a loop's order shows), a loop's cursor as
 * the CPUs it has still to visit, labels left out. Frame fields are read by the roles
 * their operations' records give them.
 */
export function renamedKey(state: MachineState, to: readonly number[]): string {
	const n = state.cpus.length;
	const from = new Array<number>(n);
	for (let old = 0; old < n; old++) {
		from[to[old]!] = old;
	}

	const name = (cpu: number) => (cpu >= 0 ? to[cpu]! : cpu);
	const set = (mask: bigint) => {
		let out = 0n;
		for (let old = 0; old < n; old++) {
			if (((mask >> BigInt(old)) & 1n) === 1n) {
				out |= 1n << BigInt(to[old]!);
			}
		}

		return out;
	};

	const frame = (f: Frame) => {
		const fields = f as unknown as Record<string, unknown>;
		const out: Record<string, unknown> = {kind: f.kind};
		for (const [field, role] of Object.entries(operations[f.kind].fields) as Array<[string, FieldRole]>) {
			const value = fields[field];
			switch (role) {
				case 'line': {
					break;
				}

				case 'cpu': {
					out[field] = name(value as number);
					break;
				}

				case 'cpus': {
					out[field] = set(value as bigint);
					break;
				}

				case 'cpu-list': {
					out[field] = (value as number[]).map(cpu => name(cpu));
					break;
				}

				case 'cpu-cursor': {
					const left: number[] = [];
					for (let cpu = value as number; cpu >= 0 && cpu < n; cpu++) {
						if (cpu !== fields['skip']) {
							left.push(name(cpu));
						}
					}

					out[field] = left;
					break;
				}

				default: {
					out[field] = value;
				}
			}
		}

		return out;
	};

	const cpus = from.map(old => {
		const cpu = state.cpus[old]!;
		const ackedGen = new Array<number>(n);
		for (let initiator = 0; initiator < n; initiator++) {
			ackedGen[to[initiator]!] = cpu.ackedGen[initiator]!;
		}

		return {...cpu, ackedGen, pendingFrom: cpu.pendingFrom.map(initiator => name(initiator)), stack: cpu.stack.map(f => frame(f))};
	});
	const pmaps = state.pmaps.map(pmap => ({...pmap, active: set(pmap.active), pcids: from.map(old => pmap.pcids[old]!)}));
	return oracleKey({...state, cpus, pmaps} as unknown as MachineState);
}
