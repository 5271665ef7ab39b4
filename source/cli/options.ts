/**
 * Validating command-line values into typed options. Each problem is one line naming
 * the flag, what it takes and what was given (exit 2, no stack trace).
 */
import {ablations, modes, type Ablation, type Mode} from '../engine/index.js';

/** A usage problem: printed as `pmapdbg: MESSAGE`, exit status 2. */
export class UsageError extends Error {}

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

/** `--ablate NAME` (repeatable). */
export function parseAblations(values: readonly string[]): Ablation[] {
	for (const value of values) {
		if (!(ablations as readonly string[]).includes(value)) {
			throw new UsageError(`--ablate takes one of ${ablations.join(', ')}; found "${value}"`);
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
