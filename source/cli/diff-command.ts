/**
 * `pmapdbg diff A B` (two files run --json wrote) and `pmapdbg diff SCENARIO FLAGS --vs
 * FLAGS` (two runs of one scenario; the flags after --vs replace those of the same name
 * before it for the second run): the runs compared statement by statement
 * (source/diff/compare.ts). Exit 0 when equivalent, 1 when they differ, 2 on bad input,
 * like diff(1).
 */
import {readFileSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import {compare} from '../diff/compare.js';
import {diffJson, diffText} from '../diff/diff-report.js';
import {readTrace, TraceFileError} from '../diff/read-trace.js';
import {sideOfRun, type Side} from '../diff/side.js';
import {runScenario} from '../run/run-scenario.js';
import {diagnosticText, loadFile} from '../scenario/load.js';
import {checkMemoryForKernels, parseAblations, parseInvpcid, parseKernels, parseMemoryModel, parseModes, parseWhole, type SessionFlags} from './options.js';
import type {CommandOutput} from './run-command.js';
import {scenarioFile} from './scenario-argument.js';
import {UsageError} from './usage-error.js';

/** The flags one side of a diff reads: one run's. */
export type SideFlags = Omit<SessionFlags, 'schedule'>;

/** The flags diff reads. */
export type DiffFlags = SideFlags & {readonly json: boolean};

/** B's flags: A's, with those B gives replacing them. */
export function mergeSides(a: SideFlags, b: SideFlags): SideFlags {
	return {
		mode: b.mode ?? a.mode,
		invpcid: b.invpcid ?? a.invpcid,
		memory: b.memory ?? a.memory,
		ablate: b.ablate.length > 0 ? b.ablate : a.ablate,
		seed: b.seed ?? a.seed,
		cpus: b.cpus ?? a.cpus,
		kernel: b.kernel ?? a.kernel,
	};
}

/** Runs PATH with FLAGS (one configuration); a scenario that does not compile is bad input. */
async function runSide(path: string, flags: SideFlags, which: string): Promise<Side | {diagnostics: string}> {
	const modes = parseModes(flags.mode);
	const invpcids = parseInvpcid(flags.invpcid);
	const kernels = parseKernels(flags.kernel);
	const memory = parseMemoryModel(flags.memory);
	checkMemoryForKernels(memory, kernels);
	if ((modes?.length ?? 1) > 1 || (invpcids?.length ?? 1) > 1 || (kernels?.length ?? 1) > 1) {
		throw new UsageError(`diff compares one configuration with one: ${which} has --mode all, --invpcid all or --kernel all`);
	}

	const ablate = parseAblations(flags.ablate);
	const seed = parseWhole('seed', flags.seed, 0, 2 ** 31 - 1);
	const loaded = await loadFile(scenarioFile(path), {cpus: parseWhole('cpus', flags.cpus, 1, 256)});
	if (loaded.scenario === undefined) {
		return {diagnostics: diagnosticText(loaded).join('\n') + '\n'};
	}

	const result = runScenario(loaded.scenario, {kernel: kernels?.[0], mode: modes?.[0], invpcid: invpcids?.[0], memory, ablate, seed});
	return sideOfRun(path, loaded.scenario, result);
}

/** The scenario's lines, for naming statements of a JSON trace, when it can be read. */
function scenarioLines(path: string): readonly string[] | undefined {
	try {
		return readFileSync(scenarioFile(path), 'utf8').split('\n');
	} catch {
		return undefined;
	}
}

async function traceSide(file: string): Promise<Side> {
	let text: string;
	try {
		text = await readFile(file, 'utf8');
	} catch {
		throw new UsageError(`cannot read ${file} (diff A B reads two files that pmapdbg run --json wrote)`);
	}

	try {
		return readTrace(file, text, scenarioLines);
	} catch (error) {
		if (error instanceof TraceFileError) {
			throw new UsageError(error.message);
		}

		throw error;
	}
}

/** Compares the two runs INPUT and the flags describe. */
export async function diffCommand(input: readonly string[], flags: DiffFlags, vs: SideFlags | undefined): Promise<CommandOutput> {
	let a: Side;
	let b: Side;
	if (vs === undefined) {
		if (input.length !== 2) {
			throw new UsageError('diff takes two JSON traces (pmapdbg diff A.json B.json) or one scenario and --vs (pmapdbg diff SCENARIO --mode pcid --vs --mode pti-pcid)');
		}

		for (const name of ['mode', 'invpcid', 'seed', 'cpus', 'kernel'] as const) {
			if (flags[name] !== undefined) {
				throw new UsageError(`--${name} applies to the runs of diff SCENARIO ... --vs ...; the files already say how they ran`);
			}
		}

		if (flags.ablate.length > 0) {
			throw new UsageError('--ablate applies to the runs of diff SCENARIO ... --vs ...; the files already say how they ran');
		}

		[a, b] = [await traceSide(input[0]!), await traceSide(input[1]!)];
	} else {
		if (input.length !== 1) {
			throw new UsageError('diff SCENARIO FLAGS --vs FLAGS takes one scenario, before --vs; after it come only the second run\'s flags');
		}

		const sideA = await runSide(input[0]!, flags, 'A');
		const sideB = await runSide(input[0]!, mergeSides(flags, vs), 'B (after --vs)');
		if ('diagnostics' in sideA || 'diagnostics' in sideB) {
			return {stdout: '', stderr: 'diagnostics' in sideA ? sideA.diagnostics : (sideB as {diagnostics: string}).diagnostics, status: 2};
		}

		[a, b] = [sideA, sideB];
	}

	const comparison = compare(a, b);
	return {stdout: flags.json ? diffJson(a, b, comparison) : diffText(a, b, comparison), stderr: '', status: comparison.equivalent ? 0 : 1};
}
