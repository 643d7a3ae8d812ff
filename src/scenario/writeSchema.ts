// Writes schemas/scenario.schema.json (for editors: YAML language servers take
// a `# yaml-language-server: $schema=../schemas/scenario.schema.json` line)
// and the key table of docs/scenarios.md, both from schema.ts. Run after a
// change to the format:  npm run build && node dist/src/scenario/writeSchema.js
// test/scenario/schemaFiles.test.ts fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioJsonSchema } from './schema.js';
import { keyTable, withKeyTable } from './schemaDocs.js';

export const SCHEMA_FILE = 'schemas/scenario.schema.json';
export const DOCS_FILE = 'docs/scenarios.md';

/** The text schemas/scenario.schema.json must hold. */
export function schemaFileText(): string {
  return `${JSON.stringify(scenarioJsonSchema(), null, 2)}\n`;
}

function main(): void {
  // dist/src/scenario/writeSchema.js -> the repository root
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  writeFileSync(join(root, SCHEMA_FILE), schemaFileText());
  const docsPath = join(root, DOCS_FILE);
  const updated = withKeyTable(readFileSync(docsPath, 'utf8'), keyTable(scenarioJsonSchema()));
  if (updated === null) throw new Error(`${DOCS_FILE}: the key-table markers are missing`);
  writeFileSync(docsPath, updated);
  process.stdout.write(`wrote ${SCHEMA_FILE} and the key table of ${DOCS_FILE}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
