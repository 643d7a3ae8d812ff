import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { deriveEndpoint, lastObserved, visitIndex } from '../../src/analysis/endpoint.js';
import type { EndpointSpec } from '../../src/analysis/spec.js';
import { stratumLabels, stratumOf, validCuts } from '../../src/analysis/strata.js';
import { allocateCohort, PRODERM_VISITS, type Cohort } from '../../src/model/cohort.js';

const VISITS = [...PRODERM_VISITS]; // 0, 4, ..., 40 (index 4 = week 16)

function ep(over: Partial<EndpointSpec>): EndpointSpec {
  return {
    measure: 'x',
    week: 16,
    type: 'change',
    threshold: NaN,
    baselineAbove: -Infinity,
    dropout: 'exclude',
    crossover: 'locf',
    deterioration: 'ignore',
    ...over,
  };
}

/** A cohort with one measure 'x' whose rows are given visit by visit (null = unobserved). */
function cohort(rows: (number | null)[][], extra: { crossover?: number[]; deterioration?: number[]; dropout?: number[] } = {}): Cohort {
  const c = allocateCohort(rows.length, VISITS, ['x'], ['placebo', 'ivig']);
  rows.forEach((row, i) => {
    row.forEach((v, k) => (c.measures.x[i * VISITS.length + k] = v === null ? NaN : v));
    c.arm[i] = i % 2;
    c.crossoverWeek[i] = extra.crossover?.[i] ?? NaN;
    c.deteriorationWeek[i] = extra.deterioration?.[i] ?? NaN;
    c.dropoutWeek[i] = extra.dropout?.[i] ?? NaN;
  });
  return c;
}

function derive(c: Cohort, e: EndpointSpec): { y: number[]; b: number[]; used: number } {
  const y = new Float64Array(c.n);
  const b = new Float64Array(c.n);
  const used = deriveEndpoint(c, e, y, b);
  return { y: [...y], b: [...b], used };
}

const N = null;

describe('deriveEndpoint — unit tests on hand-made cohorts with known answers', () => {
  // patient 0: switched at week 8 (the week-8 assessment precedes the switch)
  // patient 1: completer; patient 2: dropout from week 12; patient 3: dropout from week 4;
  // patient 4: missed week 16 only
  const rows = [
    [30, 28, 33, 20, 15, 10, 9, 8, 7, 6, 5],
    [20, 18, 16, 14, 12, 11, 10, 10, 10, 10, 10],
    [25, 20, 18, N, N, N, N, N, N, N, N],
    [25, N, N, N, N, N, N, N, N, N, N],
    [10, 9, 8, 7, N, 6, 6, 6, 6, 6, 6],
  ];
  const c = cohort(rows, { crossover: [8, NaN, NaN, NaN, NaN], dropout: [NaN, NaN, 12, 4, NaN] });

  it('switched before the week: the last value before the switch is carried forward (paper rule)', () => {
    const { y } = derive(c, ep({}));
    assert.equal(y[0], 33 - 30);
    assert.equal(y[1], 12 - 20);
  });

  it('a value of exactly -1 is an ordinary value, not a non-responder marker (regression)', () => {
    const neg = cohort([[0, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0], [2, 0, 0, 0, -1, 0, 0, 0, 0, 0, 0]]);
    assert.deepEqual(derive(neg, ep({ type: 'value' })).y, [-1, -1]);
    assert.deepEqual(derive(neg, ep({})).y, [-1, -3]);
    assert.deepEqual(derive(neg, ep({ type: 'threshold_responder', threshold: -2 })).y, [1, 1]);
  });

  it("crossover 'observed' reads the post-switch value", () => {
    assert.equal(derive(c, ep({ crossover: 'observed' })).y[0], 15 - 30);
  });

  it("dropouts and missed visits: 'exclude' leaves them out, 'locf' carries the last post-baseline value", () => {
    const ex = derive(c, ep({}));
    assert.ok(Number.isNaN(ex.y[2]) && Number.isNaN(ex.y[3]) && Number.isNaN(ex.y[4]));
    assert.equal(ex.used, 2);
    assert.ok(Number.isNaN(ex.b[2]), 'baseline of a patient not analysed is NaN');
    const locf = derive(c, ep({ dropout: 'locf' }));
    assert.equal(locf.y[2], 18 - 25);
    assert.ok(Number.isNaN(locf.y[3]), 'no post-baseline value: still missing (baseline is not carried forward)');
    assert.equal(locf.y[4], 7 - 10);
    assert.equal(locf.used, 4);
  });

  it('a switch after the analysis week does not apply', () => {
    const late = cohort([rows[0]], { crossover: [16] });
    assert.equal(derive(late, ep({})).y[0], 15 - 30);
    assert.equal(derive(late, ep({ week: 20 })).y[0], 15 - 30, 'switched at 16, analysed at 20: the week-16 value');
  });

  it("'value' endpoints need no baseline; the analysis week can be any visit", () => {
    assert.equal(derive(c, ep({ type: 'value', week: 40 })).y[1], 10);
    assert.equal(derive(c, ep({ type: 'value', week: 8 })).y[0], 33);
  });

  it('baseline exclusion: only baselines above the limit are analysed (VAS > 0.2)', () => {
    const v = cohort([
      [0.2, 1, 1, 1, 0.1, 0, 0, 0, 0, 0, 0],
      [0.3, 1, 1, 1, 0.1, 0, 0, 0, 0, 0, 0],
      [0, 1, 1, 1, 0.1, 0, 0, 0, 0, 0, 0],
    ]);
    const { y } = derive(v, ep({ baselineAbove: 0.2 }));
    assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[2]));
    assert.ok(Math.abs(y[1] - (0.1 - 0.3)) < 1e-15);
  });

  it('> 35% reduction responder: strict, baseline zeros excluded (Fig. 3b)', () => {
    const r = cohort([
      [20, 20, 20, 20, 13, 0, 0, 0, 0, 0, 0], // exactly 35%: not a responder
      [20, 20, 20, 20, 12.9, 0, 0, 0, 0, 0, 0], // 35.5%
      [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], // baseline 0: excluded
      [7, 7, 7, 7, 10, 0, 0, 0, 0, 0, 0], // worse
    ]);
    const { y, used } = derive(r, ep({ type: 'reduction_responder', threshold: 0.35, baselineAbove: 0 }));
    assert.deepEqual([y[0], y[1], y[3]], [0, 1, 0]);
    assert.ok(Number.isNaN(y[2]));
    assert.equal(used, 3);
  });

  it('TIS responder: TIS ≥ 20 without confirmed deterioration; switch and dropout are failures', () => {
    const t = cohort(
      [
        [N, 10, 10, 10, 20, 30, 30, 30, 30, 30, 30], // exactly 20: responder
        [N, 10, 10, 10, 17.5, 30, 30, 30, 30, 30, 30], // below
        [N, 10, 40, 40, 40, 40, 40, 40, 40, 40, 40], // switched at 8: non-responder though TIS 40
        [N, 10, 40, 40, 40, 40, 40, 40, 40, 40, 40], // deterioration confirmed at 16
        [N, 10, 40, 40, 40, 40, 40, 40, 40, 40, 40], // deterioration only at 20: responder at 16
        [N, 50, 50, N, N, N, N, N, N, N, N], // dropped out at 12
      ],
      { crossover: [NaN, NaN, 8, NaN, NaN, NaN], deterioration: [NaN, NaN, 8, 16, 20, NaN], dropout: [NaN, NaN, NaN, NaN, NaN, 12] },
    );
    const rule = ep({ measure: 'x', type: 'threshold_responder', threshold: 20, dropout: 'failure', crossover: 'failure', deterioration: 'failure' });
    const { y, used } = derive(t, rule);
    assert.deepEqual(y, [1, 0, 0, 0, 1, 0]);
    assert.equal(used, 6, 'every randomized patient is in the denominator');
    const lenient = derive(t, { ...rule, crossover: 'locf', deterioration: 'ignore', dropout: 'exclude' });
    assert.deepEqual(lenient.y.slice(0, 5), [1, 0, 1, 1, 1]);
    assert.ok(Number.isNaN(lenient.y[5]));
  });

  it('an unknown measure or a week that is not a visit returns -1', () => {
    const y = new Float64Array(c.n);
    assert.equal(deriveEndpoint(c, ep({ measure: 'nope' }), y, new Float64Array(c.n)), -1);
    assert.equal(deriveEndpoint(c, ep({ week: 15 }), y, new Float64Array(c.n)), -1);
  });

  it('visitIndex and lastObserved', () => {
    assert.equal(visitIndex(VISITS, 16), 4);
    assert.equal(visitIndex(VISITS, 17), -1);
    const x = c.measures.x;
    assert.equal(lastObserved(x, 4, VISITS, 16, 5), 7, 'week 16 missing: week 12');
    assert.ok(Number.isNaN(lastObserved(x, 3, VISITS, 40, 11)));
  });
});

describe('baseline strata by cut points — unit tests', () => {
  const cuts = [0, 6, 14, Infinity];
  it('labels as the targets file writes them', () => {
    assert.deepEqual(stratumLabels(cuts), ['(0,6]', '(6,14]', '(14,inf)']);
    assert.deepEqual(stratumLabels([0.2, 3, 10]), ['(0.2,3]', '(3,10]']);
  });
  it('left-open, right-closed; zeros and missing in no stratum (Fig. 3a: "not including patients who had a CDASI-A value of 0")', () => {
    assert.deepEqual(
      [0, 0.5, 6, 6.0001, 14, 14.5, 67, NaN, -1].map((v) => stratumOf(v, cuts)),
      [-1, 0, 0, 1, 1, 2, 2, -1, -1],
    );
    assert.equal(stratumOf(10.1, [0.2, 3, 10]), -1, 'above the last finite cut');
  });
  it('validCuts', () => {
    assert.ok(validCuts(cuts));
    assert.ok(!validCuts([0]));
    assert.ok(!validCuts([0, 6, 6]));
    assert.ok(!validCuts([0, NaN]));
    assert.ok(!validCuts([Infinity, Infinity]));
  });
});
