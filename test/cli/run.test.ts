/** `pmapdbg run` and `pmapdbg table` through the real binary: output and exit status. */
import {describe, expect, it} from 'vitest';
import {pmapdbg} from './helpers.js';

describe('pmapdbg run', () => {
	it('runs the contract example: trace, verdicts, PASS, exit 0', async () => {
		const {stdout, stderr, status} = await pmapdbg('run', 'test/fixtures/example.scn');
		expect(stderr).toBe('');
		expect(status).toBe(0);
		expect(stdout).toContain('configuration: pcid (A), invpcid on; schedule: default order');
		expect(stdout).toMatch(/ +16 +cpu0 +13 +ipi_send +to=1 ipi=invlpg pmap=A va=0x400000 all=true/);
		expect(stdout).toContain('ok    line 16   expect cpu1 tlb lacks A 0x400000');
		expect(stdout.trimEnd().split('\n').at(-1)).toBe('PASS: 23 steps, 0 stale uses, 6/6 expectations hold');
	});

	it('--json: one object per line, a result line per the contract', async () => {
		const {stdout, status} = await pmapdbg('run', 'test/fixtures/example.scn', '--json');
		expect(status).toBe(0);
		const lines = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>);
		expect(lines).toContainEqual({step: 16, cpu: 0, line: 13, event: 'ipi_send', to: 1, ipi: 'invlpg', pmap: 'A', va: '0x400000', all: true});
		expect(lines).toContainEqual({expect: 'expect count ipi_send to=1 == 1', line: 15, ok: true});
		expect(lines.at(-1)).toEqual({
			result: 'pass',
			scenario: 'test/fixtures/example.scn',
			mode: 'pcid',
			invpcid: true,
			seed: null,
			steps: 23,
			stale: 0,
			ablate: [],
		});
	});

	it('--mode all --invpcid all: one verdict row per configuration, exit 1 when one fails', async () => {
		const {stdout, status} = await pmapdbg('run', 'test/fixtures/example.scn', '--mode', 'all', '--invpcid', 'all');
		expect(status).toBe(1);
		const rows = stdout.trimEnd().split('\n').slice(1);
		expect(rows.map(row => row.trim().split(/\s{2,}/)[0])).toEqual([
			'pcid (A), invpcid on',
			'pcid (B), invpcid off',
			'pti-pcid (C), invpcid on',
			'pti-pcid (D), invpcid off',
			'nopcid (E)',
			'pti (F)',
		]);
		// pm_gen exists only with PCID: the example's line 14 fails in E and F.
		expect(rows[4]).toMatch(/FAIL .*failed line 14/);
		expect(rows[0]).toMatch(/pass/);
	});

	it('--ablate no-ipi-active: the stale use stands out and the run fails', async () => {
		const {stdout, status} = await pmapdbg('run', 'test/fixtures/example.scn', '--ablate', 'no-ipi-active');
		expect(status).toBe(1);
		expect(stdout).toMatch(/cpu1 +17 +stale_use +pmap=A va=0x400000 pa=0x1000 expected=none {2}<<< STALE USE/);
		expect(stdout).toContain('FAIL  line 19   expect no-stale  (1 stale use)');
	});

	it('the same seed gives the same trace', async () => {
		const first = await pmapdbg('run', 'test/fixtures/example.scn', '--seed', '7', '--json');
		const second = await pmapdbg('run', 'test/fixtures/example.scn', '--seed', '7', '--json');
		expect(first.stdout).toBe(second.stdout);
		expect(first.stdout).toContain('"seed":7');
	});

	it('bad input: every diagnostic, positioned, no stack trace, exit 2', async () => {
		const {stdout, stderr, status} = await pmapdbg('run', 'test/fixtures/broken.scn');
		expect(status).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toBe(
			[
				'test/fixtures/broken.scn:3:7: error[SCN004]: Expected an action (switch, user, kernel, read, write, enter, remove, protect, invalidate, pte, pinit), found "frob".',
				'3 | cpu0: frob 0x400000',
				'          ^^^^',
				'test/fixtures/broken.scn:4:1: error[SCN010]: This scenario has 2 CPUs (cpu0 to cpu1); found cpu7.',
				'4 | cpu7: user',
				'    ^^^^',
				'',
			].join('\n'),
		);
	});

	it('an unreadable file, an unknown flag, a bad flag value: exit 2 with one line', async () => {
		const missing = await pmapdbg('run', 'no/such/file.scn');
		expect(missing).toEqual({stdout: '', stderr: 'no/such/file.scn:1:1: error[SCN001]: Cannot read the scenario: no such file.\n', status: 2});
		const flag = await pmapdbg('run', 'test/fixtures/example.scn', '--frobnicate');
		expect(flag).toEqual({stdout: '', stderr: 'pmapdbg: unknown flag --frobnicate (pmapdbg --help lists them)\n', status: 2});
		const mode = await pmapdbg('run', 'test/fixtures/example.scn', '--mode', 'fast');
		expect(mode).toEqual({stdout: '', stderr: 'pmapdbg: --mode takes pcid, pti-pcid, nopcid, pti or all; found "fast"\n', status: 2});
	});
});

describe('pmapdbg table', () => {
	it('prints ten rows for each of the six configurations', async () => {
		const {stdout, status} = await pmapdbg('table');
		expect(status).toBe(0);
		expect(stdout.split('\n').filter(line => line.startsWith('mode '))).toHaveLength(6);
		expect(stdout.split('\n').filter(line => line.startsWith(' * '))).toHaveLength(60);
		expect(stdout).toContain(' * remote user page, active pmap: zero pm_gen + IPI:(INVLPG, INVPCID(ADDR) for upt)');
	});

	it('--json: 60 rows tagged with mode, invpcid and case', async () => {
		const {stdout} = await pmapdbg('table', '--json');
		const rows = JSON.parse(stdout) as Array<{mode: string; invpcid: boolean; case: string; actions: Array<{on: string}>}>;
		expect(rows).toHaveLength(60);
		expect(rows[5]).toMatchObject({mode: 'pcid', invpcid: true, case: 'remote user page, active pmap'});
		expect(rows[5]!.actions.map(action => action.on)).toEqual(['initiator', 'initiator', 'target']);
	});
});
