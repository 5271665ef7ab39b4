/** The debugger through ink-testing-library: frames and key handling. */
import {EventEmitter} from 'node:events';
import {mkdtempSync, readFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import stringWidth from 'string-width';
import {render as inkRender} from 'ink';
import {render} from 'ink-testing-library';
import {App, type ScenarioFile} from '../../source/ui/app.js';
import {keyHints} from '../../source/ui/components/footer.js';
import {modelOn, renderApp, settle, waitForFrame} from './helpers.js';

describe('the debugger screen', () => {
	it('shows every pane, the status line and the key hints, within the terminal height', async () => {
		const {lastFrame, unmount} = renderApp({model: modelOn('default')});
		const frame = await waitForFrame(lastFrame, f => f.includes('Source'), 'the source pane');
		for (const title of ['Source', 'Events', 'Breakpoints', 'CPUs', 'TLBs', 'Pmaps & page tables', 'IPIs']) {
			expect(frame).toContain(title);
		}

		expect(frame).toContain('steps 0/0  line -  pcid (A) invpcid on  no stale use');
		expect(frame).toContain('s step │ i stepi │ I back │ c cont │ b break │ : cmd │ z zoom │ l lanes │ ? help │ q quit');
		expect(frame.split('\n').length).toBeLessThan(24);
		unmount();
	});

	it('the status line names the kernel and the memory model when they are not the defaults', async () => {
		for (const [name, shown] of [['tso-preipi-fence', 'pcid (A) invpcid on memory tso'], ['lazy-tlb', 'linux pcid (A) invpcid on  no stale use'], ['default', '  pcid (A) invpcid on  no stale use']] as const) {
			const {lastFrame, unmount} = renderApp({model: modelOn(name)});
			const frame = await waitForFrame(lastFrame, f => f.includes('steps 0/0'), `the first frame of ${name}`);
			expect(frame).toContain(shown);
			unmount();
		}
	});

	it('l turns the events pane into the IPI lanes and back; the hints keep q quit at 80 columns', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('two-initiators')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write(':break shootdown_done\r');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1 at shootdown_done'), 'the breakpoint');
		stdin.write('c');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1, shootdown_done'), 'the stop');
		stdin.write('l');
		const chart = await waitForFrame(lastFrame, f => f.includes('IPI lanes'), 'the lane view');
		expect(chart).toMatch(/step cpu0 cpu1 cpu2/);
		expect(chart).toContain('shootdown_done P');
		expect(chart).not.toMatch(/ Events /);
		stdin.write('l');
		await waitForFrame(lastFrame, f => f.includes(' Events ') && !f.includes('IPI lanes'), 'the event log again');
		unmount();
		expect(keyHints(80)).toBe('s step │ i stepi │ I back │ c cont │ b break │ : cmd │ z zoom │ ? help │ q quit');
		expect(keyHints(40)).toMatch(/│ \? help │ q quit$/);
		expect(stringWidth(keyHints(40))).toBeLessThanOrEqual(40);
	});

	it('s steps a statement and highlights its line; I steps back', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('s');
		let frame = await waitForFrame(lastFrame, f => f.includes('steps 5/5'), 'one statement executed');
		expect(frame).toMatch(/ > 15 cpu1: switch A/);
		expect(frame).toContain('cpu1 kernel curpmap A cr3 A/kcr3 pcid 0x2');
		stdin.write('I');
		frame = await waitForFrame(lastFrame, f => f.includes('steps 4/5'), 'one step back');
		expect(frame).toContain('step 3, cpu1, line 15: curpmap_set cpu1 pmap=A');
		unmount();
	});

	it('the : line runs debugger commands; Enter repeats; errors show in one line', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write(':');
		await waitForFrame(lastFrame, f => f.includes(':█'), 'the command line');
		stdin.write('break ipi_send to=1');
		await waitForFrame(lastFrame, f => f.includes(':break ipi_send to=1█'), 'the typed command');
		stdin.write('\r');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1 at ipi_send to=1'), 'the breakpoint');
		stdin.write('c');
		let frame = await waitForFrame(lastFrame, f => f.includes('Breakpoint 1, ipi_send cpu0 -> cpu1 (invlpg A 0x400000) at step 17, line 23'), 'the stop');
		expect(frame).toContain('1   y   ipi_send to=1  (hit 1 time)');
		stdin.write(':frob\r');
		frame = await waitForFrame(lastFrame, f => f.includes('undefined command "frob"'), 'the error');
		expect(frame).toContain('steps 18/18');
		unmount();
	});

	it('? opens the help generated from the key table; Esc closes it', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('?');
		const frame = await waitForFrame(lastFrame, f => f.includes('Keys (Up/Down/PgUp/PgDn scroll; Esc, ? or q closes)'), 'the help overlay');
		expect(frame).toContain('C           reverse-continue');
		// Taller than the screen: it scrolls to its last line.
		stdin.write('\u001B[F');
		await waitForFrame(lastFrame, f => f.includes('why cpu1 P 0x400000   info expect'), 'the end of the help');
		stdin.write('\u001B');
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the panes again');
		unmount();
	});

	it('a long output takes the focus and scrolls; z maximises it and brings the panes back', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('pm-active-race-no-ipi', {ablate: ['no-ipi-active']})});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('c');
		await waitForFrame(lastFrame, f => f.includes('1 STALE USE'), 'the stale use');
		stdin.write(':help\r');
		const focused = await waitForFrame(lastFrame, f => /▶ Output 1-\d+\/\d+/.test(f), 'the focused output pane');
		expect(focused).toContain('stepi [cpuN] [COUNT]');
		stdin.write('z');
		const zoomed = await waitForFrame(lastFrame, f => !f.includes('Source') && f.includes('▶ Output'), 'the maximised output');
		const total = Number(/▶ Output 1-(\d+)\/(\d+)/.exec(zoomed)?.[2] ?? 0);
		expect(total).toBeGreaterThan(20);
		stdin.write('\u001B[F');
		await waitForFrame(lastFrame, f => new RegExp(`▶ Output \\d+-${total}/${total}`).test(f), 'the last line of the output');
		stdin.write('z');
		await waitForFrame(lastFrame, f => f.includes('Source') && f.includes('▶ Output'), 'the panes again');
		unmount();
	});

	it(':export FILE writes the steps so far as a Chrome trace', async () => {
		const file = path.join(mkdtempSync(path.join(tmpdir(), 'pmapdbg-export-')), 'here.json');
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('s');
		await waitForFrame(lastFrame, f => f.includes('steps 5/5'), 'one statement executed');
		stdin.write(`:export ${file}\r`);
		await waitForFrame(lastFrame, f => f.includes('Exported steps 0 to 5 (6 events)'), 'the export');
		const trace = JSON.parse(readFileSync(file, 'utf8')) as {traceEvents: Array<{name: string}>};
		expect(trace.traceEvents.map(event => event.name)).toContain('line 15: switch A');
		unmount();
	});

	it('m opens on the current configuration; Down/Enter or a letter restarts in another, keeping the points; no key is lost', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write(':break ipi_send to=1\r');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1 at ipi_send to=1'), 'a breakpoint');
		// The picker opens on the current configuration (A), and the keys typed in the same
		// burst as m are not dropped: Down three times to D, Enter.
		stdin.write('m\u001B[B\u001B[B\u001B[B\r');
		const frame = await waitForFrame(lastFrame, f => f.includes('pti-pcid (D) invpcid off'), 'the new configuration');
		expect(frame).toContain('breakpoints, watchpoints and displays kept');
		expect(frame).toContain('1   y   ipi_send to=1');
		stdin.write('m');
		await waitForFrame(lastFrame, f => f.includes('› D  pti-pcid'), 'the picker on D');
		stdin.write('f');
		await waitForFrame(lastFrame, f => f.includes('pti (F)'), 'F by its letter');
		unmount();
	});

	it('o filters as you type, shows titles, opens a typed path; R reloads keeping points and position', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default'), file: 'scenarios/default.scn'}, ['scenarios/default.scn', 'scenarios/two-initiators.scn', 'scenarios/row06-remote-user-page-active.scn']);
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('o');
		await waitForFrame(lastFrame, f => f.includes('title of two-initiators'), 'the titles');
		stdin.write('two');
		const filtered = await waitForFrame(lastFrame, f => f.includes('filter: two'), 'the filter');
		expect(filtered).not.toContain('row06');
		stdin.write('\r');
		await waitForFrame(lastFrame, f => f.includes('two initiators'), 'the chosen scenario');
		stdin.write(':break 19\r');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1 at line 19'), 'a breakpoint');
		stdin.write(':stepi 3\r');
		await waitForFrame(lastFrame, f => f.includes('steps 3/3'), 'three steps');
		stdin.write('R');
		const reloaded = await waitForFrame(lastFrame, f => f.includes('Reloaded'), 'the reload');
		expect(reloaded).toContain('at step 3 as before');
		expect(reloaded).toContain('1   y   line 19');
		unmount();
	});

	it('a stale use stops continue and turns the status line into a verdict', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('pm-active-race-no-ipi', {ablate: ['no-ipi-active']})});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('c');
		const frame = await waitForFrame(lastFrame, f => f.includes('1 STALE USE'), 'the stale use');
		expect(frame).toContain('Stale use: cpu1 used P 0x400000 -> 0x1000; the page table has no mapping');
		expect(frame).toContain('! 0x2   0x400000 -> 0x1000 rw P/kcr3 STALE');
		unmount();
	});

	it('the scenario list is asked for only after the first frame, the picker fills when it answers, and a failed listing lists none', async () => {
		let answer: (files: ScenarioFile[]) => void = () => {};
		let asked = 0;
		const lister = async () => {
			asked++;
			return new Promise<ScenarioFile[]>(resolve => {
				answer = resolve;
			});
		};

		const {lastFrame, stdin, unmount} = render(<App opened={{model: modelOn('default'), file: 'scenarios/default.scn'}} files={lister} open={async () => ({})} color={false} />);
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		await settle();
		expect(asked).toBe(1);
		stdin.write('o');
		await waitForFrame(lastFrame, f => f.includes('Listing the scenarios…'), 'the picker while the list is read');
		answer([
			{path: 'scenarios/two-initiators.scn', title: 'two initiators'},
			{path: 'scenarios/default.scn', title: 'remote user page'},
		]);
		// The cursor goes to the open scenario, as when the list is there before `o`.
		await waitForFrame(lastFrame, f => f.includes('› scenarios/default.scn') && f.includes('two initiators'), 'the listed scenarios, the open one chosen');
		expect(asked).toBe(1);
		unmount();
		const failing = render(<App opened={{model: modelOn('default')}} files={async () => Promise.reject(new Error('EACCES'))} open={async () => ({})} color={false} />);
		await waitForFrame(failing.lastFrame, f => f.includes('Source'), 'the first frame');
		failing.stdin.write('o');
		await waitForFrame(failing.lastFrame, f => f.includes('No scenario matches; Enter opens what you typed as a path.'), 'an empty list after a failed listing');
		failing.unmount();
	});

	it('the first frame is written before the scenario list is asked for (Ink itself, a recording stdout)', async () => {
		const writes: string[] = [];
		const stdout = Object.assign(new EventEmitter(), {
			columns: 100,
			rows: 30,
			write(text: string) {
				writes.push(text);
				return true;
			},
		});
		const stdin = Object.assign(new EventEmitter(), {isTTY: false, setEncoding() {}, setRawMode() {}, resume() {}, pause() {}, ref() {}, unref() {}, read: () => null});
		let drawnWhenAsked: boolean | undefined;
		const lister = async () => {
			drawnWhenAsked ??= writes.some(text => text.includes('Source'));
			return [];
		};

		const instance = inkRender(<App opened={{model: modelOn('default')}} files={lister} open={async () => ({})} color={false} />, {
			stdout: stdout as unknown as NodeJS.WriteStream,
			stdin: stdin as unknown as NodeJS.ReadStream,
			debug: true,
			exitOnCtrlC: false,
			patchConsole: false,
		});
		await settle();
		expect(drawnWhenAsked).toBe(true);
		instance.unmount();
	});

	it('without a scenario it opens the picker; a scenario with errors shows its diagnostics', async () => {
		const picker = renderApp(undefined, ['scenarios/default.scn', 'scenarios/two-initiators.scn']);
		await waitForFrame(picker.lastFrame, f => f.includes('Open a scenario'), 'the scenario picker');
		await settle();
		picker.stdin.write('\r');
		await waitForFrame(picker.lastFrame, f => f.includes('remote user page, pmap active'), 'the opened scenario');
		picker.unmount();
		const broken = renderApp({diagnostics: 'x.scn:1:1: error[SCN005]: Expected a statement, found "frob".'});
		const frame = await waitForFrame(broken.lastFrame, f => f.includes('SCN005'), 'the diagnostics');
		expect(frame).toContain('o: open another scenario │ q: quit');
		broken.unmount();
	});

	it('/ filters the event log; an empty filter lists everything again', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('ss');
		await waitForFrame(lastFrame, f => f.includes('steps 6/6'), 'two statements');
		stdin.write('/');
		await waitForFrame(lastFrame, f => f.includes('/█'), 'the filter line');
		stdin.write('pcid_alloc\r');
		const frame = await waitForFrame(lastFrame, f => f.includes('Events /pcid_alloc'), 'the filtered log');
		expect(frame).toContain('2 cpu1 L15 pcid_alloc pmap=A pcid=0x2 pcid_g…');
		expect(frame).not.toContain('L15 context_switch');
		stdin.write('/');
		await waitForFrame(lastFrame, f => f.includes('/pcid_alloc█'), 'the filter line with the filter');
		stdin.write('\u007F'.repeat(10) + '\r');
		await waitForFrame(lastFrame, f => f.includes('L16 mode_switch to=user') && !f.includes('Events /'), 'the whole log again');
		unmount();
	});

	it('in the event log, Up selects an event and b breaks on its kind and CPU', async () => {
		const {lastFrame, stdin, unmount} = renderApp({model: modelOn('default')});
		await waitForFrame(lastFrame, f => f.includes('Source'), 'the first frame');
		stdin.write('ss');
		await waitForFrame(lastFrame, f => f.includes('steps 6/6'), 'two statements');
		for (let i = 0; i < 5; i++) {
			stdin.write('\t');
			await settle();
		}

		await waitForFrame(lastFrame, f => f.includes('▶ Events'), 'the events pane focused');
		stdin.write('\u001B[A');
		await settle();
		stdin.write('\u001B[A');
		await settle();
		stdin.write('b');
		await waitForFrame(lastFrame, f => f.includes('Breakpoint 1 at pm_active_clear cpu=1'), 'a breakpoint on the selected event');
		unmount();
	});
});
