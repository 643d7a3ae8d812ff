import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { compileAnalysisPlan } from '../../src/analysis/analysisPlan.js';
import { parseAnalysisSpecs, parseMultiplicitySpec, SpecError } from '../../src/analysis/spec.js';

const VISITS = [0, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40];

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof SpecError, `expected a SpecError, got ${String(e)}`);
    return e.message;
  }
  assert.fail('expected an error');
}

describe('analysis spec validation — unit tests', () => {
  it('fills the defaults of a minimal ANCOVA and of a TIS responder analysis', () => {
    const [a, t] = parseAnalysisSpecs(
      [
        { id: 'primary', endpoint: { measure: 'cdasi_a' } },
        { id: 'tis', endpoint: { measure: 'tis', type: 'threshold_responder', threshold: 20 } },
      ],
      'analyses',
      VISITS,
    );
    assert.deepEqual(a, {
      id: 'primary',
      endpoint: {
        measure: 'cdasi_a',
        week: 16,
        type: 'change',
        threshold: NaN,
        baselineAbove: -Infinity,
        dropout: 'exclude',
        crossover: 'locf',
        deterioration: 'ignore',
      },
      method: 'ancova',
      covariates: ['baseline'],
      strata: null,
      sidedness: 'two_sided',
      alpha: 0.05,
      ciLevel: 0.95,
      benefit: 'lower',
    });
    assert.equal(t.method, 'responder_chisq');
    assert.equal(t.benefit, 'higher', 'a responder is a benefit');
    assert.deepEqual([t.endpoint.dropout, t.endpoint.crossover, t.endpoint.deterioration], ['failure', 'failure', 'failure']);
    assert.deepEqual(t.covariates, []);
  });

  it('reads strata cut points with .inf / "inf" and labels them', () => {
    const [a] = parseAnalysisSpecs([{ id: 'a', endpoint: { measure: 'cdasi_a' }, strata: { cuts: [0, 6, 14, 'inf'] } }]);
    assert.deepEqual(a.strata, { measure: 'cdasi_a', cuts: [0, 6, 14, Infinity], labels: ['(0,6]', '(6,14]', '(14,inf)'] });
    const [b] = parseAnalysisSpecs([{ id: 'b', endpoint: { measure: 'mmt8' }, strata: { measure: 'cdasi_a', cuts: [0, 14, Infinity] } }]);
    assert.equal(b.strata?.measure, 'cdasi_a');
    const [c] = parseAnalysisSpecs([{ id: 'c', endpoint: { measure: 'cdasi_a' }, strata: {} }]);
    assert.deepEqual(c.strata?.labels, ['(0,6]', '(6,14]', '(14,inf)'], "the paper's CDASI-A strata by default");
    assert.match(errorOf(() => parseAnalysisSpecs([{ id: 'd', endpoint: { measure: 'mmt8' }, strata: {} }])), /^analyses\[0\]\.strata\.cuts: missing/);
  });

  it('rejects bad input with the path of the problem', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^analyses: expected a list/],
      [[], /^analyses: name at least one analysis/],
      [[{ id: 'a', endpoint: { measure: 'x' }, metod: 'ttest' }], /^analyses\[0\]\.metod: unknown key/],
      [[{ id: 'a', endpoint: { measure: 'x', week: 15 } }], /^analyses\[0\]\.endpoint\.week: must be one of the visits/],
      [[{ id: 'a', endpoint: { measure: 'x' }, method: 'responder_fisher' }], /^analyses\[0\]\.method: responder_fisher does not fit a change endpoint/],
      [[{ id: 'a', endpoint: { measure: 'x', type: 'reduction_responder', threshold: 35 } }], /threshold: a reduction threshold is a fraction/],
      [[{ id: 'a', endpoint: { measure: 'x', type: 'threshold_responder' } }], /^analyses\[0\]\.endpoint\.threshold: missing/],
      [[{ id: 'a', endpoint: { measure: 'x', dropout: 'failure' } }], /dropout: 'failure' applies to responder endpoints only/],
      [[{ id: 'a', endpoint: { measure: 'x' }, method: 'ttest', covariates: ['baseline'] }], /covariates: only ancova and mmrm adjust/],
      [[{ id: 'a', endpoint: { measure: 'x' }, strata: { cuts: [6, 0] } }], /strata\.cuts: need at least two strictly increasing/],
      [[{ id: 'a', endpoint: { measure: 'x' }, alpha: 1.5 }], /^analyses\[0\]\.alpha: must be in \(0, 1\)/],
      [[{ id: 'a', endpoint: { measure: 'x' }, sidedness: 'one' }], /sidedness: expected one of two_sided, less, greater/],
      [[{ id: 'a', endpoint: { measure: 'x' } }, { id: 'a', endpoint: { measure: 'y' } }], /^analyses\[1\]\.id: duplicate analysis id 'a'/],
    ];
    for (const [raw, re] of cases) assert.match(errorOf(() => parseAnalysisSpecs(raw, 'analyses', VISITS)), re);
  });

  it('multiplicity: family, graph dimensions, procedure-specific keys', () => {
    const analyses = parseAnalysisSpecs([
      { id: 'a', endpoint: { measure: 'x' } },
      { id: 'b', endpoint: { measure: 'y' } },
    ]);
    assert.deepEqual(parseMultiplicitySpec(undefined, analyses), { procedure: 'none', alpha: 0.05, family: ['a', 'b'], weights: [], transitions: [] });
    const fs = parseMultiplicitySpec({ procedure: 'fixed_sequence', family: ['b', 'a'] }, analyses);
    assert.deepEqual(fs.family, ['b', 'a']);
    const plan = compileAnalysisPlan(analyses, fs);
    assert.deepEqual([...plan.family], [1, 0]);
    assert.match(errorOf(() => parseMultiplicitySpec({ procedure: 'holm', family: ['c'] }, analyses)), /^multiplicity\.family\[0\]: unknown analysis id 'c'/);
    assert.match(errorOf(() => parseMultiplicitySpec({ procedure: 'graphical', weights: [1], transitions: [[0]] }, analyses)), /weights: need one weight per family member \(2\)/);
    assert.match(errorOf(() => parseMultiplicitySpec({ procedure: 'holm', weights: [0.5, 0.5] }, analyses)), /only the graphical procedure/);
    const graph = parseMultiplicitySpec({ procedure: 'graphical', weights: [0.5, 0.5], transitions: [[0, 1], [1, 0]] }, analyses);
    assert.ok(compileAnalysisPlan(analyses, graph).graph !== null);
    const bad = parseMultiplicitySpec({ procedure: 'graphical', weights: [0.8, 0.8], transitions: [[0, 1], [1, 0]] }, analyses);
    assert.match(errorOf(() => compileAnalysisPlan(analyses, bad)), /^multiplicity: compileGraph: /);
  });
});
