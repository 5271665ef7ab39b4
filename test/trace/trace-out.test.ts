/**
 * Where Chrome traces come from: `run --trace-out` (one file per run, named
 * predictably), `explore --trace-out` (the replayed counterexample), and the
 * debugger's `export FILE` (in --batch and on the TUI's `:` line, the same command).
 */
import {existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {Interpreter} from '../../source/commands/table.js';
import type {ChromeTrace} from '../../source/report/chrome-trace.js';
import {pmapdbgWith} from '../cli/helpers.js';
import {sessionOn} from '../session/helpers.js';
import {traceProblems} from './check-trace.js';

const folder = () => mkdtempSync(path.join(tmpdir(), 'pmapdbg-trace-'));
const read = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as ChromeTrace;

describe('--trace-out and export', () => {
	it('run --trace-out FILE writes one trace and says where', async () => {
		const cwd = folder();
		const {stdout, status} = await pmapdbgWith({cwd}, 'run', 'two-initiators', '--trace-out', 'two.json');
		expect(status).toBe(0);
		expect(stdout.trimEnd().split('\n').at(-1)).toBe('Chrome trace: two.json (open it in ui.perfetto.dev or chrome://tracing)');
		const trace = read(path.join(cwd, 'two.json'));
		expect(traceProblems(trace)).toEqual([]);
		expect(trace.metadata).toMatchObject({scenario: 'two-initiators', mode: 'pcid', invpcid: true, result: 'pass', steps: 50, stale: 0});
	});

	it('several scenarios and configurations: the name and the configuration go before .json; --json stays records only', async () => {
		const cwd = folder();
		const {stdout, status} = await pmapdbgWith({cwd}, 'run', 'two-initiators', 'pcid-wrap', '--mode', 'all', '--invpcid', 'all', '--json', '--trace-out', 't.json');
		expect(status).toBe(0);
		expect(stdout.split('\n').filter(line => line !== '').every(line => line.startsWith('{"format":1,'))).toBe(true);
		// pcid-wrap requires a PCID mode: no trace for the configurations it skips.
		expect(readdirSync(cwd).sort()).toEqual(
			[
				...['pcid', 'pcid-noinvpcid', 'pti-pcid', 'pti-pcid-noinvpcid', 'nopcid', 'pti'].map(tag => `t.two-initiators.${tag}.json`),
				...['pcid', 'pcid-noinvpcid', 'pti-pcid', 'pti-pcid-noinvpcid'].map(tag => `t.pcid-wrap.${tag}.json`),
			].sort(),
		);
		expect(read(path.join(cwd, 't.two-initiators.pti-pcid-noinvpcid.json')).metadata).toMatchObject({mode: 'pti-pcid', invpcid: false});
	});

	it('explore --trace-out: the counterexample replayed, ending in its stale use', async () => {
		const cwd = folder();
		const {stdout, status} = await pmapdbgWith({cwd}, 'explore', 'curpmap-window', '--ablate', 'switch-irq-enabled', '--mode', 'pcid', '--invpcid', 'all', '--trace-out', 'cx.json');
		expect(status).toBe(1);
		expect(stdout).toMatch(/VIOLATION \(stale_use\).*schedule in curpmap-window\.pcid-noinvpcid\.counterexample \(shortest\), trace in cx\.pcid-noinvpcid\.json$/m);
		expect(existsSync(path.join(cwd, 'cx.pcid.json'))).toBe(false);
		const trace = read(path.join(cwd, 'cx.pcid-noinvpcid.json'));
		expect(traceProblems(trace)).toEqual([]);
		const schedule = readFileSync(path.join(cwd, 'curpmap-window.pcid-noinvpcid.counterexample'), 'utf8').split('\n').filter(line => /^cpu/.test(line));
		const last = trace.traceEvents.filter(event => event.ph === 'X' && event.cat !== 'statement').at(-1)!;
		expect(last.name).toBe('stale_use');
		expect(last.args!['step']).toBe(schedule.length - 1);
		expect(trace.traceEvents.some(event => event.name === 'STALE USE')).toBe(true);
		const json = await pmapdbgWith({cwd}, 'explore', 'curpmap-window', '--ablate', 'switch-irq-enabled', '--mode', 'pcid', '--invpcid', 'off', '--json', '--trace-out', 'one.json');
		expect(JSON.parse(json.stdout)).toMatchObject({record: 'exploration', result: 'violation', trace: 'one.json'});
	});

	it('export FILE in --batch: the steps so far; a bad export is a failed command (exit 1)', async () => {
		const cwd = folder();
		writeFileSync(path.join(cwd, 'cmds'), 'break shootdown_done\ncontinue\nexport here.json\nexport\nexport /no/such/folder/x.json\n');
		const {stdout, stderr, status} = await pmapdbgWith({cwd}, '--batch', '-x', 'cmds', 'two-initiators');
		expect(status).toBe(1);
		expect(stdout).toContain('Exported steps 0 to 37 (');
		expect(stderr).toContain('cmds:4: export takes one file name: export FILE');
		expect(stderr).toMatch(/cmds:5: cannot write \/no\/such\/folder\/x\.json: ENOENT/);
		const trace = read(path.join(cwd, 'here.json'));
		expect(traceProblems(trace)).toEqual([]);
		expect(Math.max(...trace.traceEvents.map(event => event.ts))).toBeLessThan(37_000);
	});

	it('export refuses where the shell gives no way to write files', () => {
		const {error} = new Interpreter(sessionOn('default')).execute('export t.json');
		expect(error).toBe('export cannot write files in this session');
		const written: string[] = [];
		const {output} = new Interpreter(sessionOn('default'), file => written.push(file)).execute('export t.json');
		expect(written).toEqual(['t.json']);
		expect(output).toEqual(['Exported steps 0 to 0 (0 events) to t.json, a Chrome trace for ui.perfetto.dev or chrome://tracing.']);
	});
});
