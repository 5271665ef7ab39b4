/**
 * Where explore puts a counterexample and how it writes it (README "Security"): one
 * configuration writes FILE (`--out FILE`, default `SCENARIO.counterexample`); several
 * write one file each, the configuration's name inserted before FILE's last extension
 * (`race.sched` -> `race.pcid.sched`, `race` -> `race.pcid`,
 * `x.scn.counterexample` -> `x.scn.pti-pcid-noinvpcid.counterexample`).
 */
import {describeEvent} from '../commands/describe.js';
import type {Choice, EngineEvent, Mode} from '../engine/index.js';
import type {Scenario} from '../scenario/compile.js';
import {Session, type SessionOptions} from '../session/session.js';
import {isCounterexample} from '../session/schedule-file.js';
import {configTag, taggedPath} from './output-paths.js';
import {safeWrite, type SafeWriteResult} from './safe-write.js';

/**
 * What each step of CHOICES does on SCENARIO under OPTIONS, for the comment after each
 * schedule line: `step 3, line 23: cr3_load cpu1 pmap=P pcid=0x2 table=kcr3 flush=true`.
 */
export function scheduleNotes(scenario: Scenario, options: SessionOptions, choices: readonly Choice[]): string[] {
	const session = new Session(scenario, {...options, schedule: choices});
	const events = session.eventsIn(0, choices.length);
	const byStep = new Map<number, EngineEvent[]>();
	for (const event of events) {
		byStep.set(event.step, [...(byStep.get(event.step) ?? []), event]);
	}

	return choices.map((_, step) => {
		const done = byStep.get(step) ?? [];
		return done.length === 0 ? `step ${step}: (no event)` : `step ${step}, line ${done[0]!.line}: ${done.map(event => describeEvent(event)).join('; ')}`;
	});
}

/** The file a counterexample goes to: OUT, or with the configuration's tag when there are several. */
export function counterexamplePath(out: string, several: boolean, mode: Mode, invpcid: boolean): string {
	return taggedPath(out, several ? [configTag(mode, invpcid)] : []);
}

/** How OUT's files are named with several configurations, for the line that says so. */
export function namingPattern(out: string): string {
	return taggedPath(out, ['CONFIGURATION']);
}

/**
 * Writes a counterexample TEXT to FILE atomically; refuses to replace one of SCENARIOS,
 * a file that is not a counterexample, or a symbolic link, unless FORCE.
 */
export async function writeCounterexample(file: string, text: string, scenarios: readonly string[], force: boolean): Promise<SafeWriteResult> {
	return safeWrite(file, text, {force, protect: scenarios, replaceable: isCounterexample, what: 'a counterexample'});
}
