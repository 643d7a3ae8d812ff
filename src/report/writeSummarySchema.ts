// Writes schemas/summary.schema.json and the field table of docs/results.md,
// both from summarySchema.ts. Run after a change to the format:
//   npm run build && node dist/src/report/writeSummarySchema.js
// test/report/schemaFiles.test.ts fails when either is out of date.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fieldTable, withFieldTable } from './summaryDocs.js';
import { summaryJsonSchema } from './summarySchema.js';

export const SUMMARY_SCHEMA_FILE = 'schemas/summary.schema.json';
export const RESULTS_DOCS_FILE = 'docs/results.md';

/** The text schemas/summary.schema.json must hold. */
export function summarySchemaFileText(): string {
  return `${JSON.stringify(summaryJsonSchema(), null, 2)}\n`;
}

function main(): void {
  // dist/src/report/writeSummarySchema.js -> the repository root
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  writeFileSync(join(root, SUMMARY_SCHEMA_FILE), summarySchemaFileText());
  const docsPath = join(root, RESULTS_DOCS_FILE);
  const updated = withFieldTable(readFileSync(docsPath, 'utf8'), fieldTable(summaryJsonSchema()));
  if (updated === null) throw new Error(`${RESULTS_DOCS_FILE}: the field-table markers are missing`);
  writeFileSync(docsPath, updated);
  process.stdout.write(`wrote ${SUMMARY_SCHEMA_FILE} and the field table of ${RESULTS_DOCS_FILE}\n`);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
