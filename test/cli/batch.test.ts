/** `pmapdbg --batch -x`: golden transcripts through the real binary, and its exit status. */
import {readFile} from 'node:fs/promises';
import {describe, expect, it} from 'vitest';
import {batchTranscripts, transcript} from '../golden/golden.js';
import {pmapdbg, root} from './helpers.js';

describe('pmapdbg --batch', () => {
	for (const {name, args} of batchTranscripts) {
		it(`${name} matches its golden transcript`, async () => {
			const golden = await readFile(`${root}/test/golden/${name}.txt`, 'utf8');
			expect(transcript(await pmapdbg(...args))).toBe(golden);
		});
	}

	it('exits 1 when a command failed, 0 otherwise, 2 on usage errors', async () => {
		expect((await pmapdbg('--batch', '-x', 'test/fixtures/batch/errors.cmds', 'scenarios/default.scn')).status).toBe(1);
		expect((await pmapdbg('--batch', '-x', 'test/fixtures/batch/late-zero.cmds', 'scenarios/default.scn')).status).toBe(1);
		const usage = await pmapdbg('--batch', 'scenarios/default.scn');
		expect(usage).toEqual({stdout: '', stderr: 'pmapdbg: batch mode is pmapdbg --batch -x COMMANDS SCENARIO (or -ex COMMAND, repeatable)\n', status: 2});
	});
});
