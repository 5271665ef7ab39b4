/**
 * Files are never lost (issue 16): explore writes its counterexample atomically and
 * refuses to replace the scenario, a file it did not write, or a symbolic link unless
 * --force; a folder it cannot write is one line and exit 2, the verdict still printed;
 * several configurations name their files by one rule; no command writes a file the
 * user did not name.
 */
import {execFile} from 'node:child_process';
import {chmodSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {describe, expect, it} from 'vitest';
import {counterexamplePath} from '../../source/cli/counterexample-file.js';
import {exploreCommand, type ExploreFlags} from '../../source/cli/explore-command.js';
import {root} from '../cli/helpers.js';
import {scratch, shipped} from './helpers.js';

const race = shipped('pm-active-race-late-zero');
const violating: ExploreFlags = {ablate: ['late-pm-gen-zero'], json: false, mode: 'pcid'};
const verdictRow = /pcid \(A\), invpcid on +VIOLATION \(stale_use\)/;

function setUp() {
	const folder = scratch();
	const scenario = path.join(folder, 'race.scn');
	writeFileSync(scenario, race);
	return {folder, scenario};
}

/** Runs the real binary in FOLDER. */
async function binary(folder: string, ...args: string[]): Promise<{stdout: string; stderr: string; status: number}> {
	return new Promise(resolve => {
		execFile(process.execPath, [path.join(root, 'bin/pmapdbg.js'), ...args], {cwd: folder, env: {...process.env, NO_COLOR: '1'}}, (error, stdout, stderr) => {
			resolve({stdout, stderr, status: error ? (typeof error.code === 'number' ? error.code : 1) : 0});
		});
	});
}

describe('explore writes counterexamples safely', () => {
	it('writes SCENARIO.counterexample by a rename: the old one replaced whole, no temporary file left', async () => {
		const {folder, scenario} = setUp();
		const first = await exploreCommand([scenario], violating);
		expect(first.status).toBe(1);
		const target = `${scenario}.counterexample`;
		const before = statSync(target).ino;
		expect(readFileSync(target, 'utf8')).toMatch(/^# counterexample: stale_use in /);
		const again = await exploreCommand([scenario], violating);
		expect(again).toMatchObject({status: 1, stderr: ''});
		// A new inode: the file was replaced by rename, not rewritten in place.
		expect(statSync(target).ino).not.toBe(before);
		expect(readdirSync(folder).sort()).toEqual(['race.scn', 'race.scn.counterexample']);
	});

	it('refuses to overwrite the scenario itself (exit 2, one line, the verdict printed); --force does', async () => {
		const {scenario} = setUp();
		const refused = await exploreCommand([scenario], {...violating, out: scenario});
		expect(refused.status).toBe(2);
		expect(refused.stdout).toMatch(verdictRow);
		expect(refused.stdout).toContain('-step schedule, not written');
		expect(refused.stderr).toBe(`pmapdbg: the counterexample was not written to ${scenario}: it is the scenario itself (--force overwrites it)\n`);
		expect(readFileSync(scenario, 'utf8')).toBe(race);
		// A hard link to it is the same file.
		const hard = `${scenario}.hard`;
		linkSync(scenario, hard);
		expect((await exploreCommand([scenario], {...violating, out: hard})).status).toBe(2);
		const forced = await exploreCommand([scenario], {...violating, out: scenario, force: true});
		expect(forced.status).toBe(1);
		expect(readFileSync(scenario, 'utf8')).toMatch(/^# counterexample:/);
	});

	it('refuses a file that is not a counterexample (the user\'s notes); --force replaces it', async () => {
		const {folder, scenario} = setUp();
		const notes = path.join(folder, 'notes.txt');
		writeFileSync(notes, 'my notes\n');
		const refused = await exploreCommand([scenario], {...violating, out: notes});
		expect(refused.status).toBe(2);
		expect(refused.stderr).toBe(`pmapdbg: the counterexample was not written to ${notes}: it exists and is not a counterexample pmapdbg wrote (--force overwrites it)\n`);
		expect(readFileSync(notes, 'utf8')).toBe('my notes\n');
		expect((await exploreCommand([scenario], {...violating, out: notes, force: true})).status).toBe(1);
		expect(readFileSync(notes, 'utf8')).toMatch(/^# counterexample:/);
	});

	it('refuses a symbolic link, following nothing; --force replaces the link, never its target', async () => {
		const {folder, scenario} = setUp();
		const precious = path.join(folder, 'precious');
		writeFileSync(precious, 'keep me\n');
		const link = `${scenario}.counterexample`;
		symlinkSync(precious, link);
		const refused = await exploreCommand([scenario], violating);
		expect(refused.status).toBe(2);
		expect(refused.stderr).toContain('it is a symbolic link, and nothing is written through one');
		expect(readFileSync(precious, 'utf8')).toBe('keep me\n');
		expect(lstatSync(link).isSymbolicLink()).toBe(true);
		expect((await exploreCommand([scenario], {...violating, force: true})).status).toBe(1);
		expect(lstatSync(link).isSymbolicLink()).toBe(false);
		expect(readFileSync(precious, 'utf8')).toBe('keep me\n');
		// A link to a folder, or a folder: never written into.
		mkdirSync(path.join(folder, 'dir'));
		const folderOut = await exploreCommand([scenario], {...violating, out: path.join(folder, 'dir'), force: true});
		expect(folderOut).toMatchObject({status: 2, stderr: expect.stringContaining('it is a folder') as string});
	});

	it('a folder that cannot be written: one line, exit 2, the verdict printed, no stack trace (the binary)', async () => {
		const {folder, scenario} = setUp();
		// Root writes anywhere chmod allows: /sys refuses file creation even to root.
		let locked = path.join(folder, 'locked');
		if (process.getuid?.() === 0) {
			locked = '/sys';
		} else {
				mkdirSync(locked);
			chmodSync(locked, 0o500);
		}

		const out = path.join(locked, 'race.counterexample');
		const result = await binary(folder, 'explore', scenario, '--ablate', 'late-pm-gen-zero', '--mode', 'pcid', '--out', out);
		expect(result.status).toBe(2);
		expect(result.stdout).toMatch(verdictRow);
		expect(result.stderr).toBe(`pmapdbg: the counterexample was not written to ${out}: the folder ${locked} cannot be written (permission denied)\n`);
		const missing = await exploreCommand([scenario], {...violating, out: path.join(folder, 'no/such/folder/x')});
		expect(missing.stderr).toBe(`pmapdbg: the counterexample was not written to ${path.join(folder, 'no/such/folder/x')}: there is no folder ${path.join(folder, 'no/such/folder')}\n`);
	});

	it('several configurations: one file each, the configuration before the extension, and it says so', async () => {
		const {folder, scenario} = setUp();
		const out = path.join(folder, 'found.sched');
		const result = await exploreCommand([scenario], {...violating, mode: 'all', invpcid: 'all', out});
		expect(result.status).toBe(1);
		expect(result.stdout).toContain(`(4 configurations: a counterexample goes to ${path.join(folder, 'found.CONFIGURATION.sched')})`);
		const written = readdirSync(folder).filter(name => name.startsWith('found')).sort();
		expect(written).toEqual(['found.pcid-noinvpcid.sched', 'found.pcid.sched', 'found.pti-pcid-noinvpcid.sched', 'found.pti-pcid.sched']);
		for (const name of written) {
			expect(result.stdout).toContain(`schedule in ${path.join(folder, name)}`);
		}

		await expect(exploreCommand([scenario, scenario], {...violating, out})).rejects.toThrow('--out names the counterexample of one scenario');
		expect(counterexamplePath('x.scn.counterexample', true, 'pti-pcid', false)).toBe('x.scn.pti-pcid-noinvpcid.counterexample');
		expect(counterexamplePath('dir.d/race', true, 'nopcid', false)).toBe('dir.d/race.nopcid');
		expect(counterexamplePath('./.race', true, 'pti', false)).toBe('./.race.pti');
		expect(counterexamplePath('race.sched', false, 'pti', false)).toBe('race.sched');
	});
});

describe('no command writes a file the user did not name', () => {
	it('run, --batch, table and a safe explore leave the folder as it was; explore writes only the contracted file', async () => {
		const {folder, scenario} = setUp();
		writeFileSync(path.join(folder, 'c.cmds'), 'continue\ninfo breakpoints\n');
		const before = readdirSync(folder).sort();
		await binary(folder, 'run', 'race.scn', '--mode', 'all');
		await binary(folder, '--batch', '-x', 'c.cmds', 'race.scn');
		await binary(folder, 'table');
		await binary(folder, 'explore', 'race.scn', '--mode', 'pcid');
		expect(readdirSync(folder).sort()).toEqual(before);
		await binary(folder, 'explore', scenario, '--ablate', 'late-pm-gen-zero', '--mode', 'pcid');
		expect(readdirSync(folder).sort()).toEqual([...before, 'race.scn.counterexample'].sort());
	});
});
