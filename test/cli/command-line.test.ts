/**
 * The command line as a well-kept CLI, through the real binary and from a folder outside
 * the checkout: help and version, shipped scenarios by name, and one clear line (exit 2)
 * for every mistake.
 */
import {mkdtempSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {pmapdbgWith, root} from './helpers.js';

const elsewhere = mkdtempSync(path.join(tmpdir(), 'pmapdbg-cli-'));
const user = async (...args: string[]) => pmapdbgWith({cwd: elsewhere}, ...args);
const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string}).version;

describe('help and version', () => {
	it('-v and --version print the version', async () => {
		expect(await user('-v')).toEqual({stdout: `${version}\n`, stderr: '', status: 0});
		expect(await user('--version')).toEqual({stdout: `${version}\n`, stderr: '', status: 0});
	});

	it('-h, --help and help print the whole help; help COMMAND and COMMAND --help one command', async () => {
		const main = await user('--help');
		expect(main.status).toBe(0);
		expect(main.stdout).toContain(`pmapdbg ${version}: a debugger for the amd64 pmap TLB-invalidation protocol of FreeBSD`);
		for (const name of ['run', 'table', 'explore', 'list', 'help', '--batch']) {
			expect(main.stdout).toMatch(new RegExp(`^  ${name.replace('-', '\\-')} +`, 'm'));
		}

		expect((await user('-h')).stdout).toBe(main.stdout);
		expect((await user('help')).stdout).toBe(main.stdout);
		const run = await user('help', 'run');
		expect(run.status).toBe(0);
		expect(run.stdout.split('\n').slice(0, 2)).toEqual(['Usage', '  $ pmapdbg run SCENARIO... [--mode M|all] [--invpcid on|off|all] [--memory sc|tso] [--ablate NAME] [--seed N] [--json] [--trace-out FILE]']);
		expect(run.stdout).toContain('--seed N');
		expect(run.stdout).not.toContain('--max-states');
		expect((await user('run', '--help')).stdout).toBe(run.stdout);
		expect((await user('help', '--batch')).stdout).toContain('-x FILE');
	});
});

describe('scenarios by name, from any folder', () => {
	it('list prints every shipped scenario with its title', async () => {
		const {stdout, status} = await user('list');
		expect(status).toBe(0);
		expect(stdout).toMatch(/^row06-remote-user-page-active +row 6: remote user page, active pmap \(IPI: INVLPG\)$/m);
		expect(stdout.trimEnd().split('\n')).toHaveLength(26);
		const json = (await user('list', '--json')).stdout.trimEnd().split('\n').map(line => JSON.parse(line) as {name: string});
		expect(json.map(row => row.name)).toContain('default');
	});

	it('run takes a shipped scenario by its name, with or without .scn', async () => {
		for (const name of ['row06-remote-user-page-active', 'row06-remote-user-page-active.scn']) {
			const {stdout, status} = await user('run', name);
			expect(status).toBe(0);
			expect(stdout.trimEnd().split('\n').at(-1)).toBe('PASS: 23 steps, 0 stale uses, 8/8 expectations hold');
		}
	});

	it('a relative path is read from the current folder, and a file there wins over a shipped name', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-own-'));
		writeFileSync(path.join(folder, 'default'), 'title "mine"\ncpus 1\ncpu0: user\n');
		const own = await pmapdbgWith({cwd: folder}, 'run', 'default');
		expect(own.status).toBe(0);
		expect(own.stdout).toContain('default: mine');
		const shipped = await user('run', 'default');
		expect(shipped.stdout).toContain('remote user page, pmap active on the other CPU');
	});
});

describe('mistakes: one line, exit 2', () => {
	const cases: Array<[string, string[], string]> = [
		['a flag given twice that takes one value', ['run', 'default', '--seed', '1', '--seed', '2'], 'pmapdbg: --seed takes one value and was given more than once\n'],
		['an unknown flag, with the closest one', ['run', 'default', '--sed', '3'], 'pmapdbg: unknown flag --sed; did you mean --seed? (pmapdbg --help lists them)\n'],
		['an unknown short flag', ['run', 'default', '-q'], 'pmapdbg: unknown flag -q (pmapdbg --help lists them)\n'],
		['a mistyped command', ['rnu', 'default'], 'pmapdbg: unknown command "rnu"; did you mean "run"? (pmapdbg --help lists the commands)\n'],
		['a mistyped scenario name', ['run', 'row06-remote-user-page-activ'], 'row06-remote-user-page-activ:1:1: error[SCN001]: Cannot read the scenario: no such file.\n'],
		['a flag the command does not take', ['table', '--seed', '3'], 'pmapdbg: --seed does not apply to table (pmapdbg help table lists its flags)\n'],
		['a batch-only flag on run', ['run', 'default', '-x', 'cmds'], 'pmapdbg: -x does not apply to run (pmapdbg help run lists its flags)\n'],
		['a flag without its value', ['run', 'default', '--seed'], 'pmapdbg: --seed needs a value: --seed N\n'],
		['help for no such command', ['help', 'frob'], 'pmapdbg: no command "frob" (commands: run, diff, table, explore, list, help, --batch)\n'],
		['the debugger on something that is not there', ['nosuch'], 'pmapdbg: "nosuch" is not a file, a command or a shipped scenario (pmapdbg list shows the shipped scenarios)\n'],
	];
	for (const [what, args, stderr] of cases) {
		it(what, async () => {
			expect(await user(...args)).toEqual({stdout: '', stderr, status: 2});
		});
	}
});

describe('--batch -x -', () => {
	it('reads the commands from standard input', async () => {
		const result = await pmapdbgWith({cwd: elsewhere, input: 'break stale_use\ncontinue\nfrob\n'}, '--batch', '-x', '-', 'pm-active-race-no-ipi', '--ablate', 'no-ipi-active');
		expect(result.stdout).toContain('Stale use: cpu1 used P 0x400000 -> 0x1000');
		expect(result.stderr).toMatch(/^<stdin>:3: /);
		expect(result.status).toBe(1);
	});
});
