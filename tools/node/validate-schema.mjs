// Validates YAML manifests against a JSON Schema with the real ajv, the way an editor's YAML language server
// would see them. Usage: node validate-schema.mjs <schema.json> <manifest.yaml>...
// Prints "ok <file>" or "invalid <file>" plus one line per error; exits 1 if any file is invalid, 2 on misuse.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { parse } from "yaml";

const [schemaPath, ...files] = process.argv.slice(2);
if (!schemaPath || files.length === 0) {
  console.error("usage: node validate-schema.mjs <schema.json> <manifest.yaml>...");
  process.exit(2);
}

const ajv = new Ajv({ allErrors: true, strict: true });
let validate;
try {
  validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
} catch (e) {
  console.error(`schema ${schemaPath} does not compile: ${e.message}`);
  process.exit(2);
}

let failed = false;
for (const file of files) {
  let data;
  try {
    data = parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.log(`invalid ${file}`);
    console.log(`  yaml: ${e.message}`);
    failed = true;
    continue;
  }
  if (validate(data)) {
    console.log(`ok ${file}`);
  } else {
    failed = true;
    console.log(`invalid ${file}`);
    for (const err of validate.errors) {
      const extra = err.params?.additionalProperty ? ` '${err.params.additionalProperty}'` : "";
      console.log(`  ${err.instancePath || "/"} ${err.message}${extra}`);
    }
  }
}
process.exit(failed ? 1 : 0);
