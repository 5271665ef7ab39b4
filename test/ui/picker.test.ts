/** The pickers' pure state: filtering by every word in name or title, a wrapping cursor, the item under it. */
import {describe, expect, it} from 'vitest';
import {openPicker, pickerReducer, selectedItem, visibleItems, type PickerItem} from '../../source/ui/picker.js';

const items: PickerItem[] = [
	{label: 'scenarios/default.scn', detail: 'remote user page, pmap active on the other CPU', value: 'a'},
	{label: 'scenarios/two-initiators.scn', detail: 'two initiators shoot down the same target', value: 'b'},
	{label: 'scenarios/pcid-wrap.scn', detail: 'PCID rollover', value: 'c'},
];

describe('the picker state', () => {
	it('keeps the items holding every typed word, in the name or the title, in any case', () => {
		expect(visibleItems(items, '').map(item => item.value)).toEqual(['a', 'b', 'c']);
		expect(visibleItems(items, 'TWO target').map(item => item.value)).toEqual(['b']);
		expect(visibleItems(items, 'pcid').map(item => item.value)).toEqual(['c']);
		expect(visibleItems(items, 'scn remote').map(item => item.value)).toEqual(['a']);
		expect(visibleItems(items, 'nothing-like-it')).toEqual([]);
	});

	it('opens on the current item, types, backspaces and wraps the cursor within what the filter keeps', () => {
		let state = openPicker(items, 'b');
		expect(selectedItem(items, state)?.value).toBe('b');
		state = pickerReducer(state, {type: 'move', delta: 1}, items);
		state = pickerReducer(state, {type: 'move', delta: 1}, items);
		expect(selectedItem(items, state)?.value).toBe('a');
		state = pickerReducer(state, {type: 'move', delta: -1}, items);
		expect(selectedItem(items, state)?.value).toBe('c');
		state = pickerReducer(state, {type: 'type', text: 'i'}, items);
		state = pickerReducer(state, {type: 'type', text: 'n'}, items);
		expect(state).toEqual({filter: 'in', cursor: 0});
		expect(visibleItems(items, state.filter).map(item => item.value)).toEqual(['b']);
		state = pickerReducer(state, {type: 'move', delta: 5}, items);
		expect(selectedItem(items, state)?.value).toBe('b');
		state = pickerReducer(state, {type: 'type', text: 'zz'}, items);
		expect(selectedItem(items, state)).toBeUndefined();
		expect(pickerReducer(state, {type: 'move', delta: 1}, items).cursor).toBe(0);
		state = pickerReducer(pickerReducer(state, {type: 'backspace'}, items), {type: 'backspace'}, items);
		expect(state.filter).toBe('in');
		expect(openPicker(items, 'missing').cursor).toBe(0);
	});
});
