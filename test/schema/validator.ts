/** The published schema compiled by ajv (JSON Schema 2020-12, strict), and a way to check many records at once. */
import {readFileSync} from 'node:fs';
import {Ajv2020, type ErrorObject} from 'ajv/dist/2020.js';
import {schemaPath} from './schema-file.js';

/** The committed schema, parsed. */
export const publishedSchema = JSON.parse(readFileSync(schemaPath, 'utf8')) as Record<string, unknown>;

const ajv = new Ajv2020({strict: true, allErrors: true, allowUnionTypes: true});
const validate = ajv.compile(publishedSchema);

/** Why RECORD does not validate (empty when it does). */
export function schemaErrors(record: unknown): string[] {
	if (validate(record)) {
		return [];
	}

	return (validate.errors ?? []).map((error: ErrorObject) => `${error.instancePath || '/'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
}

/** The records of JSON-lines TEXT that do not validate, with their errors (at most LIMIT). */
export function invalidLines(text: string, limit = 5): Array<{line: string; errors: string[]}> {
	const out: Array<{line: string; errors: string[]}> = [];
	for (const line of text.split('\n').filter(line => line !== '')) {
		const errors = schemaErrors(JSON.parse(line));
		if (errors.length > 0 && out.length < limit) {
			out.push({line, errors});
		}
	}

	return out;
}
