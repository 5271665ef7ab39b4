/**
 * `--kernel freebsd|linux|all` and the `kernel` header through the real binary: FreeBSD
 * by default, Linux's words in Linux's runs, both verdicts and the per-statement
 * comparison with `all`, the debugger and --batch on one kernel, explore's counterexample
 * reopening under the kernel it was found in, and the errors for a wrong kernel.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {pmapdbg, pmapdbgWith} from './helpers.js';

function scratch(name: string, body: string): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-kernel-'));
	const file = path.join(folder, name);
	writeFileSync(file, body);
	return file;
}

describe('--kernel and the kernel header', () => {
	it('runs FreeBSD by default and Linux when asked, with Linux\'s events and expectations', async () => {
		const freebsd = await pmapdbg('run', 'row06-remote-user-page-active');
		expect(freebsd.stdout).toContain('configuration: pcid (A), invpcid on;');
		expect(freebsd.stdout).not.toContain('tlb_gen_inc');
		const linux = await pmapdbg('run', 'row06-remote-user-page-active', '--kernel', 'linux');
		expect(linux.status).toBe(0);
		expect(linux.stdout).toContain('configuration: linux: pcid (A), invpcid on;');
		expect(linux.stdout).toMatch(/tlb_gen_inc +mm=P tlb_gen=1/);
		expect(linux.stdout).toMatch(/should_flush_tlb +to=1 result=true reason=loaded/);
		const lazy = await pmapdbg('run', 'lazy-tlb');
		expect(lazy.stdout).toContain('ok    line 22   expect cpu1 is_lazy == true');
		expect(lazy.stdout).toContain('PASS: 32 steps, 0 stale uses, 13/13 expectations hold');
	});

	it('skips the other kernel\'s words (n/a), and a scenario its require kernel line excludes', async () => {
		const lazy = await pmapdbg('run', 'lazy-tlb', '--kernel', 'freebsd');
		expect(lazy.status).toBe(0);
		expect(lazy.stdout).toContain('n/a   line 22   expect cpu1 is_lazy == true  (linux\'s words: not checked under freebsd)');
		expect(lazy.stdout).toContain('6/6 expectations hold (7 about the other kernel not checked)');
		const skipped = await pmapdbg('run', 'pending-upt-flush', '--kernel', 'linux');
		expect(skipped.stdout).toContain('skipped: the scenario requires another kernel');
		const json = await pmapdbg('run', 'lazy-tlb', '--kernel', 'freebsd', '--json');
		expect(json.stdout).toContain('"skipped":"linux"');
	});

	it('--kernel all: both verdicts per configuration and what each kernel did per statement', async () => {
		const {stdout, status} = await pmapdbg('run', 'row05-remote-user-page-inactive', '--kernel', 'all');
		expect(status).toBe(0);
		expect(stdout).toContain('configuration: pcid (A), invpcid on\n  freebsd  PASS');
		expect(stdout).toMatch(/\n {2}linux {4}PASS: 32 steps/);
		expect(stdout).toContain('  line 25   cpu1: switch P   <- the kernels differ');
		expect(stdout).toMatch(/whole run\n {6}freebsd {2}micro-operations 30, INVLPG 1, CR3 loads that flush 3, PCID allocations 3\n {6}linux {4}micro-operations 32, INVLPG 1, CR3 loads that flush 3, PCID allocations 2/);
		const json = await pmapdbg('run', 'default', '--kernel', 'all', '--json');
		const results = json.stdout.trimEnd().split('\n').map(line => JSON.parse(line) as Record<string, unknown>).filter(line => line['record'] === 'result');
		expect(results.map(result => result['kernel'] ?? 'freebsd')).toEqual(['freebsd', 'linux']);
	});

	it('explore --kernel all gives both verdicts; a Linux counterexample reopens under Linux in --batch', async () => {
		const cwd = mkdtempSync(path.join(tmpdir(), 'pmapdbg-kernel-explore-'));
		const all = await pmapdbgWith({cwd}, 'explore', 'lazy-tlb', '--kernel', 'all', '--ablate', 'revert-145f573b89a6', '--jobs', '1');
		expect(all.status).toBe(1);
		expect(all.stdout).toMatch(/\n {2}pcid \(A\), invpcid on +safe /);
		expect(all.stdout).toMatch(/\n {2}linux: pcid \(A\), invpcid on +VIOLATION \(stale_use\)/);
		const file = path.join(cwd, 'lazy-tlb.linux.counterexample');
		// The header carries the kernel and the configuration: --schedule replays it with no flags.
		expect(readFileSync(file, 'utf8')).toContain('\n# kernel: linux\n# mode: pcid\n# invpcid: on\n# memory: sc\n# ablate: revert-145f573b89a6\n');
		const batch = await pmapdbgWith({cwd, input: 'continue\n'}, '--batch', '-x', '-', 'lazy-tlb', '--schedule', file);
		expect(batch.stdout).toContain('Stale use: cpu1 used P 0x400000 -> 0x1000');
		const wrong = await pmapdbgWith({cwd, input: 'continue\n'}, '--batch', '-x', '-', 'lazy-tlb', '--schedule', file, '--kernel', 'freebsd');
		expect(wrong.stderr).toMatch(/^pmapdbg: --kernel freebsd contradicts .*lazy-tlb\.linux\.counterexample:\d+ \(kernel: linux\)/);
		expect(wrong.status).toBe(2);
		// x86-TSO is FreeBSD's only: refused with Linux, not run as if it were checked.
		const tso = await pmapdbg('run', 'lazy-tlb', '--kernel', 'linux', '--memory', 'tso');
		expect(tso).toEqual({stdout: '', stderr: 'pmapdbg: --memory tso is modelled for FreeBSD\'s pmap only (the Linux module\'s memory is sequentially consistent); use --kernel freebsd with it\n', status: 2});
	});

	it('refuses memory tso in a kernel linux scenario, at the line that makes the pair', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-kernel-tso-'));
		const file = path.join(folder, 'pair.scn');
		writeFileSync(file, 'kernel linux\nmemory tso\ncpu0: user\n');
		const {stdout, stderr, status} = await pmapdbg('run', file);
		expect({stdout, status}).toEqual({stdout: '', status: 2});
		expect(stderr).toContain(`${file}:2:8: error[SCN004]: Expected memory sc under kernel linux (x86-TSO store buffers are modelled for FreeBSD's pmap only), found "tso".\n2 | memory tso\n           ^^^\n`);
	});

	it('refuses a wrong kernel: the flag names what it takes, the header is file:line:col with a caret', async () => {
		const flag = await pmapdbg('run', 'default', '--kernel', 'netbsd');
		expect(flag).toMatchObject({status: 2, stdout: ''});
		expect(flag.stderr).toContain('--kernel takes freebsd, linux or all; found "netbsd"');
		const debug = await pmapdbg('--batch', '-x', '-', 'default', '--kernel', 'all');
		expect(debug.status).toBe(2);
		expect(debug.stderr).toContain('--kernel all are for run');
		const table = await pmapdbg('table', '--kernel', 'all');
		expect(table.status).toBe(2);
		const file = scratch('k.scn', 'kernel netbsd\ncpu0: user\n');
		const header = await pmapdbg('run', file);
		expect(header.status).toBe(2);
		expect(header.stderr).toContain(`${file}:1:8: error[SCN`);
		expect(header.stderr).toContain('Expected a kernel (freebsd or linux), found');
		expect(header.stderr).toContain('1 | kernel netbsd\n           ^^^^^^');
		const require = await pmapdbg('run', scratch('r.scn', 'require kernel\ncpu0: user\n'));
		expect(require.stderr).toMatch(/r\.scn:1:15: error\[SCN\d+\]: Expected a kernel \(freebsd or linux\)/);
	});
});
