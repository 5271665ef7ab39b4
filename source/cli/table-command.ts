/** `pmapdbg table [--kernel freebsd|linux] [--json]` (cli.md). */
import {record} from '../report/records.js';
import {tableRows, tableText} from '../table/render.js';
import {parseKernels} from './options.js';
import {UsageError} from './usage-error.js';

/** The table of KERNEL (`--kernel`, FreeBSD by default) as text, or as a JSON array of rows. */
export function tableCommand(json: boolean, kernelFlag?: string): string {
	const kernels = parseKernels(kernelFlag) ?? ['freebsd'];
	if (kernels.length > 1) {
		throw new UsageError('table derives one kernel\'s table: --kernel freebsd or --kernel linux');
	}

	const kernel = kernels[0]!;
	return json ? JSON.stringify(tableRows(kernel).map(row => record('table-row', row)), undefined, 1) + '\n' : tableText(kernel);
}
