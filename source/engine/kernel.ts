/**
 * Kernels as modules over one hardware model: each kernel boots the machine, turns a
 * scenario step into its frames, enters the kernel from user mode, takes an IPI and
 * says what its handler touches. The hardware (hardware.ts, access through the TLB,
 * page walks, CR3, INVLPG, INVPCID, the LAPIC's pending IPI) and the raw `pte` store
 * are shared; FreeBSD's code stays in ops/*.ts, Linux's is in linux/.
 */
import type {Ablation, Config, Kernel} from './config.js';
import {ablations, linuxAblations} from './config.js';
import {objectKindsOf, type ObjectKind, type Touches} from './footprint.js';
import {switchToKernel} from './linux/boundary.js';
import {deliverLinuxIpi, linuxHandlerTouches} from './linux/handler.js';
import {enterKernel} from './ops/boundary.js';
import {deliverIpi, handlerTouches} from './ops/handler.js';
import type {CpuState, MachineState} from './state.js';
import type {Tx} from './tx.js';

/** What the engine asks of a kernel besides its operations' records (operations.ts). */
export type KernelModule = {
	readonly name: Kernel;
	/** The version it models, as the README names it. */
	readonly version: string;
	/** Kernel entry from user mode, before kernel code runs on a CPU in user mode. */
	readonly enterKernel: (tx: Tx, id: number, line: number) => void;
	/** Takes CPU `id`'s pending IPI: the handler starts. */
	readonly deliverIpi: (tx: Tx, id: number) => void;
	/** What taking the pending IPI may touch, from the delivery to the handler's return. */
	readonly irqTouches: (state: MachineState, cpu: CpuState, t: Touches) => void;
	/** The CPUs the handler visits in CPU order (symmetry.ts keeps their order). */
	readonly irqLoops: (cpu: CpuState) => readonly number[];
	/** The rules of its protocol that can be removed. */
	readonly ablations: readonly Ablation[];
	/** The kinds of shared object its operations declare. */
	readonly objectKinds: readonly ObjectKind[];
};

/** FreeBSD's amd64 pmap (sys/amd64/amd64/pmap.c, mp_machdep.c). */
export const freebsdKernel: KernelModule = {
	name: 'freebsd',
	version: 'FreeBSD main (sys/amd64/amd64/pmap.c, mp_machdep.c)',
	enterKernel,
	deliverIpi,
	irqTouches: (_state, cpu, t) => {
		handlerTouches(cpu, t);
	},
	// invlop_handler acknowledges its initiators from the lowest up.
	irqLoops: cpu => (cpu.pendingFrom.length > 1 ? cpu.pendingFrom : []),
	ablations,
	objectKinds: objectKindsOf('freebsd'),
};

/** Linux's x86 TLB code at v6.14 (arch/x86/mm/tlb.c; linux/). */
export const linuxKernel: KernelModule = {
	name: 'linux',
	version: 'Linux v6.14 (arch/x86/mm/tlb.c)',
	enterKernel: switchToKernel,
	deliverIpi: deliverLinuxIpi,
	irqTouches: (state, cpu, t) => {
		linuxHandlerTouches(cpu, state, t);
	},
	// The handler runs the queue in the order the csds were queued, not by CPU number.
	irqLoops: () => [],
	ablations: linuxAblations,
	objectKinds: objectKindsOf('linux'),
};

/** The module of the kernel CONFIG runs. */
export function kernelOf(config: Config): KernelModule {
	return config.kernel === 'linux' ? linuxKernel : freebsdKernel;
}
