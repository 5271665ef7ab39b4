/**
 * A scenario's text and the mapping from offsets to line and column (graphql-js
 * `Source` / `getLocation`). Positions are kept as offsets while parsing and turned
 * into lines and columns only when a diagnostic is printed.
 */

/** A named scenario text. */
export type Source = {
	/** The path as the user gave it (diagnostics start with it). */
	readonly name: string;
	readonly body: string;
};

/** A 1-based line and column. */
export type Location = {readonly line: number; readonly column: number};

/** The line and column of OFFSET in SOURCE. */
export function getLocation(source: Source, offset: number): Location {
	let line = 1;
	let lineStart = 0;
	const {body} = source;
	const end = Math.min(offset, body.length);
	for (let i = 0; i < end; i++) {
		if (body.charCodeAt(i) === 10) {
			line++;
			lineStart = i + 1;
		}
	}

	return {line, column: end - lineStart + 1};
}

/** The text of 1-based line LINE, without its newline. */
export function lineText(source: Source, line: number): string {
	let start = 0;
	for (let current = 1; current < line; current++) {
		const next = source.body.indexOf('\n', start);
		if (next < 0) {
			return '';
		}

		start = next + 1;
	}

	const end = source.body.indexOf('\n', start);
	return source.body.slice(start, end < 0 ? undefined : end).replace(/\r$/, '');
}
