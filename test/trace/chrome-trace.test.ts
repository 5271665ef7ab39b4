/**
 * The Chrome trace (Perfetto, chrome://tracing): structurally sound against the Trace
 * Event Format for every shipped scenario in every configuration, seeded and ablated;
 * faithful to the run (one slice per event at its step, one flow per delivered IPI,
 * one slice per shootdown, one marked instant per stale use); and two-initiators.scn
 * shows both initiators' shootdowns with their four IPIs.
 */
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {ablations, configurations, type EngineEvent} from '../../source/engine/index.js';
import {STEP_US, tidOf, type ChromeTrace, type TraceEvent} from '../../source/report/chrome-trace.js';
import {runScenario, type RunOptions} from '../../source/run/run-scenario.js';
import type {Scenario} from '../../source/scenario/compile.js';
import {shippedScenarios} from '../golden/golden.js';
import {traceProblems} from './check-trace.js';
import {shipped, traceOf} from './helpers.js';

/** What the trace must show of EVENTS besides being well formed; the problems found. */
function fidelityProblems(trace: ChromeTrace, events: readonly EngineEvent[], cpus: number): string[] {
	const problems: string[] = [];
	const slices = trace.traceEvents.filter(event => event.ph === 'X');
	const micro = slices.filter(event => !['statement', 'handler', 'shootdown'].includes(event.cat!) || (event.cat === 'shootdown' && event.name.startsWith('shootdown_')));
	if (micro.length !== events.length) {
		problems.push(`${micro.length} event slices for ${events.length} events`);
	}

	for (const slice of micro) {
		const step = slice.args!['step'] as number;
		if (slice.ts < step * STEP_US || slice.ts + slice.dur! > (step + 1) * STEP_US || slice.dur! <= 0) {
			problems.push(`${slice.name} at step ${step} spans [${slice.ts}, ${slice.ts + slice.dur!})`);
		}
	}

	const names = trace.traceEvents.filter(event => event.name === 'thread_name').map(event => [event.tid, (event.args as {name: string}).name]);
	expect(names).toEqual(Array.from({length: cpus}, (_, cpu) => [tidOf(cpu), `cpu${cpu}`]));
	const stale = events.filter(event => event.event === 'stale_use').length;
	const marked = trace.traceEvents.filter(event => event.ph === 'i' && event.name === 'STALE USE' && event.cat === 'stale' && event.cname !== undefined).length;
	if (marked !== stale) {
		problems.push(`${marked} STALE USE instants for ${stale} stale uses`);
	}

	// A shootdown with targets (a local-only invalidation has no shootdown_start) is a
	// slice from its shootdown_start to its shootdown_done.
	const shootdowns = slices.filter(event => event.cat === 'shootdown' && event.name.startsWith('shootdown '));
	const slicesOf = (name: string, step: number, cpu: number) => micro.filter(slice => slice.name === name && slice.tid === tidOf(cpu) && slice.args!['step'] === step);
	for (const start of events.filter(event => event.event === 'shootdown_start')) {
		const done = events.find(event => event.event === 'shootdown_done' && event.cpu === start.cpu && event.step > start.step)!;
		const [from] = slicesOf('shootdown_start', start.step, start.cpu);
		const [to] = slicesOf('shootdown_done', done.step, done.cpu);
		if (!shootdowns.some(slice => slice.tid === tidOf(start.cpu) && slice.ts === from!.ts && slice.ts + slice.dur! === to!.ts + to!.dur!)) {
			problems.push(`no shootdown slice from step ${start.step} to step ${done.step} on cpu${start.cpu}`);
		}
	}

	if (shootdowns.length !== events.filter(event => event.event === 'shootdown_start').length) {
		problems.push(`${shootdowns.length} shootdown slices`);
	}

	// Every IPI the target took is an arrow from its ipi_send to the interrupt.
	const starts = trace.traceEvents.filter(event => event.ph === 's');
	for (const send of events.filter(event => event.event === 'ipi_send')) {
		const taken = events.some(event => event.cpu === send.to && event.step > send.step && (event.event === 'ipi_handle' || event.event === 'handler_exit'));
		const arrows = starts.filter(start => start.tid === tidOf(send.cpu) && Math.floor(start.ts / STEP_US) === send.step && (start.args as {to: number}).to === send.to);
		if (arrows.length !== (taken ? 1 : 0)) {
			problems.push(`the ipi_send of cpu${send.cpu} to cpu${send.to} at step ${send.step} has ${arrows.length} arrows`);
		}
	}

	return problems;
}

/** Every configuration x schedule x ablation worth checking for SCENARIO. */
function* runsOf(scenario: Scenario): Generator<RunOptions> {
	for (const config of configurations) {
		for (const seed of [undefined, 1, 2, 3]) {
			yield {...config, seed};
		}

		for (const ablation of ablations) {
			yield {...config, ablate: [ablation]};
		}
	}

	void scenario;
}

describe('the Chrome trace', () => {
	for (const file of shippedScenarios()) {
		it(`${path.basename(file)}: well formed and faithful in every configuration, seeded and ablated`, () => {
			const scenario = shipped(file);
			for (const options of runsOf(scenario)) {
				const {events, result} = runScenario(scenario, options);
				if (result === 'skipped') {
					continue;
				}

				const trace = traceOf(scenario, events);
				const where = JSON.stringify(options);
				expect({where, problems: traceProblems(trace)}).toEqual({where, problems: []});
				expect({where, problems: fidelityProblems(trace, events, scenario.cpus)}).toEqual({where, problems: []});
			}
		});
	}

	it('a trace cut short (the debugger exports where it stands) is still well formed', () => {
		const scenario = shipped('scenarios/two-initiators.scn');
		const {events} = runScenario(scenario);
		for (let step = 0; step <= events.at(-1)!.step; step++) {
			const trace = traceOf(scenario, events.filter(event => event.step < step));
			expect({step, problems: traceProblems(trace)}).toEqual({step, problems: []});
		}
	});

	it('two-initiators.scn: both initiators\' shootdowns, each with an IPI arrow to every target', () => {
		const scenario = shipped('scenarios/two-initiators.scn');
		const trace = traceOf(scenario, runScenario(scenario).events);
		const on = (cpu: number, predicate: (event: TraceEvent) => boolean) => trace.traceEvents.filter(event => event.tid === tidOf(cpu) && predicate(event));
		for (const cpu of [0, 1]) {
			expect(on(cpu, event => event.cat === 'shootdown' && event.name === 'shootdown P invlpg')).toHaveLength(1);
		}

		const arrows = trace.traceEvents.filter(event => event.ph === 's').map(start => {
			const finish = trace.traceEvents.find(event => event.ph === 'f' && event.id === start.id)!;
			const bound = trace.traceEvents.find(event => event.ph === 'X' && event.tid === finish.tid && event.ts === finish.ts && event.cat === 'ipi')!;
			return `cpu${start.tid - 1} -> cpu${finish.tid - 1} at ${bound.name} (step ${String(bound.args!['step'])})`;
		});
		// cpu2's handler for cpu0's IPI also took cpu1's request (published at step 27),
		// so cpu1's IPI to cpu2 (step 40) is taken by an interrupt that finds no request.
		expect(arrows).toEqual([
			'cpu0 -> cpu1 at ipi_handle (step 29)',
			'cpu0 -> cpu2 at ipi_handle (step 32)',
			'cpu1 -> cpu0 at ipi_handle (step 39)',
			'cpu1 -> cpu2 at handler_exit (step 47)',
		]);
		expect(on(2, event => event.cat === 'handler').map(event => [event.ts / STEP_US, event.dur! / STEP_US])).toEqual([
			[32, 13],
			[47, 1],
		]);
	});

	it('the structural check fails on broken traces', () => {
		const scenario = shipped('scenarios/two-initiators.scn');
		const good = traceOf(scenario, runScenario(scenario).events);
		expect(traceProblems(good)).toEqual([]);
		const edit = (change: (events: TraceEvent[]) => TraceEvent[]) => traceProblems({...good, traceEvents: change([...good.traceEvents])});
		// An event slice that outlasts its statement.
		const firstEvent = good.traceEvents.findIndex(event => event.ph === 'X' && event.cat !== 'statement');
		expect(edit(events => events.map((event, index) => (index === firstEvent ? {...event, dur: 10 * STEP_US} : event)))).not.toEqual([]);
		expect(edit(events => events.filter(event => event.ph !== 'f'))).not.toEqual([]);
		expect(edit(events => events.map(event => (event.ph === 's' ? {...event, ts: event.ts + 1} : event)))).not.toEqual([]);
		expect(edit(events => [...events].reverse())).not.toEqual([]);
		expect(edit(events => events.map(({dur: _dur, ...event}) => event))).not.toEqual([]);
	});
});
