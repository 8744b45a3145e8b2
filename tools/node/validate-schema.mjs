// Validates YAML manifests against the azsync JSON Schema with ajv (an independent validator).
// Usage: node validate-schema.mjs SCHEMA.json FILE.yaml...   Exits 1 and names each failing file and path.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import YAML from 'yaml';

const [schemaPath, ...files] = process.argv.slice(2);
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
let failed = 0;
for (const file of files) {
  const doc = YAML.parse(readFileSync(file, 'utf8'));
  if (validate(doc)) { console.log(`ok ${file}`); continue; }
  failed++;
  for (const e of validate.errors) console.log(`invalid ${file}: ${e.instancePath || '/'} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ''}`);
}
process.exit(failed ? 1 : 0);
