/**
 * The fingerprint arithmetic of the explorer: a two-lane 64-bit hasher, and what a
 * record's fingerprint is made of (its own print and its CPU references).
 */
import type {CpuSet} from '../engine/cpuset.js';
import {members} from '../engine/cpuset.js';
import type {Cr3, Frame, TlbEntry} from '../engine/index.js';

/** Accumulates values into two lanes; order-sensitive. */
export class Hasher {
	a: number;
	b: number;

	constructor(seed: number) {
		this.a = (0x9e_37_79_b9 ^ seed) | 0;
		this.b = (0x85_eb_ca_6b ^ Math.imul(seed, 0x27_d4_eb_2f)) | 0;
	}

	/** Adds a 32-bit value. */
	int(value: number): this {
		let a = Math.imul(this.a ^ value, 0xcc_9e_2d_51);
		a = Math.imul((a << 15) | (a >>> 17), 0x1b_87_35_93);
		this.a = (a ^ (a >>> 13)) + 0xe6_54_6b_64;
		let b = Math.imul(this.b ^ value, 0x85_eb_ca_77);
		b = Math.imul((b << 13) | (b >>> 19), 0xc2_b2_ae_3d);
		this.b = (b ^ (b >>> 16)) + 0x16_56_67_b1;
		return this;
	}

	/** Adds an integer of up to 53 bits (page numbers of kernel addresses exceed 32). */
	num(value: number): this {
		return this.int(value | 0).int(Math.floor(value / 4_294_967_296) | 0);
	}

	bool(value: boolean): this {
		return this.int(value ? 1 : 0);
	}

	str(value: string): this {
		return this.int(stringCode(value));
	}

	/** Adds another fingerprint. */
	part(other: Fingerprint): this {
		return this.int(other.a).int(other.b);
	}

	/** Adds a CPU set as its members (sets here are small). */
	set(value: CpuSet): this {
		this.int(-7);
		for (const cpu of members(value)) {
			this.int(cpu);
		}

		return this.int(-8);
	}

	done(): Fingerprint {
		return {a: this.a | 0, b: this.b | 0};
	}
}

/** A 64-bit fingerprint as two 32-bit lanes. */
export type Fingerprint = {readonly a: number; readonly b: number};

const stringCodes = new Map<string, number>();

/** A 32-bit code for a string (the field values here come from a small vocabulary). */
function stringCode(text: string): number {
	let code = stringCodes.get(text);
	if (code === undefined) {
		let h = 0x81_1c_9d_c5;
		for (let i = 0; i < text.length; i++) {
			h = Math.imul(h ^ text.charCodeAt(i), 0x01_00_01_93);
		}

		code = h | 0;
		stringCodes.set(text, code);
	}

	return code;
}

/** COMPUTE(KEY), once per KEY object. */
export function memo<T extends object, R>(cache: WeakMap<T, R>, key: T, compute: (key: T) => R): R {
	let value = cache.get(key);
	if (value === undefined) {
		value = compute(key);
		cache.set(key, value);
	}

	return value;
}

/**
 * CPU references inside a record, in a fixed order: each group is a kind tag, whether
 * its order is meaningful (a list) or not (a set), the CPUs, and per CPU a value that
 * goes with it (0 when none).
 */
export type RefGroup = {
	readonly tag: number;
	readonly ordered: boolean;
	readonly cpus: readonly number[];
	readonly values: readonly number[] | undefined;
};

/** A record's fingerprint without CPU references, and the references. */
export type RecordPrint = {
	readonly print: Fingerprint;
	readonly refs: readonly RefGroup[];
	/** What it was computed from, for the next version of the same CPU to reuse. */
	readonly tlb?: readonly TlbEntry[];
	readonly tlbPrint?: Fingerprint;
	readonly ackedGen?: readonly number[];
	readonly ackedRefs?: RefGroup | undefined;
	readonly stack?: readonly Frame[];
	readonly frames?: readonly RecordPrint[];
	/** The print with the references as they are (no renumbering), once computed. */
	plain?: Fingerprint;
};

/** No CPU references (shared, so a record without any allocates nothing). */
export const noRefs: readonly RefGroup[] = [];

/** Adds a %cr3 value (or its absence, PMAP_NO_CR3). */
export function addCr3(h: Hasher, cr3: Cr3 | undefined): Hasher {
	return cr3 === undefined ? h.int(-1) : h.int(cr3.pmap).str(cr3.table).int(cr3.pcid).bool(cr3.save);
}
