import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ancova, ancovaDifference, ancovaInteractionTest } from '../../src/stats/ancova.js';
import { TQuantiles } from '../../src/stats/distributions/tQuantiles.js';
import type { AncovaInput, AncovaResult } from '../../src/stats/ancova.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import type { StatResult } from '../../src/stats/result.js';
import { assertClose, loadFixture } from '../support/fixtures.js';

type Num = number | string; // R writes NA / NaN / Inf as strings
interface RTest {
  estimate: Num;
  se: Num;
  df: Num;
  lower: Num;
  upper: Num;
  t: Num;
  p: Num;
}
interface RCase {
  id: string;
  y: Num[];
  arm: number[];
  baseline: Num[];
  stratum: number[] | null;
  nStrata: number | null;
  interaction: boolean;
  level: number;
  expected: {
    estimable: boolean;
    reason?: string;
    n: number;
    df?: number;
    sigma?: Num;
    coefficients?: { name: string[]; estimate: Num[]; se: Num[]; t: Num[]; p: Num[] };
    lsMeans?: { [K in keyof RTest]: Num[] };
    difference?: RTest;
    interaction?: { F: Num; df1: number; df2: number; p: Num } | null;
  };
}

function num(v: Num): number {
  if (typeof v === 'number') return v;
  if (v === 'Inf') return Infinity;
  if (v === '-Inf') return -Infinity;
  return NaN; // 'NA', 'NaN'
}

function inputOf(c: RCase): AncovaInput {
  return {
    y: Float64Array.from(c.y, num),
    arm: Uint8Array.from(c.arm),
    baseline: Float64Array.from(c.baseline, num),
    ...(c.stratum ? { stratum: Uint8Array.from(c.stratum), nStrata: c.nStrata ?? undefined } : {}),
    interaction: c.interaction,
    level: c.level,
  };
}

const REL = 1e-9;

// A quantity near 0 (an estimate, t or CI bound) can only be compared to a
// scale: we allow 1e-9 of its standard error as an absolute floor.
function checkTest(label: string, got: StatResult, r: RTest, n: number): void {
  const se = num(r.se);
  assertClose(got.estimate, num(r.estimate), REL, `${label} estimate`, REL * se);
  assertClose(got.se, se, REL, `${label} se`);
  assert.equal(got.df, num(r.df), `${label} df`);
  assertClose(got.ci[0], num(r.lower), REL, `${label} lower`, REL * se);
  assertClose(got.ci[1], num(r.upper), REL, `${label} upper`, REL * se);
  assertClose(got.statistic, num(r.t), REL, `${label} t`, REL);
  assertClose(got.p, num(r.p), REL, `${label} p`);
  assert.equal(got.n, n, `${label} n`);
}

function checkAgainstR(c: RCase, got: AncovaResult): void {
  const e = c.expected;
  assert.equal(got.n, e.n, 'n');
  if (!e.estimable) {
    assert.equal(got.estimable, false, 'R says not estimable');
    assert.equal(got.reason, e.reason);
    assert.ok(Number.isNaN(got.difference.estimate) && Number.isNaN(got.sigma), 'no numbers from a failed fit');
    assert.equal(got.interaction === null, !c.interaction);
    return;
  }
  assert.equal(got.estimable, true, `not estimable: ${got.reason}`);
  assert.equal(got.df, e.df);
  assertClose(got.sigma, num(e.sigma!), REL, 'sigma');
  const co = e.coefficients!;
  assert.deepEqual(
    got.coefficients.map((k) => k.name),
    co.name,
  );
  got.coefficients.forEach((k, j) => {
    const se = num(co.se[j]);
    assertClose(k.estimate, num(co.estimate[j]), REL, `${k.name} estimate`, REL * se);
    assertClose(k.se, se, REL, `${k.name} se`);
    assertClose(k.t, num(co.t[j]), REL, `${k.name} t`, REL);
    assertClose(k.p, num(co.p[j]), REL, `${k.name} p`);
  });
  const ls = e.lsMeans!;
  for (const a of [0, 1] as const) {
    checkTest(
      `LS mean arm ${a}`,
      got.lsMeans[a],
      { estimate: ls.estimate[a], se: ls.se[a], df: ls.df[a], lower: ls.lower[a], upper: ls.upper[a], t: ls.t[a], p: ls.p[a] },
      e.n,
    );
  }
  checkTest('difference', got.difference, e.difference!, e.n);
  if (e.interaction) {
    const gi = got.interaction!;
    assert.equal(gi.estimable, true);
    assert.equal(gi.df1, e.interaction.df1);
    assert.equal(gi.df2, e.interaction.df2);
    assertClose(gi.F, num(e.interaction.F), REL, 'interaction F');
    assertClose(gi.p, num(e.interaction.p), REL, 'interaction p');
  } else {
    assert.equal(got.interaction, null);
  }
}

describe('ancova — tested against R (lm + emmeans + anova)', () => {
  const cases = loadFixture<RCase[]>('ancova.json');
  it('has many R data sets, estimable and degenerate', () => {
    assert.ok(cases.length >= 150);
    assert.ok(cases.filter((c) => !c.expected.estimable).length >= 20);
  });
  for (const c of cases) {
    it(c.id, () => checkAgainstR(c, ancova(inputOf(c))));
  }

  it('ancovaInteractionTest gives R\'s F test, the very numbers of ancova(...).interaction, and the same failures', () => {
    const withInteraction = cases.filter((c) => c.interaction);
    assert.ok(withInteraction.filter((c) => c.expected.estimable).length >= 10 && withInteraction.some((c) => !c.expected.estimable));
    for (const c of withInteraction) {
      const { interaction: _, ...input } = inputOf(c);
      const got = ancovaInteractionTest(input);
      assert.deepEqual(got, ancova(inputOf(c)).interaction, c.id);
      const e = c.expected;
      if (!e.estimable) {
        assert.equal(got.estimable, false, c.id);
        assert.equal(got.reason, e.reason, c.id);
        continue;
      }
      assertClose(got.F, num(e.interaction!.F), REL, `${c.id} interaction F`);
      assertClose(got.p, num(e.interaction!.p), REL, `${c.id} interaction p`);
    }
  });
});

describe('ancovaDifference — the LS-mean difference alone', () => {
  const cases = loadFixture<RCase[]>('ancova.json');
  it('gives R\'s difference, the very numbers of ancova(...).difference, and the same failures, with and without remembered quantiles', () => {
    const without = cases.filter((c) => !c.interaction);
    assert.ok(without.filter((c) => c.expected.estimable).length >= 50 && without.some((c) => !c.expected.estimable));
    for (const c of without) {
      const input = inputOf(c);
      const got = ancovaDifference(input);
      assert.deepEqual(got, ancova(input).difference, c.id);
      const e = c.expected;
      if (!e.estimable) {
        assert.equal(got.estimable, false, c.id);
        assert.equal(got.reason, e.reason, c.id);
        continue;
      }
      checkTest('difference', got, e.difference!, e.n);
      const quantiles = new TQuantiles(input.level ?? 0.95);
      assert.deepEqual(ancovaDifference({ ...input, quantiles }), ancova({ ...input, quantiles }).difference, `${c.id}, remembered quantiles`);
    }
  });
});

describe('ancova — plain unit tests', () => {
  const base: AncovaInput = {
    y: Float64Array.from([1, 2, 3, 5, 4, 6, 8, 7]),
    arm: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 1]),
    baseline: Float64Array.from([3, 1, 4, 1, 5, 9, 2, 6]),
  };

  it('rejects invalid input without throwing', () => {
    const bad: AncovaInput[] = [
      { ...base, arm: Uint8Array.from([0, 0, 0, 0, 1, 1, 1, 2]) },
      { ...base, y: Float64Array.from([1, 2, 3, 5, 4, 6, 8, Infinity]) },
      { ...base, baseline: new Float64Array(7) },
      { ...base, level: 1 },
      { ...base, interaction: true },
      { ...base, stratum: Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 3]), nStrata: 2 },
      { ...base, stratum: new Uint8Array(8), nStrata: 1 },
    ];
    for (const input of bad) {
      const r = ancova(input);
      assert.equal(r.estimable, false);
      assert.equal(r.reason, NOT_ESTIMABLE.badInput);
      assert.ok(Number.isNaN(r.difference.p));
    }
  });

  it('reports a not-estimable interaction test when the fit fails', () => {
    const r = ancova({ ...base, stratum: Uint8Array.from([0, 1, 0, 1, 0, 0, 0, 0]), nStrata: 2, interaction: true });
    assert.equal(r.estimable, false);
    assert.equal(r.reason, NOT_ESTIMABLE.emptyGroup);
    assert.equal(r.interaction?.estimable, false);
    assert.ok(Number.isNaN(r.interaction.F));
  });

  it('infers the number of strata from the data when not given', () => {
    const stratum = Uint8Array.from([0, 1, 0, 1, 0, 1, 0, 1]);
    const a = ancova({ ...base, stratum });
    const b = ancova({ ...base, stratum, nStrata: 2 });
    assert.equal(a.estimable, true);
    assert.deepEqual(a, b);
  });

  it('without strata the LS-mean difference is the arm coefficient', () => {
    const r = ancova(base);
    assert.equal(r.difference.estimate, r.coefficients[1].estimate);
    assertClose(r.difference.se, r.coefficients[1].se, 1e-14, 'se');
    assertClose(r.lsMeans[1].estimate - r.lsMeans[0].estimate, r.difference.estimate, 1e-12, 'difference of LS means');
  });
});
