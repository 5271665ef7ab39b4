/**
 * Where the installed package keeps its files. The same module runs compiled (bundled
 * into a chunk in dist/, scripts/build.mjs) and, in development, as TypeScript (from
 * source/cli/), so the root is found by walking up to pmapdbg's own package.json rather
 * than by a fixed `..`.
 */
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

/** What the CLI reads of package.json. */
export type Manifest = {readonly name: string; readonly version: string; readonly description?: string};

function findRoot(): {root: string; manifest: Manifest} {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	for (;;) {
		const file = path.join(folder, 'package.json');
		const manifest = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
		if (manifest?.name === 'pmapdbg') {
			return {root: folder, manifest};
		}

		const parent = path.dirname(folder);
		if (parent === folder) {
			throw new Error(`pmapdbg's package.json was not found above ${fileURLToPath(import.meta.url)}`);
		}

		folder = parent;
	}
}

const found = findRoot();

/** The package's root folder (where package.json, scenarios/ and dist/ are). */
export const packageRoot = found.root;

/** The package's package.json. */
export const packageManifest = found.manifest;

/** The folder of the shipped scenarios. */
export const shippedFolder = path.join(packageRoot, 'scenarios');
