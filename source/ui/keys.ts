/**
 * Key bindings as data: one table from which input handling and the `?` overlay are
 * both generated. A binding either runs a debugger command or a UI action.
 */
import type {Key} from 'ink';

/** UI actions that are not debugger commands. */
export type UiAction = 'filter' | 'focus-next' | 'focus-previous' | 'scroll-up' | 'scroll-down' | 'page-up' | 'page-down' | 'home' | 'end' | 'command-line' | 'pick-config' | 'pick-scenario' | 'help' | 'quit' | 'interrupt' | 'suspend' | 'redraw' | 'break-here' | 'zoom' | 'reload' | 'lanes';

/** One binding. */
export type Binding = {
	/** How the help overlay shows the key. */
	readonly label: string;
	/** Matches the input: a character, or a named key. */
	readonly key: string;
	readonly does: {readonly command: string} | {readonly action: UiAction};
	readonly help: string;
	/** Shown in the hint line. */
	readonly hint?: string;
};

/** The bindings, in help order. */
export const bindings: readonly Binding[] = [
	{label: 's', key: 's', does: {command: 'step'}, help: 'step: finish the current statement', hint: 'step'},
	{label: 'S', key: 'S', does: {command: 'reverse-step'}, help: 'reverse-step'},
	{label: 'i', key: 'i', does: {command: 'stepi'}, help: 'stepi: one micro-operation', hint: 'stepi'},
	{label: 'I', key: 'I', does: {command: 'reverse-stepi'}, help: 'reverse-stepi', hint: 'back'},
	{label: 'c', key: 'c', does: {command: 'continue'}, help: 'continue to a breakpoint, a watchpoint, a stale use or the end', hint: 'cont'},
	{label: 'C', key: 'C', does: {command: 'reverse-continue'}, help: 'reverse-continue'},
	{label: 'f', key: 'f', does: {command: 'finish'}, help: 'finish the current invalidation'},
	{label: 'F', key: 'F', does: {command: 'reverse-finish'}, help: 'reverse-finish'},
	{label: 'b', key: 'b', does: {action: 'break-here'}, help: 'toggle a breakpoint at the selected source line; in the event log, break on the selected event', hint: 'break'},
	{label: ':', key: ':', does: {action: 'command-line'}, help: 'command line (GDB commands; Tab completes, Up/Down history, Enter repeats)', hint: 'cmd'},
	{label: '/', key: '/', does: {action: 'filter'}, help: 'filter the event log (events whose line contains the text; empty: all)'},
	{label: 'Tab', key: 'tab', does: {action: 'focus-next'}, help: 'focus the next pane'},
	{label: 'Shift-Tab', key: 'shift-tab', does: {action: 'focus-previous'}, help: 'focus the previous pane'},
	{label: 'Up/Down', key: 'up', does: {action: 'scroll-up'}, help: 'move in the focused pane (Down: down)'},
	{label: 'Down', key: 'down', does: {action: 'scroll-down'}, help: ''},
	{label: 'PgUp/PgDn', key: 'pageup', does: {action: 'page-up'}, help: 'scroll the focused pane by a page'},
	{label: 'PgDn', key: 'pagedown', does: {action: 'page-down'}, help: ''},
	{label: 'Home/End', key: 'home', does: {action: 'home'}, help: 'top / bottom of the focused pane'},
	{label: 'z', key: 'z', does: {action: 'zoom'}, help: 'maximise the focused pane, or back (the output pane: read a long why, info or help whole)', hint: 'zoom'},
	{label: 'l', key: 'l', does: {action: 'lanes'}, help: 'the events pane as IPI lanes: the shootdown as a message-sequence chart, one lane per CPU taking part', hint: 'lanes'},
	{label: 'End', key: 'end', does: {action: 'end'}, help: ''},
	{label: 'm', key: 'm', does: {action: 'pick-config'}, help: 'choose the configuration: A-F at once, or Up/Down and Enter (the session restarts; points kept)'},
	{label: 'o', key: 'o', does: {action: 'pick-scenario'}, help: 'open another scenario: type to filter names and titles, or a path; Enter opens'},
	{label: 'R', key: 'R', does: {action: 'reload'}, help: 'reload the scenario from its file, keeping breakpoints, watchpoints, displays and the step'},
	{label: '?', key: '?', does: {action: 'help'}, help: 'this help', hint: 'help'},
	{label: 'Ctrl-L', key: 'ctrl-l', does: {action: 'redraw'}, help: 'redraw the screen'},
	{label: 'q', key: 'q', does: {action: 'quit'}, help: 'quit', hint: 'quit'},
	{label: 'Ctrl-C', key: 'ctrl-c', does: {action: 'interrupt'}, help: 'quit as an interrupt (exit status 130)'},
	{label: 'Ctrl-Z', key: 'ctrl-z', does: {action: 'suspend'}, help: 'suspend to the shell (fg resumes)'},
];

/** The binding for a key name, if any. */
export function bindingFor(key: string): Binding | undefined {
	return bindings.find(binding => binding.key === key);
}

/** The name bindings use for a key press. */
export function keyName(input: string, key: Key): string {
	if (key.tab) {
		return key.shift ? 'shift-tab' : 'tab';
	}

	if (key.upArrow) {
		return 'up';
	}

	if (key.downArrow) {
		return 'down';
	}

	if (key.pageUp) {
		return 'pageup';
	}

	if (key.pageDown) {
		return 'pagedown';
	}

	if (key.home) {
		return 'home';
	}

	if (key.end) {
		return 'end';
	}

	if (key.ctrl && ['l', 'c', 'z'].includes(input)) {
		return `ctrl-${input}`;
	}

	return input;
}
