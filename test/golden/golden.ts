/**
 * Golden traces: for every shipped scenario, what `pmapdbg run` prints in the
 * scenario's own configuration and the verdict rows of `--mode all --invpcid all`.
 * `npm run update-golden` rewrites them; review their diffs like code.
 */
import {readdirSync} from 'node:fs';
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {configurations, kernels} from '../../source/engine/index.js';
import {kernelComparisonReport} from '../../source/report/kernel-compare.js';
import {matrixReport, textReport} from '../../source/report/run-report.js';
import {runScenario} from '../../source/run/run-scenario.js';
import {loadText} from '../../source/scenario/load.js';
import {root} from '../cli/helpers.js';

/** Shipped scenarios, as paths relative to the checkout. */
export function shippedScenarios(): string[] {
	return readdirSync(path.join(root, 'scenarios'))
		.filter(name => name.endsWith('.scn'))
		.sort()
		.map(name => `scenarios/${name}`);
}

/** Where a scenario's golden file lives. */
export function goldenPath(scenario: string): string {
	return path.join(root, 'test/golden', path.basename(scenario, '.scn') + '.txt');
}

/** The golden text of SCENARIO (a path relative to the checkout). */
export async function goldenText(scenario: string): Promise<string> {
	const loaded = loadText(scenario, await readFile(path.join(root, scenario), 'utf8'));
	if (loaded.scenario === undefined) {
		throw new Error(`${scenario} does not compile`);
	}

	const own = runScenario(loaded.scenario);
	const all = configurations.map(config => runScenario(loaded.scenario!, config));
	return `${textReport(scenario, loaded.scenario, own)}\n\n${matrixReport(scenario, loaded.scenario, all)}\n`;
}

/** Where a scenario's two-kernel golden file lives (test/golden/kernels/). */
export function kernelsGoldenPath(scenario: string): string {
	return path.join(root, 'test/golden/kernels', path.basename(scenario, '.scn') + '.txt');
}

/**
 * The two-kernel golden text of SCENARIO, or undefined when its `require kernel` names
 * one kernel: the other kernel's full run in the scenario's configuration, then what
 * `run --kernel all` prints for it (both verdicts, the per-statement counts).
 */
export async function kernelsGoldenText(scenario: string): Promise<string | undefined> {
	const loaded = loadText(scenario, await readFile(path.join(root, scenario), 'utf8'));
	if (loaded.scenario === undefined) {
		throw new Error(`${scenario} does not compile`);
	}

	const compiled = loaded.scenario;
	if (compiled.requireKernel !== undefined && compiled.requireKernel.length < kernels.length) {
		return undefined;
	}

	const other = kernels.find(kernel => kernel !== compiled.kernel)!;
	const both = kernels.map(kernel => runScenario(compiled, {kernel}));
	return `${textReport(scenario, compiled, runScenario(compiled, {kernel: other}))}\n\n${kernelComparisonReport(scenario, compiled, both)}\n`;
}

/** Batch transcripts: command file, scenario, flags. */
export const batchTranscripts: ReadonlyArray<{readonly name: string; readonly args: readonly string[]}> = [
	{name: 'batch-late-zero', args: ['--batch', '-x', 'test/fixtures/batch/late-zero.cmds', 'scenarios/pm-active-race-late-zero.scn', '--ablate', 'late-pm-gen-zero']},
	{name: 'batch-errors', args: ['--batch', '-x', 'test/fixtures/batch/errors.cmds', 'scenarios/default.scn']},
];

/** pmapdbg diff transcripts: the flags of the two runs. */
export const diffTranscripts: ReadonlyArray<{readonly name: string; readonly args: readonly string[]}> = [
	// Modes A and C: only the user page-table work of PTI differs.
	{name: 'diff-row09-A-vs-C', args: ['diff', 'scenarios/row09-remote-user-total-active.scn', '--mode', 'pcid', '--invpcid', 'on', '--vs', '--mode', 'pti-pcid']},
	// A rule removed: the missing IPI, the stale use, the failed expectations.
	{name: 'diff-no-ipi-active', args: ['diff', 'scenarios/pm-active-race-no-ipi.scn', '--vs', '--ablate', 'no-ipi-active']},
];

/** What the golden file of a batch transcript holds: stdout, stderr and the status. */
export function transcript(run: {stdout: string; stderr: string; status: number}): string {
	return `${run.stdout}--- stderr\n${run.stderr}--- exit ${run.status}\n`;
}
