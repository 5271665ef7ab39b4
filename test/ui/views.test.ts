/** Pane texts on fixed states (exact), the layout, the UI reducer and completion. */
import {describe, expect, it} from 'vitest';
import {computeLayout, FOOTER_LINES, paneOrder} from '../../source/ui/layout.js';
import {complete} from '../../source/ui/use-keys.js';
import {initialUiState, uiReducer} from '../../source/ui/ui-state.js';
import {fit, windowLines} from '../../source/ui/view/line.js';
import {cpuLines, ipiLines, pmapLines, sourceLines, tlbLines} from '../../source/ui/view/panes.js';
import {modelOn} from './helpers.js';

describe('pane views', () => {
	it('under --memory tso the CPUs pane shows each store buffer, oldest first (none under sc)', () => {
		const model = modelOn('tso-preipi-fence');
		model.execute('break sb_store by=pmap_invalidate_preipi_pcid');
		model.execute('continue');
		const lines = cpuLines(model.session.state, undefined).map(line => line.text);
		expect(lines.filter(line => line.includes('store buffer'))).toEqual(['  store buffer: P.pm_pcidp[0].pm_gen=0', '  store buffer: empty']);
		const consistent = modelOn('tso-preipi-fence', {memory: 'sc'});
		expect(cpuLines(consistent.session.state, undefined).some(line => line.text.includes('store buffer'))).toBe(false);
	});

	it('CPUs, TLBs, pmaps and IPIs on the row 6 scenario after the IPI was sent', () => {
		const model = modelOn('row06-remote-user-page-active');
		model.execute('break ipi_send');
		model.execute('continue');
		const {state} = model.session;
		expect(cpuLines(state, undefined).map(line => line.text)).toEqual([
			'cpu0 kernel curpmap P cr3 P/kcr3 pcid 0x2 IF',
			'  pcid_next 0x3 pcid_gen 1 · invalidate:local',
			'cpu1 user   curpmap P cr3 P/kcr3 pcid 0x2 IF IPI!',
			'  pcid_next 0x3 pcid_gen 1 · idle',
		]);
		expect(tlbLines(state, undefined).map(line => line.text)).toEqual(['cpu0 (0)', 'cpu1 (1)', '~ 0x2   0x400000 -> 0x1000 rw P/kcr3 obsolete']);
		expect(pmapLines(state, undefined).map(line => line.text)).toEqual([
			'kernel pm_active all',
			'  0xffff800000400000 ->0x2000  rw PG_G',
			'P pm_active {0,1}',
			'  pm_pcid/pm_gen cpu0 0x2/1 cpu1 0x2/0',
			'  0x400000             (none)',
		]);
		expect(ipiLines(state).map(line => line.text)).toEqual(['cpu0 waits: invlpg P smp_tlb_gen 2, 1 unacked', 'cpu1: IPI_INVLOP pending', 'cpu1: slot 0 for cpu0']);
	});

	it('what changed since the last stop is flagged', () => {
		const model = modelOn('row06-remote-user-page-active');
		model.execute('until 18');
		model.execute('step');
		model.execute('step');
		const changed = tlbLines(model.session.state, model.previous).filter(line => line.changed).map(line => line.text);
		expect(changed).toEqual(['cpu1 (0)']);
		const pmaps = pmapLines(model.session.state, model.previous).filter(line => line.changed).map(line => line.text);
		expect(pmaps).toEqual(['  pm_pcid/pm_gen cpu0 0x2/1 cpu1 0x2/0', '  0x400000             (none)']);
	});

	it('the source pane marks breakpoints, the current line and each CPU\'s position', () => {
		const lines = sourceLines('cpus 2\ncpu0: user\ncpu1: read 0x1000', 2, new Set([3]), new Map([[3, [1]]]));
		expect(lines.map(line => line.text)).toEqual(['    1 cpus 2', ' >  2 cpu0: user', 'B   3 cpu1: read 0x1000  « cpu1']);
		expect(lines[1]!.accent).toBe('current');
	});

	it('windows and fits', () => {
		expect(windowLines([1, 2, 3, 4, 5], 2, 9)).toEqual({visible: [4, 5], scroll: 3});
		expect(windowLines([1, 2, 3], 5, -2)).toEqual({visible: [1, 2, 3], scroll: 0});
		expect(fit('abcdef', 4)).toBe('abc…');
	});
});

describe('layout', () => {
	for (const [columns, rows, cpus] of [
		[80, 24, 2],
		[200, 60, 4],
		[80, 24, 256],
		[40, 12, 1],
	] as const) {
		it(`${columns}x${rows} with ${cpus} CPUs stays below the last row`, () => {
			for (const output of [0, 3, 40]) {
				const layout = computeLayout(columns, rows, cpus, output);
				const left = layout.left.reduce((sum, box) => sum + box.height, 0);
				const right = layout.right.reduce((sum, box) => sum + box.height, 0);
				expect(left + layout.output!.height).toBe(rows - FOOTER_LINES - 1);
				expect(right + layout.output!.height).toBe(rows - FOOTER_LINES - 1);
				expect(layout.left[0]!.width + 1 + layout.right[0]!.width).toBe(columns);
				expect(layout.output!.width).toBe(columns);
			}
		});
	}

	it('the output pane grows with its text, up to under half the rows, and z maximises a pane', () => {
		expect(computeLayout(80, 24, 2, 0).output!.height).toBe(2);
		expect(computeLayout(80, 24, 2, 5).output!.height).toBe(6);
		expect(computeLayout(80, 24, 2, 40).output!.height).toBe(Math.floor(21 * 0.45));
		const zoomed = computeLayout(80, 24, 2, 40, 'tlbs');
		expect(zoomed.left).toEqual([{id: 'tlbs', width: 80, height: 21}]);
		expect(zoomed.right).toEqual([]);
		expect(zoomed.output).toBeUndefined();
		expect(computeLayout(80, 24, 2, 40, 'output').output).toEqual({id: 'output', width: 80, height: 21});
	});
});

describe('UI state', () => {
	it('focus cycles both ways; the command line keeps a history', () => {
		let state = uiReducer(initialUiState, {type: 'focus', delta: -1});
		expect(state.focus).toBe(paneOrder.at(-1));
		state = uiReducer(state, {type: 'mode', mode: 'command'});
		state = uiReducer(state, {type: 'type', text: 'break 12'});
		state = uiReducer(state, {type: 'submit'});
		state = uiReducer(state, {type: 'mode', mode: 'command'});
		state = uiReducer(state, {type: 'history', delta: -1});
		expect(state.commandText).toBe('break 12');
		expect(state.mode).toBe('command');
	});

	it('Tab completes a unique command prefix, or to the longest common prefix', () => {
		expect(complete('wa')).toBe('watch ');
		expect(complete('reverse-s')).toBe('reverse-step');
		expect(complete('zz')).toBe('zz');
	});
});
