/**
 * A usage problem: printed as `pmapdbg: MESSAGE`, exit status 2 (cli.md). Messages quote
 * argv values and file names, untrusted text: each line of the message is made visible
 * here, once for every usage error.
 */
import {visibleLines} from '../text/untrusted.js';

/** A usage problem. */
export class UsageError extends Error {
	constructor(message: string) {
		super(visibleLines(message));
	}
}
