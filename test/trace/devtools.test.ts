/**
 * The Chrome trace as a kept parser of the format reads it: Chrome DevTools' trace
 * engine (the Performance panel's, published as @paulirish/trace_engine and used by
 * Lighthouse). It must find one named thread per CPU, every slice in that thread's
 * call tree, and one flow per delivered IPI from the ipi_send to the interrupt.
 */
import * as TraceEngine from '@paulirish/trace_engine';
import {describe, expect, it} from 'vitest';
import {runScenario} from '../../source/run/run-scenario.js';
import {tidOf, type TraceEvent} from '../../source/report/chrome-trace.js';
import {shipped, traceOf} from './helpers.js';

type Node = {entry: {name: string; ts: number; dur?: number}; children: Set<Node> | Node[]};

/** The trace engine's view of TRACE: threads (name, slice names in its tree, depth-first) and flows. */
async function parse(events: readonly TraceEvent[]) {
	const model = TraceEngine.TraceModel.Model.createWithAllHandlers();
	await model.parse(events as never);
	const {data} = model.parsedTrace()!;
	const threads = [...data.Renderer.processes.values()].flatMap(process =>
		[...process.threads].map(([tid, thread]) => {
			const names: string[] = [];
			let nested = true;
			const walk = (node: Node, parent: Node | undefined) => {
				names.push(node.entry.name);
				if (parent && node.entry.ts + (node.entry.dur ?? 0) > parent.entry.ts + (parent.entry.dur ?? 0)) {
					nested = false;
				}

				for (const child of node.children) {
					walk(child, node);
				}
			};

			for (const root of thread.tree!.roots as Set<Node>) {
				walk(root, undefined);
			}

			return {tid, name: thread.name, names, nested};
		}),
	);
	const flows = data.Flows.flows.map(flow => flow.map(event => `${event.name}@${event.tid}`));
	return {threads, flows, warnings: [...data.Warnings.perWarning.keys()]};
}

describe('the Chrome trace in Chrome DevTools\' trace engine', () => {
	for (const [file, options] of [
		['scenarios/two-initiators.scn', {}],
		['scenarios/pm-active-race-no-ipi.scn', {ablate: ['no-ipi-active' as const]}],
		['scenarios/row09-remote-user-total-active.scn', {mode: 'pti-pcid' as const}],
	] as const) {
		it(`${file} ${JSON.stringify(options)}: a thread per CPU with every slice nested, a flow per IPI`, async () => {
			const scenario = shipped(file);
			const {events} = runScenario(scenario, options);
			const trace = traceOf(scenario, events);
			const parsed = await parse(trace.traceEvents);
			expect(parsed.warnings).toEqual([]);
			for (let cpu = 0; cpu < scenario.cpus; cpu++) {
				const ours = trace.traceEvents.filter(event => event.ph === 'X' && event.tid === tidOf(cpu)).map(event => event.name);
				const thread = parsed.threads.find(candidate => candidate.tid === tidOf(cpu));
				expect(thread?.name).toBe(`cpu${cpu}`);
				expect(thread?.nested).toBe(true);
				expect([...thread!.names].sort()).toEqual([...ours].sort());
			}

			const sends = events.filter(event => event.event === 'ipi_send');
			expect(parsed.flows).toHaveLength(trace.traceEvents.filter(event => event.ph === 's').length);
			expect(parsed.flows.length).toBe(sends.length);
			for (const flow of parsed.flows) {
				expect(flow).toHaveLength(2);
				expect(flow[0]).toMatch(/^ipi_send@/);
				expect(flow[1]).toMatch(/^(ipi_handle|handler_exit)@/);
			}
		});
	}
});
