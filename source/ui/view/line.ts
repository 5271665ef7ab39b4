/** A line of a pane: its text and whether it changed since the last stop (highlighted). */
export type PaneLine = {readonly text: string; readonly changed?: boolean; readonly accent?: 'current' | 'stale' | 'dim' | 'title'};

/** The visible part of LINES: HEIGHT lines starting at SCROLL, clamped. */
export function windowLines<T>(lines: readonly T[], height: number, scroll: number): {visible: T[]; scroll: number} {
	const max = Math.max(0, lines.length - height);
	const clamped = Math.min(Math.max(0, scroll), max);
	return {visible: lines.slice(clamped, clamped + height), scroll: clamped};
}

/** TEXT cut to WIDTH columns (an ellipsis marks the cut). */
export function fit(text: string, width: number): string {
	if (text.length <= width) {
		return text;
	}

	return width <= 1 ? text.slice(0, width) : text.slice(0, width - 1) + '…';
}
