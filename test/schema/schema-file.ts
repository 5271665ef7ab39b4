/** Where the published schema lives and what it should hold (the generator's output, as text). */
import path from 'node:path';
import {traceSchema} from '../../source/report/schema.js';
import {root} from '../cli/helpers.js';

/** schema/trace.schema.json in the checkout. */
export const schemaPath = path.join(root, 'schema/trace.schema.json');

/** The schema as the file holds it: tab-indented JSON and a final newline. */
export function schemaText(): string {
	return JSON.stringify(traceSchema(), undefined, '\t') + '\n';
}
