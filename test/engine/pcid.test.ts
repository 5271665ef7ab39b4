/** pmap_pcid_alloc boundaries (spec 4.2, 9.5): wrap at 0x1000 / 0x800, generation never 0. */
import {describe, expect, it} from 'vitest';
import {
	createMachine,
	defaultScheduler,
	makeConfig,
	ProgramBuilder,
	runToEnd,
	vpnOf,
	type EngineEvent,
	type MachineState,
	type Mode,
} from '../../source/engine/index.js';

const VA = 0x40_0000;

/** Runs PROGRAM with CPU 0's allocator preset to (next, gen). */
function runFrom(mode: Mode, b: ProgramBuilder, pcidNext: number, pcidGen: number) {
	const initial = createMachine(makeConfig(mode), b.build());
	const cpus = initial.cpus.slice();
	cpus[0] = {...cpus[0]!, pcidNext, pcidGen};
	const events: EngineEvent[] = [];
	const result = runToEnd({...initial, cpus} as MachineState, defaultScheduler, (_s, stepEvents) => {
		events.push(...stepEvents);
	});
	return {state: result.state, events};
}

function allocs(events: readonly EngineEvent[]): Array<{pcid: number; gen: number} | {rollover: number}> {
	return events.flatMap((event): Array<{pcid: number; gen: number} | {rollover: number}> =>
		event.event === 'pcid_alloc' ? [{pcid: event.pcid, gen: event.pcid_gen}] : event.event === 'pcid_rollover' ? [{rollover: event.pcid_gen}] : [],
	);
}

describe('PCID allocation', () => {
	for (const [mode, limit] of [
		['pcid', 0x1000],
		['pti-pcid', 0x800],
	] as const) {
		it(`${mode}: the last PCID is ${(limit - 1).toString(16)}, then the generation bumps and PCIDs restart at 1`, () => {
			const b = new ProgramBuilder(1).pmap('X', 'Y');
			b.at(0, b.switchTo('X')).at(0, b.switchTo('Y'));
			const {events, state} = runFrom(mode, b, limit - 1, 7);
			expect(allocs(events)).toEqual([{pcid: limit - 1, gen: 7}, {rollover: 8}, {pcid: 1, gen: 8}]);
			expect(state.cpus[0]!.pcidNext).toBe(2);
			expect(state.cpus[0]!.pcidGen).toBe(8);
			// The first load of a reassigned PCID never carries PCID_SAVE.
			const loads = events.filter(event => event.event === 'cr3_load' && event.table === 'kcr3');
			expect(loads.at(-1)).toMatchObject({pcid: 1, flush: true});
		});
	}

	it('the generation skips 0 when it wraps (0 means "invalid" to pmap_invalidate_preipi)', () => {
		const b = new ProgramBuilder(1).pmap('X');
		b.at(0, b.switchTo('X'));
		const {events, state} = runFrom('pcid', b, 0x1000, 0xff_ff_ff_ff);
		expect(allocs(events)).toEqual([{rollover: 1}, {pcid: 1, gen: 1}]);
		expect(state.cpus[0]!.pcidGen).toBe(1);
	});

	it('after a wrap, a pmap of the old generation gets a new PCID and never hits its old entries', () => {
		const b = new ProgramBuilder(1).pmap('X', 'Y').map('X', VA, 0x1000).map('Y', VA, 0x2000);
		// X gets PCID 0xfff in generation 1 and caches va; Y's allocation wraps to PCID 1
		// in generation 2; X's record is of generation 1, so X is re-allocated (PCID 2,
		// flushed) and its read walks the page table instead of hitting the 0xfff entry.
		b.at(0, b.switchTo('X')).at(0, ProgramBuilder.user).at(0, b.read(VA)).at(0, ProgramBuilder.kernel);
		b.at(0, b.switchTo('Y')).at(0, ProgramBuilder.user).at(0, b.read(VA)).at(0, ProgramBuilder.kernel);
		b.at(0, b.switchTo('X')).at(0, ProgramBuilder.user).at(0, b.read(VA));
		const {events, state} = runFrom('pcid', b, 0xfff, 1);
		const fills = events.filter(event => event.event === 'tlb_fill');
		expect(fills.map(event => (event as {pa: number}).pa)).toEqual([1, 2, 1]);
		expect(state.staleUses).toBe(0);
		expect(events.filter(event => event.event === 'tlb_hit')).toEqual([]);
		expect(state.cpus[0]!.tlb.filter(entry => entry.vpn === vpnOf(VA)).map(entry => entry.pcid)).toEqual([0xfff, 1, 2]);
	});

	it('a fresh pmap gets {PMAP_PCID_NONE, 0} on every CPU and vmspace0 {1, 1}', () => {
		const state = createMachine(makeConfig('pcid'), new ProgramBuilder(3).pmap('X').build());
		expect(state.pmaps[2]!.pcids).toEqual([
			{pcid: 0xff_ff_ff_ff, gen: 0},
			{pcid: 0xff_ff_ff_ff, gen: 0},
			{pcid: 0xff_ff_ff_ff, gen: 0},
		]);
		expect(state.pmaps[1]!.pcids[2]).toEqual({pcid: 1, gen: 1});
		expect(state.pmaps[0]!.pcids[2]).toEqual({pcid: 0, gen: 1});
		expect(state.cpus.map(cpu => [cpu.pcidNext, cpu.pcidGen])).toEqual([
			[2, 1],
			[2, 1],
			[2, 1],
		]);
	});
});
