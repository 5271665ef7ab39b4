/** pmap_invalidate_range: 4095 pages go page by page, 4096 become pmap_invalidate_all. */
import {describe, expect, it} from 'vitest';
import {ProgramBuilder} from '../../source/engine/index.js';
import {named, run} from './helpers.js';

function rangeOf(pages: number) {
	const b = new ProgramBuilder(2).pmap('P');
	b.at(1, b.switchTo('P')).at(1, ProgramBuilder.user).at(0, b.switchTo('P'));
	b.at(0, b.invalidateRange('P', 0x40_0000, 0x40_0000 + pages * 4096));
	return b.build();
}

describe('PMAP_INVLPG_THRESHOLD', () => {
	it('4095 pages: an invlrng IPI and 4095 INVLPGs on each CPU', () => {
		const {events} = run(rangeOf(4095), 'pcid');
		expect(named(events, 'ipi_send')).toMatchObject([{ipi: 'invlrng', to: 1, va: 0x400}]);
		expect(named(events, 'invlpg', 0)).toHaveLength(4095);
		expect(named(events, 'invlpg', 1)).toHaveLength(4095);
		expect(named(events, 'invlpg', 1).at(-1)).toMatchObject({va: 0x400 + 4094});
	});

	it('4096 pages: pmap_invalidate_all (an invltlb IPI, one INVPCID per CPU)', () => {
		const {events} = run(rangeOf(4096), 'pcid');
		expect(named(events, 'ipi_send')).toMatchObject([{ipi: 'invltlb', to: 1}]);
		expect(named(events, 'invlpg')).toHaveLength(0);
		expect(named(events, 'invpcid').map(event => (event as {type: string}).type)).toEqual(['ctx', 'ctx']);
	});
});
