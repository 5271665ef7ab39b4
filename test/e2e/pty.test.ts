/**
 * The real binary in a real pseudo-terminal (@lydell/node-pty), its screen read by a
 * headless xterm: open a scenario, step, resize to 80x24, quit; the terminal is back on
 * its normal screen and the process exits 0.
 */
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import process from 'node:process';
import {spawn} from '@lydell/node-pty';
import xterm from '@xterm/headless';
import {describe, expect, it} from 'vitest';
import {raceScenario} from '../../bench/explore.js';
import {root} from '../cli/helpers.js';

const {Terminal} = xterm;

/** A pty running pmapdbg, mirrored into a headless terminal. */
function openDebugger(args: string[], columns: number, rows: number) {
	const terminal = new Terminal({cols: columns, rows, allowProposedApi: true});
	const child = spawn(process.execPath, [path.join(root, 'bin/pmapdbg.js'), ...args], {
		cols: columns,
		rows,
		cwd: root,
		env: {...process.env, TERM: 'xterm-256color', NO_COLOR: '1'},
	});
	let received = '';
	child.onData(data => {
		received += data;
		terminal.write(data);
	});
	const exited = new Promise<number>(resolve => {
		child.onExit(({exitCode}) => {
			resolve(exitCode);
		});
	});
	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let y = 0; y < terminal.rows; y++) {
			lines.push(buffer.getLine(buffer.viewportY + y)?.translateToString(true) ?? '');
		}

		return lines.join('\n');
	};

	const waitFor = async (test: (text: string) => boolean, what: string) => {
		const deadline = Date.now() + 30_000;
		while (!test(screen())) {
			if (Date.now() > deadline) {
				throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
			}

			await new Promise(resolve => {
				setTimeout(resolve, 20);
			});
		}

		return screen();
	};

	return {terminal, child, exited, screen, waitFor, received: () => received};
}

describe('pmapdbg in a pseudo-terminal', () => {
	it('opens a scenario, steps, follows a resize to 80x24, and restores the terminal on quit', async () => {
		const app = openDebugger(['scenarios/default.scn'], 120, 40);
		await app.waitFor(text => text.includes('Source') && text.includes('steps 0/0'), 'the first frame');
		expect(app.terminal.buffer.active.type).toBe('alternate');
		app.child.write('s');
		await app.waitFor(text => text.includes('steps 5/5'), 'one statement');
		app.child.resize(80, 24);
		app.terminal.resize(80, 24);
		// The 80-column layout puts the right column's first title at column 40.
		const small = await app.waitFor(text => {
			const first = text.split('\n')[0] ?? '';
			return first.startsWith('▶ Source') && first.indexOf('CPUs') > 0 && first.indexOf('CPUs') < 45;
		}, 'the 80x24 frame');
		expect(small.split('\n')).toHaveLength(24);
		for (const title of ['Source', 'CPUs', 'TLBs', 'Events']) {
			expect(small).toContain(title);
		}

		// Ctrl-L clears the screen and draws the same frame again.
		app.child.write('\u000C');
		await app.waitFor(text => text.includes('▶ Source') && text.includes('s step │ i stepi'), 'the redrawn frame');
		app.child.resize(30, 10);
		app.terminal.resize(30, 10);
		await app.waitFor(text => text.includes('needs at least 40x12'), 'the too-small message');
		app.child.write('q');
		expect(await app.exited).toBe(0);
		expect(app.terminal.buffer.active.type).toBe('normal');
	});

	it('Ctrl-C also restores the terminal', async () => {
		const app = openDebugger(['scenarios/default.scn'], 100, 30);
		await app.waitFor(text => text.includes('Source'), 'the first frame');
		app.child.write('\u0003');
		await app.exited;
		expect(app.terminal.buffer.active.type).toBe('normal');
	});

	it('SIGTERM restores the terminal and exits 143', async () => {
		const app = openDebugger(['scenarios/default.scn'], 100, 30);
		await app.waitFor(text => text.includes('Source'), 'the first frame');
		app.child.kill('SIGTERM');
		expect(await app.exited).toBe(143);
		await app.waitFor(() => app.terminal.buffer.active.type === 'normal', 'the normal screen');
	});

	it('explore shows states per second while it runs, then each verdict row', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-pty-'));
		const file = path.join(folder, 'race-n4.scn');
		writeFileSync(file, raceScenario(4));
		const app = openDebugger(['explore', file], 100, 20);
		const done = await app.waitFor(text => text.includes('safe'), 'the verdict row');
		expect(done).toMatch(/pcid \(A\), invpcid on +safe +\d+ states +\d+ transitions/);
		expect(await app.exited).toBe(0);
		// The progress line went out (on stderr, a terminal) and was cleared before the row.
		expect(app.received()).toMatch(/\r {2}pcid \(A\), invpcid on: \d+ states, \d+ states\/s/);
		expect(app.screen()).not.toMatch(/states\/s/);
	});
});
