import {visible} from '../../text/untrusted.js';

/** A line of a pane: its text and whether it changed since the last stop (highlighted). */
export type PaneLine = {readonly text: string; readonly changed?: boolean; readonly accent?: 'current' | 'stale' | 'dim' | 'title'};

/** The visible part of LINES: HEIGHT lines starting at SCROLL, clamped. */
export function windowLines<T>(lines: readonly T[], height: number, scroll: number): {visible: T[]; scroll: number} {
	const max = Math.max(0, lines.length - height);
	const clamped = Math.min(Math.max(0, scroll), max);
	return {visible: lines.slice(clamped, clamped + height), scroll: clamped};
}

/**
 * TEXT as one terminal row of WIDTH columns: its control characters made visible (the
 * untrusted-text rule: every pane line, the status line and the command line pass
 * here), then cut (an ellipsis marks the cut).
 */
export function fit(text: string, width: number): string {
	const shown = visible(text);
	if (shown.length <= width) {
		return shown;
	}

	return width <= 1 ? shown.slice(0, width) : shown.slice(0, width - 1) + '…';
}
