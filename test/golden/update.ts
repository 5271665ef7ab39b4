/** `npm run update-golden`: rewrites every golden trace from the current engine. */
import {mkdir, writeFile} from 'node:fs/promises';
import process from 'node:process';
import {pmapdbg, root} from '../cli/helpers.js';
import {frameGoldens, renderFrame} from './frames.jsx';
import {batchTranscripts, diffTranscripts, goldenPath, goldenText, kernelsGoldenPath, kernelsGoldenText, shippedScenarios, transcript} from './golden.js';

await mkdir(`${root}/test/golden/kernels`, {recursive: true});
for (const scenario of shippedScenarios()) {
	await writeFile(goldenPath(scenario), await goldenText(scenario));
	process.stdout.write(`wrote ${goldenPath(scenario)}\n`);
	const both = await kernelsGoldenText(scenario);
	if (both !== undefined) {
		await writeFile(kernelsGoldenPath(scenario), both);
		process.stdout.write(`wrote ${kernelsGoldenPath(scenario)}\n`);
	}
}

for (const {name, args} of batchTranscripts) {
	const file = `${root}/test/golden/${name}.txt`;
	await writeFile(file, transcript(await pmapdbg(...args)));
	process.stdout.write(`wrote ${file}\n`);
}

for (const {name, args} of diffTranscripts) {
	const file = `${root}/test/golden/${name}.txt`;
	await writeFile(file, transcript(await pmapdbg(...args)));
	process.stdout.write(`wrote ${file}\n`);
}

for (const golden of frameGoldens) {
	const file = `${root}/test/golden/${golden.name}.txt`;
	await writeFile(file, renderFrame(golden));
	process.stdout.write(`wrote ${file}\n`);
}
