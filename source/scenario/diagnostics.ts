/**
 * Diagnostics: `file.scn:12:7: error[SCN004]: Expected a CPU id, found "x".` followed by
 * the line and a caret under the offending text (graphql-js printLocation). The parser
 * and compiler return these; nothing in the scenario layer throws at the user.
 */
import {visible} from '../text/untrusted.js';
import {getLocation, lineText, type Source} from './source.js';

/** Stable error codes: tests pin their text, users can search for them. */
export const codes = {
	/** The file cannot be read, or is not text. */
	SCN001: 'unreadable',
	/** The file has no statement at all. */
	SCN002: 'empty',
	/** A line longer than MAX_LINE_LENGTH. */
	SCN003: 'line too long',
	/** A token other than the grammar allows. */
	SCN004: 'syntax',
	/** A line that starts with no known statement. */
	SCN005: 'unknown statement',
	/** An event name not in the contract. */
	SCN006: 'unknown event',
	/** A number out of its range. */
	SCN007: 'out of range',
	/** An address in the wrong half for its pmap. */
	SCN008: 'wrong half',
	/** A pmap that was not declared. */
	SCN009: 'undeclared pmap',
	/** A CPU beyond `cpus`. */
	SCN010: 'no such cpu',
	/** `parallel` without `end`. */
	SCN011: 'unterminated parallel',
	/** A string without its closing quote. */
	SCN012: 'unterminated string',
	/** A name declared twice. */
	SCN013: 'duplicate',
	/** A header statement after the first step. */
	SCN014: 'header after steps',
	/** `end` outside a parallel block, or a statement not allowed inside one. */
	SCN015: 'misplaced',
	/** A character that starts no token. */
	SCN016: 'invalid character',
} as const;

/** An error code. */
export type Code = keyof typeof codes;

/** A problem in a scenario, at a place in its text. */
export type Diagnostic = {
	readonly code: Code;
	readonly message: string;
	readonly offset: number;
	/** How many characters the caret should underline (at least one). */
	readonly length: number;
};

/**
 * Formats one diagnostic with its source line and a caret. The path, the message and
 * the excerpt are untrusted text (text/untrusted.ts): control characters in them are
 * shown as escapes, and the caret is placed under the escaped form. Tabs before the
 * caret are repeated in the caret line so that it lines up on any tab width.
 */
export function formatDiagnostic(source: Source, diagnostic: Diagnostic): string {
	const {line, column} = getLocation(source, diagnostic.offset);
	const header = visible(`${source.name}:${line}:${column}: error[${diagnostic.code}]: ${diagnostic.message}`);
	const text = lineText(source, line);
	if (text.length === 0 && diagnostic.offset >= source.body.length) {
		return header;
	}

	// Long lines are cut around the caret so that the excerpt stays readable.
	const window = 100;
	const from = Math.max(0, column - 1 - window / 2);
	const shown = text.slice(from, from + window);
	const gutter = `${line} | `;
	const caretColumn = column - 1 - from;
	const before = visible(shown.slice(0, caretColumn));
	const under = visible(shown.slice(caretColumn, caretColumn + Math.max(1, diagnostic.length)));
	const carets = '^'.repeat(Math.max(1, under.length));
	return `${header}\n${gutter}${visible(shown)}\n${' '.repeat(gutter.length)}${before.replace(/[^\t]/g, ' ')}${carets}`;
}
