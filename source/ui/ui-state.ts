/**
 * The UI's own state (not the debugger's): which pane has focus, how far each pane is
 * scrolled, which overlay is open, the `:` line and its history. A pure reducer, tested
 * without rendering.
 */
import {paneOrder, type PaneId} from './layout.js';
import {openPicker, pickerReducer, type PickerEvent, type PickerItem, type PickerState} from './picker.js';

/** What takes the keyboard. */
export type UiMode = 'normal' | 'command' | 'help' | 'pick-config' | 'pick-scenario';

/** The UI state. */
export type UiState = {
	readonly mode: UiMode;
	readonly focus: PaneId;
	/** The open picker's filter and cursor (`o`, `m`). */
	readonly picker: PickerState;
	/** How far the `?` overlay is scrolled. */
	readonly helpScroll: number;
	/** The maximised pane (z), if any. */
	readonly zoom: PaneId | undefined;
	/** Whether the events pane draws the IPI lanes (l) instead of the log. */
	readonly lanes: boolean;
	/** Scroll offsets; a pane without one follows the current position. */
	readonly scroll: Readonly<Partial<Record<PaneId, number>>>;
	/** The selected source line (1-based), for `b`. */
	readonly cursor: number;
	readonly commandText: string;
	/** What the text line is for: a debugger command (`:`) or the event-log filter (`/`). */
	readonly prompt: 'command' | 'filter';
	/** Only events whose line contains this are listed (empty: all). */
	readonly eventFilter: string;
	/** The selected line of the event log (for `b`); undefined: none, the log follows. */
	readonly eventCursor: number | undefined;
	readonly history: readonly string[];
	/** Position in the history while browsing it (history.length: the new line). */
	readonly historyIndex: number;
};

/** What the UI can do to its state. */
export type UiEvent =
	| {readonly type: 'focus'; readonly delta: 1 | -1}
	| {readonly type: 'focus-on'; readonly pane: PaneId}
	| {readonly type: 'zoom'}
	| {readonly type: 'lanes'}
	| {readonly type: 'help-scroll'; readonly to: number}
	| {readonly type: 'scroll'; readonly pane: PaneId; readonly to: number}
	| {readonly type: 'follow'}
	| {readonly type: 'event-cursor'; readonly index: number}
	| {readonly type: 'cursor'; readonly line: number}
	| {readonly type: 'mode'; readonly mode: UiMode; readonly prompt?: 'command' | 'filter'}
	| {readonly type: 'open-picker'; readonly mode: 'pick-scenario' | 'pick-config'; readonly items: readonly PickerItem[]; readonly at?: string}
	| {readonly type: 'picker'; readonly event: PickerEvent; readonly items: readonly PickerItem[]}
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'command-text'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'history'; readonly delta: 1 | -1}
	| {readonly type: 'submit'};

/** The state the debugger opens with. */
export const initialUiState: UiState = {
	mode: 'normal',
	focus: 'source',
	zoom: undefined,
	lanes: false,
	picker: {filter: '', cursor: 0},
	helpScroll: 0,
	scroll: {},
	cursor: 1,
	commandText: '',
	prompt: 'command',
	eventFilter: '',
	eventCursor: undefined,
	history: [],
	historyIndex: 0,
};

/** Applies EVENT. */
export function uiReducer(state: UiState, event: UiEvent): UiState {
	switch (event.type) {
		case 'focus': {
			const index = paneOrder.indexOf(state.focus);
			const focus = paneOrder[(index + event.delta + paneOrder.length) % paneOrder.length]!;
			// A maximised pane stays maximised as focus moves: the next one is shown instead.
			return {...state, focus, zoom: state.zoom === undefined ? undefined : focus};
		}

		case 'focus-on': {
			return {...state, focus: event.pane, zoom: state.zoom === undefined ? undefined : event.pane};
		}

		case 'open-picker': {
			return {...state, mode: event.mode, picker: openPicker(event.items, event.at)};
		}

		case 'picker': {
			return {...state, picker: pickerReducer(state.picker, event.event, event.items)};
		}

		case 'help-scroll': {
			return {...state, helpScroll: Math.max(0, event.to)};
		}

		case 'zoom': {
			return {...state, zoom: state.zoom === undefined ? state.focus : undefined};
		}

		case 'lanes': {
			// The chart and the log scroll differently: each starts at its end again.
			return {...state, lanes: !state.lanes, scroll: {...state.scroll, events: undefined}, eventCursor: undefined};
		}

		case 'scroll': {
			return {...state, scroll: {...state.scroll, [event.pane]: Math.max(0, event.to)}};
		}

		case 'follow': {
			// After a stop, panes follow the machine again.
			return {...state, scroll: {}, eventCursor: undefined};
		}

		case 'event-cursor': {
			return {...state, eventCursor: Math.max(0, event.index)};
		}

		case 'cursor': {
			return {...state, cursor: Math.max(1, event.line)};
		}

		case 'mode': {
			// The `:` line starts empty; the `/` line starts with the current filter.
			const prompt = event.prompt ?? 'command';
			const text = event.mode === 'command' ? (prompt === 'filter' ? state.eventFilter : '') : state.commandText;
			return {...state, mode: event.mode, prompt, commandText: text, historyIndex: state.history.length, helpScroll: event.mode === 'help' ? 0 : state.helpScroll};
		}

		case 'type': {
			return {...state, commandText: state.commandText + event.text};
		}

		case 'command-text': {
			return {...state, mode: 'command', commandText: event.text};
		}

		case 'backspace': {
			return {...state, commandText: state.commandText.slice(0, -1)};
		}

		case 'history': {
			const index = Math.min(state.history.length, Math.max(0, state.historyIndex + event.delta));
			return {...state, historyIndex: index, commandText: state.history[index] ?? ''};
		}

		case 'submit': {
			const text = state.commandText.trim();
			if (state.prompt === 'filter') {
				return {...state, mode: 'normal', eventFilter: text, commandText: '', scroll: {...state.scroll, events: undefined}};
			}

			const history = text === '' || state.history.at(-1) === text ? state.history : [...state.history, text];
			return {...state, mode: 'normal', history, historyIndex: history.length, commandText: ''};
		}

		default: {
			return event satisfies never;
		}
	}
}
