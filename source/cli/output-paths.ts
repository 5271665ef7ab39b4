/**
 * Where files go when one command writes several (one per scenario, one per
 * configuration): the asked-for name with what tells them apart inserted before its
 * extension, so the names are predictable.
 */
import path from 'node:path';
import type {Mode} from '../engine/index.js';

/** A configuration's tag in file names: `pcid`, `pcid-noinvpcid`, `pti`... */
export function configTag(mode: Mode, invpcid: boolean): string {
	return `${mode}${(mode === 'pcid' || mode === 'pti-pcid') && !invpcid ? '-noinvpcid' : ''}`;
}

/** A scenario's tag in file names: its file name without `.scn`. */
export function scenarioTag(scenario: string): string {
	return path.basename(scenario).replace(/\.scn$/, '');
}

/**
 * FILE with TAGS inserted before the last extension of its file name (`t.json` ->
 * `t.pcid.json`, `race` -> `race.pcid`), the folder part kept as written.
 */
export function taggedPath(file: string, tags: readonly string[]): string {
	if (tags.length === 0) {
		return file;
	}

	const suffix = tags.map(tag => `.${tag}`).join('');
	const cut = Math.max(file.lastIndexOf('/'), file.lastIndexOf(path.sep)) + 1;
	const [folder, base] = [file.slice(0, cut), file.slice(cut)];
	const dot = base.lastIndexOf('.');
	// A leading dot starts a name, not an extension (`.race` -> `.race.pcid`).
	return dot > 0 ? `${folder}${base.slice(0, dot)}${suffix}${base.slice(dot)}` : `${folder}${base}${suffix}`;
}
