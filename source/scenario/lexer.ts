/**
 * The scenario lexer: words, numbers, strings, punctuation and line ends, each with its
 * offset (graphql-js `Lexer`). Comments run from `#` to the end of the line; a line ends
 * at LF, CRLF or a lone CR (source.ts). It never throws: problems become diagnostics and
 * the offending text is skipped.
 */
import {quoted} from '../text/untrusted.js';
import type {Diagnostic} from './diagnostics.js';
import {lineBreakAt, lineEnd, type Source} from './source.js';

/** Lines longer than this are refused (SCN003) rather than lexed. */
export const MAX_LINE_LENGTH = 10_000;

/** The kinds of token. */
export type TokenKind = 'word' | 'number' | 'string' | 'punct' | 'newline' | 'eof';

/** A token and where it is. */
export type Token = {
	readonly kind: TokenKind;
	/** The text as written (for strings: the contents without quotes). */
	readonly text: string;
	/** Numbers: the value. */
	readonly value: bigint;
	readonly offset: number;
	readonly length: number;
};

const punctuators = ['->', '==', '!=', '>=', '<=', ':', '{', '}', ',', '=', '>', '<', '~'];

function isWordStart(ch: string): boolean {
	return /[A-Za-z_]/.test(ch);
}

function isWordPart(ch: string): boolean {
	return /[A-Za-z0-9_.-]/.test(ch);
}

/** Splits SOURCE into tokens; problems are appended to DIAGNOSTICS. */
export function lex(source: Source, diagnostics: Diagnostic[]): Token[] {
	const {body} = source;
	const tokens: Token[] = [];
	const token = (kind: TokenKind, offset: number, length: number, text = body.slice(offset, offset + length), value = 0n) =>
		tokens.push({kind, text, value, offset, length});
	let i = 0;
	let lineStart = 0;
	let lineChecked = -1;
	while (i < body.length) {
		if (lineChecked !== lineStart) {
			lineChecked = lineStart;
			const end = lineEnd(body, lineStart);
			const length = end - lineStart;
			if (length > MAX_LINE_LENGTH) {
				diagnostics.push({
					code: 'SCN003',
					message: `Line is ${length} characters long; lines are limited to ${MAX_LINE_LENGTH}.`,
					offset: lineStart,
					length: 1,
				});
				i = end;
				continue;
			}
		}

		const ch = body[i]!;
		const lineBreak = lineBreakAt(body, i);
		if (lineBreak > 0) {
			token('newline', i, lineBreak);
			i += lineBreak;
			lineStart = i;
			continue;
		}

		if (ch === ' ' || ch === '\t') {
			i++;
			continue;
		}

		if (ch === '#') {
			i = lineEnd(body, i);
			continue;
		}

		if (ch === '"') {
			let j = i + 1;
			while (j < body.length && body[j] !== '"' && lineBreakAt(body, j) === 0) {
				j++;
			}

			if (body[j] !== '"') {
				diagnostics.push({code: 'SCN012', message: 'Unterminated string: expected a closing ".', offset: i, length: j - i});
				i = j;
				continue;
			}

			token('string', i, j + 1 - i, body.slice(i + 1, j));
			i = j + 1;
			continue;
		}

		if (/[0-9]/.test(ch)) {
			let j = i;
			const hex = body.startsWith('0x', i) || body.startsWith('0X', i);
			j += hex ? 2 : 0;
			while (j < body.length && (hex ? /[0-9a-fA-F_]/ : /[0-9_]/).test(body[j]!)) {
				j++;
			}

			// A number runs into letters ("12ab", "0xfg"): one malformed token.
			let end = j;
			while (end < body.length && isWordPart(body[end]!) && !(body[end] === '-' && body[end + 1] === '>')) {
				end++;
			}

			const digits = body.slice(i + (hex ? 2 : 0), j).replaceAll('_', '');
			if (end > j || digits.length === 0) {
				diagnostics.push({code: 'SCN004', message: `Expected a number, found "${body.slice(i, end)}".`, offset: i, length: end - i});
				i = end;
				continue;
			}

			token('number', i, j - i, body.slice(i, j), BigInt((hex ? '0x' : '') + digits));
			i = j;
			continue;
		}

		if (isWordStart(ch)) {
			let j = i + 1;
			while (j < body.length && isWordPart(body[j]!) && !(body[j] === '-' && body[j + 1] === '>')) {
				j++;
			}

			token('word', i, j - i);
			i = j;
			continue;
		}

		const punct = punctuators.find(p => body.startsWith(p, i));
		if (punct) {
			token('punct', i, punct.length);
			i += punct.length;
			continue;
		}

		// One code point: a character outside the BMP is one problem, not two halves.
		const character = String.fromCodePoint(body.codePointAt(i)!);
		diagnostics.push({code: 'SCN016', message: `Unexpected character ${quoted(character)}.`, offset: i, length: character.length});
		i += character.length;
	}

	token('eof', body.length, 0, '<end of file>');
	return tokens;
}
