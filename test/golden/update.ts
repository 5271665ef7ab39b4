/** `npm run update-golden`: rewrites every golden trace from the current engine. */
import {writeFile} from 'node:fs/promises';
import process from 'node:process';
import {goldenPath, goldenText, shippedScenarios} from './golden.js';

for (const scenario of shippedScenarios()) {
	await writeFile(goldenPath(scenario), await goldenText(scenario));
	process.stdout.write(`wrote ${goldenPath(scenario)}\n`);
}
