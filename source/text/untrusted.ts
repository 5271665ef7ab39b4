/**
 * The one rule for untrusted text (README "Security"). Scenario files, command files,
 * schedule files, file names and argv values are text someone else may have written; a
 * terminal acts on the control characters in them (OSC retitles the window, CSI clears
 * it, BEL rings, and C1 bytes are 8-bit ESC sequences to many terminals). Before any of
 * it reaches a terminal it goes through `visible`, which shows each such character as
 * an escape in one notation:
 *
 * - C0 controls except tab (U+0000-U+001F), DEL (U+007F) and C1 controls
 *   (U+0080-U+009F): `\xNN`, two lower-case hex digits (ESC is `\x1b`, BEL `\x07`);
 * - bidirectional controls (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069,
 *   the "Trojan Source" set), U+2028/U+2029 (line and paragraph separators) and lone
 *   UTF-16 surrogates: `\u{NNNN}`.
 *
 * Tabs and every other character, printable Unicode included, are kept. A backslash is
 * kept too, so a file that spells `\x1b` itself shows the same text: the rule is about
 * what the terminal does, and no sequence gets through either way. The result contains
 * no character the rule changes, so applying it twice changes nothing.
 */

/** Every character `visible` rewrites (with `u`, the surrogate range matches only lone halves). */
const UNSAFE = /[\0-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');
/** The characters JSON.stringify leaves raw that a terminal may still act on. */
const JSON_RAW = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escape(character: string): string {
	const code = character.codePointAt(0)!;
	return code < 0x1_00 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** TEXT with every control character shown as an escape (see the module comment); one line stays one line. */
export function visible(text: string): string {
	return UNSAFE.test(text) ? text.replace(UNSAFE_ALL, escape) : text;
}

/** Whether TEXT holds a character `visible` would rewrite. */
export function hasControl(text: string): boolean {
	return UNSAFE.test(text);
}

/** Multi-line TEXT made visible line by line, its line feeds kept. */
export function visibleLines(text: string): string {
	return text.split('\n').map(line => visible(line)).join('\n');
}

/** VALUE in double quotes, made visible: how messages quote what they found. */
export function quoted(value: string): string {
	return `"${visible(value)}"`;
}

/**
 * VALUE as one JSON line. JSON.stringify escapes every C0 control and lone surrogates
 * (ES2019 well-formed JSON.stringify) but leaves DEL, C1 and the bidirectional controls
 * raw; those are escaped here as `\u00NN` / `\uNNNN`, which parses to the same string, so
 * a JSON line printed on a terminal is as harmless as the text output.
 */
export function jsonLine(value: unknown): string {
	return JSON.stringify(value).replace(JSON_RAW, character => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
