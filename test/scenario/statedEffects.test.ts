// Effects stated as true differences (model.effects): the solved model gives
// the stated week-16 mean difference in its population.
//
// - Against a second implementation: the calibrated model's differences in
//   the whole population agree with prodermEffects.ts's populationEffects
//   (which ignores the rounding of CDASI-A, the VASs and MMT-8: within 0.01).
// - Recovery: a large simulated population of the design (the truth of a
//   t test of the change, 200,000 patients per arm, no dropout, no switch)
//   has the stated difference within 4 combined standard errors (the
//   truth's own, and the solve's when it rests on a sample of the eligible).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { computeTruth } from '../../src/analysis/truth.js';
import { populationEffects } from '../../src/model/prodermEffects.js';
import { PRODERM_DEFAULTS } from '../../src/model/prodermParams.js';
import { interpolatedDifference, modelCells, populationDifference, solveStatedEffect } from '../../src/model/statedEffects.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';

function scenario(measure: string, effect: string, eligibility: string): string {
  return `name: stated
seed: 7
replicates: 10
run_null: false
model:
  kind: proderm
  effects:
    ${measure}: ${effect}
design:
  n_per_arm: 20
  block_size: 4
  stratification: null
${eligibility === '' ? '' : `  eligibility:\n    - ${eligibility}\n`}  crossover: false
  dropout: {before_primary: 0}
analyses:
  - id: a
    endpoint: {measure: ${measure}, week: 16, type: change}
    method: ttest
`;
}

function load(text: string) {
  const r = loadScenario(text, 'stated.yaml');
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return expandDesigns(r.scenario)[0];
}

describe('stated effects — the model’s week-16 differences against a second implementation', () => {
  it('the calibrated differences in the whole population agree with populationEffects (rounding aside, within 0.01)', () => {
    const p = PRODERM_DEFAULTS;
    const other = populationEffects(p);
    const pairs = [
      ['cdasi_a', other.cdasiA],
      ['cdasi_d', other.cdasiD],
      ['cutaneous_vas', other.cutaneousVas],
      ['extramuscular_vas', other.extramuscularVas],
      ['mmt8', other.mmt8],
    ] as const;
    for (const [m, d] of pairs) {
      const mine = populationDifference(p, m, modelCells(p, m));
      assert.ok(Math.abs(mine - d) < 0.01, `${m}: ${mine} vs ${d}`);
    }
    // CDASI-D is rounded in both: the same sum.
    assert.ok(Math.abs(populationDifference(p, 'cdasi_d', modelCells(p, 'cdasi_d')) - other.cdasiD) < 1e-9);
  });

  it('half of the CDASI-A difference by interpolation needs an interpolation point below 0.5 (effect_scale 0.5 gives more than half)', () => {
    const p = PRODERM_DEFAULTS;
    const cells = modelCells(p, 'cdasi_a');
    const full = populationDifference(p, 'cdasi_a', cells);
    const r = solveStatedEffect(p, 'cdasi_a', cells, full / 2, 'interpolate');
    assert.ok(r.ok);
    assert.ok(Math.abs(r.difference - full / 2) < 1e-9);
    assert.ok(r.value > 0.38 && r.value < 0.45, `interpolation point ${r.value}`);
    // What effect_scale 0.5 does to CDASI-A: about 60% of the difference, not half (the issue's 58–59%).
    const atHalf = interpolatedDifference(p, 'cdasi_a', cells, 0.5) / full;
    assert.ok(atHalf > 0.58 && atHalf < 0.61, `effect_scale 0.5 gives ${atHalf} of the difference`);
  });
});

describe('stated effects — recovery on a large simulated population (4 combined SE)', () => {
  const cases = [
    { name: 'CDASI-A −4.1 among CDASI-A > 14 (shift)', measure: 'cdasi_a', effect: '{difference: -4.1}', elig: '{measure: cdasi_a, min: 14, min_inclusive: false}', target: -4.1 },
    { name: 'cutaneous VAS −0.6 in everyone (interpolate)', measure: 'cutaneous_vas', effect: '{difference: -0.6, variance: interpolate}', elig: '', target: -0.6 },
    { name: 'MMT-8 +2 among cutaneous VAS ≥ 3 (another measure’s rule)', measure: 'mmt8', effect: '{difference: 2}', elig: '{measure: cutaneous_vas, min: 3}', target: 2 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const point = load(scenario(c.measure, c.effect, c.elig));
      assert.equal(point.statedEffects.length, 1);
      const solved = point.statedEffects[0];
      assert.ok(Math.abs(solved.difference - c.target) < 1e-8, `solved ${solved.difference}`);
      assert.equal(solved.se === 0, c.elig === '', 'a sample only with an eligibility rule');
      const t = computeTruth(point.spec, { patientsPerArm: 200_000 }).a;
      const tol = 4 * Math.sqrt(t.se * t.se + solved.se * solved.se);
      assert.ok(Math.abs(t.value - c.target) < tol, `simulated ${t.value} ± ${t.se} vs stated ${c.target} (tolerance ${tol})`);
    });
  }

  it('a share of ProDERM’s: half of the calibrated difference in the same population', () => {
    const point = load(scenario('cdasi_a', '{share: 0.5, population: unrestricted}', ''));
    const full = populationDifference(PRODERM_DEFAULTS, 'cdasi_a', modelCells(PRODERM_DEFAULTS, 'cdasi_a'));
    assert.ok(Math.abs(point.statedEffects[0].difference - full / 2) < 1e-8);
  });
});

describe('stated effects — bad input, located', () => {
  const problems = (text: string): string[] => {
    const r = loadScenario(text, 'stated.yaml');
    return r.ok ? [] : r.errors.map((e) => `${e.path}: ${e.message}`);
  };
  it('both or neither of difference and share; with effect_scale or the effect_* override; out of reach', () => {
    assert.match(problems(scenario('cdasi_a', '{difference: -4, share: 0.5}', '')).join('\n'), /model\.effects\.cdasi_a: give difference .* or share/);
    assert.match(problems(scenario('cdasi_a', '{variance: shift}', '')).join('\n'), /model\.effects\.cdasi_a: give difference/);
    assert.match(problems(scenario('cdasi_a', '{difference: -4}', '').replace('  effects:', '  params: {effect_scale: 0.5}\n  effects:')).join('\n'), /model\.params\.effect_scale: a stated effect/);
    assert.match(problems(scenario('cdasi_a', '{difference: -4}', '').replace('  effects:', '  params: {effect_cdasi_a: -3}\n  effects:')).join('\n'), /model\.effects\.cdasi_a: the measure’s effect is already set by model\.params\.effect_cdasi_a/);
    assert.match(problems(scenario('cdasi_d', '{difference: -40}', '')).join('\n'), /model\.effects\.cdasi_d\.difference: a difference of -40 cannot be reached/);
    assert.match(problems(scenario('cdasi_a', '{difference: -4, varaince: shift}', '')).join('\n'), /varaince/);
  });
});
