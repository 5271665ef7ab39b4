/** Runs the real binary (bin/pmapdbg.js, the compiled package) and returns what a user would see. */
import {execFile} from 'node:child_process';
import path from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';

/** The checkout's root. */
export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** The result of one invocation. */
export type Invocation = {stdout: string; stderr: string; status: number};

/** Where and how to run it. */
export type InvocationOptions = {readonly cwd?: string; readonly input?: string; readonly env?: NodeJS.ProcessEnv};

/** Runs `pmapdbg ARGS` with OPTIONS (default: in the checkout), without a terminal. */
export async function pmapdbgWith(options: InvocationOptions, ...args: string[]): Promise<Invocation> {
	return new Promise(resolve => {
		const child = execFile(
			process.execPath,
			[path.join(root, 'bin/pmapdbg.js'), ...args],
			{cwd: options.cwd ?? root, env: options.env ?? {...process.env, NO_COLOR: '1'}, maxBuffer: 64 * 1024 * 1024},
			(error, stdout, stderr) => {
				const status = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
				resolve({stdout, stderr, status});
			},
		);
		child.stdin?.end(options.input ?? '');
	});
}

/** Runs `pmapdbg ARGS` in the checkout, without a terminal. */
export async function pmapdbg(...args: string[]): Promise<Invocation> {
	return pmapdbgWith({}, ...args);
}
