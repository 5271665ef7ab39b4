#!/usr/bin/env node
// The installed executable: the compiled command line in dist/. `npm run build` writes it;
// npm runs that on `npm ci` and `npm install` in a checkout, and on `npm pack`.
try {
	await import('../dist/cli.js');
} catch (error) {
	if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.url ?? error.message).includes('/dist/cli.js')) {
		throw error;
	}

	process.stderr.write('pmapdbg: this checkout is not built yet: run `npm run build` (or `npm ci`) in it first\n');
	process.exitCode = 2;
}
