/** `npm run update-schema`: writes schema/trace.schema.json from the event table (review its diff like code). */
import {writeFileSync} from 'node:fs';
import {schemaPath, schemaText} from './schema-file.js';

writeFileSync(schemaPath, schemaText());
process.stdout.write(`wrote ${schemaPath}\n`);
