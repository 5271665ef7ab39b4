/**
 * Exact frames: every pane of the debugger on fixed states, at 80x24 and 160x48,
 * compared with golden files (npm run update-golden rewrites them).
 */
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {root} from '../cli/helpers.js';
import {frameGoldens, renderFrame} from '../golden/frames.jsx';

describe('golden frames', () => {
	for (const golden of frameGoldens) {
		it(golden.name, async () => {
			const expected = await readFile(`${root}/test/golden/${golden.name}.txt`, 'utf8').catch(() => '(no golden file)');
			expect(renderFrame(golden)).toBe(expected);
		});
	}
});
