/**
 * `--watch`: reload when the scenario file changes. The folder is watched, not the
 * file: editors that save by writing a new file and renaming it over the old one (vim,
 * many IDEs) replace the file a watch on it follows, and fs.watch on the folder sees both
 * kinds of save on Linux (inotify) and macOS (FSEvents). Bursts (a save is often several
 * events) are folded into one reload.
 */
import {watch, type FSWatcher} from 'node:fs';
import path from 'node:path';

/** Calls ONCHANGE (at most once per DELAY ms of quiet) when FILE is written or replaced; returns the stop function. */
export function watchFile(file: string, onChange: () => void, delay = 100): () => void {
	const folder = path.dirname(path.resolve(file));
	const name = path.basename(file);
	let timer: NodeJS.Timeout | undefined;
	let watcher: FSWatcher | undefined;
	try {
		watcher = watch(folder, (_event, changed) => {
			if (changed !== null && changed.toString() !== name) {
				return;
			}

			clearTimeout(timer);
			timer = setTimeout(onChange, delay);
		});
		// The folder removed or unmounted under the watch: watching ends, the session stays.
		watcher.on('error', () => {
			watcher?.close();
		});
	} catch {
		// A folder that cannot be watched: --watch does nothing more than R does.
		return () => {};
	}

	return () => {
		clearTimeout(timer);
		watcher?.close();
	};
}
