import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spearman, spearmanPair } from '../../src/stats/spearman.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import { loadFixture, assertClose } from '../support/fixtures.js';

interface SpearmanCase {
  label: string;
  k: number;
  nrow: number;
  columns: (number | null)[][];
  rho: (number | null)[];
  p: (number | null)[];
  n: number[];
}

const REL = 1e-9;
const fixture = loadFixture<{ cases: SpearmanCase[] }>('spearman.json');
const column = (v: (number | null)[]): Float64Array => Float64Array.from(v, (x) => (x === null ? NaN : x));

// A perfectly monotone pair has p = 0 exactly; R's cor() returns rho within
// ~1e-16 of ±1 and cor.test turns that into a p-value of up to ~1e-23 (n = 5).
function assertP(actual: number, c: SpearmanCase, cell: number, label: string): void {
  if (Math.abs(c.rho[cell]!) === 1) {
    assert.equal(actual, 0, `${label} p`);
    assert.ok(c.p[cell]! < 1e-20, `${label}: R's p ${c.p[cell]} should be rounding noise`);
    return;
  }
  assertClose(actual, c.p[cell]!, REL, `${label} p`);
}

describe('spearman — tested against R (cor(method = "spearman", use = "pairwise.complete.obs"), cor.test(exact = FALSE))', () => {
  it(`matches R on ${fixture.cases.length} data sets (ties, NaN, constant columns, tiny n, tiny p)`, () => {
    let compared = 0;
    let degenerate = 0;
    for (const c of fixture.cases) {
      const res = spearman(c.columns.map(column));
      assert.equal(res.k, c.k, c.label);
      for (let i = 0; i < c.k; i++) {
        for (let j = 0; j < c.k; j++) {
          if (i === j) continue;
          const cell = i * c.k + j;
          const label = `${c.label} [${i + 1},${j + 1}]`;
          assert.equal(res.n[cell], c.n[cell], `${label} n`);
          const expectedReason =
            c.n[cell] < 3 ? NOT_ESTIMABLE.tooFew : c.rho[cell] === null ? NOT_ESTIMABLE.zeroVariance : null;
          if (expectedReason !== null) {
            degenerate++;
            assert.equal(res.estimable[cell], 0, label);
            assert.ok(Number.isNaN(res.rho[cell]) && Number.isNaN(res.p[cell]), label);
            const issue = res.issues.find((s) => s.i === Math.min(i, j) && s.j === Math.max(i, j));
            assert.equal(issue?.reason, expectedReason, label);
            continue;
          }
          assert.equal(res.estimable[cell], 1, label);
          assertClose(res.rho[cell], c.rho[cell]!, REL, `${label} rho`, 1e-15);
          assertP(res.p[cell], c, cell, label);
          compared++;
        }
      }
      // Every NaN cell is accounted for.
      for (let cell = 0; cell < c.k * c.k; cell++) {
        assert.equal(Number.isNaN(res.rho[cell]), res.estimable[cell] === 0, `${c.label} cell ${cell}`);
      }
    }
    assert.ok(compared > 1500, `compared ${compared} pairs`);
    assert.ok(degenerate > 10, `degenerate ${degenerate} pairs`);
  });

  it('spearmanPair agrees with the matrix and with R for every pair of every data set', () => {
    let compared = 0;
    for (const c of fixture.cases) {
      const cols = c.columns.map(column);
      for (let i = 0; i < c.k; i++) {
        for (let j = i + 1; j < c.k; j++) {
          const cell = i * c.k + j;
          const r = spearmanPair(cols[i], cols[j]);
          assert.equal(r.n, c.n[cell]);
          if (c.n[cell] < 3 || c.rho[cell] === null) {
            assert.equal(r.estimable, false);
            continue;
          }
          assert.equal(r.estimable, true);
          assertClose(r.estimate, c.rho[cell]!, REL, `${c.label} pair rho`, 1e-15);
          assertP(r.p, c, cell, `${c.label} pair`);
          assert.equal(r.df, c.n[cell] - 2);
          compared++;
        }
      }
    }
    assert.ok(compared > 700);
  });
});

describe('spearman — unit tests', () => {
  it('diagonal is 1 with p 0 for a varying column, and not estimable for a constant one', () => {
    const res = spearman([Float64Array.of(1, 2, 3, 4), Float64Array.of(5, 5, 5, 5)]);
    assert.equal(res.rho[0], 1);
    assert.equal(res.p[0], 0);
    assert.equal(res.estimable[3], 0);
    assert.deepEqual(
      res.issues.map((s) => [s.i, s.j, s.reason]),
      [
        [0, 1, NOT_ESTIMABLE.zeroVariance],
        [1, 1, NOT_ESTIMABLE.zeroVariance],
      ],
    );
  });

  it('columns of unequal length make every cell badInput', () => {
    const res = spearman([Float64Array.of(1, 2, 3), Float64Array.of(1, 2, 3, 4)]);
    assert.equal(res.issues.length, 3);
    assert.ok(res.issues.every((s) => s.reason === NOT_ESTIMABLE.badInput));
    assert.equal(spearmanPair(Float64Array.of(1, 2, 3), Float64Array.of(1, 2)).reason, NOT_ESTIMABLE.badInput);
  });

  it('a perfectly monotone pair has rho 1, p 0 and an infinite t', () => {
    const r = spearmanPair(Float64Array.of(1, 2, 3, 4, 5), Float64Array.of(1, 4, 9, 16, 25));
    assert.equal(r.estimate, 1);
    assert.equal(r.p, 0);
    assert.equal(r.statistic, Infinity);
  });
});
