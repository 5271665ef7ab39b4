/**
 * Routing keys: overlays and the `:` line take keys before the global bindings; the
 * bindings table decides the rest. Returns nothing: it dispatches UI events and runs
 * debugger commands on the model.
 */
import {useInput, type Key} from 'ink';
import type {Dispatch} from 'react';
import {commands} from '../commands/table.js';
import {bindingFor, type UiAction} from './keys.js';
import type {Layout, PaneId} from './layout.js';
import type {DebuggerModel} from './model.js';
import type {UiEvent, UiState} from './ui-state.js';

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

	if (key.ctrl && input === 'l') {
		return 'ctrl-l';
	}

	return input;
}

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
	readonly redraw: () => void;
	readonly paneLength: (pane: PaneId) => number;
	readonly paneScroll: (pane: PaneId) => number;
};

function paneHeight(layout: Layout, pane: PaneId): number {
	return [...layout.left, ...layout.right].find(box => box.id === pane)?.height ?? 5;
}

/** Installs the key handler. */
export function useKeys(context: KeyContext): void {
	const {model, ui, dispatch, layout, active, refresh, quit, redraw, paneLength, paneScroll} = context;
	const run = (command: string) => {
		if (model === undefined) {
			return;
		}

		model.execute(command);
		dispatch({type: 'follow'});
		refresh();
	};

	const uiAction = (action: UiAction) => {
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

			case 'command-line': {
				dispatch({type: 'mode', mode: 'command'});
				return;
			}

			case 'help':
			case 'pick-config':
			case 'pick-scenario': {
				dispatch({type: 'mode', mode: action});
				return;
			}

			case 'quit': {
				quit();
				return;
			}

			case 'redraw': {
				redraw();
				return;
			}

			case 'break-here': {
				if (model === undefined) {
					return;
				}

				const existing = model.session.breakpoints.find(breakpoint => breakpoint.target.kind === 'line' && breakpoint.target.line === ui.cursor);
				run(existing ? `delete ${existing.number}` : `break ${ui.cursor}`);
				return;
			}

			default: {
				action satisfies never;
			}
		}
	};

	/**
	 * Typed text that arrived in one chunk (paste, fast typing, a test driver): walk it
	 * character by character, since the reducer's state only updates after the chunk.
	 */
	const typeChunk = (chunk: string) => {
		let mode = ui.mode;
		let text = ui.commandText;
		for (const ch of chunk) {
			if (mode === 'command') {
				if (ch === '\r' || ch === '\n') {
					dispatch({type: 'command-text', text});
					dispatch({type: 'submit'});
					run(text);
					mode = 'normal';
					text = '';
				} else if (ch === '\u007F' || ch === '\b') {
					text = text.slice(0, -1);
				} else if (ch === '\u001B') {
					mode = 'normal';
					dispatch({type: 'mode', mode: 'normal'});
				} else {
					text += ch;
				}
			} else if (mode === 'normal') {
				if (ch === ':') {
					mode = 'command';
					text = '';
				} else if (ch === '\r' || ch === '\n') {
					run('');
				} else {
					handleKey(ch);
				}
			}
		}

		if (mode === 'command') {
			dispatch({type: 'command-text', text});
		}
	};

	useInput(
		(input, key) => {
			if (input.length > 1 && !key.ctrl && !key.meta && (ui.mode === 'command' || ui.mode === 'normal')) {
				typeChunk(input);
				return;
			}

			if (ui.mode === 'command') {
				if (key.return) {
					const text = ui.commandText;
					dispatch({type: 'submit'});
					run(text);
				} else if (key.escape) {
					dispatch({type: 'mode', mode: 'normal'});
				} else if (key.backspace || key.delete) {
					dispatch({type: 'backspace'});
				} else if (key.upArrow || key.downArrow) {
					dispatch({type: 'history', delta: key.upArrow ? -1 : 1});
				} else if (key.tab) {
					const completed = complete(ui.commandText);
					dispatch({type: 'type', text: completed.slice(ui.commandText.length)});
				} else if (input && !key.ctrl && !key.meta) {
					dispatch({type: 'type', text: input});
				}

				return;
			}

			if (ui.mode !== 'normal') {
				if (key.escape || (ui.mode === 'help' && (input === '?' || input === 'q'))) {
					dispatch({type: 'mode', mode: 'normal'});
				}

				return;
			}

			if (key.return) {
				// Enter repeats the last command, as in GDB.
				run('');
				return;
			}

			handleKey(keyName(input, key));
		},
		{isActive: active},
	);

	function handleKey(name: string): void {
			const binding = bindingFor(name);
			if (binding === undefined) {
				return;
			}

			if (model === undefined && !('action' in binding.does && ['quit', 'pick-scenario', 'help', 'redraw'].includes(binding.does.action))) {
				return;
			}

			if ('command' in binding.does) {
				run(binding.does.command);
			} else {
				uiAction(binding.does.action);
			}
	}
}
