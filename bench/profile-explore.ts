// Not part of `npm run bench`: one exploration of the n3 race for `node --cpu-prof`.
import {makeConfig} from '../source/engine/index.js';
import {explore} from '../source/explore/explore.js';
import {loadText} from '../source/scenario/load.js';
import {raceScenario} from './explore.js';

const scenario = loadText('race-n3.scn', raceScenario(Number(process.env.N ?? 3))).scenario!;
const start = performance.now();
const result = explore(makeConfig('pcid'), scenario.program);
console.log(result.result, result.states, ((performance.now() - start) / 1000).toFixed(2));
