/**
 * The panes, `info`, `print` and `why` under Linux: tlb.c's words (loaded_mm and its
 * ASID, is_lazy, next_asid, ctxs[], user_pcid_flush_mask; per mm its mm_cpumask, ctx_id
 * and tlb_gen; CALL_FUNCTION_VECTOR and call_single_queue), on fixed states, exact.
 */
import {describe, expect, it} from 'vitest';
import {cpuLines, ipiLines, pmapLines} from '../../source/ui/view/panes.js';
import {modelOn} from './helpers.js';

describe('Linux in the panes and the inspection commands', () => {
	it('row 6 under Linux, PTI+PCID, after the IPI was sent', () => {
		const model = modelOn('row06-remote-user-page-active', {kernel: 'linux', mode: 'pti-pcid'});
		model.execute('break ipi_send');
		model.execute('continue');
		const {state} = model.session;
		expect(cpuLines(state, undefined).map(line => line.text)).toEqual([
			'cpu0 kernel loaded_mm P asid 1 cr3 P/kcr3 pcid 0x2 IF',
			'  next_asid 2 ctxs 0:init_mm/0 1:P/0 · user_pcid_flush_mask 0x4 · flush_tlb_mm_range:local',
			'cpu1 user   loaded_mm P asid 1 cr3 P/ucr3 pcid 0x802 IF IPI!',
			'  next_asid 2 ctxs 0:init_mm/0 1:P/0 · user_pcid_flush_mask 0x0 · idle',
		]);
		expect(pmapLines(state, undefined).map(line => line.text)).toEqual([
			'kernel (init_mm\'s page tables, on every CPU)',
			'  0xffff800000400000 ->0x2000  rw',
			'P (kernel+user pgd) mm_cpumask {0,1} ctx_id 2 tlb_gen 1',
			'  0x400000             (none)',
		]);
		expect(ipiLines(state).map(line => line.text)).toEqual(['cpu0 waits: flush_tlb_func P new_tlb_gen 1, 1 csd locked', 'cpu1: CALL_FUNCTION_VECTOR pending', 'cpu1: call_single_queue cpu0']);
		const session = model.session;
		expect(session.config.kernel).toBe('linux');
	});

	it('a lazy CPU: info, print and why speak of is_lazy and tlb_gen; FreeBSD\'s words read as -', () => {
		const model = modelOn('lazy-tlb');
		const text = (command: string) => {
			model.execute(command);
			return model.output.join('\n');
		};

		expect(text('break 33')).toContain('line 33');
		expect(text('continue')).toContain('Breakpoint 1, line 33');
		expect(text('info cpu 1')).toContain('cpu1 kernel loaded_mm P asid 1 is_lazy cr3 P/kcr3 pcid 0x2 IF');
		expect(text('print tlb_gen P')).toBe('tlb_gen P = 1');
		expect(text('print mm_cpumask P')).toBe('mm_cpumask P = {0,1}');
		expect(text('print is_lazy cpu1')).toBe('is_lazy cpu1 = true');
		expect(text('print ctxs cpu1')).toBe('ctxs cpu1 = 0:1/0 1:2/0 2:0/0 3:0/0 4:0/0 5:0/0');
		expect(text('print pm_gen P cpu1')).toBe('pm_gen P cpu1 = -');
		expect(text('why cpu1 P 0x400000')).toContain('cpu1 is lazy');
	});
});
