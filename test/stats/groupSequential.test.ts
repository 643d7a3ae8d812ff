// Group-sequential boundaries. Tested against R: rpact 3.3.4's
// getDesignGroupSequential on 94 designs (test/fixtures/r/group-sequential.R):
// K = 2..5, one- and two-sided, every spending family (O'Brien–Fleming- and
// Pocock-like, Kim–DeMets, Hwang–Shih–DeCani, Haybittle–Peto), without
// futility, with fixed futility bounds and with beta spending, binding and
// non-binding, and two-sided with beta spending (an inner futility band). Tolerance 1e-6 on the z scale and on the probability scale
// (rpact solves to 1e-10 on the probability scale; its final alphaSpent is
// floored to 1e-8); and rpact's getPowerMeans (normal approximation) for the
// operating characteristics of 8 of them: rejections and futility stops by
// look, overall power and expected N (1e-6; N to 1e-4). Plain unit tests: the spending functions' closed forms,
// the conditional-power bound solves CP = γ, and the recursion against a
// bivariate-normal probability computed independently.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { groupSequentialBoundaries, exitProbabilities, type GroupSequentialDesign } from '../../src/stats/groupSequential/boundaries.js';
import { spent, type SpendingFamily } from '../../src/stats/groupSequential/spending.js';
import { conditionalPower, conditionalPowerFutility } from '../../src/stats/groupSequential/conditionalPower.js';
import { driftOfMeans, operatingCharacteristics } from '../../src/stats/groupSequential/characteristics.js';
import { pnorm, qnorm } from '../../src/stats/distributions/normal.js';
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

interface PowerCase {
  design: number;
  maxN: number;
  sd: number;
  deltas: number[] | number;
  r: number;
  expected: { reject: number[] | number; rejectPerStage: (number[] | number)[]; futilityPerStage: (number[] | number)[] | null; expectedN: number[] | number };
}

const fixture = loadFixture<{ rpact: string; designs: Case[]; power: PowerCase[] }>('group-sequential.json');
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

function name(c: Case): string {
  const fam = c.family + (c.gamma === null ? '' : `(${c.gamma})`);
  const fut =
    c.futility === 'none' ? '' : c.futility === 'fixed' ? ` futility fixed ${c.binding ? 'binding' : 'non-binding'}` : ` beta ${c.betaFamily}${c.betaGamma === null ? '' : `(${c.betaGamma})`} ${c.binding ? 'binding' : 'non-binding'}`;
  return `K=${c.information.length} t=${c.information.map((t) => t.toFixed(3)).join(',')} ${c.sided}-sided ${fam}${fut}`;
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

describe('group-sequential boundaries: against rpact::getDesignGroupSequential (1e-6)', () => {
  it('the fixture has at least 60 designs, K = 2..5, every family, with and without futility', () => {
    const ds = fixture.designs;
    assert.ok(ds.length >= 60);
    for (const K of [2, 3, 4, 5]) assert.ok(ds.some((d) => d.information.length === K));
    for (const f of ['obf', 'pocock', 'kd', 'hsd', 'hp']) assert.ok(ds.some((d) => d.family === f), f);
    for (const f of ['none', 'fixed', 'spending']) for (const b of [true, false]) if (f !== 'none') assert.ok(ds.some((d) => d.futility === f && d.binding === b));
    for (const b of [true, false]) assert.ok(ds.some((d) => d.sided === 2 && d.futility === 'spending' && d.binding === b));
  });
  for (const c of fixture.designs) {
    it(name(c), () => {
      const got = groupSequentialBoundaries(designOf(c));
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

describe('group-sequential operating characteristics: against rpact::getPowerMeans (normal approximation, 1e-6)', () => {
  for (const pc of fixture.power) {
    const c = fixture.designs[pc.design];
    it(`${name(c)}, n = ${pc.maxN}, SD ${pc.sd}, allocation ${pc.r.toFixed(3)}`, () => {
      const b = groupSequentialBoundaries(designOf(c));
      arr(pc.deltas).forEach((delta, j) => {
        const oc = operatingCharacteristics(c.information, c.sided, b.efficacy, b.futility, driftOfMeans(delta, pc.sd, pc.maxN, pc.r));
        const at = `delta ${delta}`;
        assert.ok(Math.abs(oc.reject - arr(pc.expected.reject)[j]) < 1e-6, `${at}: reject ${oc.reject} vs ${arr(pc.expected.reject)[j]}`);
        const perStage = oc.efficacyUpper.map((u, k) => u + oc.efficacyLower[k]);
        near(perStage, arr(pc.expected.rejectPerStage[j]), `${at}: rejections by look`);
        // rpact stops for futility at its default bound −6 where there is none (P ≈ 1e-9)
        if (pc.expected.futilityPerStage !== null) near(oc.futility, arr(pc.expected.futilityPerStage[j]), `${at}: futility by look`);
        assert.ok(Math.abs(oc.expectedInformation * pc.maxN - arr(pc.expected.expectedN)[j]) < 1e-4, `${at}: expected N ${oc.expectedInformation * pc.maxN} vs ${arr(pc.expected.expectedN)[j]}`);
      });
    });
  }
});

describe('group-sequential: unit tests', () => {
  it('spending functions: 0 at t = 0, the total at t = 1, increasing, and their closed forms', () => {
    const fams = [{ family: 'obf' }, { family: 'pocock' }, { family: 'kd', gamma: 2 }, { family: 'hsd', gamma: -4 }, { family: 'hsd', gamma: 0 }] as const;
    for (const s of fams) {
      assert.equal(spent(s, 0.025, 0), 0);
      assert.equal(spent(s, 0.025, 1), 0.025);
      let last = 0;
      for (let t = 0.05; t < 1; t += 0.05) {
        const v = spent(s, 0.025, t);
        assert.ok(v > last && v < 0.025, `${s.family} at ${t}`);
        last = v;
      }
    }
    assert.ok(Math.abs(spent({ family: 'kd', gamma: 2 }, 0.025, 0.5) - 0.025 * 0.25) < 1e-17);
    assert.ok(Math.abs(spent({ family: 'hsd', gamma: 0 }, 0.025, 0.3) - 0.0075) < 1e-17);
    assert.ok(Math.abs(spent({ family: 'obf' }, 0.025, 0.25) - 2 * pnorm(qnorm(0.0125, false) / 0.5, false)) < 1e-17);
  });

  it('two looks: the recursion against an independent bivariate-normal integral (1e-9)', () => {
    // P(Z1 < a, Z2 >= b) with corr(Z1, Z2) = sqrt(t1), by 1-D quadrature over Z1 (Simpson, 20,000 panels).
    const t1 = 0.4;
    const a = 2.1;
    const b = 1.9;
    const theta = 1.3;
    const rho = Math.sqrt(t1);
    const lo = -12;
    const n = 20_000;
    const step = (a - lo) / n;
    let s = 0;
    for (let i = 0; i <= n; i++) {
      const z1 = lo + i * step;
      const w = i === 0 || i === n ? 1 : i % 2 === 1 ? 4 : 2;
      const m1 = theta * Math.sqrt(t1);
      const dens = Math.exp(-0.5 * (z1 - m1) ** 2) / Math.sqrt(2 * Math.PI);
      // Z2 | Z1 ~ N(theta + rho (z1 - m1), 1 - rho^2)
      s += w * dens * pnorm((b - theta - rho * (z1 - m1)) / Math.sqrt(1 - rho * rho), false);
    }
    const reference = (s * step) / 3;
    const got = exitProbabilities([t1, 1], theta, [a, b], [-Infinity]).upper[1];
    assert.ok(Math.abs(got - reference) < 1e-9, `${got} vs ${reference}`);
  });

  it('conditional power: at the futility bound it equals the threshold (fixed drift and trend)', () => {
    const t = [0.3, 0.6, 1];
    for (const drift of [2.5, 'trend'] as const) {
      const f = conditionalPowerFutility(t, 1.98, { threshold: 0.2, drift });
      assert.equal(f.length, 2);
      for (let k = 0; k < 2; k++) assert.ok(Math.abs(conditionalPower(t[k], f[k], 1.98, drift) - 0.2) < 1e-12);
    }
  });

  it('binding futility lowers the efficacy bounds; non-binding leaves them as without futility', () => {
    const base: GroupSequentialDesign = { information: [1 / 3, 2 / 3, 1], alpha: 0.025, sided: 1, efficacy: { kind: 'spending', spending: { family: 'obf' } } };
    const none = groupSequentialBoundaries(base);
    const fut = { kind: 'conditional-power', threshold: 0.1, drift: 'trend' } as const;
    const nb = groupSequentialBoundaries({ ...base, futility: fut, binding: false });
    const b = groupSequentialBoundaries({ ...base, futility: fut, binding: true });
    assert.deepEqual(nb.efficacy, none.efficacy);
    assert.ok(b.efficacy[2] < none.efficacy[2]);
    assert.ok(Math.abs(b.alphaSpent[2] - 0.025) < 1e-9);
    // the binding design's futility bounds solve CP = 0.1 at its own final bound
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(conditionalPower(base.information[k], (b.futility as number[])[k], b.efficacy[2], 'trend') - 0.1) < 1e-9);
  });
});
