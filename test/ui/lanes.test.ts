/**
 * The IPI lane view (l): the shootdown as a message-sequence chart. Arrows start on the
 * sender's lane and end at the receiver's, acks come back dashed, the initiator's
 * pmap_invalidate_preipi and smp_targeted_tlb_shootdown steps sit on its own lane, the
 * step just taken is highlighted, and with 256 CPUs the chart keeps to the CPUs that take
 * part, a last lane standing for the rest.
 */
import {describe, expect, it} from 'vitest';
import {ProgramBuilder} from '../../source/engine/index.js';
import {laneLines} from '../../source/ui/view/lanes.js';
import {DebuggerModel} from '../../source/ui/model.js';
import type {Scenario} from '../../source/scenario/compile.js';
import {modelOn} from './helpers.js';

/** The column of each lane's axis, read from the chart's first line (its CPU names). */
function axes(header: string): Map<string, number> {
	const columns = new Map<string, number>();
	for (const match of header.split(' (')[0]!.matchAll(/cpu\d+|\+/g)) {
		columns.set(match[0], match.index);
	}

	return columns;
}

const row = (lines: ReturnType<typeof laneLines>, text: string) => {
	const found = lines.find(line => line.text.includes(text));
	expect(found, `a row with ${text}`).toBeDefined();
	return found!.text;
};

describe('the IPI lane view', () => {
	it('draws two initiators shooting down one target: arrows, acks, each initiator on its lane', () => {
		const model = modelOn('two-initiators');
		model.execute('break shootdown_done cpu=1');
		model.execute('continue');
		const lines = laneLines(model.recentEvents(), model.session.events.at(-1)?.step, 100);
		const lane = axes(lines[0]!.text);
		expect([...lane.keys()]).toEqual(['cpu0', 'cpu1', 'cpu2']);
		expect(lines[0]!.accent).toBe('title');

		// cpu0's IPI to cpu2: from cpu0's axis to just before cpu2's.
		const send = row(lines, 'IPI invlpg 0x400000 -> cpu2');
		expect(send[lane.get('cpu0')!]).toBe('●');
		expect(send[lane.get('cpu2')! - 1]).toBe('▶');
		expect(send.slice(lane.get('cpu0')! + 1, lane.get('cpu2')! - 1)).toMatch(/^─+$/);

		// cpu2's ack to cpu1 comes back leftwards, dashed.
		const ack = row(lines, 'ack -> cpu1');
		const acker = lines.filter(line => line.text.includes('ack -> cpu1')).find(line => line.text[lane.get('cpu2')!] === '●');
		expect(acker, 'cpu2 acknowledges cpu1').toBeDefined();
		expect(acker!.text[lane.get('cpu1')! + 1]).toBe('◀');
		expect(ack).toContain('┄');

		// The initiators' own steps, on their lanes.
		for (const cpu of ['cpu0', 'cpu1']) {
			const start = lines.find(line => line.text.includes('smp_targeted_tlb_shootdown') && line.text[lane.get(cpu)!] === '●');
			expect(start, `${cpu} starts a shootdown on its lane`).toBeDefined();
			const read = lines.find(line => line.text.includes('read pm_active P') && line.text[lane.get(cpu)!] === '●');
			expect(read, `${cpu} reads pm_active on its lane`).toBeDefined();
		}

		const done = lines.at(-1)!;
		expect(done.text).toContain('shootdown_done P');
		expect(done.text[lane.get('cpu1')!]).toBe('●');
		expect(done.accent).toBe('current');
		expect(lines.filter(line => line.accent === 'current').every(line => line.text.includes(`${model.session.events.at(-1)!.step} `))).toBe(true);
	});

	it('shows the pm_gen stores of pmap_invalidate_preipi_pcid on the initiator lane, folded', () => {
		// cpu1 last ran P and is in the kernel on another pmap: P's pm_gen for it is zeroed.
		const model = modelOn('row05-remote-user-page-inactive');
		model.execute('continue');
		const lines = laneLines(model.session.eventsIn(0, model.session.at), undefined, 100);
		const zero = row(lines, 'pm_gen=0');
		expect(zero[axes(lines[0]!.text).get('cpu0')!]).toBe('●');
	});

	it('keeps to the CPUs that take part with 256 CPUs, the rest on one lane, within 40 columns', () => {
		const b = new ProgramBuilder(256).pmap('A').map('A', 0x40_0000, 0x1000);
		for (let cpu = 0; cpu < 256; cpu++) {
			b.at(cpu, b.switchTo('A')).at(cpu, ProgramBuilder.user).at(cpu, b.read(0x40_0000));
		}

		b.at(0, b.remove('A', 0x40_0000));
		const scenario: Scenario = {source: {name: 'wide', body: ''}, title: 'wide', cpus: 256, mode: 'pcid', invpcid: true, memory: 'sc', ablate: [], require: undefined, kernel: 'freebsd', requireKernel: undefined, program: b.build(), expectations: [], stepLines: []};
		const model = new DebuggerModel(scenario);
		model.execute('break shootdown_done');
		model.execute('continue');
		const lines = laneLines(model.recentEvents(), undefined, 40);
		const lane = axes(lines[0]!.text);
		expect(lane.has('+')).toBe(true);
		expect(lines[0]!.text).toMatch(/\(\+: \d+ more CPUs\)/);
		expect(lane.size).toBeLessThanOrEqual(4);
		// Rows for the CPUs without a lane say which CPU they are.
		expect(lines.some(line => line.text[lane.get('+')!] === '●' && /cpu\d+: /.test(line.text))).toBe(true);
		// The lanes leave room to read: the description starts within 40 - 14 columns.
		for (const line of lines.slice(1)) {
			expect(line.text.search(/[A-Za-z]/)).toBeLessThanOrEqual(40 - 14);
		}
	});

	it('under Linux draws flush_tlb_mm_range on the initiator lane and gives the skipped lazy CPU a lane', () => {
		const model = modelOn('lazy-tlb');
		model.execute('break should_flush_tlb');
		model.execute('continue');
		const lines = laneLines(model.recentEvents(), model.session.events.at(-1)?.step, 100);
		const lane = axes(lines[0]!.text);
		expect([...lane.keys()]).toEqual(['cpu0', 'cpu1']);
		const gen = row(lines, 'inc_mm_tlb_gen P: tlb_gen 1');
		expect(gen[lane.get('cpu0')!]).toBe('●');
		const skipped = row(lines, 'should_flush_tlb cpu1: skip (lazy)');
		expect(skipped[lane.get('cpu0')!]).toBe('●');
		expect(row(lines, 'is_lazy = true')[lane.get('cpu1')!]).toBe('●');
	});

	it('says so when there is nothing to draw', () => {
		const model = modelOn('row01-local-user-page');
		expect(laneLines(model.recentEvents(), undefined, 80)).toEqual([{text: 'No shootdown or pm_active change in the recent events.', accent: 'dim'}]);
	});
});
