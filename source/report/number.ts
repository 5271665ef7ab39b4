/** Numbers as users type them in commands and filters: decimal or 0x hex, `_` separators. */

const numberPattern = /^(0x[0-9a-f][0-9a-f_]*|[0-9][0-9_]*)$/i;

/** The value of TEXT, or undefined when it is not a number. */
export function parseNumber(text: string | undefined): bigint | undefined {
	if (text === undefined || !numberPattern.test(text)) {
		return undefined;
	}

	return BigInt(text.replaceAll('_', ''));
}
