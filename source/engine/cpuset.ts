/**
 * cpuset_t as an immutable bigint bit mask (bit N = CPU N). Immutable values give
 * snapshots structural sharing for free; 256 CPUs fit in four machine words.
 */
export type CpuSet = bigint;

/** The empty set. */
export const emptySet: CpuSet = 0n;

const fullSets: CpuSet[] = [];

/** The set of CPUs 0..n-1 (CPU_FILL / all_cpus). */
export function fullSet(n: number): CpuSet {
	let set = fullSets[n];
	if (set === undefined) {
		set = (1n << BigInt(n)) - 1n;
		fullSets[n] = set;
	}

	return set;
}

/** CPU_ISSET. */
export function has(set: CpuSet, cpu: number): boolean {
	return ((set >> BigInt(cpu)) & 1n) === 1n;
}

/** CPU_SET. */
export function add(set: CpuSet, cpu: number): CpuSet {
	return set | (1n << BigInt(cpu));
}

/** CPU_CLR. */
export function remove(set: CpuSet, cpu: number): CpuSet {
	return set & ~(1n << BigInt(cpu));
}

/** The members in increasing order. */
export function members(set: CpuSet): number[] {
	const out: number[] = [];
	let rest = set;
	let cpu = 0;
	while (rest !== 0n) {
		const word = Number(rest & 0xff_ff_ff_ffn);
		if (word !== 0) {
			for (let bit = 0; bit < 32; bit++) {
				if ((word >>> bit) & 1) {
					out.push(cpu + bit);
				}
			}
		}

		rest >>= 32n;
		cpu += 32;
	}

	return out;
}

/** Builds a set from CPU numbers. */
export function fromMembers(cpus: Iterable<number>): CpuSet {
	let set = emptySet;
	for (const cpu of cpus) {
		set = add(set, cpu);
	}

	return set;
}

/** Formats as `{0,2}`, the notation of `expect pm_active`. */
export function formatSet(set: CpuSet): string {
	return '{' + members(set).join(',') + '}';
}
