/**
 * pmapdbg as users get it: the package packed, the tarball installed into a temporary
 * prefix, and the installed `pmapdbg` run from a folder outside the checkout, in a
 * user's environment (no NO_COLOR, no CI): --version, run, every example of --help and
 * of the README, and the debugger in a pseudo-terminal.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {beforeAll, describe, expect, it} from 'vitest';
import {root} from '../cli/helpers.js';
import {helpExamples, missingLines, readmeExamples, runExample} from './examples.js';
import {openTerminal, restoredTerminal, userEnvironment} from './terminal.js';

const work = mkdtempSync(path.join(tmpdir(), 'pmapdbg-installed-'));
const prefix = path.join(work, 'prefix');
const bin = path.join(prefix, 'bin');
const env = userEnvironment();
const npm = (...args: string[]) => execFileSync('npm', args, {cwd: root, encoding: 'utf8', env: {...process.env, npm_config_audit: 'false', npm_config_fund: 'false'}});
let packed: Array<{path: string}> = [];

/** A new folder outside the checkout, as a user's. */
const userFolder = () => mkdtempSync(path.join(work, 'user-'));
const installed = (args: string[], cwd = userFolder()) => execFileSync(path.join(bin, 'pmapdbg'), args, {cwd, env, encoding: 'utf8'});

beforeAll(() => {
	// The global setup built dist/ already; packing again must not rebuild it under the
	// feet of the tests that run it, so the prepare script is skipped here (npm ci runs it).
	const [pack] = JSON.parse(npm('pack', '--ignore-scripts', '--json', '--pack-destination', work)) as Array<{filename: string; files: Array<{path: string}>}>;
	packed = pack!.files;
	npm('install', '--global', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', path.join(work, pack!.filename));
}, 120_000);

describe('the installed package', () => {
	it('ships exactly what it needs: the compiled CLI, the scenarios, the JSON schema, the licence', () => {
		const files = packed.map(file => file.path).sort();
		const scenarios = readdirSync(path.join(root, 'scenarios')).filter(name => name.endsWith('.scn'));
		expect(files.filter(file => !file.startsWith('dist/'))).toEqual(
			['LICENSE', 'README.md', 'bin/pmapdbg.js', 'package.json', 'schema/trace.schema.json', ...scenarios.map(name => `scenarios/${name}`)].sort(),
		);
		// dist/ is scripts/build.mjs's output: the two entries and the chunks they import,
		// all JavaScript and all in dist/ itself (no maps, no declarations, no build info).
		const dist = files.filter(file => file.startsWith('dist/'));
		expect(dist).toContain('dist/cli.js');
		expect(dist).toContain('dist/search-worker.js');
		expect(dist.filter(file => !/^dist\/[\w-]+\.js$/.test(file))).toEqual([]);
		expect(dist.filter(file => !['dist/cli.js', 'dist/search-worker.js'].includes(file)).every(file => /-[A-Z\d]{8}\.js$/.test(file))).toBe(true);
		expect(readFileSync(path.join(root, 'LICENSE'), 'utf8')).toContain('BSD 2-Clause License');
	});

	it('runs compiled JavaScript: no TypeScript compiler in the installed tree', () => {
		const modules = path.join(prefix, 'lib/node_modules/pmapdbg/node_modules');
		for (const compiler of ['tsx', 'typescript', 'esbuild']) {
			expect(existsSync(path.join(modules, compiler))).toBe(false);
		}
	});

	it('pmapdbg --version and run work from another folder', () => {
		const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};
		expect(installed(['--version'])).toBe(`${manifest.version}\n`);
		const run = installed(['run', 'row06-remote-user-page-active']);
		expect(run.trimEnd().split('\n').at(-1)).toBe('PASS: 23 steps, 0 stale uses, 8/8 expectations hold');
	});

	it('every example printed by --help runs as printed', async () => {
		const examples = helpExamples(installed(['--help']));
		expect(examples.length).toBeGreaterThanOrEqual(8);
		const folder = userFolder();
		for (const example of examples) {
			const {status, output} = await runExample(example, folder, bin, env);
			// 1 is a verdict (an ablation's stale use), never a usage error or a missing file.
			expect({line: example.line, status: status <= 1 ? 'ran' : status, usage: /^pmapdbg: /m.test(output)}).toEqual({line: example.line, status: 'ran', usage: false});
		}
	}, 120_000);

	it('every pmapdbg example of the README runs as printed and prints what the README shows', async () => {
		const examples = readmeExamples(readFileSync(path.join(root, 'README.md'), 'utf8'));
		expect(examples.length).toBeGreaterThanOrEqual(5);
		const folder = userFolder();
		for (const example of examples) {
			const {status, output} = await runExample(example, folder, bin, env);
			// An example that shows diagnostics is bad input on purpose: exit 2.
			const expected = example.shown.some(line => line.includes('error[SCN')) ? 2 : 'ran';
			expect({line: example.line, status: status <= 1 ? 'ran' : status, missing: missingLines(example.shown, output)}).toEqual({line: example.line, status: expected, missing: []});
		}
	}, 120_000);

	it('opens the debugger in a pseudo-terminal, in colour: panes, a step, q, the terminal restored', async () => {
		const app = openTerminal({file: path.join(bin, 'pmapdbg'), args: ['row06-remote-user-page-active']}, {columns: 100, rows: 30, cwd: userFolder(), env});
		await app.waitFor(text => text.includes('steps 0/0'), 'the first frame');
		for (const title of ['Source', 'CPUs', 'TLBs', 'Events', 'Pmaps', 'IPIs', 'Breakpoints']) {
			expect(app.screen()).toContain(title);
		}

		expect(app.styleAt('▶ Source')).toMatchObject({inverse: true});
		app.child.write('s');
		await app.waitFor(text => text.includes('steps 5/5'), 'one statement');
		expect(app.received()).toContain('\u001B[33m');
		app.child.write('q');
		expect((await app.exited).exitCode).toBe(0);
		expect(app.terminal.buffer.active.type).toBe('normal');
		expect(restoredTerminal(app.received())).toBe(true);
	});
});
