/**
 * GDB's habits, through the real binary: -ex (repeatable, in order with -x), quit in a
 * command file, display after every motion, list, and the init files (~/.pmapdbginit
 * read, ./.pmapdbginit only noted, --nx skipping both).
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {pmapdbgWith} from './helpers.js';

const home = mkdtempSync(path.join(tmpdir(), 'pmapdbg-home-'));
const here = mkdtempSync(path.join(tmpdir(), 'pmapdbg-here-'));
const run = async (...args: string[]) => pmapdbgWith({cwd: here, env: {...process.env, HOME: home, NO_COLOR: '1'}}, ...args);

describe('GDB habits in batch mode', () => {
	it('-ex runs each command in the order given, interleaved with -x files', async () => {
		writeFileSync(path.join(here, 'break.cmds'), 'break pm_active_read\n');
		const result = await run('--batch', '-ex', 'info breakpoints', '-x', 'break.cmds', '-ex', 'continue', 'pm-active-race-late-zero');
		expect(result.stdout.split('\n').slice(0, 2)).toEqual(['No breakpoints or watchpoints.', 'Breakpoint 1 at pm_active_read']);
		expect(result.stdout.split('\n')[2]).toMatch(/^Breakpoint 1, pm_active_read cpu0 pmap=P mask=\{1\} at step \d+, line 26$/);
		expect(result.status).toBe(0);
	});

	it('quit ends a command file: nothing after it runs', async () => {
		const result = await run('--batch', '-ex', 'stepi', '-ex', 'quit', '-ex', 'frob', 'default');
		expect(result).toMatchObject({stderr: '', status: 0});
		expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
	});

	it('display prints after every motion; undisplay stops it; info display lists them', async () => {
		const result = await run('--batch', '-ex', 'display pm_active P', '-ex', 'step', '-ex', 'info display', '-ex', 'undisplay 1', '-ex', 'step', 'pm-active-race-late-zero');
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines[0]).toBe('1: pm_active P = {}');
		expect(lines.filter(line => line.startsWith('1: pm_active P = '))).toHaveLength(2);
		expect(lines).toContain('1   y   pm_active P');
		expect(lines.at(-1)!.startsWith('1: ')).toBe(false);
	});

	it('list shows ten lines around the current one, then the next ten; list A,B a range', async () => {
		const result = await run('--batch', '-ex', 'list 5', '-ex', 'list', '-ex', 'list 2,3', 'default');
		const lines = result.stdout.trimEnd().split('\n');
		expect(lines.slice(0, 10).map(line => Number(line.split(' ')[0]))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
		expect(lines.slice(10, 20).map(line => Number(line.split(' ')[0]))).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
		expect(lines.slice(20).map(line => Number(line.split(' ')[0]))).toEqual([2, 3]);
	});

	it('~/.pmapdbginit runs first; ./.pmapdbginit is not read without asking; --nx reads neither', async () => {
		writeFileSync(path.join(home, '.pmapdbginit'), 'break ipi_send\n');
		writeFileSync(path.join(here, '.pmapdbginit'), 'break tlb_fill\n');
		const result = await run('--batch', '-ex', 'info breakpoints', 'default');
		expect(result.stdout).toContain('ipi_send');
		expect(result.stdout).not.toContain('tlb_fill');
		expect(result.stderr).toBe('./.pmapdbginit was not read: only ~/.pmapdbginit is read without asking; run it with -x .pmapdbginit.\n');
		const bare = await run('--batch', '--nx', '-ex', 'info breakpoints', 'default');
		expect(bare).toMatchObject({stdout: 'No breakpoints or watchpoints.\n', stderr: '', status: 0});
		const asked = await run('--batch', '-nx', '-x', '.pmapdbginit', '-ex', 'info breakpoints', 'default');
		expect(asked.stdout).toContain('tlb_fill');
	});
});
