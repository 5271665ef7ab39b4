import cliTruncate from 'cli-truncate';
import stringWidth from 'string-width';
import {visible} from '../../text/untrusted.js';

/** A line of a pane: its text and whether it changed since the last stop (highlighted). */
export type PaneLine = {readonly text: string; readonly changed?: boolean; readonly accent?: 'current' | 'stale' | 'error' | 'ok' | 'dim' | 'title'};

/** The visible part of LINES: HEIGHT lines starting at SCROLL, clamped. */
export function windowLines<T>(lines: readonly T[], height: number, scroll: number): {visible: T[]; scroll: number} {
	const max = Math.max(0, lines.length - height);
	const clamped = Math.min(Math.max(0, scroll), max);
	return {visible: lines.slice(clamped, clamped + height), scroll: clamped};
}

/**
 * TEXT as one terminal row of WIDTH columns: its control characters made visible (the
 * untrusted-text rule: every pane line, the status line and the command line pass
 * here), then cut (an ellipsis marks the cut). Columns, not UTF-16 units: a CJK
 * character or an emoji takes two, a combining mark none.
 */
export function fit(text: string, width: number): string {
	const shown = visible(text);
	if (isNarrow(shown)) {
		// One column a UTF-16 unit: cut as cli-truncate would, without measuring.
		return shown.length <= width ? shown : width > 0 ? shown.slice(0, width - 1) + '…' : '';
	}

	if (stringWidth(shown) <= width) {
		return shown;
	}

	// cli-truncate keeps a double-width character that straddles the cut (and the
	// ellipsis after it), one column too many: cut narrower until the result fits.
	for (let target = width; target > 0; target--) {
		const cut = cliTruncate(shown, target, {truncationCharacter: '…'});
		if (stringWidth(cut) <= width) {
			return cut;
		}
	}

	return '';
}

/** TEXT filled with FILL to WIDTH terminal columns (cut first if it is wider). */
export function padTo(text: string, width: number, fill = ' '): string {
	const cut = fit(text, width);
	return cut + fill.repeat(Math.max(0, width - columns(cut)));
}

/**
 * Printable ASCII and the symbols pmapdbg draws itself (box drawing, the block, ·, …, ×,
 * µ, « » ›, ✓ ✗, ▶ ◀ ●, the arrows ← ↑ → ↓): each takes one column in one UTF-16 unit and
 * none joins its neighbour in a grapheme, so such a line is as wide as it is long.
 * string-width measures every line right, but segments graphemes to do it when a line
 * is not plain ASCII (about 80 µs for a pane title and its rule), and the first frame
 * measures hundreds of such lines (bench key startup_ratio_vs_ink_hello).
 * test/ui/width.test.tsx checks every one of these characters against string-width.
 */
const NARROW = /^[\x20-\x7e\u00ab\u00b5\u00b7\u00bb\u00d7\u2026\u203a\u2190-\u2193\u2500-\u257f\u2588\u25b6\u25c0\u25cf\u2713\u2717]*$/;

/** Whether TEXT is made only of characters one column wide in one UTF-16 unit each (see NARROW). */
export function isNarrow(text: string): boolean {
	return NARROW.test(text);
}

/** The terminal columns TEXT takes. */
export function columns(text: string): number {
	return isNarrow(text) ? text.length : stringWidth(text);
}
