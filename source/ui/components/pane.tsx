/** A pane: a title bar (inverse when focused) and a bounded, windowed list of lines. */
import {Box, Text} from 'ink';
import {fit, padTo, windowLines, type PaneLine} from '../view/line.js';

/** Props of Pane. */
export type PaneProps = {
	readonly title: string;
	readonly lines: readonly PaneLine[];
	/** Total rows, title bar included. */
	readonly height: number;
	readonly width: number;
	readonly focused: boolean;
	/** First line shown. */
	readonly scroll: number;
	readonly color: boolean;
	/** How many first lines stay in place while the rest scroll (the IPI lanes' CPU names). */
	readonly sticky?: number;
};

function lineColor(line: PaneLine, color: boolean): {color?: string; bold?: boolean; inverse?: boolean; dimColor?: boolean} {
	if (line.accent === 'current') {
		return {inverse: true};
	}

	if (!color) {
		return line.changed ? {bold: true} : {};
	}

	if (line.accent === 'stale' || line.accent === 'error') {
		return {color: 'red', bold: line.changed};
	}

	if (line.changed) {
		return {color: 'yellow', bold: true};
	}

	if (line.accent === 'ok') {
		return {color: 'green'};
	}

	if (line.accent === 'title') {
		return {bold: true};
	}

	return line.accent === 'dim' ? {dimColor: true} : {};
}

/** Draws one pane. */
export function Pane({title, lines, height, width, focused, scroll, color, sticky = 0}: PaneProps) {
	const body = Math.max(0, height - 1);
	const kept = lines.slice(0, Math.min(sticky, body));
	const rest = lines.slice(kept.length);
	const window = windowLines(rest, body - kept.length, scroll - kept.length);
	const visible = [...kept, ...window.visible];
	const shown = window.scroll + kept.length;
	const more = lines.length > body ? ` ${shown + 1}-${shown + window.visible.length}/${lines.length}` : '';
	const header = padTo(`${focused ? '▶' : ' '} ${title}${more} `, width, '─');
	return (
		<Box flexDirection="column" width={width} height={height}>
			<Text inverse={focused} bold={!focused} color={color && !focused ? 'cyan' : undefined} wrap="truncate">
				{header}
			</Text>
			{visible.map((line, index) => (
				// Lines are positional: a pane redraws them all when it scrolls.
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} wrap="truncate" {...lineColor(line, color)}>
					{line.changed && !color ? '*' + fit(line.text, width - 1) : fit(line.text, width)}
				</Text>
			))}
		</Box>
	);
}
