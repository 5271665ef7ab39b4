/**
 * The Linux table's words: one role's actions (table/actions.ts) as tlb.c would name
 * them. flush_tlb_func's own decision is named only when it is the whole story (already
 * up to date, a stale mm_cpumask bit, a lazy CPU leaving for init_mm); the TLB
 * instructions it issues follow as their own phrases.
 */
import type {CaseAction} from './actions.js';

/** The phrases of ACTIONS, in order, a repeated phrase said once. */
export function linuxPhrases(actions: readonly CaseAction[]): string[] {
	const out: string[] = [];
	for (const {event, boundary} of actions) {
		switch (event.event) {
			case 'tlb_gen_inc': {
				out.push('inc_mm_tlb_gen');
				break;
			}

			case 'should_flush_tlb': {
				// A true answer shows as the IPI; a false one is the design's point.
				if (!event.result) {
					out.push(`should_flush_tlb: skip (${event.reason})`);
				}

				break;
			}

			case 'flush_tlb_func': {
				if (event.flush === 'lazy') {
					out.push('flush_tlb_func: lazy, switch_mm_irqs_off(init_mm)');
				} else if (event.flush !== 'partial' && event.flush !== 'full') {
					out.push(`flush_tlb_func: ${event.flush}`);
				}

				break;
			}

			case 'invlpg': {
				out.push('INVLPG');
				break;
			}

			case 'invpcid': {
				out.push(`INVPCID(${event.type.toUpperCase()})${event.type === 'addr' && event.pcid >= 0x800 ? ' for the user PCID' : ''}`);
				break;
			}

			case 'invltlb_glob': {
				out.push('toggle CR4.PGE (__native_tlb_flush_global)');
				break;
			}

			case 'invalidate_user_asid': {
				out.push('invalidate_user_asid');
				break;
			}

			case 'invalidate_other': {
				out.push('invalidate_other');
				break;
			}

			case 'cr3_load': {
				if (boundary === 'entry') {
					if (event.flush) {
						out.push('kernel entry reloads %cr3');
					}

					break;
				}

				if (boundary === 'exit') {
					if (event.flush) {
						out.push(event.pcid >= 0x800 ? 'return to user flushes the user PCID (user_pcid_flush_mask)' : 'return to user reloads %cr3');
					}

					break;
				}

				out.push(event.pmap === 'init_mm' ? `load init_mm's %cr3${event.flush ? '' : ' (NOFLUSH)'}` : 'reload %cr3');
				break;
			}

			default: {
				break;
			}
		}
	}

	return out.filter((phrase, index) => phrase !== out[index - 1]);
}
