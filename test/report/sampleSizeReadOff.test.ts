// The sample size at target power, read off the swept power curve
// (src/report/sampleSizeReadOff.ts): unit tests of the interpolation, the
// band and the isotonic fit, by hand; and on the parametric textbook model
// against power.t.test in R (test/fixtures/r/sample-size-read-off.R).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/index.js';
import { assuranceSizeReadings, BAND_Z, crossing, isotonic, readOff, sampleSizeReadings } from '../../src/report/sampleSizeReadOff.js';
import { buildSummary } from '../../src/report/summary.js';
import { summaryCsv } from '../../src/report/summaryCsv.js';
import { loadFixture, ROOT } from '../support/fixtures.js';
import { join } from 'node:path';

const EXACT = loadFixture<{ sizes: number[]; power: number[]; n_for_80: number }>('sample-size-read-off.json');

describe('sample size read off — unit tests', () => {
  it('crossing interpolates linearly between the bracketing sizes', () => {
    assert.equal(crossing([10, 20, 30], [0.5, 0.7, 0.9], 0.8), 25);
    assert.equal(crossing([10, 20, 30], [0.5, 0.7, 0.9], 0.5), 10);
    assert.equal(crossing([10, 20, 30], [0.5, 0.7, 0.9], 0.95), null);
  });
  it('isotonic pools adjacent violators, weighted', () => {
    const near = (a: number[], b: number[]): void => a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) < 1e-15, `${a} vs ${b}`));
    near(isotonic([0.5, 0.7, 0.65, 0.9], [1, 1, 1, 1]), [0.5, 0.675, 0.675, 0.9]);
    near(isotonic([0.5, 0.7, 0.6, 0.9], [1, 3, 1, 1]), [0.5, 0.675, 0.675, 0.9]);
    assert.deepEqual(isotonic([0.1, 0.2, 0.3], [1, 1, 1]), [0.1, 0.2, 0.3]);
  });
  it('the interval is where power ± 1.96 MCSE crosses the target', () => {
    const pts = [
      { n: 10, power: 0.5, mcse: 0.01, replicates: 1000 },
      { n: 20, power: 0.7, mcse: 0.01, replicates: 1000 },
      { n: 30, power: 0.9, mcse: 0.01, replicates: 1000 },
    ];
    const r = readOff(pts, 0.8);
    assert.equal(r.status, 'found');
    assert.equal(r.n, 25);
    const d = (BAND_Z * 0.01) / 0.02; // band offset over the slope (0.2 per 10 = 0.02 per unit)
    assert.ok(Math.abs(r.interval[0]! - (25 - d)) < 1e-12 && Math.abs(r.interval[1]! - (25 + d)) < 1e-12, `${r.interval}`);
    assert.equal(r.monotoneAdjusted, false);
    assert.equal(readOff(pts, 0.4).status, 'below_range');
    assert.equal(readOff(pts, 0.95).status, 'above_range');
    assert.equal(readOff(pts, 0.95).n, null);
  });
  it('a curve that dips by Monte Carlo noise is made monotone, and says so', () => {
    const r = readOff(
      [
        { n: 10, power: 0.5, mcse: 0.01, replicates: 1000 },
        { n: 20, power: 0.72, mcse: 0.01, replicates: 1000 },
        { n: 30, power: 0.7, mcse: 0.01, replicates: 1000 },
        { n: 40, power: 0.9, mcse: 0.01, replicates: 1000 },
      ],
      0.8,
    );
    assert.equal(r.monotoneAdjusted, true);
    // Pooled: 0.71 at 20 and 30, then 0.9 at 40: 30 + 10 (0.09 / 0.19).
    assert.ok(Math.abs(r.n! - (30 + (10 * 0.09) / 0.19)) < 1e-9, `${r.n}`);
  });
});

describe('sample size read off — the parametric textbook against power.t.test in R', () => {
  it('the read-off n of the t test has a 95% MC interval holding the exact curve’s read-off; summary.json and summary.csv carry it', async () => {
    const file = join(ROOT, 'scenarios/parametric_textbook.yaml');
    const run = await api.runScenario(file, { outDir: null, workers: 1, truth: false, replicates: 2000 });
    assert.ok(run.result !== null);
    const summary = buildSummary({ scenario: run.scenario, designs: run.designs, result: run.result, version: 'test' });
    const t = summary.sample_size.find((r) => r.analysis === 'ttest');
    assert.ok(t !== undefined && t.status === 'found' && t.n !== null, JSON.stringify(t));
    assert.equal(t.key, 'design.n_per_arm');
    assert.equal(t.unit, 'per_arm');
    // The exact curve read the same way (linear between the same sizes): the estimand of the read-off.
    const exact = crossing(EXACT.sizes, EXACT.power, 0.8)!;
    assert.ok(Math.abs(exact - EXACT.n_for_80) < 0.5, `interpolation alone moves n by ${exact - EXACT.n_for_80}`);
    const [lo, hi] = t.interval;
    assert.ok(lo !== null && hi !== null && lo <= exact && exact <= hi, `exact-curve n ${exact} outside [${lo}, ${hi}] around ${t.n}`);
    // The width is the band over the local slope: 2 × 1.96 × MCSE (≈ 0.009 at R = 2000) / 0.0077 per patient ≈ 4.6 either way.
    assert.ok(hi - lo > 4 && hi - lo < 14, `interval width ${hi - lo}`);
    assert.deepEqual(sampleSizeReadings(summary), summary.sample_size);
    const csv = summaryCsv(summary);
    assert.ok(csv.includes(`,ttest,,sample_size.n,0.8,${t.n},,`), 'summary.csv has the read-off');
  });
});

describe('assuranceSizeReadings — the assurance curve read off as the power curve is (unit)', () => {
  // Two values of a second swept key, four sizes each; the assurance rises with n.
  const rate = (n: number, k: number): number => Math.min(0.99, 0.2 + n * (k === 1 ? 0.012 : 0.009));
  const designs = [1, 2].flatMap((k) =>
    [20, 40, 60, 80].map((n) => ({
      swept: { 'design.n_per_arm': n, 'model.params.effect_scale': k },
      analyses: [{ id: 'a', power: { estimate: rate(n, k), mcse: 0.01, n: 1000 } }],
      assurance: { analysis: 'a', probability: { estimate: rate(n, k), mcse: 0.01, n: 1000 } },
    })),
  );
  const sweep = [
    { key: 'design.n_per_arm', values: [20, 40, 60, 80] },
    { key: 'model.params.effect_scale', values: [1, 2] },
  ];
  type Input = Parameters<typeof assuranceSizeReadings>[0];

  it('per value of the other swept key, the same reading as power at the same rates', () => {
    const byAssurance = assuranceSizeReadings({ sweep, target: 0.8, designs } as unknown as Input);
    const byPower = sampleSizeReadings({ sweep, target_power: 0.8, designs } as unknown as Parameters<typeof sampleSizeReadings>[0]);
    assert.equal(byAssurance.length, 2);
    assert.deepEqual(byAssurance, byPower);
    for (const r of byAssurance) {
      const k = r.at['model.params.effect_scale'] as number;
      const exact = (0.8 - 0.2) / (k === 1 ? 0.012 : 0.009);
      assert.ok(r.n !== null && Math.abs(r.n - exact) < 1e-9, `effect_scale ${k}: ${r.n} against ${exact}`);
    }
  });

  it('empty without a target, or when a design point has no success criterion', () => {
    assert.deepEqual(assuranceSizeReadings({ sweep, target: null, designs } as unknown as Input), []);
    const missing = designs.map((d, i) => (i === 3 ? { ...d, assurance: undefined } : d));
    assert.deepEqual(assuranceSizeReadings({ sweep, target: 0.8, designs: missing } as unknown as Input), []);
  });
});
