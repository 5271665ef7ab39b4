/**
 * A long random workload for the engine benchmarks: context switches, user/kernel
 * transitions, accesses and page-table changes on a chosen set of CPUs, generated from a
 * seed so that every run measures the same work.
 */
import {unsafeUniformIntDistribution, xoroshiro128plus} from 'pure-rand';
import {ProgramBuilder, type Action, type Program} from '../source/engine/index.js';

const pages = Array.from({length: 16}, (_, index) => 0x40_0000 + index * 0x1000);
const pmaps = ['A', 'B', 'C', 'D'];

/** BLOCKS random steps on CPUs [0, active) of a machine with CPUS CPUs. */
export function randomWorkload(cpus: number, active: number, blocks: number, seed: number): Program {
	const rng = xoroshiro128plus(seed);
	const pick = (n: number) => unsafeUniformIntDistribution(0, n - 1, rng);
	const b = new ProgramBuilder(cpus).pmap(...pmaps);
	for (const name of pmaps) {
		for (const [index, va] of pages.entries()) {
			b.map(name, va, (index + 1) * 0x1000, 'rw');
		}
	}

	const action = (): Action => {
		const roll = pick(100);
		const va = pages[pick(pages.length)]!;
		const pmap = pmaps[pick(pmaps.length)]!;
		if (roll < 12) {
			return b.switchTo(pmap);
		}

		if (roll < 22) {
			return ProgramBuilder.user;
		}

		if (roll < 30) {
			return ProgramBuilder.kernel;
		}

		if (roll < 75) {
			return roll % 2 === 0 ? b.read(va) : b.write(va);
		}

		if (roll < 85) {
			return b.enter(pmap, va, (pick(8) + 1) * 0x1000, 'rw');
		}

		if (roll < 93) {
			return b.remove(pmap, va);
		}

		if (roll < 97) {
			return b.protect(pmap, va, va + 0x2000, 'r');
		}

		return b.invalidateAll(pmap);
	};

	for (let i = 0; i < blocks; i++) {
		if (pick(4) === 0) {
			const first = pick(active);
			const second = (first + 1 + pick(active - 1)) % active;
			b.parallel([first, action()], [second, action()]);
		} else {
			b.at(pick(active), action());
		}
	}

	return b.build();
}
