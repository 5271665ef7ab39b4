/** The pickers' keys (`o`, `m`, and the scenario picker the debugger opens without a scenario). */
import type {Key} from 'ink';
import {selectedItem} from './picker.js';
import type {UiState} from './ui-state.js';
import type {KeyContext} from './use-keys.js';

/**
 * Keys of the pickers: typing filters the scenario list (a path typed there opens as
 * a file), A-F pick a configuration at once, Up/Down move, Enter picks, Esc cancels;
 * q with nothing typed leaves (the debugger, when no scenario is open yet).
 */
export function pickerKey(context: KeyContext, ui: UiState, mode: 'pick-scenario' | 'pick-config', input: string, key: Key): void {
	const {dispatch} = context;
	const {items} = mode === 'pick-scenario' ? context.scenarioItems() : context.configItems();
	const {picker} = ui;
	const close = () => {
		dispatch({type: 'mode', mode: 'normal'});
	};

	if (key.escape) {
		if (context.model !== undefined) {
			close();
		}

		return;
	}

	if (key.upArrow || key.downArrow) {
		dispatch({type: 'picker', event: {type: 'move', delta: key.upArrow ? -1 : 1}, items});
		return;
	}

	if (key.return) {
		const chosen = selectedItem(items, picker);
		if (mode === 'pick-config') {
			if (chosen !== undefined) {
				close();
				context.pickConfig(chosen.value);
			}
		} else if (chosen !== undefined || picker.filter.trim() !== '') {
			close();
			context.openScenario(chosen?.value ?? picker.filter.trim());
		}

		return;
	}

	if (input === 'q' && picker.filter === '') {
		if (context.model === undefined) {
			context.quit();
		} else {
			close();
		}

		return;
	}

	if (mode === 'pick-config') {
		const letter = items.find(item => item.key === input.toUpperCase());
		if (letter !== undefined) {
			close();
			context.pickConfig(letter.value);
		}

		return;
	}

	if (key.backspace || key.delete) {
		dispatch({type: 'picker', event: {type: 'backspace'}, items});
	} else if (input !== '' && !key.ctrl && !key.meta) {
		dispatch({type: 'picker', event: {type: 'type', text: input}, items});
	}
}
