/**
 * The conformance matrix of freebsd-tlb-spec.md section 5: ten rows x six modes. Each
 * cell asserts the exact protocol actions (initiator I, target T) and the state after.
 */
import {describe, expect, it} from 'vitest';
import {configurations, makeConfig, modeLetter, vpnOf, type MachineState} from '../../source/engine/index.js';
import {buildCase, KERNEL_VA, USER_VA, type CaseName} from '../../source/table/cases.js';
import {caseActions, formatAction} from '../../source/table/actions.js';
import {run, tlbHas} from './helpers.js';

type Letter = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';

const zeroT = 'I:pm_gen_zero pmap=P target=1';
const kzero = ['I:pm_gen_zero pmap=kernel target=0', 'I:pm_gen_zero pmap=kernel target=1'];
const pg = 'invlpg va=0x400000 pcid=0x2';
const kpg = 'invlpg va=0xffff800000400000 pcid=0x0';
const sendPg = 'I:ipi_send to=1 ipi=invlpg';
const sendAll = 'I:ipi_send to=1 ipi=invltlb';
/** Under PTI the IPI interrupts user mode: kernel entry loads kcr3 (PCID_SAVE with PCID). */
const entryPcid = 'T:cr3_load table=kcr3 pcid=0x2 flush=false';
const exitPcid = 'T:cr3_load table=ucr3 pcid=0x802 flush=false';
const ptiInvlpg = (who: string) => [
	`${who}:cr3_load table=ucr3 pcid=0x802 flush=false`,
	`${who}:invlpg va=0x400000 pcid=0x802`,
	`${who}:cr3_load table=kcr3 pcid=0x2 flush=false`,
];

/** Spec 5.2, cell by cell. */
const expected: Record<CaseName, Record<Letter, string[]>> = {
	'local user page': {
		A: [zeroT, `I:${pg}`],
		B: [zeroT, `I:${pg}`],
		C: [zeroT, `I:${pg}`, 'I:invpcid type=addr pcid=0x802 va=0x400000'],
		D: [zeroT, `I:${pg}`, ...ptiInvlpg('I')],
		E: ['I:invlpg va=0x400000 pcid=0x0'],
		F: ['I:invlpg va=0x400000 pcid=0x0'],
	},
	'local kernel page': {
		A: [...kzero, `I:${kpg}`],
		B: [...kzero, `I:${kpg}`],
		C: [...kzero, `I:${kpg}`],
		D: [...kzero, `I:${kpg}`],
		E: [`I:${kpg}`],
		F: [`I:${kpg}`],
	},
	'local user total': {
		A: [zeroT, 'I:invpcid type=ctx pcid=0x2'],
		B: [zeroT, 'I:cr3_load table=kcr3 pcid=0x2 flush=true'],
		C: [zeroT, 'I:invpcid type=ctx pcid=0x2', 'I:ucr3_mask value=~CR3_PCID_SAVE'],
		D: [zeroT, 'I:cr3_load table=kcr3 pcid=0x2 flush=true', 'I:ucr3_mask value=~CR3_PCID_SAVE'],
		E: ['I:cr3_load table=kcr3 pcid=0x0 flush=true'],
		F: ['I:cr3_load table=kcr3 pcid=0x0 flush=true'],
	},
	'local kernel total': {
		A: [...kzero, 'I:invpcid type=ctxglob pcid=0x0'],
		B: [...kzero, 'I:invltlb_glob'],
		C: [...kzero, 'I:invpcid type=ctxglob pcid=0x0'],
		D: [...kzero, 'I:invltlb_glob'],
		E: ['I:invltlb_glob'],
		F: ['I:invltlb_glob'],
	},
	'remote user page, inactive pmap': {A: [zeroT], B: [zeroT], C: [zeroT], D: [zeroT], E: [], F: []},
	'remote user page, active pmap': {
		A: [zeroT, sendPg, `T:${pg}`],
		B: [zeroT, sendPg, `T:${pg}`],
		C: [zeroT, sendPg, entryPcid, `T:${pg}`, 'T:invpcid type=addr pcid=0x802 va=0x400000', exitPcid],
		D: [zeroT, sendPg, entryPcid, `T:${pg}`, ...ptiInvlpg('T'), exitPcid],
		E: [sendPg, 'T:invlpg va=0x400000 pcid=0x0'],
		F: [sendPg, 'T:cr3_load table=kcr3 pcid=0x0 flush=true', 'T:invlpg va=0x400000 pcid=0x0', 'T:cr3_load table=ucr3 pcid=0x0 flush=true'],
	},
	'remote kernel page': {
		A: ['I:pm_gen_zero pmap=kernel target=1', sendPg, `T:${kpg}`],
		B: ['I:pm_gen_zero pmap=kernel target=1', sendPg, `T:${kpg}`],
		C: ['I:pm_gen_zero pmap=kernel target=1', sendPg, `T:${kpg}`],
		D: ['I:pm_gen_zero pmap=kernel target=1', sendPg, `T:${kpg}`],
		E: [sendPg, `T:${kpg}`],
		F: [sendPg, `T:${kpg}`],
	},
	'remote user total, inactive pmap': {A: [zeroT], B: [zeroT], C: [zeroT], D: [zeroT], E: [], F: []},
	'remote user total, active pmap': {
		A: [zeroT, sendAll, 'T:invpcid type=ctx pcid=0x2'],
		B: [zeroT, sendAll, 'T:cr3_load table=kcr3 pcid=0x2 flush=true'],
		C: [
			zeroT,
			sendAll,
			entryPcid,
			'T:invpcid type=ctx pcid=0x2',
			'T:ucr3_mask value=~CR3_PCID_SAVE',
			// The deferred user-table flush happens on the way back to user mode.
			'T:cr3_load table=ucr3 pcid=0x802 flush=true',
			'T:ucr3_mask value=PMAP_UCR3_NOMASK',
		],
		D: [
			zeroT,
			sendAll,
			entryPcid,
			'T:cr3_load table=kcr3 pcid=0x2 flush=true',
			'T:ucr3_mask value=~CR3_PCID_SAVE',
			'T:cr3_load table=ucr3 pcid=0x802 flush=true',
			'T:ucr3_mask value=PMAP_UCR3_NOMASK',
		],
		E: [sendAll, 'T:cr3_load table=kcr3 pcid=0x0 flush=true'],
		F: [
			sendAll,
			'T:cr3_load table=kcr3 pcid=0x0 flush=true',
			'T:cr3_load table=kcr3 pcid=0x0 flush=true',
			'T:cr3_load table=ucr3 pcid=0x0 flush=true',
		],
	},
	'remote kernel total': {
		A: ['I:pm_gen_zero pmap=kernel target=1', sendAll, 'T:invpcid type=ctxglob pcid=0x0'],
		B: ['I:pm_gen_zero pmap=kernel target=1', sendAll, 'T:invltlb_glob'],
		C: ['I:pm_gen_zero pmap=kernel target=1', sendAll, 'T:invpcid type=ctxglob pcid=0x0'],
		D: ['I:pm_gen_zero pmap=kernel target=1', sendAll, 'T:invltlb_glob'],
		E: [sendAll, 'T:invltlb_glob'],
		F: [sendAll, 'T:invltlb_glob'],
	},
};

const P = 2;
const userVpn = vpnOf(USER_VA);
const kernelVpn = vpnOf(KERNEL_VA);

/** The post-state every cell of a row must show. */
function checkState(name: CaseName, letter: Letter, state: MachineState): void {
	const pcid = letter <= 'D';
	const pti = letter === 'C' || letter === 'D' || letter === 'F';
	if (name.includes('kernel')) {
		expect(tlbHas(state, 0, 0, kernelVpn)).toBe(false);
		expect(tlbHas(state, 1, 0, kernelVpn)).toBe(false);
		return;
	}

	// The initiator, running P, holds no translation of the page any more, except a
	// user-table one whose flush is deferred to the next return to user (mask set).
	const leftOnInitiator = state.cpus[0]!.tlb.filter(entry => entry.owner === P && entry.vpn === userVpn);
	for (const entry of leftOnInitiator) {
		expect(entry.table).toBe('upt');
		expect(state.cpus[0]!.ucr3Mask).toBe('nosave');
	}

	expect(leftOnInitiator.length > 0).toBe(name.includes('total') && pcid && pti);
	if (pcid) {
		// Z: every CPU but the initiator (P is current there).
		expect(state.pmaps[P]!.pcids[1]!.gen).toBe(0);
		expect(state.pmaps[P]!.pcids[0]!.gen).toBe(1);
	}

	if (name.includes(', active')) {
		expect(tlbHas(state, 1, P, userVpn)).toBe(false);
		expect(state.pmaps[P]!.active).toBe(3n);
		// The target returned to user mode and no flush is left pending.
		expect(state.cpus[1]!.mode).toBe('user');
		expect(state.cpus[1]!.ucr3Mask).toBe('nomask');
	}

	if (name.includes('inactive')) {
		expect(state.pmaps[P]!.active).toBe(1n);
		// With PCID the entry survives under P's old PCID, unreachable until that PCID is
		// handed out again and first loaded without PCID_SAVE; without PCID the switch
		// away flushed it.
		expect(tlbHas(state, 1, P, userVpn)).toBe(pcid);
	}

	if (name === 'local user total') {
		expect(state.cpus[0]!.ucr3Mask).toBe(pcid && pti ? 'nosave' : 'nomask');
	}
}

describe('conformance matrix (spec 5)', () => {
	for (const name of Object.keys(expected) as CaseName[]) {
		describe(name, () => {
			const testCase = buildCase(name);
			for (const {mode, invpcid} of configurations) {
				const letter = modeLetter(makeConfig(mode, invpcid));
				it(`mode ${letter} (${mode}, invpcid ${invpcid ? 'on' : 'off'})`, () => {
					const actions = caseActions(testCase, mode, invpcid).map(
						action => `${action.on === 'initiator' ? 'I' : 'T'}:${formatAction(action.event)}`,
					);
					expect(actions).toEqual(expected[name][letter]);
					const result = run(testCase.program, mode, invpcid);
					expect(result.end).toBe('finished');
					expect(result.state.staleUses).toBe(0);
					checkState(name, letter, result.state);
				});
			}
		});
	}
});
