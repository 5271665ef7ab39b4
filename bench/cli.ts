/**
 * cli_ratio_vs_node: `pmapdbg --version` against `node -e 0`, whole processes started in
 * turn (A B A B ...) so a drift of the machine's speed touches both alike; medians.
 */
import {spawnSync} from 'node:child_process';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

function wallMs(args: string[]): number {
	const start = performance.now();
	const run = spawnSync(process.execPath, args, {cwd: root, stdio: 'ignore'});
	if (run.status !== 0) {
		throw new Error(`node ${args.join(' ')} exited ${run.status}`);
	}

	return performance.now() - start;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

/** cli_ms_version, cli_ms_node and their ratio. */
export function cliBenchmarks(quick: boolean): Record<string, number> {
	const runs = quick ? 9 : 31;
	const version = [path.join(root, 'bin/pmapdbg.js'), '--version'];
	const node = ['-e', '0'];
	wallMs(version);
	wallMs(node);
	const a: number[] = [];
	const b: number[] = [];
	for (let i = 0; i < runs; i++) {
		a.push(wallMs(version));
		b.push(wallMs(node));
	}

	return {
		cli_ms_version: Number(median(a).toFixed(1)),
		cli_ms_node: Number(median(b).toFixed(1)),
		cli_ratio_vs_node: Number((median(a) / median(b)).toFixed(3)),
	};
}
