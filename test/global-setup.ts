/**
 * Before any test: compile the package (npm run build), so the tests that run the real
 * binary run what users install, the JavaScript in dist/, never a stale build.
 */
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

/** Vitest's global setup. */
export default function setup(): void {
	const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
	execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {cwd: root, stdio: 'inherit'});
}
