/** Rendering the debugger in ink-testing-library and waiting for what a user would see. */
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {render} from 'ink-testing-library';
import {loadText} from '../../source/scenario/load.js';
import type {SessionOptions} from '../../source/session/session.js';
import {App, type Opened} from '../../source/ui/app.js';
import {DebuggerModel} from '../../source/ui/model.js';
import {root} from '../cli/helpers.js';

/** A model on scenarios/NAME.scn. */
export function modelOn(name: string, options: SessionOptions = {}): DebuggerModel {
	const file = `scenarios/${name}.scn`;
	const loaded = loadText(file, readFileSync(path.join(root, file), 'utf8'));
	return new DebuggerModel(loaded.scenario!, options);
}

/** Renders the app (100 columns, 24 rows, as ink-testing-library's stdout reports). */
export function renderApp(opened: Opened | undefined, files: string[] = []) {
	const items = files.map(file => ({path: file, title: `title of ${path.basename(file, '.scn')}`}));
	const open = async (file: string): Promise<Opened> => {
		const name = path.basename(file, '.scn');
		return {model: modelOn(name)};
	};

	return render(<App opened={opened} files={items} open={open} color={false} />);
}

/** Waits until the last frame satisfies TEST (no fixed sleeps: polls the frames). */
export async function waitForFrame(lastFrame: () => string | undefined, test: (frame: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 15_000;
	for (;;) {
		const frame = lastFrame() ?? '';
		if (test(frame)) {
			return frame;
		}

		if (Date.now() > deadline) {
			throw new Error(`timed out waiting for ${what}; last frame:\n${frame}`);
		}

		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}

/**
 * Lets Ink run the effects of the frame just drawn (useInput handlers subscribe there)
 * before the test types: a few event-loop turns, not a fixed sleep.
 */
export async function settle(): Promise<void> {
	for (let i = 0; i < 5; i++) {
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}
}
