/**
 * Routing keys: overlays and the `:` line take keys before the global bindings; the
 * bindings table decides the rest. Returns nothing: it dispatches UI events and runs
 * debugger commands on the model.
 */
import {useInput, type Key} from 'ink';
import {useRef} from 'react';
import type {Dispatch} from 'react';
import {commands} from '../commands/table.js';
import {helpLines} from './components/help-overlay.js';
import {bindingFor, keyName, type UiAction} from './keys.js';
import {pickerKey} from './picker-keys.js';
import type {PickerItem} from './picker.js';
import type {Layout, PaneId} from './layout.js';
import type {EngineEvent} from '../engine/index.js';
import type {DebuggerModel} from './model.js';
import {uiReducer, type UiEvent, type UiState} from './ui-state.js';

/** Completes the first word of TEXT to a command name when the prefix is unique. */
export function complete(text: string): string {
	if (text.includes(' ')) {
		return text;
	}

	const names = commands.flatMap(command => [command.name]).filter(name => name.startsWith(text));
	if (names.length === 1) {
		return names[0]! + ' ';
	}

	// The longest common prefix of the candidates.
	let prefix = names[0] ?? text;
	for (const name of names) {
		while (!name.startsWith(prefix)) {
			prefix = prefix.slice(0, -1);
		}
	}

	return prefix.length > text.length ? prefix : text;
}

/** What the key router needs. */
export type KeyContext = {
	/** Undefined while no scenario is open: only quit, open and help work then. */
	readonly model: DebuggerModel | undefined;
	readonly ui: UiState;
	readonly dispatch: Dispatch<UiEvent>;
	readonly layout: Layout;
	readonly active: boolean;
	/** Re-render after a model change. */
	readonly refresh: () => void;
	readonly quit: () => void;
	/** Ctrl-C: end as an interrupted program does (exit 130). */
	readonly interrupt: () => void;
	/** Ctrl-Z: suspend as a shell job. */
	readonly suspend: () => void;
	readonly redraw: () => void;
	readonly paneLength: (pane: PaneId) => number;
	readonly paneScroll: (pane: PaneId) => number;
	/** The scenario picker's choices (shipped scenarios, this folder's), with the open one's value. */
	readonly scenarioItems: () => {readonly items: readonly PickerItem[]; readonly current?: string};
	/** The configuration picker's choices (A-F), with the current one's value. */
	readonly configItems: () => {readonly items: readonly PickerItem[]; readonly current?: string};
	/** Opens the scenario at PATH (a choice, or a path typed into the filter). */
	readonly openScenario: (path: string) => void;
	/** Restarts in the configuration VALUE (`mode/invpcid`). */
	readonly pickConfig: (value: string) => void;
	/** R: reads the scenario again from its file. */
	readonly reload: () => void;
	/** Whether the last command's output is taller than the output pane. */
	readonly outputOverflows: () => boolean;
	/** The events pane's lines as events (for selecting one with the cursor). */
	readonly events: () => readonly EngineEvent[];
};

function paneHeight(layout: Layout, pane: PaneId): number {
	return [...layout.left, ...layout.right, ...(layout.output ? [layout.output] : [])].find(box => box.id === pane)?.height ?? 5;
}

/** Installs the key handler. */
export function useKeys(context: KeyContext): void {
	// Ink subscribes the handler in an effect, after the frame is drawn, and a burst of
	// keys can arrive before the next render: the handler reads the latest context
	// through a ref, and the UI state through a mirror that every dispatch updates at once.
	const latest = useRef(context);
	latest.current = context;
	const mirror = useRef(context.ui);
	const lastSeen = useRef(context.ui);
	if (context.ui !== lastSeen.current) {
		lastSeen.current = context.ui;
		mirror.current = context.ui;
	}

	useInput(
		(input, key) => {
			const dispatch = (event: UiEvent) => {
				mirror.current = uiReducer(mirror.current, event);
				latest.current.dispatch(event);
			};

			new KeyRouter({...latest.current, dispatch}, () => mirror.current).handle(input, key);
		},
		{isActive: context.active},
	);
}

/** Routes one input chunk; UI reads the current UI state (it changes as keys are handled). */
class KeyRouter {
	private readonly context: KeyContext;
	private readonly ui: () => UiState;

	constructor(context: KeyContext, ui: () => UiState) {
		this.context = context;
		this.ui = ui;
	}

	handle(input: string, key: Key): void {
		const {mode} = this.ui();
		if (input.length > 1 && !key.ctrl && !key.meta && (mode === 'command' || mode === 'normal')) {
			// Typed text that arrived in one chunk (paste, fast typing): one key at a time.
			for (const ch of input) {
				this.handleCharacter(ch);
			}

			return;
		}

		// Ctrl-C and Ctrl-Z act in every mode: raw mode turned them into keys, and a user
		// expects them to work as they do in a shell whatever the debugger shows.
		const control = key.ctrl && (input === 'c' || input === 'z') ? bindingFor(`ctrl-${input}`) : undefined;
		if (control !== undefined && 'action' in control.does) {
			this.action(control.does.action);
			return;
		}

		if (mode === 'command') {
			this.commandKey(input, key);
			return;
		}

		if (mode === 'pick-scenario' || mode === 'pick-config') {
			pickerKey(this.context, this.ui(), mode, input, key);
			return;
		}

		if (mode !== 'normal') {
			if (key.escape || (mode === 'help' && (input === '?' || input === 'q'))) {
				this.context.dispatch({type: 'mode', mode: 'normal'});
			} else if (mode === 'help') {
				const page = Math.max(1, this.context.layout.height - this.context.layout.footer - 3);
				const delta = key.upArrow ? -1 : key.downArrow ? 1 : key.pageUp ? -page : key.pageDown ? page : key.home ? -1e6 : key.end ? 1e6 : 0;
				if (delta !== 0) {
					// Clamped here, so that Up after End moves at once.
					const max = Math.max(0, helpLines().length - page);
					this.context.dispatch({type: 'help-scroll', to: Math.min(max, Math.max(0, this.ui().helpScroll + delta))});
				}
			}

			return;
		}

		if (key.return) {
			// Enter repeats the last command, as in GDB.
			this.run('');
			return;
		}

		this.binding(keyName(input, key));
	}

	private handleCharacter(ch: string): void {
		const enter = ch === '\r' || ch === '\n';
		if (this.ui().mode === 'command') {
			if (enter) {
				this.submit();
			} else if (ch === '\u007F' || ch === '\b') {
				this.context.dispatch({type: 'backspace'});
			} else if (ch === '\u001B') {
				this.context.dispatch({type: 'mode', mode: 'normal'});
			} else {
				this.context.dispatch({type: 'type', text: ch});
			}
		} else if (enter) {
			this.run('');
		} else {
			this.binding(ch);
		}
	}

	private commandKey(input: string, key: Key): void {
		const {dispatch} = this.context;
		const {commandText} = this.ui();
		if (key.return) {
			this.submit();
		} else if (key.escape) {
			dispatch({type: 'mode', mode: 'normal'});
		} else if (key.backspace || key.delete) {
			dispatch({type: 'backspace'});
		} else if ((key.upArrow || key.downArrow) && this.ui().prompt === 'command') {
			dispatch({type: 'history', delta: key.upArrow ? -1 : 1});
		} else if (key.tab && this.ui().prompt === 'command') {
			dispatch({type: 'type', text: complete(commandText).slice(commandText.length)});
		} else if (input && !key.ctrl && !key.meta) {
			dispatch({type: 'type', text: input});
		}
	}

	private submit(): void {
		const {commandText, prompt} = this.ui();
		this.context.dispatch({type: 'submit'});
		if (prompt === 'command') {
			this.run(commandText);
		} else {
			this.context.refresh();
		}
	}

	private run(command: string): void {
		const {model, dispatch, refresh} = this.context;
		if (model === undefined) {
			return;
		}

		model.execute(command);
		if (model.quitRequested) {
			this.context.quit();
			return;
		}

		dispatch({type: 'follow'});
		// Output taller than its pane takes the focus, so PgDn scrolls it at once.
		if (this.context.outputOverflows()) {
			dispatch({type: 'focus-on', pane: 'output'});
		}

		refresh();
	}

	private binding(name: string): void {
		const binding = bindingFor(name);
		if (binding === undefined) {
			return;
		}

		if (this.context.model === undefined && !('action' in binding.does && ['quit', 'interrupt', 'suspend', 'pick-scenario', 'help', 'redraw', 'reload'].includes(binding.does.action))) {
			return;
		}

		if ('command' in binding.does) {
			this.run(binding.does.command);
		} else {
			this.action(binding.does.action);
		}
	}

	private action(action: UiAction): void {
		const {model, dispatch, layout, quit, redraw, paneLength, paneScroll} = this.context;
		const ui = this.ui();
		const page = Math.max(1, paneHeight(layout, ui.focus) - 2);
		const at = paneScroll(ui.focus);
		switch (action) {
			case 'focus-next':
			case 'focus-previous': {
				dispatch({type: 'focus', delta: action === 'focus-next' ? 1 : -1});
				return;
			}

			case 'scroll-up':
			case 'scroll-down': {
				const delta = action === 'scroll-up' ? -1 : 1;
				if (ui.focus === 'events' && !ui.lanes) {
					const count = this.context.events().length;
					const index = Math.min(count - 1, (ui.eventCursor ?? count) + delta);
					dispatch({type: 'event-cursor', index});
					const height = paneHeight(layout, 'events') - 1;
					const top = at > index ? index : at + height <= index ? index - height + 1 : at;
					dispatch({type: 'scroll', pane: 'events', to: top});
					return;
				}

				if (ui.focus === 'source') {
					dispatch({type: 'cursor', line: Math.min(paneLength('source'), ui.cursor + delta)});
				}

				dispatch({type: 'scroll', pane: ui.focus, to: at + delta});
				return;
			}

			case 'page-up':
			case 'page-down': {
				dispatch({type: 'scroll', pane: ui.focus, to: at + (action === 'page-up' ? -page : page)});
				return;
			}

			case 'home':
			case 'end': {
				dispatch({type: 'scroll', pane: ui.focus, to: action === 'home' ? 0 : paneLength(ui.focus)});
				return;
			}

			case 'command-line':
			case 'filter': {
				dispatch({type: 'mode', mode: 'command', prompt: action === 'filter' ? 'filter' : 'command'});
				return;
			}

			case 'help': {
				dispatch({type: 'mode', mode: action});
				return;
			}

			case 'pick-config':
			case 'pick-scenario': {
				const {items, current} = action === 'pick-config' ? this.context.configItems() : this.context.scenarioItems();
				dispatch({type: 'open-picker', mode: action, items, at: current});
				return;
			}

			case 'reload': {
				this.context.reload();
				return;
			}

			case 'quit': {
				quit();
				return;
			}

			case 'interrupt': {
				this.context.interrupt();
				return;
			}

			case 'suspend': {
				this.context.suspend();
				return;
			}

			case 'redraw': {
				redraw();
				return;
			}

			case 'zoom': {
				dispatch({type: 'zoom'});
				return;
			}

			case 'lanes': {
				dispatch({type: 'lanes'});
				return;
			}

			case 'break-here': {
				const selected = ui.focus === 'events' && ui.eventCursor !== undefined ? this.context.events()[ui.eventCursor] : undefined;
				if (selected) {
					// A breakpoint on the selected event's kind, on its CPU.
					this.run(`break ${selected.event} cpu=${selected.cpu}`);
					return;
				}

				const existing = model?.session.breakpoints.find(breakpoint => breakpoint.target.kind === 'line' && breakpoint.target.line === ui.cursor);
				this.run(existing ? `delete ${existing.number}` : `break ${ui.cursor}`);
				return;
			}

			default: {
				action satisfies never;
			}
		}
	}
}
