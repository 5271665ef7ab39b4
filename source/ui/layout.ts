/**
 * Where each pane goes for a terminal size: two columns above a fixed footer. Every
 * pane gets a bounded height, so the frame never reaches the terminal's last row and
 * nothing scrolls the terminal (Ink flickers when output reaches `rows`).
 */

/** The panes. */
export type PaneId = 'source' | 'events' | 'breakpoints' | 'cpus' | 'tlbs' | 'pmaps' | 'ipis';

/** Focus order for Tab. */
export const paneOrder: readonly PaneId[] = ['source', 'cpus', 'tlbs', 'pmaps', 'ipis', 'events', 'breakpoints'];

/** A pane's place: column width and total height (title bar included). */
export type PaneBox = {readonly id: PaneId; readonly width: number; readonly height: number};

/** The layout: left and right columns, and the footer height. */
export type Layout = {readonly left: PaneBox[]; readonly right: PaneBox[]; readonly footer: number; readonly width: number; readonly height: number};

/** Lines below the panes: command output (2), status (1), key hints or the `:` line (1). */
export const FOOTER_LINES = 4;

/** Splits TOTAL rows among panes by weight, each at least MIN rows; drops the last when short. */
function split(total: number, panes: ReadonlyArray<{id: PaneId; weight: number; min: number; max?: number}>, width: number): PaneBox[] {
	const chosen = [...panes];
	while (chosen.length > 1 && chosen.reduce((sum, pane) => sum + pane.min, 0) > total) {
		chosen.pop();
	}

	const heights = chosen.map(pane => pane.min);
	let left = total - heights.reduce((a, b) => a + b, 0);
	const weights = chosen.reduce((sum, pane) => sum + pane.weight, 0);
	for (const [index, pane] of chosen.entries()) {
		const extra = Math.floor((left * pane.weight) / weights);
		const capped = pane.max === undefined ? extra : Math.min(extra, Math.max(0, pane.max - heights[index]!));
		heights[index]! += capped;
	}

	left = total - heights.reduce((a, b) => a + b, 0);
	for (let index = 0; left > 0 && chosen.length > 0; index = (index + 1) % chosen.length) {
		const pane = chosen[index]!;
		if (pane.max === undefined || heights[index]! < pane.max) {
			heights[index]!++;
			left--;
		} else if (chosen.every((p, i) => p.max !== undefined && heights[i]! >= p.max)) {
			heights[chosen.length - 1]! += left;
			left = 0;
		}
	}

	return chosen.map((pane, index) => ({id: pane.id, width, height: heights[index]!}));
}

/** The layout for a COLUMNS x ROWS terminal with CPUS CPUs. */
export function computeLayout(columns: number, rows: number, cpus: number): Layout {
	const width = Math.max(40, columns);
	const height = Math.max(12, rows);
	// One row is kept free: a frame as tall as the terminal makes Ink clear and redraw.
	const body = height - FOOTER_LINES - 1;
	const leftWidth = Math.max(30, Math.floor(width * 0.48));
	const rightWidth = width - leftWidth - 1;
	const left = split(
		body,
		[
			{id: 'source', weight: 5, min: 4},
			{id: 'events', weight: 4, min: 3},
			{id: 'breakpoints', weight: 1, min: 3, max: 6},
		],
		leftWidth,
	);
	const right = split(
		body,
		[
			{id: 'cpus', weight: 3, min: 3, max: 1 + 2 * cpus},
			{id: 'tlbs', weight: 4, min: 3},
			{id: 'pmaps', weight: 3, min: 3},
			{id: 'ipis', weight: 1, min: 2, max: 5},
		],
		rightWidth,
	);
	return {left, right, footer: FOOTER_LINES, width, height};
}
