/**
 * The pickers' state, a pure reducer (tested without rendering): a list of choices, a
 * filter typed as the user goes, and a cursor. The key router feeds it, so no key that
 * arrives before a frame is drawn is lost (a picker component with its own input hook
 * subscribes only after it is drawn).
 */

/** One choice: what it shows, what it searches, what it gives. */
export type PickerItem = {readonly label: string; readonly detail: string; readonly value: string; readonly key?: string};

/** A picker's state. */
export type PickerState = {readonly filter: string; readonly cursor: number};

/** A new picker's state, with the cursor on the item whose value is AT (if any). */
export function openPicker(items: readonly PickerItem[], at?: string): PickerState {
	return {filter: '', cursor: Math.max(0, items.findIndex(item => item.value === at))};
}

/** The items FILTER keeps: every word of it in the label or the detail, case-insensitively. */
export function visibleItems(items: readonly PickerItem[], filter: string): PickerItem[] {
	const words = filter.toLowerCase().split(/\s+/).filter(Boolean);
	return items.filter(item => {
		const text = `${item.label} ${item.detail}`.toLowerCase();
		return words.every(word => text.includes(word));
	});
}

/** What a key does to a picker. */
export type PickerEvent =
	| {readonly type: 'type'; readonly text: string}
	| {readonly type: 'backspace'}
	| {readonly type: 'move'; readonly delta: number}
	| {readonly type: 'to'; readonly index: number};

/** Applies EVENT; the cursor stays within the filtered items. */
export function pickerReducer(state: PickerState, event: PickerEvent, items: readonly PickerItem[]): PickerState {
	switch (event.type) {
		case 'type': {
			return {filter: state.filter + event.text, cursor: 0};
		}

		case 'backspace': {
			return {filter: state.filter.slice(0, -1), cursor: 0};
		}

		case 'move': {
			const count = visibleItems(items, state.filter).length;
			return {...state, cursor: count === 0 ? 0 : (state.cursor + event.delta + count) % count};
		}

		case 'to': {
			return {...state, cursor: event.index};
		}

		default: {
			return event satisfies never;
		}
	}
}

/** The item under the cursor, if any. */
export function selectedItem(items: readonly PickerItem[], state: PickerState): PickerItem | undefined {
	return visibleItems(items, state.filter)[state.cursor];
}
