/** The untrusted-text rule: what it rewrites, what it keeps, and that JSON lines follow it. */
import {describe, expect, it} from 'vitest';
import {hasControl, jsonLine, quoted, visible, visibleLines} from '../../source/text/untrusted.js';

/** Every code point the rule rewrites, from its module comment. */
const rewritten = [
	...Array.from({length: 0x20}, (_, code) => code).filter(code => code !== 0x09),
	0x7f,
	...Array.from({length: 0x20}, (_, code) => 0x80 + code),
	0x06_1c,
	0x20_0e,
	0x20_0f,
	0x20_28,
	0x20_29,
	0x20_2a,
	0x20_2b,
	0x20_2c,
	0x20_2d,
	0x20_2e,
	0x20_66,
	0x20_67,
	0x20_68,
	0x20_69,
];

describe('visible', () => {
	it('shows C0 (but tab), DEL and C1 as \\xNN, and no such character is left', () => {
		for (const code of rewritten.filter(code => code < 0x1_00)) {
			const shown = visible(`a${String.fromCharCode(code)}b`);
			expect(shown).toBe(`a\\x${code.toString(16).padStart(2, '0')}b`);
			expect(hasControl(shown)).toBe(false);
		}

		expect(visible('\u001B]2;PWNED\u0007\u001B[2J\u009B\u009D')).toBe('\\x1b]2;PWNED\\x07\\x1b[2J\\x9b\\x9d');
	});

	it('shows bidirectional controls, line separators and lone surrogates as \\u{NNNN}', () => {
		for (const code of rewritten.filter(code => code >= 0x1_00)) {
			expect(visible(String.fromCharCode(code))).toBe(`\\u{${code.toString(16)}}`);
		}

		expect(visible('x\uD800y\uDC00')).toBe('x\\u{d800}y\\u{dc00}');
	});

	it('keeps tabs, spaces, printable ASCII and Unicode (a surrogate pair included) unchanged', () => {
		const kept = '\tcpu0: read 0x400000 # é ü 日本 ␛ \\x1b 😀 \u00A0\u00FF';
		expect(visible(kept)).toBe(kept);
		expect(hasControl(kept)).toBe(false);
	});

	it('is idempotent, and keeps line feeds only where asked', () => {
		const hostile = 'a\u001B[2Jb\n\u009Bc\r\n';
		expect(visible(visible(hostile))).toBe(visible(hostile));
		expect(visible('a\nb')).toBe('a\\x0ab');
		expect(visibleLines('a\u0007\nb\u001B')).toBe('a\\x07\nb\\x1b');
		expect(quoted('x\u001By')).toBe('"x\\x1by"');
	});
});

describe('jsonLine', () => {
	it('escapes every C0 control as JSON.stringify does, and DEL, C1 and bidi controls too, parsing back to the same string', () => {
		const all = String.fromCharCode(...rewritten) + '\uD800 tab\there';
		const line = jsonLine({text: all});
		expect(hasControl(line)).toBe(false);
		expect(JSON.parse(line)).toEqual({text: all});
		// What JSON.stringify leaves raw, for the record: DEL, C1 and the bidi controls.
		expect(JSON.stringify('\u007F\u009B\u202E')).toBe('"\u007F\u009B\u202E"');
		expect(jsonLine('\u007F\u009B\u202E')).toBe('"\\u007f\\u009b\\u202e"');
	});
});
