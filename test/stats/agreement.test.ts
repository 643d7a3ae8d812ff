import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cohensKappa, weightedKappa } from '../../src/stats/kappa.js';
import { bowker } from '../../src/stats/bowker.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import type { StatResult } from '../../src/stats/result.js';
import { loadFixture, assertClose } from '../support/fixtures.js';

interface KappaValues {
  estimate: number | null;
  ase: number | null;
  ase0: number | null;
  z: number | null;
  p: number | null;
  lo95: number | null;
  hi95: number | null;
  lo90: number | null;
  hi90: number | null;
}
interface KappaCase {
  label: string;
  k: number;
  table: number[];
  unweighted: KappaValues;
  cicchettiAllison: KappaValues;
  fleissCohen: KappaValues;
}
interface BowkerCase {
  label: string;
  k: number;
  table: number[];
  r_statistic: number | null;
  r_df: number;
  r_p: number | null;
  statistic: number;
  df: number;
  p: number | null;
}

const REL = 1e-9;
const fixture = loadFixture<{ kappa: KappaCase[]; bowker: BowkerCase[] }>('agreement.json');

// Table 3 of the paper (TIS category vs CDASI-A category at week 16, N = 87):
// /work/shared/paper/proderm-targets.yaml, tis_vs_cdasi_a_category_week16.
const TABLE3 = Float64Array.of(21, 4, 0, 3, 8, 3, 2, 3, 4, 6, 5, 9, 1, 0, 3, 15);

/** The value printed to `digits` decimals equals `printed`. */
function assertPrinted(actual: number, printed: number, digits: number, label: string): void {
  const half = 0.5 * 10 ** -digits;
  assert.ok(Math.abs(actual - printed) <= half + 1e-12, `${label}: ${actual} does not print as ${printed}`);
}

describe('agreement — validated against the published SAS PROC FREQ output (paper Table 3)', () => {
  it('simple kappa 0.3318, ASE 0.0658, 95% CI 0.2029 to 0.4608', () => {
    const r = cohensKappa(TABLE3, 4);
    assert.equal(r.estimable, true);
    assert.equal(r.n, 87);
    assertPrinted(r.estimate, 0.3318, 4, 'kappa');
    assertPrinted(r.se, 0.0658, 4, 'ASE');
    assertPrinted(r.ci[0], 0.2029, 4, 'lower');
    assertPrinted(r.ci[1], 0.4608, 4, 'upper');
  });

  it('weighted kappa (Cicchetti-Allison) 0.5145, ASE 0.0656, 95% CI 0.3860 to 0.6430', () => {
    const r = weightedKappa(TABLE3, 4, { weights: 'cicchetti-allison' });
    assertPrinted(r.estimate, 0.5145, 4, 'weighted kappa');
    assertPrinted(r.se, 0.0656, 4, 'ASE');
    assertPrinted(r.ci[0], 0.386, 4, 'lower');
    assertPrinted(r.ci[1], 0.643, 4, 'upper');
    // Cicchetti-Allison is the default, as in SAS.
    assert.deepEqual(weightedKappa(TABLE3, 4), r);
  });

  it("Bowker's symmetry test 14.3333 on 6 df, p 0.0261", () => {
    const r = bowker(TABLE3, 4);
    assertPrinted(r.statistic, 14.3333, 4, 'chi-square');
    assert.equal(r.df, 6);
    assertPrinted(r.p, 0.0261, 4, 'p');
  });
});

function checkKappa(r: StatResult, e: KappaValues, label: string, level: 95 | 90): 'ok' | 'degenerate' {
  if (e.estimate === null || e.z === null || e.ase0 === null || e.ase0 < 1e-10) {
    // R: 0/0 for the estimate, or a null variance of exactly zero (up to rounding).
    assert.equal(r.estimable, false, `${label}: expected not estimable`);
    assert.equal(r.reason, NOT_ESTIMABLE.zeroVariance, label);
    return 'degenerate';
  }
  assert.equal(r.estimable, true, label);
  assertClose(r.estimate, e.estimate, REL, `${label} kappa`, 1e-14);
  assertClose(r.se, e.ase!, REL, `${label} ASE`, 1e-14);
  assertClose(r.statistic, e.z, REL, `${label} z`);
  assertClose(r.p, e.p!, REL, `${label} p`);
  assert.equal(r.df, Infinity);
  assertClose(r.ci[0], level === 95 ? e.lo95! : e.lo90!, REL, `${label} lower`, 1e-14);
  assertClose(r.ci[1], level === 95 ? e.hi95! : e.hi90!, REL, `${label} upper`, 1e-14);
  return 'ok';
}

describe('kappa — tested against R (vcd::Kappa for estimate and ASE; Fleiss-Cohen-Everitt null ASE written in R)', () => {
  it(`Cohen's kappa on ${fixture.kappa.length} tables (k = 2..5, sparse and dense, degenerate)`, () => {
    let ok = 0;
    let degenerate = 0;
    for (const c of fixture.kappa) {
      const table = Float64Array.from(c.table);
      for (const level of [95, 90] as const) {
        const r = cohensKappa(table, c.k, { level: level / 100 });
        if (checkKappa(r, c.unweighted, `${c.label} unweighted ${level}%`, level) === 'ok') ok++;
        else degenerate++;
      }
    }
    assert.ok(ok > 200 && degenerate >= 8, `${ok} compared, ${degenerate} degenerate`);
  });

  it('weighted kappa, Cicchetti-Allison (vcd "Equal-Spacing") and Fleiss-Cohen weights', () => {
    let ok = 0;
    for (const c of fixture.kappa) {
      const table = Float64Array.from(c.table);
      for (const level of [95, 90] as const) {
        const ca = weightedKappa(table, c.k, { weights: 'cicchetti-allison', level: level / 100 });
        const fc = weightedKappa(table, c.k, { weights: 'fleiss-cohen', level: level / 100 });
        if (checkKappa(ca, c.cicchettiAllison, `${c.label} CA ${level}%`, level) === 'ok') ok++;
        if (checkKappa(fc, c.fleissCohen, `${c.label} FC ${level}%`, level) === 'ok') ok++;
      }
    }
    assert.ok(ok > 400, `${ok} compared`);
  });
});

describe('kappa — unit tests', () => {
  it('invalid input is badInput, an empty table tooFew', () => {
    assert.equal(cohensKappa(Float64Array.of(1, 2, 3), 2).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensKappa(Float64Array.of(1, -2, 3, 4), 2).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensKappa(Float64Array.of(1, NaN, 3, 4), 2).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensKappa(Float64Array.of(1, 2, 3, 4), 2, { level: 1 }).reason, NOT_ESTIMABLE.badInput);
    assert.equal(cohensKappa(Float64Array.of(0, 0, 0, 0), 2).reason, NOT_ESTIMABLE.tooFew);
    assert.equal(cohensKappa(Float64Array.of(5), 1).reason, NOT_ESTIMABLE.zeroVariance);
  });

  it('for k = 2 both weightings equal the simple kappa', () => {
    const t = Float64Array.of(12, 5, 3, 20);
    const simple = cohensKappa(t, 2);
    for (const weights of ['cicchetti-allison', 'fleiss-cohen'] as const) {
      const w = weightedKappa(t, 2, { weights });
      assertClose(w.estimate, simple.estimate, 1e-14, weights);
      assertClose(w.se, simple.se, 1e-12, weights);
      assertClose(w.statistic, simple.statistic, 1e-12, weights);
    }
  });
});

describe("bowker — tested against R (mcnemar.test(x, correct = FALSE) on k×k tables)", () => {
  it(`matches mcnemar.test on the ${fixture.bowker.filter((c) => c.r_statistic !== null).length} tables without an empty pair`, () => {
    let compared = 0;
    for (const c of fixture.bowker) {
      if (c.r_statistic === null) continue;
      const r = bowker(Float64Array.from(c.table), c.k);
      assert.equal(r.estimable, true, c.label);
      assertClose(r.statistic, c.r_statistic, REL, `${c.label} statistic`, 1e-14);
      assert.equal(r.df, c.r_df, c.label);
      assertClose(r.p, c.r_p!, REL, `${c.label} p`);
      compared++;
    }
    assert.ok(compared > 80);
  });

  it('drops empty pairs and their df where mcnemar.test returns NaN (sum written out in R)', () => {
    let compared = 0;
    for (const c of fixture.bowker) {
      if (c.r_statistic !== null) continue;
      const r = bowker(Float64Array.from(c.table), c.k);
      if (c.df === 0) {
        assert.equal(r.reason, c.table.every((v) => v === 0) ? NOT_ESTIMABLE.tooFew : NOT_ESTIMABLE.noInformation);
        continue;
      }
      assert.ok(c.df < c.r_df, c.label);
      assertClose(r.statistic, c.statistic, REL, `${c.label} statistic`, 1e-14);
      assert.equal(r.df, c.df, c.label);
      assertClose(r.p, c.p!, REL, `${c.label} p`);
      compared++;
    }
    assert.ok(compared > 30);
  });
});

describe('bowker — unit tests', () => {
  it('degenerate tables are not estimable, with the reason', () => {
    assert.equal(bowker(Float64Array.of(3, 0, 0, 4), 2).reason, NOT_ESTIMABLE.noInformation);
    assert.equal(bowker(Float64Array.of(0, 0, 0, 0), 2).reason, NOT_ESTIMABLE.tooFew);
    assert.equal(bowker(Float64Array.of(1, 2, 3), 2).reason, NOT_ESTIMABLE.badInput);
    assert.equal(bowker(Float64Array.of(1, -2, 3, 4), 2).reason, NOT_ESTIMABLE.badInput);
  });
});
