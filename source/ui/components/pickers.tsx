/**
 * The configuration picker (`m`) and the scenario picker (`o`): lists drawn from the
 * picker state (source/ui/picker.ts); the key router does the picking. Not
 * ink-select-input: it takes `j`, `k` and the digits 1-9 as its own keys (a `6` typed
 * into the filter would pick the sixth scenario) and scrolls by rotating the list, so a
 * filter-as-you-type picker cannot be built on it.
 */
import {Box, Text} from 'ink';
import {visibleItems, type PickerItem, type PickerState} from '../picker.js';
import {fit, padTo, windowLines} from '../view/line.js';

/** Props of Picker. */
export type PickerProps = {
	readonly title: string;
	readonly items: readonly PickerItem[];
	readonly state: PickerState;
	readonly height: number;
	readonly width: number;
	/** The filter line (the scenario picker types into it). */
	readonly filtering: boolean;
	readonly empty: string;
};

/** A list with a cursor, windowed to HEIGHT, under its title and filter line. */
export function Picker({title, items, state, height, width, filtering, empty}: PickerProps) {
	const shown = visibleItems(items, state.filter);
	const rows = Math.max(1, height - (filtering ? 2 : 1));
	const top = Math.max(0, Math.min(state.cursor - Math.floor(rows / 2), shown.length - rows));
	const {visible} = windowLines(shown, rows, top);
	const labelWidth = Math.min(Math.max(0, ...items.map(item => item.label.length)) + 2, Math.floor(width / 2));
	return (
		<Box flexDirection="column" height={height} width={width}>
			<Text bold wrap="truncate">
				{fit(title, width)}
			</Text>
			{filtering ? <Text wrap="truncate">{fit(`filter: ${state.filter}█`, width)}</Text> : undefined}
			{shown.length === 0 ? <Text dimColor>{fit(empty, width)}</Text> : undefined}
			{visible.map((item, index) => {
				const selected = top + index === state.cursor;
				return (
					<Text key={item.value} inverse={selected} wrap="truncate">
						{fit(`${selected ? '›' : ' '} ${padTo(item.label, labelWidth - 2)}  ${item.detail}`, width)}
					</Text>
				);
			})}
		</Box>
	);
}
