/**
 * The machine right after Linux boots (v6.14): every CPU runs its idle task on init_mm
 * after initialize_tlbstate_and_flush() (arch/x86/mm/tlb.c), and each declared address
 * space is an mm from init_new_context() (arch/x86/include/asm/mmu_context.h) with the
 * scenario's initial mappings.
 */
import {loadBlock} from '../blocks.js';
import type {Config} from '../config.js';
import {emptySet} from '../cpuset.js';
import type {Program} from '../program.js';
import {withBootMaps} from '../boot-maps.js';
import {KERNEL_PMAP, none, VMSPACE0_PMAP, type CpuState, type MachineState, type PmapState} from '../state.js';
import {INIT_MM_CTX_ID, kernPcid, TLB_NR_DYN_ASIDS, type LinuxCpu, type TlbContext} from './state.js';

/** The name events give init_mm, the mm of idle and of kernel threads after leave_mm (pmap 1). */
export const INIT_MM_NAME = 'init_mm';

/** Builds the initial state of PROGRAM under CONFIG with Linux's TLB code; block 0 is loaded. */
export function createLinuxMachine(config: Config, program: Program): MachineState {
	const n = program.cpus;
	const kernel: PmapState = {id: KERNEL_PMAP, name: 'kernel', hasUpt: false, active: emptySet, pcids: [], ptes: [], mm: undefined};
	// init_mm: INIT_MM_CONTEXT gives it ctx_id 1 and tlb_gen 0. switch_mm_irqs_off never
	// sets a bit of its mm_cpumask (`next != &init_mm`), so it stays empty here.
	const initMm: PmapState = {id: VMSPACE0_PMAP, name: INIT_MM_NAME, hasUpt: false, active: emptySet, pcids: [], ptes: [], mm: {ctxId: INIT_MM_CTX_ID, tlbGen: 0}};
	const users: PmapState[] = program.pmaps.map((declared, index) => ({
		id: index + 2,
		name: declared.name,
		// Under PTI every mm has the user half of its 8 KiB PGD (there is no per-process
		// opt-out in Linux: `kpti PMAP off` is FreeBSD's P_MD_KPTI).
		hasUpt: config.pti,
		active: emptySet,
		pcids: [],
		ptes: [],
		// init_new_context: ctx_id = atomic64_inc_return(&last_mm_ctx_id), which starts
		// at 1; tlb_gen = 0.
		mm: {ctxId: INIT_MM_CTX_ID + 1 + index, tlbGen: 0},
	}));
	const {pmaps, seq} = withBootMaps([kernel, initMm, ...users], program, config);

	// initialize_tlbstate_and_flush: ASID 0 holds init_mm, the others are free (ctx_id 0).
	const ctxs: TlbContext[] = Array.from({length: TLB_NR_DYN_ASIDS}, (_, asid) => (asid === 0 ? {ctxId: INIT_MM_CTX_ID, tlbGen: 0} : {ctxId: 0, tlbGen: 0}));
	const lx: LinuxCpu = {
		loadedMm: VMSPACE0_PMAP,
		loadedMmAsid: 0,
		nextAsid: 1,
		ctxs,
		isLazy: false,
		invalidateOther: false,
		userPcidFlushMask: 0,
		queue: [],
		info: undefined,
		locked: 0,
	};
	const cpus: CpuState[] = Array.from({length: n}, (_, id) => ({
		id,
		mode: 'kernel',
		// Linux has no curpmap; the FreeBSD fields keep their boot values and no Linux
		// code reads them.
		curpmap: VMSPACE0_PMAP,
		// write_cr3(build_cr3(init_mm.pgd, 0, 0)): kern_pcid(0) = 1 with PCID.
		cr3: {pmap: VMSPACE0_PMAP, table: 'kpt', pcid: config.pcid ? kernPcid(0) : 0, save: false},
		kcr3: undefined,
		ucr3: undefined,
		ucr3Mask: 'nomask',
		pcidNext: 0,
		pcidGen: 0,
		irqOff: 0,
		ipiPending: false,
		ipiLine: 0,
		stack: [],
		tlb: [],
		tlbGen: 0,
		request: undefined,
		pendingFrom: [],
		ackedGen: [],
		unacked: 0,
		// Store buffers and litmus registers: empty (the Linux module's memory is sequentially consistent).
		sb: none,
		regs: none,
		lx,
	}));
	const state: MachineState = {config, cpus, pmaps, program, block: 0, seq, step: 0, busy: [], lastCpu: -1, staleUses: 0};
	return loadBlock(state, 0);
}
