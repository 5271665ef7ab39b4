/** Spec section 7: the mode C walkthrough of a context switch and an invalidation. */
import {describe, expect, it} from 'vitest';
import {ProgramBuilder, vpnOf} from '../../source/engine/index.js';
import {formatAction} from '../../source/table/actions.js';
import {named, run, tlbHas} from './helpers.js';

const VA = 0x40_0000;
const {user, kernel} = ProgramBuilder;

function walkthrough(): {b: ProgramBuilder; invalidationLine: number} {
	const b = new ProgramBuilder(2).pmap('P', 'Q').map('P', VA, 0x1000).map('Q', VA, 0x3000);
	b.at(1, b.switchTo('Q'));
	// 1. CPU0 switches to P, returns to user, touches va.
	b.at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA));
	// 2. Kernel entry; copyin touches va through the kernel table.
	b.at(0, kernel).at(0, b.read(VA));
	// 3. CPU1 (running Q) changes P's PTE and invalidates the page.
	b.at(1, b.pte('P', VA, 0x2000));
	const invalidationLine = b.nextLine;
	b.at(1, b.invalidatePage('P', VA));
	// 5. CPU0 switches to Q, then back to P.
	b.at(0, b.switchTo('Q')).at(0, b.switchTo('P')).at(0, user).at(0, b.read(VA));
	return {b, invalidationLine};
}

describe('worked example (spec 7, mode C)', () => {
	const {b, invalidationLine} = walkthrough();
	const result = run(b.build(), 'pti-pcid', true);
	const lines = (cpu: number, line: number) =>
		result.events.filter(event => event.cpu === cpu && event.line === line).map(event => formatAction(event));

	it('step 1: PCID 2, a flushing KPT load, the mask, a flushing UPT load, a UPT fill', () => {
		const switchEvents = lines(0, 2);
		expect(switchEvents).toContain('pcid_alloc');
		expect(switchEvents).toContain('cr3_load table=kcr3 pcid=0x2 flush=true');
		expect(switchEvents).toContain('ucr3_mask value=~CR3_PCID_SAVE');
		expect(lines(0, 3)).toEqual(['cr3_load table=ucr3 pcid=0x802 flush=true', 'ucr3_mask value=PMAP_UCR3_NOMASK', 'mode_switch']);
		expect(lines(0, 4)).toEqual(['tlb_miss', 'tlb_fill']);
		const fill = named(result.events, 'tlb_fill', 0)[0]!;
		expect(fill).toMatchObject({pcid: 0x802, pa: 1});
	});

	it('step 2: kernel entry keeps the TLB (PCID_SAVE); copyin fills under the KPT PCID', () => {
		expect(lines(0, 5)).toEqual(['mode_switch', 'cr3_load table=kcr3 pcid=0x2 flush=false']);
		expect(named(result.events, 'tlb_fill', 0)[1]).toMatchObject({pcid: 2});
	});

	it('step 3: CPU1 zeroes both CPUs\' pm_gen (P is not current there), then IPIs CPU0 only', () => {
		expect(lines(1, invalidationLine)).toEqual([
			'pm_gen_zero pmap=P target=0',
			'pm_gen_zero pmap=P target=1',
			'pm_active_read',
			'shootdown_start',
			'ipi_send to=0 ipi=invlpg',
			'shootdown_done',
		]);
	});

	it('step 4: CPU0 acknowledges, then INVLPG on PCID 2 and INVPCID_ADDR on 0x802', () => {
		expect(lines(0, invalidationLine)).toEqual([
			'ipi_handle',
			'ipi_ack',
			'invlpg va=0x400000 pcid=0x2',
			'invpcid type=addr pcid=0x802 va=0x400000',
			'handler_exit',
		]);
		const ack = named(result.events, 'ipi_ack', 0)[0]!;
		const done = named(result.events, 'shootdown_done', 1)[0]!;
		const work = named(result.events, 'invpcid', 0)[0]!;
		// The acknowledgement comes before the work (invlop_handler), and the initiator may
		// return before the target has finished.
		expect(ack.step).toBeLessThan(work.step);
		expect(done.step).toBeLessThan(work.step);
	});

	it('step 5: back on P, a new PCID 4 and flushes; no violation', () => {
		const allocs = named(result.events, 'pcid_alloc', 0).map(event => (event as {pcid: number}).pcid);
		expect(allocs).toEqual([2, 3, 4]);
		expect(result.state.cpus[0]!.tlb.filter(entry => entry.vpn === vpnOf(VA) && entry.pfn === 1)).toEqual([]);
		expect(tlbHas(result.state, 0, 2, vpnOf(VA))).toBe(true);
		expect(named(result.events, 'tlb_fill', 0).at(-1)).toMatchObject({pa: 2, pcid: 0x804});
		expect(result.state.staleUses).toBe(0);
	});
});
