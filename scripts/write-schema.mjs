// Writes schema/flow.v1.json from the TypeBox source of truth (src/flow/flow-schema.ts), via the
// compiled package. Run with `npm run schema`; a test fails when the committed file is out of date.
import { writeFileSync } from 'node:fs';
import { flowJsonSchemaText } from '../dist/src/flow/flow-json-schema.js';

writeFileSync(new URL('../schema/flow.v1.json', import.meta.url), flowJsonSchemaText());
