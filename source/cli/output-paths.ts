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

/** FILE with TAGS inserted before EXTENSION (`t.json` -> `t.pcid.json`), or appended when FILE lacks it. */
export function taggedPath(file: string, tags: readonly string[], extension: string): string {
	if (tags.length === 0) {
		return file;
	}

	const suffix = tags.map(tag => `.${tag}`).join('');
	return file.endsWith(extension) ? file.slice(0, -extension.length) + suffix + extension : file + suffix;
}
