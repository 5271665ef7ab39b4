/**
 * The shipped scenario library: every file compiles, matches its golden trace, passes
 * in every configuration (or is skipped by its `require`), and every bug scenario fails
 * with the ablation its `# fails-with:` comment names, showing the stale use.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {configurations, kernels, type Ablation} from '../source/engine/index.js';
import {runScenario} from '../source/run/run-scenario.js';
import {loadText} from '../source/scenario/load.js';
import {root} from './cli/helpers.js';
import {goldenPath, goldenText, kernelsGoldenPath, kernelsGoldenText, shippedScenarios} from './golden/golden.js';

/** `# fails-with: --ablate NAME [--seed N]` (a Linux ablation's name ends in the commit id it reverts) */
function failsWith(body: string): {ablate: Ablation; seed: number | undefined} | undefined {
	const match = /^# fails-with: --ablate ([a-z0-9-]+)(?: --seed ([0-9]+))?/m.exec(body);
	return match ? {ablate: match[1] as Ablation, seed: match[2] === undefined ? undefined : Number(match[2])} : undefined;
}

describe('shipped scenarios', () => {
	const scenarios = shippedScenarios();
	it('there is a library, with a default scenario', () => {
		expect(scenarios.length).toBeGreaterThanOrEqual(10);
		expect(scenarios).toContain('scenarios/default.scn');
	});

	for (const scenario of scenarios) {
		describe(scenario, () => {
			it('matches its golden trace (npm run update-golden)', async () => {
				const golden = await readFile(goldenPath(scenario), 'utf8').catch(() => '(no golden file)');
				expect(await goldenText(scenario)).toBe(golden);
			});

			it('matches its two-kernel golden (the other kernel\'s run, run --kernel all), unless it requires one kernel', async () => {
				const both = await kernelsGoldenText(scenario);
				const golden = await readFile(kernelsGoldenPath(scenario), 'utf8').catch(() => undefined);
				expect(both).toBe(golden);
			});

			it('passes under both kernels in every configuration, or is skipped by its require lines', async () => {
				const loaded = loadText(scenario, await readFile(path.join(root, scenario), 'utf8'));
				for (const kernel of kernels) {
					for (const config of configurations) {
						const result = runScenario(loaded.scenario!, {...config, kernel});
						expect(result.result, `${kernel} ${config.mode} invpcid ${config.invpcid}`).not.toBe('fail');
					}
				}
			});

			it('passes in every configuration, or is skipped by its require line', async () => {
				const loaded = loadText(scenario, await readFile(path.join(root, scenario), 'utf8'));
				expect(loaded.diagnostics).toEqual([]);
				for (const config of configurations) {
					const result = runScenario(loaded.scenario!, config);
					expect(result.result, `${config.mode} invpcid ${config.invpcid}`).not.toBe('fail');
				}
			});

			it('if it demonstrates a bug, fails with its ablation and shows the stale use', async () => {
				const body = await readFile(path.join(root, scenario), 'utf8');
				const demo = failsWith(body);
				if (demo === undefined) {
					expect(body).not.toMatch(/^# fails-with/m);
					return;
				}

				const loaded = loadText(scenario, body);
				const result = runScenario(loaded.scenario!, {ablate: [demo.ablate], seed: demo.seed});
				expect(result.result).toBe('fail');
				expect(result.events.some(event => event.event === 'stale_use')).toBe(true);
			});
		});
	}
});
