// The parametric model: named normal and binary endpoints with exact
// distributions (no rounding, no ranges), one follow-up visit.
//
// Per screened patient, 2k + 1 uniforms for k endpoints:
//   [0..k-1]   outcome latents e -> z = L e (L L' = the endpoint correlation)
//   [k..2k-1]  the baseline's own part w
//   [2k]       dropout
// Normal endpoint, arm a:   O = mean_a + sd_a z                        (exactly N(mean_a, sd_a^2))
//                           X = bmean + bsd (r z + sqrt(1 - r^2) w)    (corr(X, O) = r exactly)
//   scale 'change': week 0 = X (0 without a baseline), primary week = X + O
//   scale 'value':  week 0 = X (NaN without a baseline), primary week = O
// Binary endpoint:          primary week = 1 if z < qnorm(p_a) else 0;  week 0 NaN.
// Outcomes of different endpoints correlate exactly as given (latent normals
// for binary ones); baselines of different endpoints then correlate r_j r_k R_jk.
import { inverseNormal } from '../random/inverseNormal.js';
import type { Cohort } from './cohort.js';
import { cholesky } from './cholesky.js';
import type { CompiledModel, ValuesFn } from './compiledModel.js';
import type { ParametricParams } from './parametricParams.js';

export function compileParametric(p: ParametricParams): CompiledModel {
  const k = p.endpoints.length;
  const R = p.correlation ?? p.endpoints.map((_, i) => p.endpoints.map((__, j) => (i === j ? 1 : 0)));
  const L = cholesky(R);
  if (L === null) throw new Error('parametric model: correlation is not positive definite');
  const s = p.effectScale;
  const lerp = (c: number, t: number): number => c + s * (t - c);
  // Per endpoint, per arm: mean, sd (normal) or latent threshold (binary).
  const kind = new Uint8Array(k); // 0 normal-change, 1 normal-value, 2 binary
  const mean = new Float64Array(2 * k);
  const sd = new Float64Array(2 * k);
  const threshold = new Float64Array(2 * k);
  const hasBase = new Uint8Array(k);
  const bMean = new Float64Array(k);
  const bSd = new Float64Array(k);
  const bR = new Float64Array(k);
  const bRc = new Float64Array(k);
  p.endpoints.forEach((ep, j) => {
    if (ep.type === 'binary') {
      kind[j] = 2;
      threshold[2 * j] = inverseNormal(ep.probability.control);
      threshold[2 * j + 1] = inverseNormal(lerp(ep.probability.control, ep.probability.treatment));
      return;
    }
    kind[j] = ep.scale === 'change' ? 0 : 1;
    mean[2 * j] = ep.mean.control;
    mean[2 * j + 1] = lerp(ep.mean.control, ep.mean.treatment);
    sd[2 * j] = ep.sd.control;
    sd[2 * j + 1] = Math.max(1e-12, lerp(ep.sd.control, ep.sd.treatment));
    if (ep.baseline) {
      hasBase[j] = 1;
      bMean[j] = ep.baseline.mean;
      bSd[j] = ep.baseline.sd;
      bR[j] = ep.baseline.correlation;
      bRc[j] = Math.sqrt(1 - ep.baseline.correlation ** 2);
    }
  });
  const z = new Float64Array(k);
  const e = new Float64Array(k);
  // The patient's uniforms from u[o ..]: its record is the uniforms themselves.
  const latents = (u: Float64Array, o: number): void => {
    for (let j = 0; j < k; j++) e[j] = inverseNormal(u[o + j]);
    for (let i = 0; i < k; i++) {
      let acc = 0;
      for (let j = 0; j <= i; j++) acc += L[i * k + j] * e[j];
      z[i] = acc;
    }
  };
  const baselineOf = (u: Float64Array, o: number, j: number): number => {
    if (hasBase[j] === 1) return bMean[j] + bSd[j] * (bR[j] * z[j] + bRc[j] * inverseNormal(u[o + k + j]));
    return kind[j] === 0 ? 0 : NaN;
  };
  const measureIds = p.endpoints.map((ep) => ep.id);
  const visits = [0, p.primaryWeek];
  return {
    kind: 'parametric',
    drawsKey: JSON.stringify({ kind: 'parametric', params: { ...p, effectScale: null } }),
    armLabels: ['control', 'treatment'],
    measureIds,
    baselineMeasures: p.endpoints.filter((ep) => ep.type === 'normal' && ep.baseline !== null).map((ep) => ep.id),
    fullVisits: visits,
    primaryWeek: p.primaryWeek,
    defaultDropout: [p.dropout, 0],
    supportsCrossover: false,
    dropoutDraw: 2 * k,
    drawsPerPatient: () => 2 * k + 1,
    baseline(u: Float64Array, out: Float64Array): void {
      latents(u, 0);
      for (let j = 0; j < k; j++) out[j] = baselineOf(u, 0, j);
    },
    split: {
      latentWidth: () => 2 * k + 1,
      rawFrom: 2 * k + 1, // every uniform read, none kept raw
      rawAt: 2 * k + 1,
      latents(u: Float64Array, out: Float64Array, o: number): void {
        for (let j = 0; j < 2 * k + 1; j++) out[o + j] = u[j];
      },
      // Every value (one follow-up visit), whatever is needed; NaN after a dropout.
      // No intercurrent events (supportsCrossover: false).
      valuesFor: (_needs, _events, { width, measures }): ValuesFn => (patients, row, cohort) => {
        const base = patients.base;
        const bo = row * measures;
        const arm = patients.arm[row];
        latents(patients.latent, row * width);
        const dropoutWeek = patients.dropoutWeek[row];
        const V = cohort.visits.length;
        const observed = !(dropoutWeek <= p.primaryWeek);
        for (let j = 0; j < k; j++) {
          const values = cohort.measures[measureIds[j]];
          const o = row * V;
          values[o] = base[bo + j];
          if (V < 2) continue;
          const q = 2 * j + arm;
          if (!observed) values[o + 1] = NaN;
          else if (kind[j] === 0) values[o + 1] = base[bo + j] + mean[q] + sd[q] * z[j];
          else if (kind[j] === 1) values[o + 1] = mean[q] + sd[q] * z[j];
          else values[o + 1] = z[j] < threshold[q] ? 1 : 0;
        }
        cohort.crossoverWeek[row] = NaN;
        cohort.deteriorationWeek[row] = NaN;
      },
    },
    // The compiler's own arithmetic (as above): the model then generates what
    // compileParametric with this endpoint's mean {control, treatment} would.
    setNormalMeans(endpoint: string, control: number, treatment: number): void {
      const j = measureIds.indexOf(endpoint);
      if (j < 0 || kind[j] === 2) throw new Error(`parametric model: ${endpoint} is not a normal endpoint`);
      mean[2 * j] = control;
      mean[2 * j + 1] = lerp(control, treatment);
    },
  };
}
