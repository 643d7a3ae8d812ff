// scenarioHash: sha256 of the canonical JSON of the resolved scenario (unit).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { scenarioHash } from '../../src/scenario/scenarioHash.js';
import { BASE, edit, load } from './helpers.js';

const REORDERED = `# the same scenario, keys in another order, flow style, comments
analyses:
  - method: ancova   # same analysis
    endpoint: {week: 16, measure: cdasi_a}
    id: cdasi_a
design: {allocation: {treatment: 1, control: 1}, n_per_arm: 20}
model: {kind: proderm}
replicates: 10
seed: 1
name: t
`;

describe('scenarioHash — canonical JSON (unit)', () => {
  it('is a sha256 hex digest', () => {
    assert.match(scenarioHash(load(BASE)), /^[0-9a-f]{64}$/);
  });
  it('is the same under key order, flow/block style and comments', () => {
    assert.equal(scenarioHash(load(REORDERED)), scenarioHash(load(BASE)));
  });
  it('is the same whether a schema default is written out or left to default', () => {
    const explicit = edit(edit(BASE, 'seed: 1', 'seed: 1\nrun_null: true'), '    method: ancova', '    method: ancova\n    alpha: 0.05\n    sidedness: two_sided');
    assert.equal(scenarioHash(load(explicit)), scenarioHash(load(BASE)));
  });
  it('changes with any value, and with a --set', () => {
    const h = scenarioHash(load(BASE));
    assert.notEqual(scenarioHash(load(edit(BASE, 'seed: 1', 'seed: 2'))), h);
    assert.notEqual(scenarioHash(load(BASE, ['analyses.cdasi_a.alpha=0.025'])), h);
    assert.equal(scenarioHash(load(edit(BASE, 'seed: 1', 'seed: 2'))), scenarioHash(load(BASE, ['seed=2'])));
  });
  it('is the digest of the scenario’s JSON with keys sorted (checked by an independent sort)', () => {
    const s = load(BASE);
    const sortKeys = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortKeys)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(([k, x]) => [k, sortKeys(x)]),
            )
          : v;
    const expected = createHash('sha256').update(JSON.stringify(sortKeys(s))).digest('hex');
    assert.equal(scenarioHash(s), expected);
  });
});
