/**
 * Pane text is cut by terminal columns, not UTF-16 units: a scenario whose title and
 * comments hold CJK characters and emoji draws every pane in its own columns.
 */
import cliTruncate from 'cli-truncate';
import fc from 'fast-check';
import {renderToString} from 'ink';
import stringWidth from 'string-width';
import {describe, expect, it} from 'vitest';
import {loadText} from '../../source/scenario/load.js';
import {Screen} from '../../source/ui/app.js';
import {computeLayout} from '../../source/ui/layout.js';
import {columns, fit, isNarrow, padTo} from '../../source/ui/view/line.js';
import {DebuggerModel} from '../../source/ui/model.js';
import {initialUiState} from '../../source/ui/ui-state.js';

const wide = `title "页表 TLB 击落 🚀🚀🚀 ページテーブルの無効化を確かめる長い題名 ${'漢字'.repeat(20)}"
cpus 2
pmap P
map P 0x400000 -> 0x1000 rw
# 注释：这一行比源代码窗格宽得多，因为每个汉字占两列 🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀🚀
cpu1: switch P   # 用户态 ${'宽'.repeat(40)}
cpu1: user
cpu1: read 0x400000
cpu0: remove P 0x400000
`;

describe('display width', () => {
	for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
		it(`keeps every line within ${columns} columns and the right column where it belongs (${columns}x${rows})`, () => {
			const loaded = loadText('wide.scn', wide);
			const model = new DebuggerModel(loaded.scenario!);
			model.execute('step');
			const layout = computeLayout(columns, rows, 2);
			const frame = renderToString(<Screen model={model} layout={layout} ui={initialUiState} color={false} />, {columns});
			const lines = frame.split('\n');
			expect(lines).toHaveLength(rows - 1);
			for (const line of lines) {
				expect(stringWidth(line)).toBeLessThanOrEqual(columns);
			}

			// The right column's first title (CPUs) starts where the layout puts it, on the
			// same row as the Source pane's title, whatever the Source pane holds.
			const titleRow = lines[0]!;
			const cpus = titleRow.indexOf('CPUs');
			expect(stringWidth(titleRow.slice(0, cpus))).toBe(layout.left[0]!.width + 1 + 2);
			const sourceLine = lines.find(line => line.includes('注释'))!;
			expect(sourceLine).toBeDefined();
			expect(stringWidth(sourceLine)).toBeLessThanOrEqual(columns);
		});
	}
});

describe('fit and padTo', () => {
	it('never exceed the width, whatever the characters (CJK, emoji, combining marks, ASCII)', () => {
		const alphabet = ['a', 'Z', ' ', '汉', '字', '：', '🚀', '👩‍💻', 'é', '\u0301', '…', 'ｱ', '─'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...alphabet), {maxLength: 60}), fc.integer({min: 0, max: 50}), (chars, width) => {
				const text = chars.join('');
				const cut = fit(text, width);
				expect(stringWidth(cut)).toBeLessThanOrEqual(width);
				if (stringWidth(text) <= width) {
					expect(cut).toBe(text);
				} else if (width >= 2) {
					// Cut, marked, and no more than a double-width character short of the width.
					expect(cut.endsWith('…')).toBe(true);
					expect(stringWidth(cut)).toBeGreaterThanOrEqual(width - 2);
				}

				expect(stringWidth(padTo(text, width))).toBe(width);
			}),
			{numRuns: 2000},
		);
	});

	it('cuts a line of CJK at an odd width to the width (cli-truncate alone gives one column more)', () => {
		const line = '    5 # 注释：这一行比源代码窗格宽得多，因为每个汉字占两列';
		expect(stringWidth(fit(line, 38))).toBe(37);
		expect(stringWidth(fit(line, 39))).toBe(39);
	});
});

describe('the narrow shortcut', () => {
	it('takes only characters string-width gives one column, one UTF-16 unit each, none joining its neighbour', () => {
		const taken: string[] = [];
		for (let code = 0; code <= 0xff_ff; code++) {
			const character = String.fromCharCode(code);
			if (isNarrow(character)) {
				taken.push(character);
				expect(stringWidth(character), `U+${code.toString(16)}`).toBe(1);
			}
		}

		// Printable ASCII and the symbols the panes draw, nothing else.
		// (7 Latin-1 and punctuation, 4 arrows, 128 box drawing, 6 more symbols).
		expect(taken.length).toBe(95 + 7 + 4 + 128 + 6);
		// No two of them join in one grapheme: every pair is two columns, two clusters.
		const segmenter = new Intl.Segmenter();
		for (const first of taken) {
			for (const second of taken) {
				const pair = first + second;
				if (stringWidth(pair) !== 2 || [...segmenter.segment(pair)].length !== 2) {
					expect.fail(`"${pair}" (U+${first.charCodeAt(0).toString(16)} U+${second.charCodeAt(0).toString(16)}) is not two narrow characters`);
				}
			}
		}

		expect(isNarrow('\t')).toBe(false);
		expect(isNarrow('汉')).toBe(false);
		expect(isNarrow('e\u0301')).toBe(false);
	});

	it('measures and cuts lines of those characters exactly as string-width and cli-truncate do', () => {
		const alphabet = ['a', ' ', '~', '─', '│', '…', '·', '✓', '✗', '▶', '◀', '●', '█', '×', 'µ', '«', '»', '›', '→', '↑', '┄'];
		fc.assert(
			fc.property(fc.array(fc.constantFrom(...alphabet), {maxLength: 60}), fc.integer({min: 0, max: 50}), (chars, width) => {
				const text = chars.join('');
				expect(columns(text)).toBe(stringWidth(text));
				const expected = stringWidth(text) <= width ? text : cliTruncate(text, width, {truncationCharacter: '…'});
				expect(fit(text, width)).toBe(width === 0 ? '' : expected);
			}),
			{numRuns: 2000},
		);
	});
});
