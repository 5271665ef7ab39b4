/**
 * Validating command-line values into typed options. Each problem is one line naming
 * the flag, what it takes and what was given (exit 2, no stack trace).
 */
import {allAblations, kernels, memoryModels, modes, type Ablation, type Kernel, type MemoryModel, type Mode} from '../engine/index.js';
import type {SessionOptions} from '../session/session.js';
import {UsageError} from './usage-error.js';


/** `--mode`: one mode, or every one with `all`; undefined keeps the scenario's. */
export function parseModes(value: string | undefined): Mode[] | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (value === 'all') {
		return [...modes];
	}

	if (!(modes as readonly string[]).includes(value)) {
		throw new UsageError(`--mode takes ${modes.join(', ')} or all; found "${value}"`);
	}

	return [value as Mode];
}

/** `--invpcid`: on, off or all; undefined keeps the scenario's. */
export function parseInvpcid(value: string | undefined): boolean[] | undefined {
	switch (value) {
		case undefined: {
			return undefined;
		}

		case 'on': {
			return [true];
		}

		case 'off': {
			return [false];
		}

		case 'all': {
			return [true, false];
		}

		default: {
			throw new UsageError(`--invpcid takes on, off or all; found "${value}"`);
		}
	}
}

/** `--memory sc|tso`; undefined keeps the scenario's. */
export function parseMemoryModel(value: string | undefined): MemoryModel | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (!(memoryModels as readonly string[]).includes(value)) {
		throw new UsageError(`--memory takes sc or tso; found "${value}"`);
	}

	return value as MemoryModel;
}

/**
 * Refuses `--memory tso` with `--kernel linux` or `all`: the Linux module's stores are
 * not buffered (README, "Linux": where the model departs), so its tso runs would claim
 * what they do not check.
 */
export function checkMemoryForKernels(memory: MemoryModel | undefined, kernels: readonly Kernel[] | undefined): void {
	if (memory === 'tso' && kernels?.includes('linux')) {
		throw new UsageError('--memory tso is modelled for FreeBSD\'s pmap only (the Linux module\'s memory is sequentially consistent); use --kernel freebsd with it');
	}
}

/** `--kernel`: freebsd, linux, or both with `all`; undefined keeps the scenario's. */
export function parseKernels(value: string | undefined): Kernel[] | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (value === 'all') {
		return [...kernels];
	}

	if (!(kernels as readonly string[]).includes(value)) {
		throw new UsageError(`--kernel takes ${kernels.join(', ')} or all; found "${value}"`);
	}

	return [value as Kernel];
}

/** `--ablate NAME` (repeatable). */
export function parseAblations(values: readonly string[]): Ablation[] {
	const known = allAblations();
	for (const value of values) {
		if (!(known as readonly string[]).includes(value)) {
			throw new UsageError(`--ablate takes one of ${known.join(', ')}; found "${value}"`);
		}
	}

	return values as Ablation[];
}

/** `--seed N` / `--cpus N`: a whole number in [min, max]. */
export function parseWhole(flag: string, value: string | undefined, min: number, max: number): number | undefined {
	if (value === undefined) {
		return undefined;
	}

	if (!/^[0-9]+$/.test(value) || Number(value) < min || Number(value) > max) {
		throw new UsageError(`--${flag} takes a whole number from ${min} to ${max}; found "${value}"`);
	}

	return Number(value);
}

/** The flags that shape a debugging session (the debugger and --batch). */
export type SessionFlags = {
	readonly mode?: string;
	readonly invpcid?: string;
	readonly memory?: string;
	readonly ablate: readonly string[];
	readonly seed?: string;
	readonly cpus?: string;
	readonly kernel?: string;
	readonly schedule?: string;
};

/**
 * A session runs one configuration: its mode, INVPCID, ablations and seed, and the
 * `--cpus` override for compiling the scenario.
 */
export function sessionOptions(flags: SessionFlags, tooMany: string): {options: SessionOptions; cpus: number | undefined} {
	const modes = parseModes(flags.mode);
	const invpcids = parseInvpcid(flags.invpcid);
	const kernels = parseKernels(flags.kernel);
	if ((modes?.length ?? 1) > 1 || (invpcids?.length ?? 1) > 1 || (kernels?.length ?? 1) > 1) {
		throw new UsageError(tooMany);
	}

	const memory = parseMemoryModel(flags.memory);
	checkMemoryForKernels(memory, kernels);
	return {
		options: {kernel: kernels?.[0], mode: modes?.[0], invpcid: invpcids?.[0], memory, ablate: parseAblations(flags.ablate), seed: parseWhole('seed', flags.seed, 0, 2 ** 31 - 1)},
		cpus: parseWhole('cpus', flags.cpus, 1, 256),
	};
}
