/** The `?` overlay, generated from the key-binding table: a pane that scrolls. */
import {bindings} from '../keys.js';
import type {PaneLine} from '../view/line.js';
import {Pane} from './pane.js';

/** Props of HelpOverlay. */
export type HelpOverlayProps = {readonly height: number; readonly width: number; readonly scroll: number; readonly color: boolean};

/** Every key and what it does, then how the `:` line works. */
export function helpLines(): PaneLine[] {
	const rows = bindings.filter(binding => binding.help !== '').map(binding => `${binding.label.padEnd(11)} ${binding.help}`);
	return [
		...rows,
		'',
		'On the : line: every debugger command (help lists them, help COMMAND describes one), e.g.',
		'  break ipi_send to=1   watch pm_gen P cpu1   why cpu1 P 0x400000   info expect',
	].map(text => ({text}));
}

/** Lists every key and what it does; the `:` line takes every debugger command. */
export function HelpOverlay({height, width, scroll, color}: HelpOverlayProps) {
	return <Pane title="Keys (Up/Down/PgUp/PgDn scroll; Esc, ? or q closes)" lines={helpLines()} height={height} width={width} focused scroll={scroll} color={color} />;
}
