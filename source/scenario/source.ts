/**
 * A scenario's text and the mapping from offsets to line and column (graphql-js
 * `Source` / `getLocation`). Positions are kept as offsets while parsing and turned
 * into lines and columns only when they are needed, through a table of line starts
 * built once per text: a lookup is a binary search, so compiling a file is linear in
 * its length however many lines ask for their number.
 *
 * Lines end at LF, CRLF or a lone CR (graphql-js `LineTerminator`), the same rule for
 * the lexer, diagnostics, the source pane and the debugger's `break LINE`.
 */

/** A named scenario text. */
export type Source = {
	/** The path as the user gave it (diagnostics start with it). */
	readonly name: string;
	readonly body: string;
};

/** A 1-based line and column. */
export type Location = {readonly line: number; readonly column: number};

/** One line break: `\r\n`, `\n` or a lone `\r`. */
export const LINE_BREAK = /\r\n|\r|\n/;

/** TEXT cut into lines at every line break (the breaks dropped). */
export function splitLines(text: string): string[] {
	return text.split(LINE_BREAK);
}

/** The length of the line break at OFFSET of BODY (0: none). */
export function lineBreakAt(body: string, offset: number): number {
	const code = body.charCodeAt(offset);
	if (code === 10) {
		return 1;
	}

	if (code === 13) {
		return body.charCodeAt(offset + 1) === 10 ? 2 : 1;
	}

	return 0;
}

/** The offset of the first line break at or after FROM, or BODY's length. */
export function lineEnd(body: string, from: number): number {
	for (let i = from; i < body.length; i++) {
		const code = body.charCodeAt(i);
		if (code === 10 || code === 13) {
			return i;
		}
	}

	return body.length;
}

/** Line starts of each source, built on first use (a source's text never changes). */
const tables = new WeakMap<Source, number[]>();

function lineStarts(source: Source): number[] {
	let starts = tables.get(source);
	if (starts === undefined) {
		const {body} = source;
		starts = [0];
		for (let i = 0; i < body.length; ) {
			const length = lineBreakAt(body, i);
			i += length === 0 ? 1 : length;
			if (length > 0) {
				starts.push(i);
			}
		}

		tables.set(source, starts);
	}

	return starts;
}

/** The line and column of OFFSET in SOURCE. */
export function getLocation(source: Source, offset: number): Location {
	const starts = lineStarts(source);
	const end = Math.max(0, Math.min(offset, source.body.length));
	let lo = 0;
	let hi = starts.length - 1;
	while (lo < hi) {
		const mid = (lo + hi + 1) >>> 1;
		if (starts[mid]! <= end) {
			lo = mid;
		} else {
			hi = mid - 1;
		}
	}

	return {line: lo + 1, column: end - starts[lo]! + 1};
}

/** The text of 1-based line LINE, without its line break ('' past the last line). */
export function lineText(source: Source, line: number): string {
	const starts = lineStarts(source);
	const start = starts[line - 1];
	if (start === undefined) {
		return '';
	}

	return source.body.slice(start, lineEnd(source.body, start));
}

/** How many lines SOURCE has (a final line break starts an empty last line). */
export function lineCount(source: Source): number {
	return lineStarts(source).length;
}
