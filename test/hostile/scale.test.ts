/**
 * Huge numbers and long runs (issue 16): ranges cost the pages mapped in them, the top
 * of the address space is exact, long traces do not overflow the stack, `--cpus` holds
 * for the whole file. The timeouts here are hang detectors (main needed more than 30 s,
 * or never finished, where these take well under a second); the figures are bench keys.
 */
import {writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {batchCommand} from '../../source/cli/batch-command.js';
import {exploreCommand} from '../../source/cli/explore-command.js';
import {runCommand} from '../../source/cli/run-command.js';
import {runScenario} from '../../source/run/run-scenario.js';
import {diagnosticText, loadText} from '../../source/scenario/load.js';
import {longScenario} from '../../bench/scale.js';
import {scratch} from './helpers.js';

const HANG = 20_000;

function compiled(body: string) {
	const loaded = loadText('t.scn', body);
	expect(diagnosticText(loaded)).toEqual([]);
	return loaded.scenario!;
}

function names(events: ReadonlyArray<{event: string}>): string[] {
	return events.map(event => event.event);
}

describe('ranges cost what is mapped in them', () => {
	it('protect and remove over the whole user half (2^35 pages) change the mapped pages and end in pmap_invalidate_all', () => {
		const scenario = compiled(`pmap A
map A 0x400000 -> 0x1000 rw
map A 0x7ffffffff000 -> 0x2000 rw
cpu1: switch A
cpu1: user
cpu1: read 0x400000
cpu0: protect A 0x0 0x800000000000 r
expect cpu1 tlb lacks A 0x400000
cpu0: remove A 0x0 0x800000000000
`);
		for (const mode of ['nopcid', 'pcid', 'pti', 'pti-pcid'] as const) {
			const result = runScenario(scenario, {mode});
			expect(result.result, mode).toBe('pass');
			const stores = result.events.filter(event => event.event === 'pte_store');
			expect(stores.map(event => (event as {va: number}).va)).toEqual([0x400, 0x7_ffff_ffff, 0x400, 0x7_ffff_ffff]);
			// One pmap_invalidate_all per operation: an invltlb IPI to cpu1, no INVLPG.
			const ipis = result.events.filter(event => event.event === 'ipi_send').map(event => (event as {ipi: string}).ipi);
			expect(ipis, mode).toEqual(['invltlb', 'invltlb']);
			expect(names(result.events)).not.toContain('invlpg');
		}
	}, HANG);

	it('invalidate over a huge range is pmap_invalidate_all (PMAP_INVLPG_THRESHOLD)', () => {
		const scenario = compiled('pmap A\ncpu0: switch A\ncpu1: switch A\ncpu0: invalidate A 0x0 0x800000000000\n');
		const result = runScenario(scenario, {mode: 'pcid'});
		expect(result.events.filter(event => event.event === 'ipi_send')).toMatchObject([{ipi: 'invltlb', to: 1}]);
	}, HANG);

	it('a 40,000-line file compiles (linear: main was quadratic, 34 s here)', () => {
		const loaded = loadText('long.scn', longScenario(40_000));
		expect(loaded.diagnostics).toEqual([]);
		expect(loaded.scenario!.stepLines.at(-1)).toBe(40_000);
	}, HANG);
});

describe('the top of the address space', () => {
	const top = `map kernel 0xfffffffffffff000 -> 0x3000 rw
cpu0: read 0xfffffffffffff000
cpu0: remove kernel 0xffff800000000000 0xffffffffffffffff
expect cpu0 tlb lacks kernel 0xfffffffffffff000
expect count pte_store pmap=kernel == 1
`;

	it('a range ending at 0xffffffffffffffff is kept and removes the last page', () => {
		const scenario = compiled(top);
		expect(scenario.stepLines).toEqual([2, 3]);
		expect(scenario.program.blocks.at(-1)!.steps[0]!.action).toMatchObject({kind: 'remove', sva: 0xf_fff8_0000_0000, eva: 2 ** 52});
		const result = runScenario(scenario);
		expect(result.result).toBe('pass');
		expect(result.verdicts.every(verdict => verdict.ok)).toBe(true);
	});

	it('a lone remove of the kernel half is a step, not PASS: 0 steps', () => {
		const scenario = compiled('cpu0: remove kernel 0xffff800000000000 0xffffffffffffffff\n');
		expect(scenario.stepLines).toEqual([1]);
		expect(runScenario(scenario).steps).toBeGreaterThan(0);
	});

	it('protect and invalidate reach the top too; 2^64 is the exclusive end; past it is an error', () => {
		expect(compiled('cpu0: protect kernel 0xffff800000000000 0xffffffffffffffff r\n').stepLines).toEqual([1]);
		expect(compiled('cpu0: invalidate kernel 0xfffffffffffff000 0xffffffffffffffff\n').program.blocks[0]!.steps[0]!.action).toMatchObject({
			range: {kind: 'range', sva: 2 ** 52 - 1, eva: 2 ** 52},
		});
		expect(compiled('cpu0: remove kernel 0xffff800000000000 0x10000000000000000\n').stepLines).toEqual([1]);
		expect(diagnosticText(loadText('t.scn', 'cpu0: remove kernel 0xffff800000000000 0x10000000000000001\n'))).toEqual([
			't.scn:1:40: error[SCN007]: Expected a 64-bit address, found 0x10000000000000001.\n1 | cpu0: remove kernel 0xffff800000000000 0x10000000000000001\n                                           ^^^^^^^^^^^^^^^^^^^',
		]);
		// The user half ends at 0x800000000000 exactly.
		expect(compiled('pmap A\ncpu0: remove A 0x0 0x800000000000\n').stepLines).toEqual([2]);
		expect(diagnosticText(loadText('t.scn', 'pmap A\ncpu0: remove A 0x0 0x800000000001\n'))[0]).toMatch(/^t\.scn:2:20: error\[SCN008\]/);
	});
});

describe('long runs report without overflowing the stack', () => {
	it('256 CPUs and ninety `invalidate kernel all`: more than 125,000 events, text and JSON', async () => {
		const file = path.join(scratch(), 'many.scn');
		writeFileSync(file, ['cpus 256', ...Array.from({length: 90}, () => 'cpu0: invalidate kernel all')].join('\n'));
		const text = await runCommand([file], {ablate: [], json: false});
		expect(text.status).toBe(0);
		expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('PASS: 115200 steps, 0 stale uses, 0/0 expectations hold');
		const json = await runCommand([file], {ablate: [], json: true});
		const lines = json.stdout.trimEnd().split('\n');
		expect(lines.length).toBeGreaterThan(125_000);
		expect(JSON.parse(lines.at(-1)!)).toMatchObject({result: 'pass', steps: 115_200});
	}, HANG);

	it('15 lines with --json --mode all --invpcid all', async () => {
		const file = path.join(scratch(), 'm15.scn');
		writeFileSync(file, ['cpus 256', ...Array.from({length: 15}, () => 'cpu0: invalidate kernel all')].join('\n'));
		const json = await runCommand([file], {ablate: [], json: true, mode: 'all', invpcid: 'all'});
		expect(json.status).toBe(0);
		expect(json.stdout.trimEnd().split('\n').filter(line => line.startsWith('{"format":1,"record":"result"'))).toHaveLength(6);
	}, HANG);
});

describe('--cpus holds for the whole file', () => {
	const parallelOnCpu3 = 'cpus 4\npmap A\nexpect pm_active A == {}\nparallel\n  cpu3: switch A\n  cpu0: switch A\nend\nexpect pm_active A == {0,3}\n';
	const expectFirst = 'cpus 2\npmap A\nexpect cpu3 tlb lacks A 0x400000\nparallel\n  cpu3: switch A\nend\n';

	function files() {
		const folder = scratch();
		const write = (name: string, body: string) => {
			const file = path.join(folder, name);
			writeFileSync(file, body);
			return file;
		};

		return {small: write('p.scn', parallelOnCpu3), first: write('e.scn', expectFirst), commands: write('c.cmds', 'continue\n')};
	}

	it('smaller than a CPU used in a parallel block or an early expectation: SCN010 at the CPU, exit 2 (run, --batch, explore)', async () => {
		const {small, commands} = files();
		const expected = [
			`${small}:5:3: error[SCN010]: --cpus 2 gives cpu0 to cpu1; found cpu3.\n5 |   cpu3: switch A\n      ^^^^`,
			`${small}:8:26: error[SCN010]: --cpus 2 gives cpu0 to cpu1; found cpu3.\n8 | expect pm_active A == {0,3}\n                             ^`,
		].join('\n');
		const run = await runCommand([small], {ablate: [], json: false, cpus: '2'});
		expect(run).toEqual({stdout: '', stderr: expected + '\n', status: 2});
		expect(await batchCommand([small], {ablate: [], nx: true, cpus: '2'}, [{kind: 'file', value: commands}])).toEqual({stdout: '', stderr: expected + '\n', status: 2});
		expect(await exploreCommand([small], {ablate: [], json: false, cpus: '2'})).toEqual({stdout: '', stderr: expected + '\n', status: 2});
	});

	it('larger than the file says: the extra CPUs exist for parallel blocks and early expectations too', async () => {
		const {first, commands} = files();
		const run = await runCommand([first], {ablate: [], json: false, cpus: '4'});
		expect(run.stderr).toBe('');
		expect(run.status).toBe(0);
		const batch = await batchCommand([first], {ablate: [], nx: true, cpus: '4'}, [{kind: 'file', value: commands}]);
		expect(batch.stderr).toBe('');
		expect(batch.stdout).toContain('The scenario has finished');
		const explore = await exploreCommand([first], {ablate: [], json: true, cpus: '4', mode: 'pcid'});
		expect(JSON.parse(explore.stdout)).toMatchObject({result: 'safe'});
	});
});
