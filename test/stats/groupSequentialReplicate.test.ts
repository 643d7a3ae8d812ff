// The speed devices of the group-sequential boundaries, each against what it
// replaces. Tested against R: replicateBoundaries (grids a third as fine)
// against rpact 3.3.4's getDesignGroupSequential on the 94 designs of
// test/fixtures/r/group-sequential.R, to 1e-6 on every efficacy and futility
// bound (z scale), alpha spent, beta spent and power. Against an independent
// second implementation: nextGridSweep against nextGrid (the plain formula,
// one normal density per pair of nodes), to 1e-10 relative on every node.
// Plain unit test: a start for the drift's search changes the drift by no
// more than the solver's tolerance.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupSequentialBoundaries, type GroupSequentialDesign } from '../../src/stats/groupSequential/boundaries.js';
import { replicateBoundaries, REPLICATE_RESOLUTION } from '../../src/stats/groupSequential/replicateBoundaries.js';
import { firstGrid, nextGrid, nodeSpacing, FINE, type Grid, type Interval } from '../../src/stats/groupSequential/crossing.js';
import { nextGridSweep } from '../../src/stats/groupSequential/crossingSweep.js';
import type { SpendingFamily } from '../../src/stats/groupSequential/spending.js';
import { loadFixture } from '../support/fixtures.js';

interface Case {
  information: number[];
  alpha: number;
  sided: 1 | 2;
  family: SpendingFamily | 'hp';
  gamma: number | null;
  futility: 'none' | 'fixed' | 'spending';
  futilityBounds: number[] | number | null;
  betaFamily: SpendingFamily | null;
  betaGamma: number | null;
  beta: number | null;
  binding: boolean;
  expected: { efficacy: number[]; alphaSpent: number[]; futility?: (number | null)[] | number; betaSpent?: number[]; power?: number[] };
}

const fixture = loadFixture<{ designs: Case[] }>('group-sequential.json');
const arr = <T,>(x: T[] | T): T[] => (Array.isArray(x) ? x : [x]);

function designOf(c: Case): GroupSequentialDesign {
  const efficacy =
    c.family === 'hp'
      ? ({ kind: 'haybittle-peto', bound: 3 } as const)
      : ({ kind: 'spending', spending: { family: c.family, gamma: c.gamma ?? undefined } } as const);
  const futility =
    c.futility === 'fixed'
      ? ({ kind: 'fixed', bounds: arr(c.futilityBounds as number[]) } as const)
      : c.futility === 'spending'
        ? ({ kind: 'spending', spending: { family: c.betaFamily as SpendingFamily, gamma: c.betaGamma ?? undefined }, beta: c.beta as number } as const)
        : undefined;
  return { information: c.information, alpha: c.alpha, sided: c.sided, efficacy, futility, binding: c.binding };
}

const TOL = 1e-6;

function near(actual: (number | null)[], expected: (number | null)[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === null || actual[i] === null) {
      assert.equal(actual[i], expected[i], `${what}[${i}]: none (a band below 1e-5) in both`);
      continue;
    }
    assert.ok(Math.abs((actual[i] as number) - (expected[i] as number)) <= TOL, `${what}[${i}]: ${actual[i]} vs rpact ${expected[i]}`);
  }
}

describe(`replicateBoundaries (grids ${REPLICATE_RESOLUTION.perSd} per SD, ±${REPLICATE_RESOLUTION.span} SD): against rpact::getDesignGroupSequential (1e-6)`, () => {
  it('the grids are coarser than the design-level ones', () => {
    assert.ok(REPLICATE_RESOLUTION.perSd < FINE.perSd && REPLICATE_RESOLUTION.span < FINE.span);
  });
  for (const c of fixture.designs) {
    const d = designOf(c);
    it(`K=${c.information.length} t=${c.information.map((t) => t.toFixed(3)).join(',')} ${c.sided}-sided ${c.family} futility ${c.futility}${c.binding ? ' binding' : ''}`, () => {
      const got = replicateBoundaries(d);
      near(got.efficacy, c.expected.efficacy, 'efficacy');
      near(got.alphaSpent, c.expected.alphaSpent, 'alphaSpent');
      if (c.expected.futility !== undefined) near(got.futility ?? [], arr(c.expected.futility), 'futility');
      else assert.equal(got.futility, null);
      if (c.expected.betaSpent !== undefined) {
        near(got.betaSpent ?? [], c.expected.betaSpent, 'betaSpent');
        near(got.power ?? [], c.expected.power ?? [], 'power');
      }
    });
  }
});

describe('nextGridSweep: against nextGrid, the plain formula (1e-10 relative on every node)', () => {
  const cases: { t: number[]; theta: number; regions: Interval[][] }[] = [
    { t: [1 / 3, 2 / 3, 1], theta: 0, regions: [[[-Infinity, 3.71]], [[-0.2, 2.51]], [[0.4, 1.99]]] },
    { t: [0.5, 1], theta: 2.8, regions: [[[0.1, 2.96]], [[-Infinity, Infinity]]] },
    { t: [0.2, 0.25, 0.9, 1], theta: 1.3, regions: [[[-1, 4.4]], [[-0.5, 3.9]], [[1.1, 2.1]], [[-Infinity, Infinity]]] },
    { t: [0.3, 0.6, 1], theta: 0.9, regions: [[[-4, -0.3], [0.3, 4]], [[-3, -0.6], [0.6, 3]], [[-Infinity, Infinity]]] },
  ];
  for (const [n, c] of cases.entries()) {
    for (const resolution of [FINE, REPLICATE_RESOLUTION]) {
      it(`case ${n + 1}, t = ${c.t.map((x) => x.toFixed(2)).join(',')}, θ = ${c.theta}, ${resolution.perSd} nodes per SD`, () => {
        const h = nodeSpacing(c.t, resolution);
        let plain: Grid = firstGrid(c.t[0], c.theta, c.regions[0], h);
        let fast: Grid = plain;
        for (let k = 1; k < c.t.length; k++) {
          const p = nextGrid(plain, c.t[k], c.theta, c.regions[k], h);
          const f = nextGridSweep(fast, c.t[k], c.theta, c.regions[k], h);
          assert.equal(f.b.length, p.b.length);
          assert.deepEqual([...f.runs], [...p.runs]);
          let peak = 0;
          for (let i = 0; i < p.w.length; i++) peak = Math.max(peak, p.w[i]);
          assert.ok(peak > 0);
          for (let i = 0; i < p.w.length; i++) {
            assert.equal(f.b[i], p.b[i]);
            // relative to the node's own value, or (where the density is in its far tail) to the grid's peak
            assert.ok(Math.abs(f.w[i] - p.w[i]) <= 1e-10 * Math.max(p.w[i], 1e-10 * peak), `look ${k + 1} node ${i}: ${f.w[i]} vs ${p.w[i]}`);
          }
          plain = p;
          fast = f;
        }
      });
    }
  }
});

describe('beta spending: a start for the drift search changes the drift by the solver tolerance only', () => {
  it('one- and two-sided, non-binding and binding, starts on either side of the answer', () => {
    const designs: GroupSequentialDesign[] = [
      { information: [0.35, 0.7, 1], alpha: 0.025, sided: 1, efficacy: { kind: 'spending', spending: { family: 'obf' } }, futility: { kind: 'spending', spending: { family: 'obf' }, beta: 0.2 }, binding: false },
      { information: [0.5, 1], alpha: 0.025, sided: 1, efficacy: { kind: 'spending', spending: { family: 'pocock' } }, futility: { kind: 'spending', spending: { family: 'hsd', gamma: -2 }, beta: 0.1 }, binding: true },
      { information: [0.4, 0.75, 1], alpha: 0.05, sided: 2, efficacy: { kind: 'spending', spending: { family: 'obf' } }, futility: { kind: 'spending', spending: { family: 'obf' }, beta: 0.2 }, binding: false },
    ];
    for (const d of designs) {
      const plain = replicateBoundaries(d);
      const drift = plain.drift as number;
      assert.ok(Number.isFinite(drift));
      for (const start of [drift - 0.03, drift + 0.04, drift + 1]) {
        const hinted = replicateBoundaries(d, start);
        assert.ok(Math.abs((hinted.drift as number) - drift) <= 1e-10, `start ${start}: ${hinted.drift} vs ${drift}`);
        for (let k = 0; k < plain.efficacy.length; k++) assert.ok(Math.abs(hinted.efficacy[k] - plain.efficacy[k]) <= 1e-9);
        for (let k = 0; k < (plain.futility ?? []).length; k++) assert.ok(Math.abs((hinted.futility as number[])[k] - (plain.futility as number[])[k]) <= 1e-9);
      }
    }
  });
  it('and the fine grids agree with the coarse ones to 1e-6 at the same design', () => {
    const d: GroupSequentialDesign = { information: [0.35, 0.7, 1], alpha: 0.025, sided: 1, efficacy: { kind: 'spending', spending: { family: 'obf' } }, futility: { kind: 'spending', spending: { family: 'obf' }, beta: 0.2 } };
    const fine = groupSequentialBoundaries(d);
    const coarse = replicateBoundaries(d);
    for (let k = 0; k < 3; k++) assert.ok(Math.abs(fine.efficacy[k] - coarse.efficacy[k]) <= TOL);
    for (let k = 0; k < 2; k++) assert.ok(Math.abs((fine.futility as number[])[k] - (coarse.futility as number[])[k]) <= TOL);
  });
});
