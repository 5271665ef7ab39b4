/**
 * `--watch` sees the two ways editors save: writing the file in place, and writing a new
 * file and renaming it over the old one (vim's backupcopy=no, most IDEs); a burst of
 * events is one reload; other files in the folder are not the scenario.
 */
import {mkdtempSync, renameSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterEach, describe, expect, it} from 'vitest';
import {watchFile} from '../../source/cli/watch-file.js';

const stops: Array<() => void> = [];
afterEach(() => {
	for (const stop of stops.splice(0)) {
		stop();
	}
});

/** Watches a fresh scenario file; returns its path and a counter of reloads. */
function watched() {
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-watch-'));
	const file = path.join(folder, 'mine.scn');
	writeFileSync(file, 'cpus 2\n');
	const reloads = {count: 0};
	stops.push(watchFile(file, () => {
		reloads.count++;
	}, 50));
	return {folder, file, reloads};
}

/** Waits until COUNT reloads were seen (or five seconds), then a quiet while for extras. */
async function settle(reloads: {count: number}, count: number): Promise<number> {
	const deadline = Date.now() + 5000;
	while (reloads.count < count && Date.now() < deadline) {
		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	return reloads.count;
}

describe('watchFile', () => {
	it('reloads once when the file is written in place, however many writes a save makes', async () => {
		const {file, reloads} = watched();
		writeFileSync(file, 'cpus 2\n');
		writeFileSync(file, 'cpus 2\ncpu0: switch A\n');
		expect(await settle(reloads, 1)).toBe(1);
		writeFileSync(file, 'cpus 3\n');
		expect(await settle(reloads, 2)).toBe(2);
	});

	it('reloads when a new file is renamed over it, and keeps watching the replacement', async () => {
		const {folder, file, reloads} = watched();
		const temporary = path.join(folder, '.mine.scn.swp');
		writeFileSync(temporary, 'cpus 3\n');
		renameSync(temporary, file);
		expect(await settle(reloads, 1)).toBe(1);
		writeFileSync(temporary, 'cpus 4\n');
		renameSync(temporary, file);
		expect(await settle(reloads, 2)).toBe(2);
	});

	it('does not reload for other files in the folder', async () => {
		const {folder, reloads} = watched();
		writeFileSync(path.join(folder, 'other.scn'), 'cpus 2\n');
		expect(await settle(reloads, 1)).toBe(0);
	});
});
