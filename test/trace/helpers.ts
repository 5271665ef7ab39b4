/** Compiled shipped scenarios and their traces, for the trace tests. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import type {EngineEvent} from '../../source/engine/index.js';
import {chromeTrace, type ChromeTrace} from '../../source/report/chrome-trace.js';
import type {Scenario} from '../../source/scenario/compile.js';
import {loadText} from '../../source/scenario/load.js';
import {root} from '../cli/helpers.js';

/** SCENARIO (a path in the checkout), compiled. */
export function shipped(scenario: string): Scenario {
	return loadText(scenario, readFileSync(path.join(root, scenario), 'utf8')).scenario!;
}

/** The trace of EVENTS of SCENARIO, through JSON as a file holds it. */
export function traceOf(scenario: Scenario, events: readonly EngineEvent[]): ChromeTrace {
	const trace = chromeTrace({scenario: scenario.source.name, title: scenario.title, cpus: scenario.cpus, source: scenario.source.body, configuration: {}}, events);
	return JSON.parse(JSON.stringify(trace)) as ChromeTrace;
}

