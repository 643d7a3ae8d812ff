// The committed files generated from src/scenario/schema.ts are current, and
// the committed JSON Schema alone (as an editor would load it) accepts every
// shipped scenario and rejects a broken one (validated with a fresh ajv).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scenarioJsonSchema } from '../../src/scenario/schema.js';
import { keyTable, withKeyTable } from '../../src/scenario/schemaDocs.js';
import { createScenarioAjv } from '../../src/scenario/validator.js';
import { DOCS_FILE, SCHEMA_FILE, schemaFileText } from '../../src/scenario/writeSchema.js';
import { ROOT } from '../support/fixtures.js';
import { shippedScenarios } from './helpers.js';

const REGENERATE = 'regenerate with: npm run build && node dist/src/scenario/writeSchema.js';

describe('schemas/scenario.schema.json — committed equals generated (unit)', () => {
  it('is byte for byte what writeSchema writes', () => {
    assert.equal(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'), schemaFileText(), REGENERATE);
  });
});

describe('docs/scenarios.md — the key table is current (unit)', () => {
  it('holds the table generated from the schema between its markers', () => {
    const doc = readFileSync(join(ROOT, DOCS_FILE), 'utf8');
    const regenerated = withKeyTable(doc, keyTable(scenarioJsonSchema()));
    assert.notEqual(regenerated, null, 'the markers are present');
    assert.equal(doc, regenerated, REGENERATE);
  });
  it('lists every top-level key and a ProDERM parameter', () => {
    const doc = readFileSync(join(ROOT, DOCS_FILE), 'utf8');
    for (const key of ['name', 'seed', 'replicates', 'run_null', 'target_power', 'target_mcse', 'model', 'design', 'analyses', 'multiplicity', 'sweep']) {
      assert.match(doc, new RegExp(`\\| \`${key}\` \\|`), key);
    }
    assert.match(doc, /\| `model\.params\.effect_scale` \| number \| `1` \| \[0, 5\] \|/);
  });
});

describe('schemas/scenario.schema.json — validates the shipped scenarios with ajv (independent of loadScenario)', () => {
  const committed: unknown = JSON.parse(readFileSync(join(ROOT, SCHEMA_FILE), 'utf8'));
  assert.ok(typeof committed === 'object' && committed !== null);
  const validate = createScenarioAjv({ useDefaults: false }).compile(committed);

  for (const [file, text] of shippedScenarios()) {
    it(`accepts ${file}`, () => {
      const ok = validate(parse(text));
      assert.ok(ok, JSON.stringify(validate.errors, null, 1));
    });
  }

  it('rejects a scenario with an unknown key, a bad enum value and a number out of range', () => {
    const [, text] = shippedScenarios().find(([f]) => f === 'scenarios/proderm.yaml') ?? ['', ''];
    const broken = text.replace('replicates: 2000', 'replicates: 0\nreplicas: 1').replace('method: ancova', 'method: anova');
    assert.notEqual(broken, text);
    assert.equal(validate(parse(broken)), false);
    const keywords = (validate.errors ?? []).map((e) => e.keyword).sort();
    assert.deepEqual(keywords, ['additionalProperties', 'enum', 'minimum']);
  });
});
