// Direction: power counts only rejections towards the analysis' benefit; a
// two-sided test's rejections on the other side are counted apart (harm);
// under the null the type I error is the test's size (either side).
//
// Against the closed form: the pooled t test on the parametric model's normal
// change is exactly noncentral t (test/fixtures/r/direction.R), so each rate
// must lie within 4 MCSE = 4·√(p(1 − p)/R) of R's value.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/index.js';
import type { AnalysisCharacteristics } from '../../src/engine/summarize.js';
import { loadFixture } from '../support/fixtures.js';

interface Case {
  n: number;
  delta: number;
  sd: number;
  alpha: number;
  two_sided_benefit: number;
  two_sided_harm: number;
  one_sided_benefit: number;
}
const FIXTURE = loadFixture<{ cases: Case[] }>('direction.json');
const R = 4000;

function scenario(c: Case): string {
  return `name: direction
seed: 20261202
replicates: ${R}
run_null: true
model:
  kind: parametric
  params:
    dropout: 0
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: ${c.delta}}
        sd: ${c.sd}
design:
  n_per_arm: ${c.n}
analyses:
  - id: two_sided
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
  - id: one_sided
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
    sidedness: less
  - id: rises
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
    benefit: higher
`;
}

function within(estimate: number | null, p: number, what: string): void {
  assert.ok(estimate !== null, `${what}: no estimate`);
  const tol = 4 * Math.sqrt((p * (1 - p)) / R);
  assert.ok(Math.abs(estimate - p) <= tol, `${what}: simulated ${estimate} vs exact ${p} (4 MCSE = ${tol})`);
}

describe('direction of benefit — against the noncentral t in R (4·MCSE)', () => {
  for (const c of FIXTURE.cases) {
    it(`${c.n} per arm, true difference ${c.delta} (benefit: lower): power towards benefit, harm apart; null: size`, async () => {
      const run = await api.runScenario(scenario(c), { outDir: null, workers: 1, truth: false });
      const d = run.result?.designs[0];
      assert.ok(d !== undefined && d.null !== null);
      const by = (id: string): AnalysisCharacteristics => d.alternative.analyses.find((a) => a.id === id)!;
      const two = by('two_sided');
      within(two.rejection.adjusted.estimate, c.two_sided_benefit, 'two-sided power');
      within(two.rejection.harm.adjusted.estimate, c.two_sided_harm, 'two-sided harm');
      assert.deepEqual(two.rejectionByAlpha.find((x) => x.alpha === 0.05)?.rate, two.rejection.unadjusted, 'the grid at alpha is power');
      const one = by('one_sided');
      within(one.rejection.adjusted.estimate, c.one_sided_benefit, 'one-sided power');
      assert.equal(one.rejection.harm.adjusted.estimate, 0, 'a one-sided test has no harmful-side rejections');
      // benefit: higher swaps the two sides of the same test.
      const rises = by('rises');
      assert.equal(rises.rejection.adjusted.estimate, two.rejection.harm.adjusted.estimate);
      assert.equal(rises.rejection.harm.adjusted.estimate, two.rejection.adjusted.estimate);
      // The null run: the t test's size is exactly alpha, either side; half of it on each.
      const nul = d.null.analyses.find((a) => a.id === 'two_sided')!;
      within(nul.rejection.adjusted.estimate, c.alpha, 'type I error (either side)');
      within(nul.rejection.harm.adjusted.estimate, c.alpha / 2, 'type I errors on the harmful side');
      within(d.null.analyses.find((a) => a.id === 'one_sided')!.rejection.adjusted.estimate, c.alpha, 'one-sided type I error');
    });
  }
});

describe('direction of benefit — the scenario key, unit tests', () => {
  it('a one-sided test names its direction: benefit must agree (a located error); the measure gives the default', async () => {
    const { loadScenario } = await import('../../src/scenario/loadScenario.js');
    const { expandDesigns } = await import('../../src/scenario/expandDesigns.js');
    const base = scenario(FIXTURE.cases[0]);
    const bad = loadScenario(base.replace('    sidedness: less\n', '    sidedness: less\n    benefit: higher\n'), 'd.yaml');
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(`${bad.errors[0].path}: ${bad.errors[0].message}`, /^analyses\.one_sided\.benefit: a one-sided .less. test names its direction of benefit: lower \(got higher\)/);
    // The defaults: a parametric normal endpoint falls with benefit; ProDERM's TIS and MMT-8 rise, its skin scores fall.
    const ok = loadScenario(base, 'd.yaml');
    assert.ok(ok.ok);
    if (ok.ok) assert.deepEqual(expandDesigns(ok.scenario)[0].spec.analyses.map((a) => a.benefit), ['lower', 'lower', 'higher']);
    const proderm = loadScenario(
      `name: p\nseed: 1\nreplicates: 10\nmodel: {kind: proderm}\nanalyses:\n  - {id: tis, endpoint: {measure: tis, week: 16, type: threshold_responder, threshold: 20}}\n  - {id: mmt8, endpoint: {measure: mmt8}}\n  - {id: cdasi_a, endpoint: {measure: cdasi_a}}\n  - {id: r35, endpoint: {measure: cdasi_a, type: reduction_responder, threshold: 0.35}}\n`,
      'p.yaml',
    );
    assert.ok(proderm.ok, JSON.stringify(proderm.ok ? '' : proderm.errors));
    if (proderm.ok) assert.deepEqual(expandDesigns(proderm.scenario)[0].spec.analyses.map((a) => a.benefit), ['higher', 'higher', 'lower', 'higher']);
  });
});
