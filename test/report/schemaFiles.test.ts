// The committed files generated from src/report/summarySchema.ts are current:
// schemas/summary.schema.json and the field table of docs/results.md.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fieldTable, withFieldTable } from '../../src/report/summaryDocs.js';
import { summaryJsonSchema } from '../../src/report/summarySchema.js';
import { RESULTS_DOCS_FILE, SUMMARY_SCHEMA_FILE, summarySchemaFileText } from '../../src/report/writeSummarySchema.js';
import { ROOT } from '../support/fixtures.js';

const REGENERATE = 'regenerate with: npm run build && node dist/src/report/writeSummarySchema.js';

describe('schemas/summary.schema.json — committed equals generated (unit)', () => {
  it('is byte for byte what writeSummarySchema writes', () => {
    assert.equal(readFileSync(join(ROOT, SUMMARY_SCHEMA_FILE), 'utf8'), summarySchemaFileText(), REGENERATE);
  });
});

describe('docs/results.md — the summary.json field table is current (unit)', () => {
  const doc = readFileSync(join(ROOT, RESULTS_DOCS_FILE), 'utf8');
  it('holds the table generated from the schema between its markers', () => {
    const regenerated = withFieldTable(doc, fieldTable(summaryJsonSchema()));
    assert.notEqual(regenerated, null, 'the markers are present');
    assert.equal(doc, regenerated, REGENERATE);
  });
  it('names the fields the user reads', () => {
    for (const f of [
      'designs[].analyses[].power',
      'designs[].analyses[].power_unadjusted',
      'designs[].analyses[].type1_error',
      'designs[].familywise.disjunctive_power',
      'designs[].familywise.conjunctive_power',
      'designs[].familywise.fwer',
      'designs[].analyses[].estimation.coverage',
      'designs[].analyses[].strata[].mean_ci_half_width',
      'designs[].analyses[].strata[].ci_excludes_zero',
      'designs[].analyses[].interaction_power',
      'designs[].analyses[].not_estimable.alternative.reasons',
      'designs[].analyses[].type1_error_by_alpha',
    ]) {
      assert.ok(doc.includes(`| \`${f}\` |`), f);
    }
  });
});
