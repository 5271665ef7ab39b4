/**
 * `pmapdbg table --kernel linux`: the seed comment's ten cases run under Linux v6.14
 * (tlb.c) in the six configurations (PCID on/off x PTI on/off, INVPCID on/off), every
 * cell pinned. What the cells show about the design: a lazy CPU is skipped for a page
 * flush (should_flush_tlb) but interrupted for a full one (flush_tlb_mm passes
 * freed_tables, and flush_tlb_func sends it to init_mm); without INVPCID under PTI the
 * user PCID is flushed at the next return to user (invalidate_user_asid); a kernel
 * flush goes to every CPU and, under PTI, sets invalidate_other.
 */
import {describe, expect, it} from 'vitest';
import {configurations, makeConfig, modeLetter} from '../../source/engine/index.js';
import {record} from '../../source/report/records.js';
import {caseActions} from '../../source/table/actions.js';
import {allCases} from '../../source/table/cases.js';
import {rowText, tableRows, tableText} from '../../source/table/render.js';
import {schemaErrors} from '../schema/validator.js';

/** The ten cells of each configuration, in the seed's row order. */
const expected: Readonly<Record<string, readonly string[]>> = {
	A: [
		'inc_mm_tlb_gen + INVLPG',
		'INVLPG',
		'inc_mm_tlb_gen + reload %cr3',
		'INVPCID(CTXGLOB)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(INVLPG)',
		'IPI:(INVLPG)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3 (NOFLUSH))',
		'IPI:(reload %cr3)',
		'IPI:(INVPCID(CTXGLOB))',
	],
	B: [
		'inc_mm_tlb_gen + INVLPG',
		'INVLPG',
		'inc_mm_tlb_gen + reload %cr3',
		'toggle CR4.PGE (__native_tlb_flush_global)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(INVLPG)',
		'IPI:(INVLPG)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3 (NOFLUSH))',
		'IPI:(reload %cr3)',
		'IPI:(toggle CR4.PGE (__native_tlb_flush_global))',
	],
	C: [
		'inc_mm_tlb_gen + INVLPG + INVPCID(ADDR) for the user PCID',
		'INVLPG + INVPCID(ADDR) for the user PCID + invalidate_other',
		'inc_mm_tlb_gen + invalidate_user_asid + reload %cr3',
		'INVPCID(CTXGLOB)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(INVLPG, INVPCID(ADDR) for the user PCID)',
		'IPI:(INVLPG, INVPCID(ADDR) for the user PCID, invalidate_other)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3 (NOFLUSH))',
		'IPI:(invalidate_user_asid, reload %cr3, return to user flushes the user PCID (user_pcid_flush_mask))',
		'IPI:(INVPCID(CTXGLOB))',
	],
	D: [
		'inc_mm_tlb_gen + INVLPG + invalidate_user_asid',
		'INVLPG + invalidate_user_asid + invalidate_other',
		'inc_mm_tlb_gen + invalidate_user_asid + reload %cr3',
		'toggle CR4.PGE (__native_tlb_flush_global)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(INVLPG, invalidate_user_asid, return to user flushes the user PCID (user_pcid_flush_mask))',
		'IPI:(INVLPG, invalidate_user_asid, invalidate_other)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3 (NOFLUSH))',
		'IPI:(invalidate_user_asid, reload %cr3, return to user flushes the user PCID (user_pcid_flush_mask))',
		'IPI:(toggle CR4.PGE (__native_tlb_flush_global))',
	],
	E: [
		'inc_mm_tlb_gen + INVLPG',
		'INVLPG',
		'inc_mm_tlb_gen + reload %cr3',
		'toggle CR4.PGE (__native_tlb_flush_global)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(INVLPG)',
		'IPI:(INVLPG)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3)',
		'IPI:(reload %cr3)',
		'IPI:(toggle CR4.PGE (__native_tlb_flush_global))',
	],
	F: [
		'inc_mm_tlb_gen + INVLPG',
		'INVLPG + invalidate_other',
		'inc_mm_tlb_gen + reload %cr3',
		'toggle CR4.PGE (__native_tlb_flush_global)',
		'should_flush_tlb: skip (lazy)',
		'IPI:(kernel entry reloads %cr3, INVLPG, return to user reloads %cr3)',
		'IPI:(INVLPG, invalidate_other)',
		'IPI:(flush_tlb_func: lazy, switch_mm_irqs_off(init_mm), load init_mm\'s %cr3)',
		'IPI:(kernel entry reloads %cr3, reload %cr3, return to user reloads %cr3)',
		'IPI:(toggle CR4.PGE (__native_tlb_flush_global))',
	],
};

describe('the Linux table (table --kernel linux)', () => {
	it('derives every cell of the ten cases in the six configurations', () => {
		const cases = allCases();
		for (const {mode, invpcid} of configurations) {
			const letter = modeLetter(makeConfig(mode, invpcid));
			const cells = cases.map(testCase => rowText(caseActions(testCase, mode, invpcid, 'linux'), 'linux'));
			expect({letter, cells}).toEqual({letter, cells: expected[letter]});
		}
	});

	it('prints the seed layout, one section per configuration, and leaves FreeBSD\'s table as it was', () => {
		const text = tableText('linux');
		expect(text.split('\n').filter(line => line.startsWith('mode '))).toHaveLength(6);
		expect(text).toContain(`mode C (Linux v6.14): PTI enabled, PCID present, INVPCID present.\n * local user page: ${expected['C']![0]!}`);
		expect(tableText()).not.toContain('Linux');
		expect(tableText()).toContain('zero pm_gen');
	});

	it('gives JSON rows that name the kernel and validate', () => {
		const rows = tableRows('linux');
		expect(rows).toHaveLength(60);
		expect(rows.every(row => row.kernel === 'linux')).toBe(true);
		expect(rows.flatMap(row => schemaErrors(record('table-row', row)))).toEqual([]);
		expect(rows[4]!.actions.map(action => action['event'])).toEqual(['should_flush_tlb']);
		expect(tableRows()[0]).not.toHaveProperty('kernel');
	});
});
