/** `pmapdbg table [--json]` (cli.md). */
import {tableRows, tableText} from '../table/render.js';

/** The table as text, or as a JSON array of rows. */
export function tableCommand(json: boolean): string {
	return json ? JSON.stringify(tableRows(), undefined, 1) + '\n' : tableText();
}
