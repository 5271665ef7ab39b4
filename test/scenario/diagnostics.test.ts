/**
 * One test per error code, pinning the exact text users see: position, code, message,
 * the line and the caret. Every problem of a file is reported.
 */
import {describe, expect, it} from 'vitest';
import {formatDiagnostic} from '../../source/scenario/diagnostics.js';
import {loadText} from '../../source/scenario/load.js';

function report(body: string): string {
	const loaded = loadText('t.scn', body);
	expect(loaded.scenario).toBeUndefined();
	return loaded.diagnostics.map(diagnostic => formatDiagnostic(loaded.source, diagnostic)).join('\n');
}

const cases: Array<[string, string, string]> = [
	['SCN001 not text', 'a\0b', 't.scn:1:1: error[SCN001]: This is not a text file (it contains NUL bytes).'],
	[
		'SCN002 empty',
		'# only a comment\n',
		['t.scn:1:1: error[SCN002]: The scenario is empty: expected at least one statement.', '1 | # only a comment', '    ^'].join('\n'),
	],
	[
		'SCN004 syntax',
		'pmap A\ncpu0: read zz\n',
		['t.scn:2:12: error[SCN004]: Expected a virtual address, found "zz".', '2 | cpu0: read zz', '               ^^'].join('\n'),
	],
	[
		'SCN005 unknown statement',
		'frobnicate 3\n',
		[
			't.scn:1:1: error[SCN005]: Expected a statement (title, cpus, mode, pmap, map, cpuN: ACTION, parallel, expect, ...), found "frobnicate".',
			'1 | frobnicate 3',
			'    ^^^^^^^^^^',
		].join('\n'),
	],
	[
		'SCN007 out of range',
		'cpus 300\n',
		['t.scn:1:6: error[SCN007]: Expected a number of CPUs from 1 to 256, found 300.', '1 | cpus 300', '         ^^^'].join('\n'),
	],
	[
		'SCN008 wrong half',
		'pmap A\nmap A 0xffff800000400000 -> 0x1000\n',
		[
			't.scn:2:7: error[SCN008]: Expected a user address (below 0x0000800000000000) for a user pmap, found 0xffff800000400000.',
			'2 | map A 0xffff800000400000 -> 0x1000',
			'          ^^^^^^^^^^^^^^^^^^',
		].join('\n'),
	],
	[
		'SCN009 undeclared pmap',
		'cpu0: switch B\n',
		['t.scn:1:14: error[SCN009]: The pmap "B" is not declared (declared: kernel).', '1 | cpu0: switch B', '                 ^'].join('\n'),
	],
	[
		'SCN010 no such CPU',
		'cpus 2\ncpu2: user\n',
		['t.scn:2:1: error[SCN010]: This scenario has 2 CPUs (cpu0 to cpu1); found cpu2.', '2 | cpu2: user', '    ^^^^'].join('\n'),
	],
	[
		'SCN011 unterminated parallel',
		'parallel\ncpu0: user\n',
		['t.scn:1:1: error[SCN011]: This parallel block is never closed: expected "end".', '1 | parallel', '    ^^^^^^^^'].join('\n'),
	],
	[
		'SCN012 unterminated string',
		'title "unterminated\n',
		['t.scn:1:7: error[SCN012]: Unterminated string: expected a closing ".', '1 | title "unterminated', '          ^^^^^^^^^^^^^'].join('\n'),
	],
	[
		'SCN013 duplicate',
		'pmap A A\n',
		['t.scn:1:8: error[SCN013]: The pmap name "A" is already declared.', '1 | pmap A A', '           ^'].join('\n'),
	],
	[
		'SCN014 header after steps',
		'cpu0: user\ncpus 4\n',
		['t.scn:2:1: error[SCN014]: The header statement "cpus" must come before the first step.', '2 | cpus 4', '    ^^^^^^'].join('\n'),
	],
	[
		'SCN015 misplaced',
		'end\n',
		['t.scn:1:1: error[SCN015]: "end" closes a parallel block, but none is open.', '1 | end', '    ^^^'].join('\n'),
	],
	[
		'SCN016 invalid character',
		'cpu0: user $\n',
		['t.scn:1:12: error[SCN016]: Unexpected character "$".', '1 | cpu0: user $', '               ^'].join('\n'),
	],
];

describe('diagnostics', () => {
	for (const [name, body, expected] of cases) {
		it(name, () => {
			expect(report(body)).toBe(expected);
		});
	}

	it('SCN003 a 2 MB line is refused quickly, with its length', () => {
		const text = report('title "' + 'x'.repeat(2_000_000) + '"\ncpu0: user\n');
		expect(text.split('\n')[0]).toBe('t.scn:1:1: error[SCN003]: Line is 2000008 characters long; lines are limited to 10000.');
		// The excerpt is cut around the caret.
		expect(text.split('\n')[1]!.length).toBeLessThan(120);
	});

	it('SCN006 unknown event in expect count', () => {
		expect(report('cpu0: user\nexpect count ipi_sent == 1\n').split('\n')[0]).toMatch(
			/^t\.scn:2:14: error\[SCN006\]: Unknown event "ipi_sent"; events are pte_store, .*, context_switch, curpmap_set, shootdown_start, handler_exit, pmap_pinit, sb_store, sb_flush, fence, pm_gen_read, mem_store, mem_load\.$/,
		);
	});

	it('reports every problem of a file, in order', () => {
		const text = report('cpus 2\npmap A\ncpu5: switch B\ncpu0: read 0x123456789abcdef0123\nexpect count foo == 1\n');
		const headers = text.split('\n').filter(line => line.startsWith('t.scn:'));
		expect(headers.map(line => line.split(': error')[0] + ' ' + /\[(SCN\d+)\]/.exec(line)![1])).toEqual([
			't.scn:3:1 SCN010',
			't.scn:3:14 SCN009',
			't.scn:4:12 SCN007',
			't.scn:5:14 SCN006',
		]);
	});

	it('unknown ablation and unknown field name', () => {
		expect(report('ablate no-such-rule\ncpu0: user\n').split('\n')[0]).toBe(
			't.scn:1:8: error[SCN004]: Expected an ablation (no-pm-gen-zero, no-ipi-active, late-pm-gen-zero, switch-irq-enabled, mask-reset-only, kpt-save-on-switch, pinit-no-reset, no-preipi-fence, pm-active-plain, pte-plain-store), found "no-such-rule".',
		);
		expect(report('cpu0: user\nexpect count ipi_send dest=1 == 1\n').split('\n')[0]).toBe(
			't.scn:2:23: error[SCN004]: Expected a field of ipi_send (to, ipi, pmap, va, all, cpu, line, step), found "dest".',
		);
	});
});
