/**
 * Watch expressions over the machine state (`watch pm_gen P cpu1`, `print pte P
 * 0x400000`): parsed once into a function from state to a printable value.
 */
import {formatAddress, formatSet, maskName, PAGE_SIZE, reachOf, tableName, type MachineState} from '../engine/index.js';
import {findPte} from '../engine/pte-table.js';
import {linuxExpressionHelp, parseLinuxExpression} from './linux-watch.js';
import {parseNumber} from '../report/number.js';
import {entryFlags, pteFlags} from '../report/pte-flags.js';

/** A parsed expression: its text and how to read it. */
export type Expression = {
	readonly text: string;
	readonly read: (state: MachineState) => string;
};

function cpuIndex(word: string | undefined, state: MachineState): number | string {
	const match = /^cpu([0-9]+)$/.exec(word ?? '');
	if (!match) {
		return `expected a CPU (cpu0, cpu1, ...), found "${word ?? 'nothing'}"`;
	}

	const cpu = Number(match[1]);
	return cpu < state.cpus.length ? cpu : `there is no ${word} (this machine has ${state.cpus.length} CPUs)`;
}

function pmapIndex(word: string | undefined, state: MachineState): number | string {
	const index = state.pmaps.findIndex(pmap => pmap.name === word);
	return index >= 0 ? index : `expected a pmap (${state.pmaps.map(pmap => pmap.name).join(', ')}), found "${word ?? 'nothing'}"`;
}

function pageOf(word: string | undefined): number | string {
	const value = parseNumber(word);
	if (value === undefined || value >= 1n << 64n) {
		return `expected an address, found "${word ?? 'nothing'}"`;
	}

	return Number(value / BigInt(PAGE_SIZE));
}

/** The vocabulary of `watch` and `print`. */
export const expressionHelp = [
	'pm_gen PMAP cpuN',
	'pm_pcid PMAP cpuN',
	'pm_active PMAP',
	'pte PMAP VA',
	'tlb cpuN PMAP VA',
	'ucr3_load_mask cpuN',
	'curpmap cpuN',
	'cr3 cpuN',
	'pcid_next cpuN',
	'pcid_gen cpuN',
];

/** Parses WORDS against STATE (for names and CPU count); a string is an error message. */
export function parseExpression(words: readonly string[], state: MachineState): Expression | string {
	const text = words.join(' ');
	const [head, a, b, c] = words;
	switch (head) {
		case 'pm_gen':
		case 'pm_pcid': {
			const pmap = pmapIndex(a, state);
			const cpu = cpuIndex(b, state);
			if (typeof pmap === 'string') {
				return pmap;
			}

			if (typeof cpu === 'string') {
				return cpu;
			}

			return {
				text,
				read(s) {
					// Linux has no pm_pcidp: the word reads as "-" there.
					const record = s.pmaps[pmap]!.pcids[cpu];
					return record === undefined ? '-' : head === 'pm_gen' ? String(record.gen) : '0x' + record.pcid.toString(16);
				},
			};
		}

		case 'pm_active': {
			const pmap = pmapIndex(a, state);
			return typeof pmap === 'string' ? pmap : {text, read: s => formatSet(s.pmaps[pmap]!.active)};
		}

		case 'pte': {
			const pmap = pmapIndex(a, state);
			const vpn = pageOf(b);
			if (typeof pmap === 'string') {
				return pmap;
			}

			if (typeof vpn === 'string') {
				return vpn;
			}

			return {
				text,
				read(s) {
					const pte = findPte(s.pmaps[pmap]!.ptes, vpn);
					return pte?.valid ? `${formatAddress(pte.pfn)} ${pte.perms}${pteFlags(pte)}` : 'none';
				},
			};
		}

		case 'tlb': {
			const cpu = cpuIndex(a, state);
			const pmap = pmapIndex(b, state);
			const vpn = pageOf(c);
			if (typeof cpu === 'string') {
				return cpu;
			}

			if (typeof pmap === 'string') {
				return pmap;
			}

			if (typeof vpn === 'string') {
				return vpn;
			}

			return {
				text,
				read(s) {
					// What the CPU would translate: the entries it can still hit; the others are
					// only mentioned (an orphaned PCID's entry is no translation of the CPU's).
					const state = s.cpus[cpu]!;
					const entries = state.tlb.filter(entry => entry.owner === pmap && entry.vpn === vpn);
					const live = entries.filter(entry => reachOf(s, state, entry).reachable);
					const dead = entries.length - live.length;
					const shown = live.map(entry => `pcid 0x${entry.pcid.toString(16)} -> ${formatAddress(entry.pfn)} ${entry.perms}${entryFlags(entry)}`).join(', ') || 'none';
					return dead === 0 ? shown : `${shown} (and ${dead} unreachable entr${dead === 1 ? 'y' : 'ies'})`;
				},
			};
		}

		case 'ucr3_load_mask':
		case 'curpmap':
		case 'cr3':
		case 'pcid_next':
		case 'pcid_gen': {
			const cpu = cpuIndex(a, state);
			if (typeof cpu === 'string') {
				return cpu;
			}

			return {
				text,
				read(s) {
					const value = s.cpus[cpu]!;
					switch (head) {
						case 'ucr3_load_mask': {
							return maskName(value.ucr3Mask);
						}

						case 'curpmap': {
							return s.pmaps[value.curpmap]!.name;
						}

						case 'cr3': {
							return `${s.pmaps[value.cr3.pmap]!.name}/${tableName(value.cr3.table)} pcid 0x${value.cr3.pcid.toString(16)}`;
						}

						case 'pcid_next': {
							return '0x' + value.pcidNext.toString(16);
						}

						default: {
							return String(value.pcidGen);
						}
					}
				},
			};
		}

		default: {
			return parseLinuxExpression(text, head, () => pmapIndex(a, state), () => cpuIndex(a, state)) ?? `expected one of: ${expressionHelp.join('; ')}; Linux: ${linuxExpressionHelp.join('; ')}`;
		}
	}
}
