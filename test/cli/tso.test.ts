/**
 * --memory tso through the real binary: a seeded run shows the ablation's stale use
 * with the store buffer's events, the debugger shows and drains buffers and explains the
 * race, explore finds each ablation only where the research predicts (and writes a
 * counterexample that reopens with --memory tso), and bad input is refused.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {pmapdbg, pmapdbgWith, root} from './helpers.js';

describe('--memory tso', () => {
	it('run --seed N shows the stale use the scenario names, with its stores buffered; sc and the shipped rule do not', async () => {
		const broken = await pmapdbg('run', 'tso-preipi-fence', '--ablate', 'no-preipi-fence', '--seed', '101');
		expect(broken.status).toBe(1);
		expect(broken.stdout).toContain('configuration: pcid (A), invpcid on, memory tso, ablate no-preipi-fence; schedule: seed 101');
		expect(broken.stdout).toMatch(/sb_store +word=P\.pm_pcidp\[1\]\.pm_gen value=0 by=pmap_invalidate_preipi_pcid/);
		expect(broken.stdout).toContain('<<< STALE USE');
		const consistent = await pmapdbg('run', 'tso-preipi-fence', '--ablate', 'no-preipi-fence', '--seed', '101', '--memory', 'sc');
		expect(consistent.status).toBe(0);
		expect(consistent.stdout).not.toContain('sb_store');
		const shipped = await pmapdbg('run', 'tso-preipi-fence', '--seed', '101', '--json');
		expect(shipped.status).toBe(0);
		expect(shipped.stdout).toContain('"event":"fence"');
		expect(shipped.stdout.trimEnd().split('\n').at(-1)).toContain('"memory_model":"tso"');
	});

	it('the debugger: event breakpoints on sb_store and fence, the buffer in info cpu, stepi cpuN flush, and why names the buffered store', async () => {
		const commands = [
			'break sb_store by=pmap_invalidate_preipi_pcid',
			'continue',
			'info cpu 0',
			'stepi cpu0 flush',
			'info cpu 0',
			'delete 1',
			'break fence instr=lock-addl',
			'continue',
		].join('\n');
		const {stdout, stderr} = await pmapdbgWith({input: commands}, '--batch', '-x', '-', 'tso-reciprocal-fence', '--ablate', 'pm-active-plain', '--seed', '13');
		expect(stderr).toBe('');
		expect(stdout).toMatch(/Breakpoint 1, sb_store cpu0 word=P\.pm_pcidp\[\d\]\.pm_gen value=0/);
		expect(stdout).toMatch(/store buffer \(oldest first\): P\.pm_pcidp\[\d\]\.pm_gen=0 \(line 31\)/);
		expect(stdout).toMatch(/sb_flush cpu0 word=P\.pm_pcidp\[\d\]\.pm_gen value=0/);
		expect(stdout).toContain('store buffer (oldest first): empty');
		expect(stdout).toContain('Breakpoint 2, fence cpu0 instr=lock-addl by=pmap_invalidate_preipi_pcid');
		// The seed's own schedule, untouched, to its stale use.
		const race = await pmapdbgWith({input: 'break stale_use\ncontinue\nwhy cpu1 P 0x400000\n'}, '--batch', '-x', '-', 'tso-reciprocal-fence', '--ablate', 'pm-active-plain', '--seed', '13');
		expect(race.stdout).toMatch(/x86-TSO: cpu1's plain store P\.pm_active\[1\]=1 \(step \d+, line 30, in pmap_activate_sw\) was still in its store buffer when cpu0 loaded pm_active at step \d+/);
		expect(race.stdout).toMatch(/x86-TSO: cpu0's plain store P\.pm_pcidp\[1\]\.pm_gen=0 .* was still in its store buffer when cpu1's pmap_pcid_alloc loaded pm_gen from memory/);
		const empty = await pmapdbgWith({input: 'stepi cpu1 flush\n'}, '--batch', '-x', '-', 'default');
		expect(empty.stderr).toContain('there are no store buffers: run with --memory tso');
	});

	it('explore: pte-plain-store bites only without PCID; the counterexample reopens under tso with the buffers shown', async () => {
		const cwd = mkdtempSync(path.join(tmpdir(), 'pmapdbg-tso-'));
		writeFileSync(path.join(cwd, 'race.scn'), readFileSync(path.join(root, 'scenarios/tso-pte-publication.scn')));
		const explored = await pmapdbgWith({cwd}, 'explore', 'race.scn', '--mode', 'all', '--invpcid', 'all', '--ablate', 'pte-plain-store');
		expect(explored.status).toBe(1);
		const rows = explored.stdout.split('\n').filter(line => line.includes('memory tso'));
		expect(rows).toHaveLength(6);
		for (const row of rows) {
			expect(row, row).toMatch(/^ {2}(?:nopcid|pti) \(/.test(row) ? /VIOLATION \(stale_use\)/ : / safe /);
		}

		const schedule = readFileSync(path.join(cwd, 'race.scn.nopcid.counterexample'), 'utf8');
		// The header carries the configuration; --schedule applies it, no flags needed.
		expect(schedule).toContain('\n# mode: nopcid\n# invpcid: off\n# memory: tso\n# ablate: pte-plain-store\n');
		const reopened = await pmapdbgWith({cwd, input: 'break sb_store\ncontinue\ninfo cpu 0\n'}, '--batch', '-x', '-', 'race.scn', '--schedule', 'race.scn.nopcid.counterexample');
		expect(reopened.stderr).toBe('');
		expect(reopened.stdout).toContain('store buffer (oldest first): pte(P,0x400000)=none (line 29)');
		const consistent = await pmapdbgWith({cwd}, 'explore', 'race.scn', '--ablate', 'pte-plain-store', '--memory', 'sc');
		expect(consistent.status).toBe(0);
		// --memory sc over a `memory tso` header: the schedule's header says so.
		const overridden = await pmapdbgWith({cwd}, 'explore', 'race.scn', '--ablate', 'no-ipi-active', '--memory', 'sc', '--out', 'sc.schedule');
		expect(overridden.status).toBe(1);
		expect(readFileSync(path.join(cwd, 'sc.schedule'), 'utf8')).toContain('\n# mode: nopcid\n# invpcid: off\n# memory: sc\n# ablate: no-ipi-active\n');
	});

	it('refuses a bad memory model on the command line and in the header', async () => {
		expect(await pmapdbg('run', 'default', '--memory', 'weak')).toEqual({stdout: '', stderr: 'pmapdbg: --memory takes sc or tso; found "weak"\n', status: 2});
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-tso-'));
		const file = path.join(folder, 'weak.scn');
		writeFileSync(file, 'memory weak\ncpu0: user\n');
		const {stderr, status} = await pmapdbg('run', file);
		expect(status).toBe(2);
		expect(stderr).toContain(`${file}:1:8: error[SCN004]: Expected a memory model (sc or tso), found "weak".\n1 | memory weak\n           ^^^^\n`);
	});
});
