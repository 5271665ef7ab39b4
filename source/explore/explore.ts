/**
 * Exhaustive exploration: every interleaving of a scenario's micro-operations and IPI
 * deliveries, up to the reductions of symmetry.ts (renumbering interchangeable CPUs)
 * and independence.ts (persistent sets). A violation is a stale use, or a deadlock (no
 * CPU can move, work remains).
 *
 * Depth first decides the verdict in little memory. When it finds a violation, breadth
 * first then finds a shortest schedule to one (the same reductions, so shortest among
 * the interleavings they keep), within the same bound; should that bound be reached
 * first, the depth-first schedule is returned. Either is then shrunk (shrink.ts): no
 * step left in it can be removed alone.
 */
import type {Config, Program} from '../engine/index.js';
import {breadthFirst} from './breadth-first.js';
import {depthFirst} from './depth-first.js';
import type {Exploration, ExploreOptions} from './exploration.js';
import {shrink} from './shrink.js';

export type {Exploration, ExploreOptions} from './exploration.js';

/** Explores PROGRAM under CONFIG. */
export function explore(config: Config, program: Program, options: ExploreOptions = {}): Exploration {
	const verdict = depthFirst(config, program, options);
	if (verdict.result !== 'violation') {
		return verdict;
	}

	const shortest = breadthFirst(config, program, options);
	const found = shortest.result === 'violation' ? shortest : verdict;
	return {...found, schedule: shrink(config, program, found.schedule!, found.violation!)};
}
