/**
 * The machine right after boot (spec 3): pmap_bootstrap, init_secondary, pmap_pinit0
 * and pmap_activate_boot on every CPU, then pmap_pinit for each declared address space
 * and the scenario's initial mappings.
 */
import type {Config} from './config.js';
import {PMAP_PCID_KERN, PMAP_PCID_NONE} from './constants.js';
import {emptySet, fullSet} from './cpuset.js';
import type {Program} from './program.js';
import {KERNEL_PMAP, none, VMSPACE0_PMAP, type CpuState, type MachineState, type PmapState} from './state.js';
import {loadBlock} from './blocks.js';
import {createLinuxMachine} from './linux/boot.js';
import {withBootMaps} from './boot-maps.js';

/** Builds the initial state for PROGRAM under CONFIG (FreeBSD's, or Linux's: linux/boot.ts); block 0 is loaded. */
export function createMachine(config: Config, program: Program): MachineState {
	return config.kernel === 'linux' ? createLinuxMachine(config, program) : createFreeBsdMachine(config, program);
}

/** The machine right after FreeBSD boots. */
function createFreeBsdMachine(config: Config, program: Program): MachineState {
	const n = program.cpus;
	const all = fullSet(n);
	const records = (pcid: number, gen: number) => Array.from({length: n}, () => ({pcid, gen}));
	const kernel: PmapState = {
		id: KERNEL_PMAP,
		name: 'kernel',
		hasUpt: false,
		// pmap_bootstrap: CPU_FILL(&kernel_pmap->pm_active); immutable afterwards.
		active: all,
		// Each CPU's pc_kpmap_store = {PMAP_PCID_KERN, 1}.
		pcids: records(PMAP_PCID_KERN, 1),
		ptes: [],
		// Linux's mm->context: none under FreeBSD (present, so that every pmap has one shape).
		mm: undefined,
	};
	const vmspace0: PmapState = {
		id: VMSPACE0_PMAP,
		name: 'vmspace0',
		hasUpt: false,
		// pmap_activate_boot on the BSP and every AP.
		active: all,
		// pmap_pinit0: pmap_pinit_pcids(pmap, PMAP_PCID_KERN + 1, 1).
		pcids: records(PMAP_PCID_KERN + 1, 1),
		ptes: [],
		mm: undefined,
	};
	const users: PmapState[] = program.pmaps.map((declared, index) => ({
		id: index + 2,
		name: declared.name,
		// pmap_pinit_type: a UPT only under PTI and for a process with P_MD_KPTI.
		hasUpt: config.pti && declared.kpti,
		active: emptySet,
		// pmap_pinit_pcids(pmap, PMAP_PCID_NONE, 0): the first activation anywhere
		// allocates a PCID and flushes it.
		pcids: records(PMAP_PCID_NONE, 0),
		ptes: [],
		mm: undefined,
	}));
	const {pmaps, seq} = withBootMaps([kernel, vmspace0, ...users], program, config);

	const cpus: CpuState[] = Array.from({length: n}, (_, id) => ({
		id,
		mode: 'kernel',
		curpmap: VMSPACE0_PMAP,
		// pmap_bootstrap: load_cr3(KPML4phys) before CR4.PCIDE is set, so PCID 0.
		cr3: {pmap: VMSPACE0_PMAP, table: 'kpt', pcid: 0, save: false},
		// pmap_activate_boot: kcr3 = pm_cr3 (| pcid | SAVE with PCID) under PTI.
		kcr3: config.pti ? {pmap: VMSPACE0_PMAP, table: 'kpt', pcid: config.pcid ? 1 : 0, save: config.pcid} : undefined,
		ucr3: undefined,
		ucr3Mask: 'nomask',
		// init_secondary / pmap_bootstrap: PCID 1 is proc0's.
		pcidNext: PMAP_PCID_KERN + 2,
		pcidGen: 1,
		irqOff: 0,
		ipiPending: false,
		ipiLine: 0,
		stack: [],
		tlb: [],
		tlbGen: 1,
		request: undefined,
		pendingFrom: [],
		// invl_scoreboard_init: every slot starts at 1.
		ackedGen: Array.from({length: n}, () => 1),
		unacked: 0,
		sb: none,
		regs: none,
		lx: undefined,
	}));
	const state: MachineState = {
		config,
		cpus,
		pmaps,
		program,
		block: 0,
		seq,
		step: 0,
		busy: [],
		lastCpu: -1,
		staleUses: 0,
	};
	return loadBlock(state, 0);
}
