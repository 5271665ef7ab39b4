import {defineConfig} from 'vitest/config';

export default defineConfig({
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		globalSetup: ['./test/global-setup.ts'],
		reporters: ['default', './test/summary-reporter.ts'],
		testTimeout: 60_000,
	},
});
