/**
 * `pmapdbg diff` through the real binary: the golden transcripts (modes A and C of row
 * 9 differ only in PTI's user page-table work), alignment by statement rather than by
 * step, two JSON traces as input, deterministic output, schema-valid JSON, and exit
 * statuses 0 equivalent, 1 different, 2 bad input.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {pmapdbg, pmapdbgWith, root} from '../cli/helpers.js';
import {diffTranscripts, transcript} from '../golden/golden.js';
import {invalidLines} from '../schema/validator.js';

const folder = () => mkdtempSync(path.join(tmpdir(), 'pmapdbg-diff-'));
const row09 = 'row09-remote-user-total-active';

type Only = {side: string; event: string; cpu: number; pcid?: number; table?: string; flush?: boolean};

describe('pmapdbg diff', () => {
	for (const {name, args} of diffTranscripts) {
		it(`matches its golden transcript: ${name}`, async () => {
			expect(transcript(await pmapdbg(...args))).toBe(readFileSync(path.join(root, 'test/golden', `${name}.txt`), 'utf8'));
		});
	}

	it('modes A and C of row 9: every difference is PTI\'s user page-table work', async () => {
		const {stdout, status} = await pmapdbg('diff', row09, '--mode', 'pcid', '--invpcid', 'on', '--vs', '--mode', 'pti-pcid', '--json');
		expect(status).toBe(1);
		const records = stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {record: string; only?: Only[]; counts?: Record<string, {a: number; b: number}>});
		const only = records.flatMap(record => record.only ?? []);
		expect(only.length).toBeGreaterThan(0);
		for (const event of only) {
			// ucr3_load_mask, the user table's CR3 loads, the kernel-entry CR3 load of
			// invlop_pti, and the user-table PCID (bit 0x800) tagging user-mode TLB work.
			const userTableWork =
				event.event === 'ucr3_mask' ||
				(event.event === 'cr3_load' && (event.table === 'upt' || event.flush === false)) ||
				(event.side === 'B' && (event.pcid ?? 0) >= 0x800) ||
				(event.side === 'A' && ['tlb_miss', 'tlb_fill'].includes(event.event) && event.pcid === 2);
			expect({event, userTableWork}).toEqual({event, userTableWork: true});
		}

		const summary = records.at(-1)!;
		expect(summary.record).toBe('diff-summary');
		// The shootdown itself is the same: one IPI, one CPU interrupted, one INVPCID(CTX) a side.
		expect(summary.counts).toMatchObject({ipis: {a: 1, b: 1}, cpus_interrupted: {a: 1, b: 1}, invpcid_ctx: {a: 2, b: 2}, cr3_flush: {a: 2, b: 4}});
		expect(invalidLines(stdout)).toEqual([]);
	});

	it('a run against itself is equivalent (exit 0); so is one whose steps all moved', async () => {
		const same = await pmapdbg('diff', row09, '--vs');
		expect(same.status).toBe(0);
		expect(same.stdout.trimEnd().split('\n').at(-1)).toBe('The runs are equivalent: every statement did the same on every CPU, and every expectation ended alike.');
		const cwd = folder();
		const run = await pmapdbg('run', row09, '--json');
		writeFileSync(path.join(cwd, 'a.json'), run.stdout);
		// Every step a hundred later, as if other work ran first: no statement differs.
		const moved = run.stdout.replaceAll(/"step":(\d+)/g, (_, step: string) => `"step":${Number(step) + 100}`);
		writeFileSync(path.join(cwd, 'moved.json'), moved);
		const shifted = await pmapdbgWith({cwd}, 'diff', 'a.json', 'moved.json');
		expect(shifted.stdout).toContain('summary: 0 of 8 statements differ');
		expect(shifted.status).toBe(0);
	});

	it('two JSON traces: the same comparison as the two runs, deterministic, schema-valid', async () => {
		const cwd = folder();
		writeFileSync(path.join(cwd, 'a.json'), (await pmapdbg('run', row09, '--mode', 'pcid', '--json')).stdout);
		writeFileSync(path.join(cwd, 'c.json'), (await pmapdbg('run', row09, '--mode', 'pti-pcid', '--json')).stdout);
		const files = await pmapdbgWith({cwd}, 'diff', 'a.json', 'c.json', '--json');
		const runs = await pmapdbg('diff', row09, '--mode', 'pcid', '--vs', '--mode', 'pti-pcid', '--json');
		expect(files.status).toBe(1);
		expect(invalidLines(files.stdout)).toEqual([]);
		const body = (text: string) => text.split('\n').filter(line => !line.includes('"record":"diff-side"')).join('\n');
		expect(body(files.stdout)).toBe(body(runs.stdout));
		expect(files.stdout).toContain('"side":"A","file":"a.json"');
		expect((await pmapdbgWith({cwd}, 'diff', 'a.json', 'c.json', '--json')).stdout).toBe(files.stdout);
		const text = await pmapdbgWith({cwd}, 'diff', 'a.json', 'c.json');
		expect(text.stdout).toContain('line 21  cpu0: remove P 0x400000 0x402000');
	});

	it('bad input is exit 2 with one line naming the problem', async () => {
		const cwd = folder();
		writeFileSync(path.join(cwd, 'all.json'), (await pmapdbg('run', row09, '--mode', 'all', '--json')).stdout);
		writeFileSync(path.join(cwd, 'one.json'), (await pmapdbg('run', row09, '--json')).stdout);
		writeFileSync(path.join(cwd, 'text.json'), 'hello\n');
		writeFileSync(path.join(cwd, 'explore.json'), '{"format":1,"record":"exploration","result":"safe"}\n');
		writeFileSync(path.join(cwd, 'cut.json'), (await pmapdbg('run', row09, '--json')).stdout.split('\n').slice(0, 5).join('\n'));
		const cases: Array<[string[], RegExp]> = [
			[['diff', 'one.json'], /^pmapdbg: diff takes two JSON traces/],
			[['diff', 'one.json', 'one.json', 'one.json'], /^pmapdbg: diff takes two JSON traces/],
			[['diff', 'one.json', 'nothere.json'], /^pmapdbg: cannot read nothere\.json/],
			[['diff', 'one.json', 'all.json'], /^pmapdbg: all\.json:\d+: a second run: the file holds several/],
			[['diff', 'one.json', 'text.json'], /^pmapdbg: text\.json:1: not JSON/],
			[['diff', 'one.json', 'explore.json'], /^pmapdbg: explore\.json:1: a exploration record; diff reads what pmapdbg run --json writes/],
			[['diff', 'one.json', 'cut.json'], /^pmapdbg: cut\.json: no result line/],
			[['diff', 'one.json', 'one.json', '--mode', 'pti'], /^pmapdbg: --mode applies to the runs of diff SCENARIO/],
			[['diff', 'row09-remote-user-total-active', '--vs', 'default'], /^pmapdbg: after --vs come only the second run's flags; found "default"/],
			[['diff', 'row09-remote-user-total-active', '--vs', '--mode', 'pti', '--vs', '--mode', 'pcid'], /^pmapdbg: --vs takes one second run/],
			[['diff', 'row09-remote-user-total-active', '--vs', '--trace-out', 'x.json'], /^pmapdbg: --trace-out does not apply to diff/],
			[['diff', 'row09-remote-user-total-active', '--vs', '--max-states', '5'], /^pmapdbg: --max-states does not apply to diff/],
			[['diff', 'row09-remote-user-total-active', '--mode', 'all', '--vs'], /^pmapdbg: diff compares one configuration with one: A has --mode all/],
			[['diff', 'row09-remote-user-total-active', '--vs', '--mode', 'fast'], /^pmapdbg: --mode takes/],
			[['run', 'row09-remote-user-total-active', '--vs', '--mode', 'pti'], /^pmapdbg: --vs belongs to diff/],
			[['diff', 'row09-remote-user-total-active', '--trace-out', 'x.json', '--vs'], /^pmapdbg: --trace-out does not apply to diff/],
		];
		for (const [args, message] of cases) {
			const result = await pmapdbgWith({cwd}, ...args);
			expect({args, status: result.status, stdout: result.stdout, lines: result.stderr.trimEnd().split('\n').length}).toEqual({args, status: 2, stdout: '', lines: 1});
			expect(result.stderr).toMatch(message);
		}

		const broken = await pmapdbgWith({cwd}, 'diff', path.join(root, 'test/fixtures/broken.scn'), '--vs', '--mode', 'pti');
		expect(broken.status).toBe(2);
		expect(broken.stderr).toContain('error[SCN004]');
	});
});
