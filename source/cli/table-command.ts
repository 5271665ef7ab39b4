/** `pmapdbg table [--json]` (cli.md). */
import {record} from '../report/records.js';
import {tableRows, tableText} from '../table/render.js';

/** The table as text, or as a JSON array of rows. */
export function tableCommand(json: boolean): string {
	return json ? JSON.stringify(tableRows().map(row => record('table-row', row)), undefined, 1) + '\n' : tableText();
}
