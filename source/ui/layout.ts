/**
 * Where each pane goes for a terminal size: two columns above a fixed footer. Every
 * pane gets a bounded height, so the frame never reaches the terminal's last row and
 * nothing scrolls the terminal (Ink flickers when output reaches `rows`).
 */

/** The panes. */
export type PaneId = 'source' | 'events' | 'breakpoints' | 'cpus' | 'tlbs' | 'pmaps' | 'ipis' | 'output';

/** Focus order for Tab. */
export const paneOrder: readonly PaneId[] = ['source', 'cpus', 'tlbs', 'pmaps', 'ipis', 'events', 'breakpoints', 'output'];

/** A pane's place: column width and total height (title bar included). */
export type PaneBox = {readonly id: PaneId; readonly width: number; readonly height: number};

/**
 * The layout: left and right columns, the output pane under them (full width), the
 * footer height. With a pane maximised it alone fills the space above the footer.
 */
export type Layout = {
	readonly left: PaneBox[];
	readonly right: PaneBox[];
	readonly output: PaneBox | undefined;
	readonly footer: number;
	readonly width: number;
	readonly height: number;
};

/** Lines below the panes: the status line and the key hints or the `:` line. */
export const FOOTER_LINES = 2;

/** The output pane's share of the rows at most (the panes above keep the rest). */
const OUTPUT_SHARE = 0.45;

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

/**
 * The layout for a COLUMNS x ROWS terminal with CPUS CPUs, OUTPUT lines of command
 * output (already wrapped to the width) and ZOOM the maximised pane, if any. The output
 * pane grows with its text up to OUTPUT_SHARE of the rows; beyond that it scrolls.
 */
export function computeLayout(columns: number, rows: number, cpus: number, output = 0, zoom?: PaneId): Layout {
	const width = Math.max(40, columns);
	const height = Math.max(12, rows);
	// One row is kept free: a frame as tall as the terminal makes Ink clear and redraw.
	const available = height - FOOTER_LINES - 1;
	if (zoom !== undefined) {
		const box = {id: zoom, width, height: available};
		return zoom === 'output' ? {left: [], right: [], output: box, footer: FOOTER_LINES, width, height} : {left: [box], right: [], output: undefined, footer: FOOTER_LINES, width, height};
	}

	const outputHeight = 1 + Math.min(Math.max(1, output), Math.max(1, Math.floor(available * OUTPUT_SHARE) - 1));
	const body = available - outputHeight;
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
	return {left, right, output: {id: 'output', width, height: outputHeight}, footer: FOOTER_LINES, width, height};
}
