/**
 * Where explore puts a counterexample and how it writes it (README "Security"): one
 * configuration writes FILE (`--out FILE`, default `SCENARIO.counterexample`); several
 * write one file each, the configuration's name inserted before FILE's last extension
 * (`race.sched` -> `race.pcid.sched`, `race` -> `race.pcid`,
 * `x.scn.counterexample` -> `x.scn.pti-pcid-noinvpcid.counterexample`).
 */
import path from 'node:path';
import type {Mode} from '../engine/index.js';
import {isCounterexample} from '../session/schedule-file.js';
import {safeWrite, type SafeWriteResult} from './safe-write.js';

/** A configuration's name in file names: the mode, and `-noinvpcid` where INVPCID is off. */
export function configurationTag(mode: Mode, invpcid: boolean): string {
	return `${mode}${(mode === 'pcid' || mode === 'pti-pcid') && !invpcid ? '-noinvpcid' : ''}`;
}

/** The file a counterexample goes to: OUT, or with the configuration's tag when there are several. */
export function counterexamplePath(out: string, several: boolean, mode: Mode, invpcid: boolean): string {
	if (!several) {
		return out;
	}

	return withTag(out, configurationTag(mode, invpcid));
}

/** How OUT's files are named with several configurations, for the line that says so. */
export function namingPattern(out: string): string {
	return withTag(out, 'CONFIGURATION');
}

/** OUT with TAG before the last extension of its file name; the folder part kept as written. */
function withTag(out: string, tag: string): string {
	const cut = Math.max(out.lastIndexOf('/'), out.lastIndexOf(path.sep)) + 1;
	const [folder, base] = [out.slice(0, cut), out.slice(cut)];
	const dot = base.lastIndexOf('.');
	// A leading dot starts a name, not an extension (`.race` -> `.race.pcid`).
	return dot > 0 ? `${folder}${base.slice(0, dot)}.${tag}${base.slice(dot)}` : `${folder}${base}.${tag}`;
}

/**
 * Writes a counterexample TEXT to FILE atomically; refuses to replace one of SCENARIOS,
 * a file that is not a counterexample, or a symbolic link, unless FORCE.
 */
export async function writeCounterexample(file: string, text: string, scenarios: readonly string[], force: boolean): Promise<SafeWriteResult> {
	return safeWrite(file, text, {force, protect: scenarios, replaceable: isCounterexample, what: 'a counterexample'});
}
