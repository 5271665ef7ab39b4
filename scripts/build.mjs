// `npm run build`: the package's JavaScript in dist/, from cli.tsx and source/.
//
// esbuild bundles our own modules (the packages stay imports, resolved from
// node_modules as before) into dist/cli.js, the explorer's thread dist/search-worker.js,
// and chunks that the command line's dynamic imports load when a command needs them.
// Node 20's ES module loader spends most of a start on resolving, reading and linking
// modules one by one: the 130 modules the debugger's first frame needed as tsc's
// one-file-per-module output cost about 80 ms more than the same code in a few chunks
// (bench key startup_ratio_vs_ink_hello; the hello is built by these same options).
// Types are checked by `tsc --noEmit` (npm test); tsconfig.json's isolatedModules,
// verbatimModuleSyntax and erasableSyntaxOnly keep esbuild's per-file transpiling exact.
//
// Everything lands in dist/ itself, entries and chunks alike: parallel.ts finds the
// worker as `./search-worker.js` beside the chunk it is bundled into, and package-files.ts
// finds the package root by walking up to package.json from wherever it runs.
import {realpathSync, rmSync} from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The options every build of ours uses: the package's, and the bench's Ink hello. */
const commonOptions = {
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'esm',
	target: 'node20',
	splitting: true,
	entryNames: '[name]',
	chunkNames: '[name]-[hash]',
	// tsconfig.json's jsx (react-jsx) and the rest of its compiler options.
	tsconfig: path.join(root, 'tsconfig.json'),
	logLevel: 'warning',
};

/** Builds ENTRIES into OUTDIR, emptied first so no chunk of an earlier build stays. */
export async function buildInto(entries, outdir) {
	rmSync(outdir, {recursive: true, force: true});
	await build({...commonOptions, entryPoints: entries, outdir, absWorkingDir: root});
}

// Run as a command (`node scripts/build.mjs`, through a symbolic link too), not imported.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
	await buildInto([path.join(root, 'cli.tsx'), path.join(root, 'source/explore/search-worker.ts')], path.join(root, 'dist'));
}
