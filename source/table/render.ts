/**
 * `pmapdbg table`: the seed comment's per-mode table, derived by running the engine on
 * the ten cases in each of the six configurations and naming what it did in the seed's
 * vocabulary (INVLPG, INVPCID(CTX), zero pm_gen, IPI:..., reload %cr3, ...).
 */
import {configurations, makeConfig, modeLetter, type Kernel} from '../engine/index.js';
import {jsonFields} from '../report/fields.js';
import {caseActions, type CaseAction} from './actions.js';
import {allCases, type CaseName} from './cases.js';
import {linuxPhrases} from './linux-phrases.js';

/** How the seed titles each configuration. */
function configTitle(mode: string, invpcid: boolean, kernel: Kernel): string {
	const letter = modeLetter(makeConfig(mode as never, invpcid));
	const titles: Record<string, string> = {
		A: 'PTI disabled, PCID present, INVPCID present',
		B: 'PTI disabled, PCID present, no INVPCID',
		C: 'PTI enabled, PCID present, INVPCID present',
		D: 'PTI enabled, PCID present, no INVPCID',
		E: 'No PCID (PTI disabled)',
		F: 'No PCID (PTI enabled)',
	};
	return `mode ${letter}${kernel === 'linux' ? ' (Linux v6.14)' : ''}: ${titles[letter]!}.`;
}

/**
 * The phrases for one role's actions. The PTI helper's three steps become one
 * phrase, and the target's kernel entry and the return to user are named only when
 * they flush something.
 */
function phrases(actions: readonly CaseAction[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < actions.length; i++) {
		const {event, boundary} = actions[i]!;
		const next = actions[i + 1]?.event;
		const afterNext = actions[i + 2]?.event;
		switch (event.event) {
			case 'pm_gen_zero': {
				out.push(event.pmap === 'kernel' ? 'zero kernel pm_gen (no-op)' : 'zero pm_gen');
				break;
			}

			case 'ipi_send': {
				break;
			}

			case 'invlpg': {
				out.push(event.pcid >= 0x800 ? 'INVLPG for upt' : 'INVLPG');
				break;
			}

			case 'invpcid': {
				out.push(`INVPCID(${event.type.toUpperCase()})${event.type === 'addr' ? ' for upt' : ''}`);
				break;
			}

			case 'invltlb_glob': {
				out.push('invltlb_glob()');
				break;
			}

			case 'cr3_load': {
				// pmap_pti_pcid_invlpg: %cr3 := ucr3 (SAVE), INVLPG, %cr3 := kcr3 (SAVE).
				if (event.table === 'ucr3' && !event.flush && next?.event === 'invlpg' && afterNext?.event === 'cr3_load') {
					out.push('pti_invlpg (INVLPG for ucr3)');
					i += 2;
					break;
				}

				if (boundary === 'entry') {
					// Kernel entry from user mode under PTI: a flush only without PCID.
					if (event.flush) {
						out.push('kernel entry reloads %cr3');
					}

					break;
				}

				if (boundary === 'exit') {
					if (event.flush) {
						out.push('return to user loads UCR3 without PCID_SAVE');
					}

					break;
				}

				out.push('reload %cr3');
				break;
			}

			case 'ucr3_mask': {
				if (event.value === '~CR3_PCID_SAVE') {
					out.push('clear PCID_SAVE on loading UCR3 (ucr3_load_mask)');
				}

				break;
			}

			default: {
				break;
			}
		}
	}

	// The zeroing loop stores one pm_gen per CPU: say it once.
	return out.filter((phrase, index) => phrase !== out[index - 1]);
}

/** One row's derived actions in the seed's words. */
export function rowText(actions: readonly CaseAction[], kernel: Kernel = 'freebsd'): string {
	const words = kernel === 'linux' ? linuxPhrases : phrases;
	const initiator = words(actions.filter(action => action.on === 'initiator'));
	const sent = actions.some(action => action.event.event === 'ipi_send');
	const target = words(actions.filter(action => action.on === 'target'));
	const parts = [...initiator];
	if (sent) {
		parts.push(`IPI:(${target.join(', ') || 'nothing'})`);
	}

	return parts.length === 0 ? '-' : parts.join(' + ');
}

/** The derived table, one section per configuration, in the seed's layout. */
export function tableText(kernel: Kernel = 'freebsd'): string {
	const cases = allCases();
	const lines: string[] = [];
	for (const {mode, invpcid} of configurations) {
		lines.push(configTitle(mode, invpcid, kernel));
		for (const testCase of cases) {
			lines.push(` * ${testCase.name}: ${rowText(caseActions(testCase, mode, invpcid, kernel), kernel)}`);
		}

		lines.push('');
	}

	return lines.join('\n');
}

/** A row of `table --json` (cli.md). */
export type TableRow = {
	readonly mode: string;
	readonly invpcid: boolean;
	readonly case: CaseName;
	readonly actions: ReadonlyArray<Record<string, unknown>>;
	/** Present for Linux only: FreeBSD's rows stay as they were. */
	readonly kernel?: Kernel;
};

/** The derived table as rows. */
export function tableRows(kernel: Kernel = 'freebsd'): TableRow[] {
	const rows: TableRow[] = [];
	for (const {mode, invpcid} of configurations) {
		for (const testCase of allCases()) {
			const actions = caseActions(testCase, mode, invpcid, kernel).map(({on, event, boundary}) => ({
				on,
				...(boundary ? {boundary} : {}),
				event: event.event,
				cpu: event.cpu,
				...jsonFields(event),
			}));
			rows.push({mode, invpcid, case: testCase.name, actions, ...(kernel === 'linux' ? {kernel} : {})});
		}
	}

	return rows;
}
