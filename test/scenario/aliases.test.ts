/**
 * The first contract's field names and values, replaced by the kernel's own words
 * (pcid_gen, smp_tlb_gen, kcr3/ucr3, PMAP_UCR3_NOMASK/~CR3_PCID_SAVE), still work in old
 * scenarios' filters and in breakpoints, and count the same events as the new names.
 */
import {describe, expect, it} from 'vitest';
import {Interpreter} from '../../source/commands/table.js';
import {runScenario} from '../../source/run/run-scenario.js';
import {loadText} from '../../source/scenario/load.js';
import {Session} from '../../source/session/session.js';

const body = (filters: {gen: string; kpt: string; upt: string; nosave: string; save: string; sgen: string}) => `title "aliases"
cpus 2
mode pti-pcid
pmap P
map P 0x400000 -> 0x1000 rw
cpu1: switch P
cpu1: user
cpu1: read 0x400000
cpu0: switch P
cpu0: remove P 0x400000
expect count pcid_alloc ${filters.gen}=1 == 2
expect count cr3_load table=${filters.kpt} flush=true >= 2
expect count cr3_load table=${filters.upt} >= 1
expect count ucr3_mask value=${filters.nosave} >= 1
expect count ucr3_mask value=${filters.save} >= 1
expect count shootdown_start ${filters.sgen}=2 == 1
`;

describe('old field names and values', () => {
	const old = {gen: 'gen', kpt: 'kpt', upt: 'upt', nosave: 'nosave', save: 'save', sgen: 'gen'};
	const current = {gen: 'pcid_gen', kpt: 'kcr3', upt: 'ucr3', nosave: '~CR3_PCID_SAVE', save: 'PMAP_UCR3_NOMASK', sgen: 'smp_tlb_gen'};
	it('count the same events in expectations as the kernel\'s names', () => {
		for (const names of [old, current]) {
			const loaded = loadText('aliases.scn', body(names));
			expect(loaded.diagnostics).toEqual([]);
			const result = runScenario(loaded.scenario!);
			expect(result.verdicts.map(verdict => [verdict.text, verdict.ok, verdict.detail])).toEqual(result.verdicts.map(verdict => [verdict.text, true, verdict.detail]));
			expect(result.verdicts).toHaveLength(6);
		}
	});

	it('work in breakpoints', () => {
		const loaded = loadText('aliases.scn', body(current));
		const interpreter = new Interpreter(new Session(loaded.scenario!));
		expect(interpreter.execute('break cr3_load table=upt').error).toBeUndefined();
		expect(interpreter.execute('continue').output.join('\n')).toMatch(/Breakpoint 1, cr3_load cpu1 pmap=P pcid=0x802 table=ucr3/);
		expect(interpreter.execute('break ucr3_mask value=nosave').error).toBeUndefined();
		expect(interpreter.execute('break pcid_alloc gen=1').error).toBeUndefined();
	});
});
