/**
 * Prints the plain closing line `N passed, N failed` after vitest's own summary, the form
 * CI reads to know that tests ran.
 */
import process from 'node:process';
import type {Reporter, SerializedError, TestModule} from 'vitest/node';

export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: readonly TestModule[], unhandledErrors: readonly SerializedError[] = []): void {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of testModules) {
			for (const test of module.children.allTests()) {
				const {state} = test.result();
				if (state === 'passed') {
					passed++;
				} else if (state === 'failed') {
					failed++;
				} else {
					skipped++;
				}
			}
		}

		// A crashed worker leaves its tests unrun (skipped here): its error counts as a failure.
		failed += unhandledErrors.length;
		process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
