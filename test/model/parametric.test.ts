import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SWITCH_RULE } from '../../src/design/switchRule.js';
import { patientOutcomes } from '../../src/model/compiledModel.js';
import { PARAMETRIC_DESIGN } from '../../src/design/designSpec.js';
import { resolveParametricParams, type ParametricParams } from '../../src/model/parametricParams.js';
import { compileTrial, type TrialSpec } from '../../src/design/trial.js';
import { streamFor } from '../../src/random/stream.js';

function params(input: unknown): ParametricParams {
  const r = resolveParametricParams(input);
  if (!r.ok) throw new Error(r.errors.join('\n'));
  return r.params;
}

const INPUT = {
  primaryWeek: 16,
  endpoints: [
    { id: 'cdasi_a', type: 'normal', scale: 'change', mean: { control: -1, treatment: -6 }, sd: { control: 8, treatment: 10 }, baseline: { mean: 19, sd: 13, correlation: -0.4 } },
    { id: 'vas', type: 'normal', scale: 'value', mean: { control: 4, treatment: 2.5 }, sd: 2, baseline: { mean: 4.3, sd: 2.4, correlation: 0.6 } },
    { id: 'responder', type: 'binary', probability: { control: 0.44, treatment: 0.79 } },
  ],
  correlation: [
    [1, 0.5, -0.3],
    [0.5, 1, -0.4],
    [-0.3, -0.4, 1],
  ],
};

interface Moments {
  n: number;
  sx: number[];
  sxx: number[][];
}
function moments(rows: number[][]): { mean: number[]; sd: number[]; cor: number[][]; n: number } {
  const m: Moments = { n: rows.length, sx: rows[0].map(() => 0), sxx: rows[0].map(() => rows[0].map(() => 0)) };
  for (const r of rows) r.forEach((x, i) => { m.sx[i] += x; r.forEach((y, j) => (m.sxx[i][j] += x * y)); });
  const mean = m.sx.map((s) => s / m.n);
  const cov = m.sxx.map((row, i) => row.map((s, j) => s / m.n - mean[i] * mean[j]));
  const sd = cov.map((row, i) => Math.sqrt(row[i]));
  return { mean, sd, cor: cov.map((row, i) => row.map((c, j) => c / (sd[i] * sd[j]))), n: m.n };
}

describe('parametric model — recovery of means, SDs, correlations and probabilities (large n, 4 MCSE)', () => {
  const n = 60000;
  const spec: TrialSpec = { model: { kind: 'parametric', params: params(INPUT) }, design: { ...PARAMETRIC_DESIGN, sampleSize: n } };
  const c = compileTrial(spec).simulate(streamFor(31, 0, 'patients'), streamFor(31, 0, 'allocation'));
  const byArm = [0, 1].map((a) => {
    const rows: number[][] = [];
    for (let i = 0; i < c.n; i++) {
      if (c.arm[i] !== a) continue;
      const x0 = c.measures.cdasi_a[2 * i];
      const change = c.measures.cdasi_a[2 * i + 1] - x0;
      rows.push([x0, change, c.measures.vas[2 * i], c.measures.vas[2 * i + 1], c.measures.responder[2 * i + 1]]);
    }
    return moments(rows);
  });

  it('visits are [0, primary week]; week 0 holds the baseline, NaN for a binary endpoint', () => {
    assert.deepEqual(c.visits, [0, 16]);
    assert.deepEqual(c.armLabels, ['control', 'treatment']);
    assert.ok(Number.isNaN(c.measures.responder[0]));
    for (let i = 0; i < 100; i++) assert.ok(c.measures.responder[2 * i + 1] === 0 || c.measures.responder[2 * i + 1] === 1);
  });

  it('normal change and value: means and SDs per arm', () => {
    const cases: [string, number, number[], number[]][] = [
      ['cdasi_a change', 1, [-1, -6], [8, 10]],
      ['vas value', 3, [4, 2.5], [2, 2]],
      ['cdasi_a baseline', 0, [19, 19], [13, 13]],
      ['vas baseline', 2, [4.3, 4.3], [2.4, 2.4]],
    ];
    for (const [label, j, means, sds] of cases) {
      for (const a of [0, 1]) {
        const m = byArm[a];
        assert.ok(Math.abs(m.mean[j] - means[a]) < (4 * sds[a]) / Math.sqrt(m.n), `${label} arm ${a} mean ${m.mean[j]}`);
        // SE of an SD is about sd / sqrt(2n) for normal data
        assert.ok(Math.abs(m.sd[j] - sds[a]) < (4 * sds[a]) / Math.sqrt(2 * m.n), `${label} arm ${a} sd ${m.sd[j]}`);
      }
    }
  });

  it('binary probabilities per arm', () => {
    for (const [a, p] of [[0, 0.44], [1, 0.79]] as const) {
      const m = byArm[a];
      assert.ok(Math.abs(m.mean[4] - p) < 4 * Math.sqrt((p * (1 - p)) / m.n), `arm ${a}: ${m.mean[4]}`);
    }
  });

  it('baseline-outcome correlations and the outcome correlation between normal endpoints', () => {
    // SE of a Pearson r is about (1 - r^2) / sqrt(n)
    const check = (r: number, expected: number, label: string, m: number): void =>
      assert.ok(Math.abs(r - expected) < (4 * (1 - expected * expected)) / Math.sqrt(m) + 1e-3, `${label}: ${r} vs ${expected}`);
    for (const a of [0, 1]) {
      const m = byArm[a];
      check(m.cor[0][1], -0.4, `arm ${a} corr(baseline, change)`, m.n);
      check(m.cor[2][3], 0.6, `arm ${a} corr(baseline, value)`, m.n);
      check(m.cor[1][3], 0.5, `arm ${a} corr(change, vas value)`, m.n);
    }
  });

  it('binary endpoint: the latent correlation gives the tetrachoric-implied mean shift', () => {
    // E[change | responder] - E[change | not] for a latent correlation rho = -0.3 with threshold q:
    // sd * rho * phi(q) * (1/p + 1/(1-p)) ... sign: responder = z < q, so the shift is -rho * sd * phi(q) / (p (1-p)).
    const p = 0.44;
    const q = -0.15097; // qnorm(0.44)
    const phi = Math.exp(-0.5 * q * q) / Math.sqrt(2 * Math.PI);
    const expected = (-(-0.3) * 8 * phi) / (p * (1 - p));
    let s1 = 0, n1 = 0, s0 = 0, n0 = 0;
    for (let i = 0; i < c.n; i++) {
      if (c.arm[i] !== 0) continue;
      const ch = c.measures.cdasi_a[2 * i + 1] - c.measures.cdasi_a[2 * i];
      if (c.measures.responder[2 * i + 1] === 1) { s1 += ch; n1++; } else { s0 += ch; n0++; }
    }
    const diff = s1 / n1 - s0 / n0;
    const se = 8 * Math.sqrt(1 / n1 + 1 / n0);
    assert.ok(Math.abs(diff - expected) < 4 * se, `${diff} vs ${expected}`);
  });

  it('effect scale 0: treatment arm distributed exactly as control (same latent draws give equal values)', () => {
    const zero = params({ ...INPUT, effectScale: 0 });
    const trial = compileTrial({ model: { kind: 'parametric', params: zero }, design: { ...PARAMETRIC_DESIGN, sampleSize: 200 } });
    const u = new Float64Array(trial.drawsPerPatient);
    const s = streamFor(1, 0, 'patients');
    const base = new Float64Array(3);
    for (let i = 0; i < 50; i++) {
      for (let j = 0; j < u.length; j++) u[j] = s.uniform();
      trial.model.baseline(u, base);
      const outs = [0, 1].map((arm) => {
        const cohort = { n: 1, visits: [0, 16], arm: new Uint8Array(1), armLabels: ['control', 'treatment'] as const, stratum: new Uint8Array(1), crossoverWeek: new Float64Array(1), deteriorationWeek: new Float64Array(1), dropoutWeek: new Float64Array(1), measures: { cdasi_a: new Float64Array(2), vas: new Float64Array(2), responder: new Float64Array(2) }, screened: 1 };
        patientOutcomes(trial.model, SWITCH_RULE)(u, base, arm, NaN, false, cohort);
        return cohort.measures;
      });
      assert.deepEqual(outs[0], outs[1]);
    }
  });

  it('dropout before the primary week leaves it missing', () => {
    const trial = compileTrial({ model: { kind: 'parametric', params: params({ ...INPUT, dropout: 0.3 }) }, design: { ...PARAMETRIC_DESIGN, sampleSize: 5000 } });
    const d = trial.simulate(streamFor(2, 0, 'patients'), streamFor(2, 0, 'allocation'));
    let lost = 0;
    for (let i = 0; i < d.n; i++) {
      const missing = Number.isNaN(d.measures.cdasi_a[2 * i + 1]);
      assert.equal(missing, d.dropoutWeek[i] === 16);
      if (missing) lost++;
    }
    assert.ok(Math.abs(lost / d.n - 0.3) < 4 * Math.sqrt(0.21 / d.n));
  });
});

describe('resolveParametricParams — unit tests of the boundary', () => {
  it('refuses bad endpoints, unknown keys and non-positive-definite correlations', () => {
    const r = resolveParametricParams({
      endpoints: [
        { id: 'A', type: 'normal', mean: 1, sd: 1 },
        { id: 'b', type: 'normall', mean: 1, sd: 1 },
        { id: 'c', type: 'binary', probability: { control: 1.2, treatment: 0.5 } },
        { id: 'd', type: 'normal', mean: 0, sd: -1, baselin: {} },
      ],
    });
    assert.ok(!r.ok);
    if (r.ok) return;
    const text = r.errors.join('\n');
    assert.match(text, /endpoints\[0\]\.id/);
    assert.match(text, /did you mean 'normal'/);
    assert.match(text, /probability\.control/);
    assert.match(text, /endpoints\[3\]\.sd: expected a positive SD/);
    assert.match(text, /did you mean 'baseline'/);
    const pd = resolveParametricParams({ endpoints: [{ id: 'a', type: 'normal', mean: 0, sd: 1 }, { id: 'b', type: 'normal', mean: 0, sd: 1 }, { id: 'c', type: 'normal', mean: 0, sd: 1 }], correlation: [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]] });
    assert.ok(!pd.ok && pd.errors.some((e) => e.includes('positive definite')));
  });
  it('a parametric design with the crossover rule is refused', () => {
    assert.throws(() => compileTrial({ model: { kind: 'parametric', params: params(INPUT) }, design: { ...PARAMETRIC_DESIGN, crossover: true } }), /no deterioration rule/);
  });
});
