/**
 * Name and value resolution shared by the compiler's parts: declared pmaps, CPU ids,
 * virtual addresses in the right half, physical addresses; each problem becomes a
 * diagnostic at the offending text.
 */
import {isKernelVpn, isUserVpn, KERNEL_PMAP, PAGE_SIZE, type Kernel} from '../engine/index.js';
import type {Name, Num} from './ast.js';
import type {Code, Diagnostic} from './diagnostics.js';

const PAGE = BigInt(PAGE_SIZE);
const ADDRESS_LIMIT = 1n << 64n;
/** amd64 physical addresses have at most 52 bits. */
const PHYSICAL_LIMIT = 1n << 52n;

/** Resolves names and checks values, collecting diagnostics. */
export class Resolver {
	readonly diagnostics: Diagnostic[] = [];
	protected readonly pmapIds = new Map<string, number>([['kernel', KERNEL_PMAP]]);
	protected cpus = 2;
	/** Whether `cpus` comes from `--cpus` (messages say which). */
	protected cpusFromFlag = false;
	/** The scenario's `kernel` line so far (FreeBSD without one): messages list its names. */
	kernel: Kernel = 'freebsd';

	/** Records a problem at AT. */
	error(code: Code, message: string, at: {offset: number; length: number}): void {
		this.diagnostics.push({code, message, offset: at.offset, length: Math.max(1, at.length)});
	}

	/** A declared pmap, `kernel` included. */
	pmap(name: Name): number | undefined {
		const id = this.pmapIds.get(name.value);
		if (id === undefined) {
			const declared = [...this.pmapIds.keys()].join(', ');
			this.error('SCN009', `The pmap "${name.value}" is not declared (declared: ${declared}).`, name);
		}

		return id;
	}

	/** A declared user pmap (not `kernel`). */
	userPmap(name: Name): number | undefined {
		if (name.value === 'kernel') {
			this.error('SCN009', 'Expected a user pmap, found "kernel".', name);
			return undefined;
		}

		return this.pmap(name);
	}

	/** A virtual address in the right half for PMAP (any half when PMAP is undefined). */
	virtual(num: Num, pmap: number | undefined): number | undefined {
		if (num.value >= ADDRESS_LIMIT) {
			this.error('SCN007', `Expected a 64-bit address, found ${'0x' + num.value.toString(16)}.`, num);
			return undefined;
		}

		const vpn = Number(num.value / PAGE);
		const hex = '0x' + num.value.toString(16);
		if (pmap === KERNEL_PMAP && !isKernelVpn(vpn)) {
			this.error('SCN008', `Expected a kernel address (0xffff800000000000 and above) for pmap kernel, found ${hex}.`, num);
			return undefined;
		}

		if (pmap !== undefined && pmap !== KERNEL_PMAP && !isUserVpn(vpn)) {
			this.error('SCN008', `Expected a user address (below 0x0000800000000000) for a user pmap, found ${hex}.`, num);
			return undefined;
		}

		if (!isUserVpn(vpn) && !isKernelVpn(vpn)) {
			this.error('SCN008', `Expected a canonical address (user half or kernel half), found ${hex}.`, num);
			return undefined;
		}

		return vpn;
	}

	/**
	 * The end of a range `[VA, VA_END)`, exclusive: above its start, its last byte in the
	 * same half. Every 64-bit end is exact, the top of the kernel half (0xffffffffffffffff,
	 * and 2^64 itself) included; the page number it returns is at most 2^52, exact in a
	 * double.
	 */
	rangeEnd(start: number, num: Num, pmap: number): number | undefined {
		if (num.value > ADDRESS_LIMIT) {
			this.error('SCN007', `Expected a 64-bit address, found ${'0x' + num.value.toString(16)}.`, num);
			return undefined;
		}

		if (num.value <= BigInt(start) * PAGE) {
			this.error('SCN007', 'Expected the end of the range to be above its start.', num);
			return undefined;
		}

		const last = num.value - 1n;
		if (this.virtual({...num, value: last}, pmap) === undefined) {
			return undefined;
		}

		// [VA, VA_END) covers every page it touches.
		return Number((num.value + PAGE - 1n) / PAGE);
	}

	/** A physical address as a page number (below 2^52). */
	physical(num: Num): number | undefined {
		if (num.value >= PHYSICAL_LIMIT) {
			this.error('SCN007', `Expected a physical address below 2^52, found ${'0x' + num.value.toString(16)}.`, num);
			return undefined;
		}

		return Number(num.value / PAGE);
	}

	cpu(num: Num): number | undefined {
		if (num.value >= BigInt(this.cpus)) {
			const range = `cpu0 to cpu${this.cpus - 1}`;
			const machine = this.cpusFromFlag ? `--cpus ${this.cpus} gives ${range}` : `This scenario has ${this.cpus} CPUs (${range})`;
			this.error('SCN010', `${machine}; found cpu${num.value}.`, num);
			return undefined;
		}

		return Number(num.value);
	}
}
