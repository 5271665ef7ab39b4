/** The `?` overlay, generated from the key-binding table. */
import {Box, Text} from 'ink';
import {bindings} from '../keys.js';

/** Props of HelpOverlay. */
export type HelpOverlayProps = {readonly height: number; readonly width: number};

/** Lists every key and what it does; the `:` line takes every debugger command. */
export function HelpOverlay({height, width}: HelpOverlayProps) {
	const rows = bindings.filter(binding => binding.help !== '').map(binding => `${binding.label.padEnd(11)} ${binding.help}`);
	const lines = ['Keys (Esc or ? closes)', '', ...rows, '', 'On the : line: every debugger command (help lists them), e.g.', '  break ipi_send to=1   watch pm_gen P cpu1   why cpu1 P 0x400000'];
	return (
		<Box flexDirection="column" width={width} height={height}>
			{lines.slice(0, height).map((line, index) => (
				// eslint-disable-next-line react/no-array-index-key
				<Text key={index} bold={index === 0} wrap="truncate">
					{line}
				</Text>
			))}
		</Box>
	);
}
