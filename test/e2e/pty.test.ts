/**
 * The real binary in a real pseudo-terminal (@lydell/node-pty), its screen read by a
 * headless xterm: open a scenario, step, resize to 80x24, quit; the terminal is back on
 * its normal screen and the process exits 0.
 */
import {mkdtempSync, readFileSync, renameSync, writeFileSync} from 'node:fs';
import process from 'node:process';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {raceScenario} from '../../bench/explore.js';
import {computeLayout} from '../../source/ui/layout.js';
import {openDebugger as open, restoredTerminal, userEnvironment} from './terminal.js';

/** Polls TEST every millisecond (no fixed sleep) for up to ten seconds. */
async function until(test: () => boolean, what: string): Promise<void> {
	const deadline = Date.now() + 10_000;
	while (!test()) {
		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await new Promise(resolve => {
			setTimeout(resolve, 1);
		});
	}
}

/** Whether process PID is stopped (state T in /proc/PID/stat). */
const stopped = (pid: number) => / T /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

const openDebugger = (args: string[], columns: number, rows: number, env?: NodeJS.ProcessEnv) => open(args, {columns, rows, env});

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
		expect((await app.exited).exitCode).toBe(0);
		expect(app.terminal.buffer.active.type).toBe('normal');
		expect(restoredTerminal(app.received())).toBe(true);
	});

	it('Ctrl-C ends it as an interrupt: exit 130, the terminal restored', async () => {
		const app = openDebugger(['scenarios/default.scn'], 100, 30);
		await app.waitFor(text => text.includes('Source'), 'the first frame');
		app.child.write('\u0003');
		expect((await app.exited).exitCode).toBe(130);
		expect(app.terminal.buffer.active.type).toBe('normal');
		expect(restoredTerminal(app.received())).toBe(true);
	});

	for (const [signal, status] of [['SIGTERM', 143], ['SIGINT', 130], ['SIGHUP', 129]] as const) {
		it(`${signal} restores the terminal and exits ${status}`, async () => {
			const app = openDebugger(['scenarios/default.scn'], 100, 30);
			await app.waitFor(text => text.includes('Source'), 'the first frame');
			app.child.kill(signal);
			expect((await app.exited).exitCode).toBe(status);
			expect(app.terminal.buffer.active.type).toBe('normal');
			expect(restoredTerminal(app.received())).toBe(true);
		});
	}

	// Delays after the exec, not waits for a condition: each probes a moment of start-up
	// (loading modules, reading the scenario, entering the alternate screen, Ink taking
	// the keyboard) at which a user may press Ctrl-C.
	for (const delay of [0, 40, 80, 120, 200]) {
		it(`Ctrl-C ${delay} ms after the start leaves a usable terminal`, async () => {
			const app = openDebugger(['scenarios/default.scn'], 100, 30);
			// Once the program runs (not in node-pty's window between fork and exec, where no
			// shell would deliver a key).
			await until(() => readFileSync(`/proc/${app.child.pid}/cmdline`, 'utf8').includes('pmapdbg.js'), 'the exec');
			await new Promise(resolve => {
				setTimeout(resolve, delay);
			});
			app.child.write('\u0003');
			const {exitCode, signal} = await app.exited;
			// Node's default action (killed by SIGINT) before the debugger listens, 130 after.
			expect(exitCode === 130 || signal === 2).toBe(true);
			expect(app.terminal.buffer.active.type).toBe('normal');
			const received = app.received();
			expect(received.includes('\u001B[?1049h') ? restoredTerminal(received) : true).toBe(true);
		});
	}

	it('Ctrl-Z and SIGTSTP give the terminal back while stopped; SIGCONT takes it again and redraws', async () => {
		const app = openDebugger(['scenarios/default.scn'], 100, 30);
		await app.waitFor(text => text.includes('steps 0/0'), 'the first frame');
		app.child.write('\u001A');
		await app.waitFor(() => app.terminal.buffer.active.type === 'normal' && stopped(app.child.pid), 'the normal screen and a stopped process after Ctrl-Z');
		expect(restoredTerminal(app.received())).toBe(true);
		app.child.kill('SIGCONT');
		await app.waitFor(text => app.terminal.buffer.active.type === 'alternate' && text.includes('steps 0/0') && text.includes('s step'), 'the redrawn frame');
		app.child.write('s');
		await app.waitFor(text => text.includes('steps 5/5'), 'a step after the resume (keys work again)');
		app.child.kill('SIGTSTP');
		await app.waitFor(() => app.terminal.buffer.active.type === 'normal' && stopped(app.child.pid), 'the normal screen and a stopped process after SIGTSTP');
		app.child.kill('SIGCONT');
		await app.waitFor(text => app.terminal.buffer.active.type === 'alternate' && text.includes('steps 5/5'), 'the frame after the second resume');
		app.child.write('q');
		expect((await app.exited).exitCode).toBe(0);
		expect(restoredTerminal(app.received())).toBe(true);
	});

	it('a storm of resizes ends in a whole frame of the last size', async () => {
		const app = openDebugger(['scenarios/default.scn'], 120, 40);
		await app.waitFor(text => text.includes('steps 0/0'), 'the first frame');
		for (let i = 0; i < 40; i++) {
			app.resize(80 + (i % 7) * 13, 24 + (i % 5) * 6);
		}

		app.resize(90, 28);
		// The layout of 90 columns puts the right column's titles at column 43 + 1 + 2.
		const rightTitle = computeLayout(90, 28, 2).left[0]!.width + 3;
		const frame = await app.waitFor(text => {
			const lines = text.split('\n');
			const hints = lines.findIndex(line => line.startsWith('s step │'));
			return lines[0]!.startsWith('▶ Source') && lines[0]!.indexOf('CPUs') === rightTitle && hints > 20 && lines[hints - 1]!.startsWith('steps 0/0');
		}, 'the 90x28 frame');
		// Every row of the frame is of the new size: nothing of an older frame is left over.
		for (const line of frame.split('\n')) {
			expect(line.length).toBeLessThanOrEqual(90);
		}

		expect(frame.split('\n').filter(line => line.includes('▶ Source'))).toHaveLength(1);
		app.child.write('q');
		await app.exited;
	});

	it('keeps the columns in place in a real terminal when a scenario holds CJK and emoji', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-wide-'));
		writeFileSync(path.join(folder, 'wide.scn'), `title "页表 TLB 击落 🚀🚀🚀 ページテーブル ${'漢字'.repeat(20)}"\ncpus 2\npmap P\nmap P 0x400000 -> 0x1000 rw\n# 注释：这一行比源代码窗格宽得多，因为每个汉字占两列 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀\ncpu1: switch P   # 用户态 ${'宽'.repeat(30)}\ncpu1: user\n`);
		const app = open([path.join(folder, 'wide.scn')], {columns: 80, rows: 24, cwd: folder});
		const frame = await app.waitFor(text => text.includes('steps 0/0'), 'the first frame');
		const gap = computeLayout(80, 24, 2).left[0]!.width;
		const rows = frame.split('\n');
		const wideRows = rows.map((text, y) => [text, y] as const).filter(([text]) => /[注宽]/.test(text));
		expect(wideRows.length).toBe(2);
		for (const [, y] of wideRows) {
			// The column between the two halves stays blank.
			expect(app.cellAt(gap, y)).toBe(' ');
		}

		app.child.write('q');
		await app.exited;
	});

	it('runs ~/.pmapdbginit and each -ex before the first frame, says so, and :quit leaves', async () => {
		const home = mkdtempSync(path.join(tmpdir(), 'pmapdbg-home-'));
		writeFileSync(path.join(home, '.pmapdbginit'), 'break ipi_send\n');
		const app = open(['scenarios/default.scn', '-ex', 'continue'], {columns: 120, rows: 40, env: {...process.env, HOME: home, TERM: 'xterm-256color', NO_COLOR: '1'}});
		const frame = await app.waitFor(text => text.includes('Breakpoint 1, ipi_send'), 'the first frame');
		expect(frame).toContain('Read ~/.pmapdbginit.');
		expect(frame).toMatch(/steps \d+\/\d+/);
		app.child.write(':quit\r');
		expect((await app.exited).exitCode).toBe(0);
		expect(restoredTerminal(app.received())).toBe(true);
	});

	it('an unreadable scenario: its diagnostic on the normal screen, exit 2, no alternate screen', async () => {
		const app = openDebugger(['no/such/file.scn'], 100, 30);
		const {exitCode} = await app.exited;
		expect(exitCode).toBe(2);
		expect(app.screen()).toContain('no/such/file.scn:1:1: error[SCN001]: Cannot read the scenario: no such file.');
		expect(app.received()).not.toContain('\u001B[?1049h');
	});

	it('draws in colour in a user\'s terminal, even with CI set: the focused pane, a changed line, a STALE row', async () => {
		const app = openDebugger(['scenarios/pm-active-race-no-ipi.scn', '--ablate', 'no-ipi-active'], 120, 40, userEnvironment({CI: 'true'}));
		await app.waitFor(text => text.includes('steps 0/0'), 'the first frame');
		// The focused pane's title bar is inverse.
		expect(app.styleAt('▶ Source')).toMatchObject({char: '▶', inverse: true});
		app.child.write('s');
		await app.waitFor(text => text.includes('steps 5/5'), 'one statement');
		// cpu1 switched to P: its CPUs-pane line changed since the last stop, bold yellow.
		expect(app.styleAt(/cpu1 kernel +curpmap P/)).toMatchObject({bold: true, fg: 3});
		app.child.write('c');
		await app.waitFor(text => text.includes('STALE'), 'the stale use');
		expect(app.styleAt(/! 0x2 +0x400000/)).toMatchObject({char: '!', fg: 1});
		// The same as SGR sequences in what went to the terminal: inverse, bold, yellow, red.
		for (const sgr of ['7m', '1m', '33m', '31m']) {
			expect(app.received()).toMatch(new RegExp(`\u001B\\[(?:[0-9]+;)*${sgr.replace('m', '')}m`));
		}

		app.child.write('q');
		expect((await app.exited).exitCode).toBe(0);
		expect(restoredTerminal(app.received())).toBe(true);
	});

	it('explore shows states per second while it runs, then each verdict row', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-pty-'));
		const file = path.join(folder, 'race-n4.scn');
		writeFileSync(file, raceScenario(4));
		const app = openDebugger(['explore', file], 100, 20);
		const done = await app.waitFor(text => text.includes('safe'), 'the verdict row');
		expect(done).toMatch(/pcid \(A\), invpcid on +safe +\d+ states +\d+ transitions/);
		expect((await app.exited).exitCode).toBe(0);
		// The progress line went out (on stderr, a terminal) and was cleared before the row.
		expect(app.received()).toMatch(/\r {2}pcid \(A\), invpcid on: \d+ states, \d+ states\/s/);
		expect(app.screen()).not.toMatch(/states\/s/);
	});
	it('--watch reloads a scenario saved in another folder, in place or by rename, keeping the step; a broken save keeps the session', async () => {
		const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-watch-'));
		const file = path.join(folder, 'mine.scn');
		const text = readFileSync('scenarios/default.scn', 'utf8');
		writeFileSync(file, text);
		const app = open(['mine.scn', '--watch'], {columns: 120, rows: 40, cwd: folder});
		await app.waitFor(screen => screen.includes('steps 0/0'), 'the first frame');
		app.child.write('s');
		await app.waitFor(screen => screen.includes('steps 5/5'), 'one statement');
		// An editor that writes in place.
		writeFileSync(file, text.replace(/^title .*$/m, 'title "saved in place"'));
		await app.waitFor(screen => screen.includes('Reloaded mine.scn') && screen.includes('saved in place') && screen.includes('steps 5/'), 'the reload after a write');
		// An editor that writes a new file and renames it over the old one.
		writeFileSync(path.join(folder, '.mine.scn.tmp'), text.replace(/^title .*$/m, 'title "saved by rename"'));
		renameSync(path.join(folder, '.mine.scn.tmp'), file);
		await app.waitFor(screen => screen.includes('saved by rename'), 'the reload after a rename');
		// A save with an error: the session stays, the diagnostic shows.
		writeFileSync(file, `${text}\ncpu9: frob\n`);
		const broken = await app.waitFor(screen => screen.includes('Reload of mine.scn failed'), 'the failed reload');
		expect(broken).toContain('saved by rename');
		expect(broken).toContain('steps 5/');
		app.child.write('q');
		expect((await app.exited).exitCode).toBe(0);
	});

	it('the IPI lanes at 80x24 and 200x60: one lane per CPU taking part, the stop highlighted', async () => {
		for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
			const app = openDebugger(['scenarios/two-initiators.scn', '-ex', 'break shootdown_done', '-ex', 'continue'], columns, rows, userEnvironment());
			await app.waitFor(screen => screen.includes('Breakpoint 1, shootdown_done'), 'the stop');
			app.child.write('l');
			const chart = await app.waitFor(screen => screen.includes('IPI lanes') && screen.includes('shootdown_done P') && / q quit\s*$/.test(screen), 'the whole lane view');
			expect(chart).toMatch(/step cpu0 cpu1 cpu2/);
			expect(chart.split('\n')).toHaveLength(rows);
			// The stop's row (shootdown_done on the initiator's lane) drawn inverse, as the current line.
			expect(app.styleAt('shootdown_done P')?.inverse).toBe(true);
			expect(chart).not.toMatch(/STALE|should have/);
			app.child.write('q');
			expect((await app.exited).exitCode).toBe(0);
		}
	});
});
