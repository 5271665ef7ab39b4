/** UI benchmarks (bench.md): frame_ratio_256_vs_4 (also with the IPI lanes open) and startup_ratio_vs_ink_hello. */
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import process from 'node:process';
import {spawn} from '@lydell/node-pty';
import {renderToString} from 'ink';
import {buildInto} from '../scripts/build.mjs';
import {ProgramBuilder} from '../source/engine/index.js';
import type {Scenario} from '../source/scenario/compile.js';
import {Screen} from '../source/ui/app.js';
import {computeLayout} from '../source/ui/layout.js';
import {DebuggerModel} from '../source/ui/model.js';
import {initialUiState} from '../source/ui/ui-state.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** CPUS CPUs of which four take turns: switches, accesses, removals with shootdowns. */
function scenarioWith(cpus: number): Scenario {
	const b = new ProgramBuilder(cpus).pmap('A');
	for (let page = 0; page < 8; page++) {
		b.map('A', 0x40_0000 + page * 0x1000, 0x1000 * (page + 1));
	}

	for (let cpu = 0; cpu < 4; cpu++) {
		b.at(cpu, b.switchTo('A')).at(cpu, ProgramBuilder.user);
	}

	for (let round = 0; round < 50; round++) {
		for (let cpu = 0; cpu < 4; cpu++) {
			b.at(cpu, b.read(0x40_0000 + ((round + cpu) % 8) * 0x1000));
		}

		b.at(round % 4, b.enter('A', 0x40_0000 + (round % 8) * 0x1000, 0x1000 * ((round % 7) + 1)));
	}

	const program = b.build();
	return {source: {name: 'bench', body: 'bench\n'.repeat(40)}, title: 'bench', cpus, mode: 'pcid', invpcid: true, memory: 'sc', ablate: [], require: undefined, kernel: 'freebsd', requireKernel: undefined, program, expectations: [], stepLines: []};
}

/** Median milliseconds from a stepi to the finished frame, at 200x60 (LANES: the IPI lane view open). */
function frameMs(cpus: number, frames: number, lanes = false): number {
	const model = new DebuggerModel(scenarioWith(cpus));
	const layout = computeLayout(200, 60, cpus);
	const times: number[] = [];
	for (let i = 0; i < frames; i++) {
		const start = performance.now();
		model.execute('stepi');
		renderToString(<Screen model={model} layout={layout} ui={{...initialUiState, lanes}} color />, {columns: 200});
		times.push(performance.now() - start);
	}

	times.sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)]!;
}

/** Milliseconds from spawn to the first frame containing MARK, in a pty. */
async function firstFrameMs(args: string[], mark: string): Promise<number> {
	return new Promise((resolve, reject) => {
		const start = performance.now();
		let seen = '';
		const child = spawn(process.execPath, args, {cols: 120, rows: 40, cwd: root, env: {...process.env, TERM: 'xterm-256color'}});
		const timer = setTimeout(() => {
			child.kill();
			reject(new Error(`no first frame from ${args.join(' ')}`));
		}, 20_000);
		child.onData(data => {
			seen += data;
			if (seen.includes(mark)) {
				const elapsed = performance.now() - start;
				clearTimeout(timer);
				child.kill();
				resolve(elapsed);
			}
		});
	});
}

/**
 * bench/ink-hello.tsx built as pmapdbg is (scripts/build.mjs, the same esbuild options),
 * into a folder from which Node finds the checkout's node_modules; both sides then start
 * from JavaScript, their packages imported from node_modules alike.
 */
async function compiledHello(): Promise<string> {
	const out = path.join(root, 'node_modules/.cache/pmapdbg-bench');
	await buildInto([path.join(root, 'bench/ink-hello.tsx')], out);
	return path.join(out, 'ink-hello.js');
}

/**
 * Median first-frame milliseconds of the hello and of the debugger, their runs taken in
 * turn (hello, debugger, hello, ...) after one unmeasured run of each, so that whatever
 * else the machine does in those seconds weighs on both sides alike.
 */
async function pairedFirstFrames(hello: string[], debuggerArgs: string[], runs: number): Promise<{hello: number; debugger: number}> {
	const median = (times: number[]) => times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
	const helloTimes: number[] = [];
	const debuggerTimes: number[] = [];
	for (let i = 0; i <= runs; i++) {
		const h = await firstFrameMs(hello, 'hello from Ink');
		const d = await firstFrameMs(debuggerArgs, 'Source');
		if (i > 0) {
			helloTimes.push(h);
			debuggerTimes.push(d);
		}
	}

	return {hello: median(helloTimes), debugger: median(debuggerTimes)};
}

/** frame_ratio_256_vs_4 and startup_ratio_vs_ink_hello. */
export async function uiBenchmarks(quick: boolean): Promise<Record<string, number>> {
	const frames = quick ? 60 : 200;
	frameMs(4, 30);
	frameMs(256, 30);
	const small = frameMs(4, frames);
	const large = frameMs(256, frames);
	const smallLanes = frameMs(4, frames, true);
	const largeLanes = frameMs(256, frames, true);
	const runs = quick ? 3 : 9;
	const {hello, debugger: debuggerMs} = await pairedFirstFrames([await compiledHello()], [path.join(root, 'bin/pmapdbg.js'), 'scenarios/default.scn'], runs);
	return {
		frame_ms_4: Number(small.toFixed(2)),
		frame_ms_256: Number(large.toFixed(2)),
		frame_ratio_256_vs_4: Number((large / small).toFixed(3)),
		frame_ms_256_lanes: Number(largeLanes.toFixed(2)),
		frame_ratio_256_vs_4_lanes: Number((largeLanes / smallLanes).toFixed(3)),
		startup_ms_ink_hello: Math.round(hello),
		startup_ms_debugger: Math.round(debuggerMs),
		startup_ratio_vs_ink_hello: Number((debuggerMs / hello).toFixed(3)),
	};
}
