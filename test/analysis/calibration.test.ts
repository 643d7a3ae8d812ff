// The calibration test: the virtual cohort must reproduce the published
// ProDERM figures within the sampling error of one 95-patient trial. A
// failure here is a model problem (src/model), not an analysis one: the
// message lists every headline figure outside its simulated 95% range.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { calibrate } from '../../src/analysis/calibrate.js';
import type { CalibrationRow } from '../../src/analysis/calibrationTable.js';
import { ROOT } from '../support/fixtures.js';

const K = 1000;
const SEED = 20240615;

function describeRow(r: CalibrationRow): string {
  return `${r.path}: published ${r.relation} ${r.published}, simulated mean ${r.mean.toFixed(3)}, 95% range [${r.lower.toFixed(3)}, ${r.upper.toFixed(3)}], z ${r.z.toFixed(2)}`;
}

describe(`calibration — ${K} simulated ProDERM trials (47 + 48) against data/proderm-targets.yaml`, () => {
  const targets: unknown = parse(readFileSync(join(ROOT, 'data', 'proderm-targets.yaml'), 'utf8'));
  const result = calibrate({ trials: K, seed: SEED, targets });

  it('compares every figure a trial can produce and lists the rest with a reason', () => {
    assert.equal(result.trials, K);
    assert.ok(result.rows.length > 200, `${result.rows.length} figures compared`);
    assert.ok(result.rows.some((r) => r.heldOut) && result.rows.some((r) => !r.heldOut));
    for (const s of result.skipped) assert.ok(s.reason.length > 0, s.path);
    for (const r of result.rows) assert.ok(r.trials > 0.9 * K, `${r.path}: estimable in only ${r.trials} trials`);
  });

  it('every calibration (not held-out) headline figure lies inside its simulated 95% range', () => {
    const outside = result.rows.filter((r) => r.headline && !r.heldOut && !r.inside);
    assert.deepEqual(outside.map(describeRow), []);
  });
});
