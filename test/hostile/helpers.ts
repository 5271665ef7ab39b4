/** Shared by the hostile-input tests: the payload, the "nothing raw" check, scratch folders. */
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {expect, onTestFinished} from 'vitest';
import {root} from '../cli/helpers.js';

/** OSC (retitle), BEL, CSI (clear screen, conceal), and the C1 bytes CSI and OSC. */
export const HOSTILE = '\u001B]2;PWNED\u0007\u001B[2J\u001B[8m\u0007\u009B\u009D';

/** How the rule shows HOSTILE. */
export const SHOWN = '\\x1b]2;PWNED\\x07\\x1b[2J\\x1b[8m\\x07\\x9b\\x9d';

/** Every control character but line feed and tab (C0, DEL, C1). */
const RAW = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** Asserts that TEXT, as written to a terminal, holds no control character but line feeds and tabs. */
export function expectNoControl(text: string, where: string): void {
	const found = RAW.exec(text);
	expect(found === null, `${where}: a raw U+${found?.[0].charCodeAt(0).toString(16).padStart(4, '0')} at ${found?.index}: ${JSON.stringify(text.slice(Math.max(0, (found?.index ?? 0) - 40), (found?.index ?? 0) + 40))}`).toBe(true);
}

/** A fresh folder for the running test, removed when it finishes (call it inside a test). */
export function scratch(): string {
	const folder = mkdtempSync(path.join(tmpdir(), 'pmapdbg-hostile-'));
	onTestFinished(() => {
		rmSync(folder, {recursive: true, force: true});
	});
	return folder;
}

/** A shipped scenario's text. */
export function shipped(name: string): string {
	return readFileSync(path.join(root, 'scenarios', `${name}.scn`), 'utf8');
}
