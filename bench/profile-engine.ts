// Not part of `npm run bench`: a single engine run for `node --cpu-prof`.
import {createMachine, defaultScheduler, enabled, makeConfig, step} from '../source/engine/index.js';
import {randomWorkload} from './workload.js';

const program = randomWorkload(8, 8, 40_000, 1);
for (let r = 0; r < 4; r++) {
	let state = createMachine(makeConfig('pcid'), program);
	for (;;) {
		const choices = enabled(state);
		if (choices.length === 0) {
			break;
		}

		state = step(state, defaultScheduler(state, choices)).state;
	}
}
