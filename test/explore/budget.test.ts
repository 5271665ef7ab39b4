/** explore within a memory budget, and stopped by Ctrl-C: exit 3 or 130 with what was explored, never a crash. */
import {spawn} from 'node:child_process';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {raceScenario} from '../../bench/races.js';
import {makeConfig} from '../../source/engine/index.js';
import {explore} from '../../source/explore/explore.js';
import {parseSize} from '../../source/explore/budget.js';
import {loadText} from '../../source/scenario/load.js';
import {pmapdbg, root} from '../cli/helpers.js';

const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-budget-'));
const race5 = path.join(folder, 'race-n5.scn');
writeFileSync(race5, raceScenario(5));

describe('explore memory budget', () => {
	it('parses sizes', () => {
		expect(parseSize('200M')).toBe(200 * 2 ** 20);
		expect(parseSize('2G')).toBe(2 * 2 ** 30);
		expect(parseSize('1.5g')).toBe(1.5 * 2 ** 30);
		expect(parseSize('4096')).toBe(4096);
		expect(parseSize('lots')).toBeUndefined();
	});

	it('a small --max-memory on a big race ends in exit 3 with what was explored, not a crash', async () => {
		const text = await pmapdbg('explore', race5, '--max-memory', '8M', '--jobs', '1');
		expect(text.status).toBe(3);
		expect(text.stderr).toBe('');
		expect(text.stdout).toMatch(/BOUNDED +\d+ states +\d+ transitions [\d.]+ s: --max-memory reached \(8 MB\)/);
		const json = await pmapdbg('explore', race5, '--max-memory', '8M', '--jobs', '1', '--json');
		const row = JSON.parse(json.stdout) as {result: string; reason: string; memory: number; states: number};
		expect(row).toMatchObject({result: 'bounded', reason: 'max-memory', schedule: null, shortest: false});
		expect(row.memory).toBeLessThanOrEqual(8 * 2 ** 20);
		expect(row.states).toBeGreaterThan(100_000);
		expect(await pmapdbg('explore', race5, '--max-memory', 'lots')).toMatchObject({status: 2, stderr: 'pmapdbg: --max-memory takes a size of at least 1M, such as 200M or 2G; found "lots"\n'});
	});

	it('in process, the budget bounds the visited set the same way every run', () => {
		const scenario = loadText('race-n4.scn', raceScenario(4)).scenario!;
		const first = explore(makeConfig('pcid'), scenario.program, {maxMemory: 2 ** 21});
		const second = explore(makeConfig('pcid'), scenario.program, {maxMemory: 2 ** 21});
		expect(first).toMatchObject({result: 'bounded', reason: 'max-memory'});
		expect(second.states).toBe(first.states);
		expect(first.memory).toBeLessThanOrEqual(2 ** 21);
	});

	it('Ctrl-C prints the same summary and exits 130', async () => {
		const child = spawn(process.execPath, [path.join(root, 'bin/pmapdbg.js'), 'explore', race5, '--jobs', '1'], {cwd: root});
		let stdout = '';
		const exit = new Promise<number | null>(resolve => {
			child.on('exit', code => {
				resolve(code);
			});
		});
		// The title line goes out before the search starts.
		await new Promise<void>(resolve => {
			child.stdout.on('data', (chunk: Buffer) => {
				stdout += chunk.toString();
				if (stdout.includes('\n')) {
					resolve();
				}
			});
		});
		child.kill('SIGINT');
		expect(await exit).toBe(130);
		expect(stdout).toMatch(/INTERRUPTED +\d+ states +\d+ transitions [\d.]+ s: interrupted/);
	});
});
