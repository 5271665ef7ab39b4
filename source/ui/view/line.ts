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
	return cut + fill.repeat(Math.max(0, width - stringWidth(cut)));
}
