/**
 * The output pane's text: the last command's output (or its error), every line wrapped
 * to the pane's width rather than cut, continuation lines indented, so `why`, `help` and
 * `info` read whole at 80 columns (scrolled or maximised when taller than the pane).
 */
import wrapAnsi from 'wrap-ansi';
import type {DebuggerModel} from '../model.js';
import type {PaneLine} from './line.js';

/** The model's output as pane lines of at most WIDTH columns. */
export function outputLines(model: Pick<DebuggerModel, 'output' | 'error'>, width: number): PaneLine[] {
	const error = model.error !== undefined;
	const text = error ? [model.error!] : model.output;
	const lines: PaneLine[] = [];
	for (const line of text) {
		const accent = error ? ('error' as const) : undefined;
		const first = wrapAnsi(line, Math.max(10, width), {hard: true, trim: false}).split('\n')[0]!;
		lines.push({text: first.trimEnd(), accent});
		// A continuation keeps the line's own indentation, two columns deeper.
		const rest = line.slice(first.length).trimStart();
		const indent = /^ */.exec(line)![0].length + 2;
		if (rest !== '') {
			for (const more of wrapAnsi(rest, Math.max(10, width - indent), {hard: true}).split('\n')) {
				lines.push({text: ' '.repeat(indent) + more, accent});
			}
		}
	}

	return lines;
}
