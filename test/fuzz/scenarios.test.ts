/**
 * Fuzzing the loader and the runner (issue 16): scenarios from the grammar, their
 * mutations and truncations, random bytes and huge numbers. For every case: nothing
 * throws; every diagnostic starts with `PATH:LINE:COL: error[CODE]:` at a line of the
 * file; a file that compiles keeps every step and expectation it states; no control
 * character reaches any output (diagnostics, the text report, JSON lines, the source
 * pane); a run stays within its step budget. PMAPDBG_FUZZ_RUNS sets
 * the number of cases per property (a short default keeps CI to a few seconds).
 */
import fc from 'fast-check';
import {describe, expect, it} from 'vitest';
import {decodeUtf8} from '../../source/files/read-input.js';
import {jsonReport, textReport} from '../../source/report/run-report.js';
import {runScenario} from '../../source/run/run-scenario.js';
import {diagnosticText, loadText} from '../../source/scenario/load.js';
import {parse} from '../../source/scenario/parser.js';
import {lineCount} from '../../source/scenario/source.js';
import {sourceLines} from '../../source/ui/view/panes.js';
import {fit} from '../../source/ui/view/line.js';
import {expectNoControl} from '../hostile/helpers.js';
import {bytes, FUZZ_RUNS, mutated, scenario} from './grammar.js';

/** Engine micro-operations a fuzzed run may take. */
const STEP_BUDGET = 20_000;
const PATH = 'fuzz\u001B]2;x\u0007.scn';
const HEADER = /^fuzz\\x1b\]2;x\\x07\.scn:(\d+):(\d+): error\[SCN\d{3}\]: \S/;

/** Loads BODY and checks everything a user could see of it. */
function check(body: string): void {
	const loaded = loadText(PATH, body);
	expect(loaded.scenario === undefined).toBe(loaded.diagnostics.length > 0);
	const lines = lineCount(loaded.source);
	for (const block of diagnosticText(loaded)) {
		expectNoControl(block, 'a diagnostic');
		const match = HEADER.exec(block);
		expect(match, block).not.toBeNull();
		expect(Number(match![1])).toBeLessThanOrEqual(Math.max(1, lines));
		expect(Number(match![2])).toBeGreaterThanOrEqual(1);
	}

	for (const line of sourceLines(body, 1, new Set([1]), new Map([[1, [0]]]))) {
		expectNoControl(fit(line.text, 120), 'a source-pane line');
	}

	if (loaded.scenario === undefined) {
		return;
	}

	// Nothing the file says is dropped: every step and every expectation is compiled.
	const {statements} = parse(loaded.source);
	expect(loaded.scenario.stepLines).toHaveLength(statements.filter(statement => statement.kind === 'step').length);
	expect(loaded.scenario.expectations).toHaveLength(statements.filter(statement => statement.kind === 'expect').length);

	const result = runScenario(loaded.scenario, {maxSteps: STEP_BUDGET});
	expect(result.steps).toBeLessThanOrEqual(STEP_BUDGET);
	expectNoControl(textReport(PATH, loaded.scenario, result), 'the text report');
	for (const line of jsonReport(PATH, result)) {
		expectNoControl(line, 'a JSON line');
		JSON.parse(line);
	}
}

describe('fuzz: the loader and the runner never throw, and every output follows the rules', () => {
	it('scenarios from the grammar (hostile strings, huge numbers, any line end)', () => {
		fc.assert(fc.property(scenario, check), {numRuns: FUZZ_RUNS});
	});

	it('mutated and truncated scenarios', () => {
		fc.assert(fc.property(mutated, check), {numRuns: FUZZ_RUNS});
	});

	it('random bytes, decoded as the loader decodes a file', () => {
		fc.assert(
			fc.property(bytes, data => {
				const text = decodeUtf8(data);
				if (text !== undefined) {
					check(text);
				}
			}),
			{numRuns: FUZZ_RUNS},
		);
	});
});
