// Effects stated on the scale a statistician thinks in: the true mean
// difference, IVIg − placebo, of a measure's week-16 value (equivalently of
// its change from baseline) in a population of patients, and the model
// parameters that produce it. Solved once, when a scenario is compiled; the
// per-patient code (proderm.ts) then runs on the rewritten parameters.
//
// At week 16 a patient on IVIg has the value v(b, η_I), on placebo v(b, η_P)
// (docs/model.md): for the skin scores and the VASs v = min(max, round(b e^η))
// (VAS in steps of 0.1 cm), for MMT-8 v = min(150, max(0, round(b + η))). The
// response latents are independent of the baselines, and η ~ N(μ, σ²) with
// the arm's parameters (for CDASI-A, those of the patient's baseline
// stratum), so the population mean of v is, exactly,
//
//   E v = Σ_b w(b) Σ_{k ≥ 1} step · P(v ≥ k·step | b)        (a sum of normal tails)
//
// over the population's baseline cells w(b): the model's own baseline
// distribution (no eligibility rule), or a large sample of the eligible
// baselines drawn from the model (an eligibility rule; its Monte Carlo error
// is reported). Visit noise does not act at week 16.
//
// How the IVIg response moves to reach the stated difference is a setting of
// its own (`variance`):
//   shift        every IVIg mean (log ratio; MMT-8 points) moves by one constant,
//                the SDs stay: the shape of IVIg's response is kept (as the
//                effect_* overrides do);
//   interpolate  IVIg's means and SDs move together along the line from
//                placebo's (0) to IVIg's (1), as effect_scale does, but for
//                this measure alone.
import { normalCdf } from './normalCdf.js';
import { cdasiAStratum } from './prodermEffects.js';
import { betaCells, betaShapes, cdasiABaselinePmf, cdasiDBaselinePmf, mmt8BaselinePmf } from './prodermMarginals.js';
import type { ProdermParams } from './prodermParams.js';

/** The measures whose effect can be stated (TIS has its responder rate, tis_responder_rate_ivig). */
export const STATED_EFFECT_MEASURES = ['cdasi_a', 'cdasi_d', 'cutaneous_vas', 'extramuscular_vas', 'mmt8'] as const;
export type StatedEffectMeasure = (typeof STATED_EFFECT_MEASURES)[number];

export const EFFECT_VARIANCE = ['shift', 'interpolate'] as const;
export type EffectVariance = (typeof EFFECT_VARIANCE)[number];

/** A population's baseline values of one measure and their weights (summing to 1). */
export interface Cells {
  readonly x: Float64Array;
  readonly w: Float64Array;
}

/** One arm's response parameters of a measure: means and SDs per CDASI-A stratum (one entry for the other measures). */
export interface ArmParams {
  readonly mean: readonly number[];
  readonly sd: readonly number[];
}

interface MeasureShape {
  /** Largest value; values are multiples of `step`. */
  readonly max: number;
  readonly step: number;
  /** Additive response (MMT-8) rather than a log ratio. */
  readonly additive: boolean;
  readonly placebo: (p: ProdermParams) => ArmParams;
  readonly ivig: (p: ProdermParams) => ArmParams;
  /** The parameters with IVIg's response replaced. */
  readonly withIvig: (p: ProdermParams, a: ArmParams) => ProdermParams;
  /** The parameters with placebo's response replaced (a design prior on the placebo response). */
  readonly withPlacebo: (p: ProdermParams, a: ArmParams) => ProdermParams;
  /** Which entry of ArmParams a baseline value uses. */
  readonly entry: (b: number) => number;
}

const one = (mean: number, sd: number): ArmParams => ({ mean: [mean], sd: [sd] });

const SHAPES: Readonly<Record<StatedEffectMeasure, MeasureShape>> = {
  cdasi_a: {
    max: 100,
    step: 1,
    additive: false,
    placebo: (p) => ({ mean: [p.cdasiAPlaceboLogMeanLow, p.cdasiAPlaceboLogMeanMid, p.cdasiAPlaceboLogMeanHigh], sd: [p.cdasiAPlaceboLogSdLow, p.cdasiAPlaceboLogSdMid, p.cdasiAPlaceboLogSdHigh] }),
    ivig: (p) => ({ mean: [p.cdasiAIvigLogMeanLow, p.cdasiAIvigLogMeanMid, p.cdasiAIvigLogMeanHigh], sd: [p.cdasiAIvigLogSdLow, p.cdasiAIvigLogSdMid, p.cdasiAIvigLogSdHigh] }),
    withIvig: (p, a) => ({
      ...p,
      cdasiAIvigLogMeanLow: a.mean[0],
      cdasiAIvigLogMeanMid: a.mean[1],
      cdasiAIvigLogMeanHigh: a.mean[2],
      cdasiAIvigLogSdLow: a.sd[0],
      cdasiAIvigLogSdMid: a.sd[1],
      cdasiAIvigLogSdHigh: a.sd[2],
    }),
    withPlacebo: (p, a) => ({
      ...p,
      cdasiAPlaceboLogMeanLow: a.mean[0],
      cdasiAPlaceboLogMeanMid: a.mean[1],
      cdasiAPlaceboLogMeanHigh: a.mean[2],
      cdasiAPlaceboLogSdLow: a.sd[0],
      cdasiAPlaceboLogSdMid: a.sd[1],
      cdasiAPlaceboLogSdHigh: a.sd[2],
    }),
    entry: cdasiAStratum,
  },
  cdasi_d: {
    max: 32,
    step: 1,
    additive: false,
    placebo: (p) => one(p.cdasiDPlaceboLogMean, p.cdasiDPlaceboLogSd),
    ivig: (p) => one(p.cdasiDIvigLogMean, p.cdasiDIvigLogSd),
    withIvig: (p, a) => ({ ...p, cdasiDIvigLogMean: a.mean[0], cdasiDIvigLogSd: a.sd[0] }),
    withPlacebo: (p, a) => ({ ...p, cdasiDPlaceboLogMean: a.mean[0], cdasiDPlaceboLogSd: a.sd[0] }),
    entry: () => 0,
  },
  cutaneous_vas: {
    max: 10,
    step: 0.1,
    additive: false,
    placebo: (p) => one(p.cutVasPlaceboLogMean, p.cutVasPlaceboLogSd),
    ivig: (p) => one(p.cutVasIvigLogMean, p.cutVasIvigLogSd),
    withIvig: (p, a) => ({ ...p, cutVasIvigLogMean: a.mean[0], cutVasIvigLogSd: a.sd[0] }),
    withPlacebo: (p, a) => ({ ...p, cutVasPlaceboLogMean: a.mean[0], cutVasPlaceboLogSd: a.sd[0] }),
    entry: () => 0,
  },
  extramuscular_vas: {
    max: 10,
    step: 0.1,
    additive: false,
    placebo: (p) => one(p.extVasPlaceboLogMean, p.extVasPlaceboLogSd),
    ivig: (p) => one(p.extVasIvigLogMean, p.extVasIvigLogSd),
    withIvig: (p, a) => ({ ...p, extVasIvigLogMean: a.mean[0], extVasIvigLogSd: a.sd[0] }),
    withPlacebo: (p, a) => ({ ...p, extVasPlaceboLogMean: a.mean[0], extVasPlaceboLogSd: a.sd[0] }),
    entry: () => 0,
  },
  mmt8: {
    max: 150,
    step: 1,
    additive: true,
    placebo: (p) => one(p.mmt8PlaceboMean, p.mmt8PlaceboSd),
    ivig: (p) => one(p.mmt8IvigMean, p.mmt8IvigSd),
    withIvig: (p, a) => ({ ...p, mmt8IvigMean: a.mean[0], mmt8IvigSd: a.sd[0] }),
    withPlacebo: (p, a) => ({ ...p, mmt8PlaceboMean: a.mean[0], mmt8PlaceboSd: a.sd[0] }),
    entry: () => 0,
  },
};

/** The model's own baseline distribution of a measure (the whole population screened), as cells. */
export function modelCells(p: ProdermParams, measure: StatedEffectMeasure): Cells {
  const fromPmf = (pmf: Float64Array, value: (j: number) => number): Cells => ({ x: Float64Array.from(pmf, (_, j) => value(j)), w: pmf });
  switch (measure) {
    case 'cdasi_a':
      return fromPmf(cdasiABaselinePmf(p), (j) => j);
    case 'cdasi_d':
      return fromPmf(cdasiDBaselinePmf(p), (j) => j);
    case 'mmt8':
      return fromPmf(mmt8BaselinePmf(p), (j) => p.mmt8BaselineMax - j);
    case 'cutaneous_vas': {
      const [a, b] = betaShapes(p.cutVasBaselineMean, p.cutVasBaselineSd, 0, 10);
      return betaCells(a, b, 0, 10, 0);
    }
    case 'extramuscular_vas': {
      const [a, b] = betaShapes(p.extVasBaselineMean, p.extVasBaselineSd, p.extVasBaselineMin, 10);
      return betaCells(a, b, p.extVasBaselineMin, 10, p.extVasBaselineMin);
    }
  }
}

/** Cells of a sample of baseline values: each distinct value once, weighted by its share. */
export function sampleCells(values: ArrayLike<number>): Cells {
  const counts = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v !== v) continue;
    counts.set(v, (counts.get(v) ?? 0) + 1);
    n++;
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return { x: Float64Array.from(keys), w: Float64Array.from(keys, (k) => (counts.get(k) ?? 0) / n) };
}

/** E v(b, η), η ~ N(m, s²): the week-16 value's mean at one baseline, as a sum of normal tails. */
function meanValueAt(shape: MeasureShape, b: number, m: number, s: number): number {
  const K = Math.round(shape.max / shape.step);
  let total = 0;
  if (shape.additive) {
    // v = min(max, max(0, round(b + η))): P(v ≥ k) = P(η ≥ k − 1/2 − b), k = 1 .. max.
    for (let k = 1; k <= K; k++) {
      const q = 1 - normalCdf((k - 0.5 - b - m) / s);
      if (q < 1e-15 && k > b + m) break;
      total += q;
    }
    return total;
  }
  if (!(b > 0)) return 0; // a zero score stays zero
  // v = min(max, step · round(b e^η / step)): P(v ≥ k·step) = P(η ≥ log((k − 1/2) step / b)).
  for (let k = 1; k <= K; k++) {
    const q = 1 - normalCdf((Math.log(((k - 0.5) * shape.step) / b) - m) / s);
    if (q < 1e-15) break;
    total += shape.step * q;
  }
  return total;
}

/** The population mean of the week-16 value under one arm's parameters. */
export function populationMean(measure: StatedEffectMeasure, cells: Cells, arm: ArmParams): number {
  const shape = SHAPES[measure];
  let total = 0;
  for (let j = 0; j < cells.x.length; j++) {
    const w = cells.w[j];
    if (!(w > 0)) continue;
    const e = shape.entry(cells.x[j]);
    total += w * meanValueAt(shape, cells.x[j], arm.mean[e], arm.sd[e]);
  }
  return total;
}

/** IVIg − placebo mean difference of the week-16 value (= of the change) in the population, under the parameters as they are. */
export function populationDifference(p: ProdermParams, measure: StatedEffectMeasure, cells: Cells): number {
  const shape = SHAPES[measure];
  return populationMean(measure, cells, shape.ivig(p)) - populationMean(measure, cells, shape.placebo(p));
}

/** IVIg's response moved by `t`: a shift of every mean (shift), or the point t on the placebo → IVIg line (interpolate). */
function moved(shape: MeasureShape, p: ProdermParams, variance: EffectVariance, t: number): ArmParams {
  const P = shape.placebo(p);
  const I = shape.ivig(p);
  if (variance === 'shift') return { mean: I.mean.map((m) => m + t), sd: I.sd };
  return { mean: I.mean.map((m, k) => P.mean[k] + t * (m - P.mean[k])), sd: I.sd.map((s, k) => Math.max(1e-9, P.sd[k] + t * (s - P.sd[k]))) };
}

export type Solved =
  | { ok: true; params: ProdermParams; /** The shift or the interpolation point found. */ value: number; /** The difference the solved parameters give in the population (= the target, to 1e-9). */ difference: number }
  | { ok: false; error: string };

/**
 * The parameters whose IVIg response gives `target` as the population mean
 * difference of `measure`, IVIg's response moved as `variance` says.
 */
export function solveStatedEffect(p: ProdermParams, measure: StatedEffectMeasure, cells: Cells, target: number, variance: EffectVariance): Solved {
  const shape = SHAPES[measure];
  const placeboMean = populationMean(measure, cells, shape.placebo(p));
  const diff = (t: number): number => populationMean(measure, cells, moved(shape, p, variance, t)) - placeboMean;
  // Bracket on a grid: the first sign change of diff − target (interpolate may turn back, as the SD grows).
  const [lo0, hi0, steps] = variance === 'interpolate' ? [0, 5, 100] : shape.additive ? [-300, 300, 120] : [-8, 8, 160];
  let lo = lo0;
  let flo = diff(lo) - target;
  let hi = NaN;
  for (let i = 1; i <= steps; i++) {
    const t = lo0 + ((hi0 - lo0) * i) / steps;
    const f = diff(t) - target;
    if (f === 0 || f < 0 !== flo < 0) {
      hi = t;
      break;
    }
    lo = t;
    flo = f;
  }
  if (hi !== hi) {
    const range = `${formatDiff(diff(lo0))} to ${formatDiff(diff(hi0))}`;
    return { ok: false, error: `a difference of ${target} cannot be reached by ${variance === 'shift' ? 'shifting' : 'interpolating'} IVIg's response (it spans ${range} in this population)` };
  }
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = 0.5 * (lo + hi);
    const f = diff(mid) - target;
    if (f === 0) {
      lo = hi = mid;
      break;
    }
    if (f < 0 === flo < 0) {
      lo = mid;
      flo = f;
    } else hi = mid;
  }
  const t = 0.5 * (lo + hi);
  const params = shape.withIvig(p, moved(shape, p, variance, t));
  return { ok: true, params, value: t, difference: diff(t) };
}

const formatDiff = (x: number): string => (Number.isFinite(x) ? x.toPrecision(4) : String(x));

/**
 * The SD over the population's baselines of the per-baseline difference
 * E[v | b, IVIg] − E[v | b, placebo]: with cells from a sample of n
 * baselines, the population difference's Monte Carlo SE is this / √n.
 */
export function differenceSpread(p: ProdermParams, measure: StatedEffectMeasure, cells: Cells): number {
  const shape = SHAPES[measure];
  const I = shape.ivig(p);
  const P = shape.placebo(p);
  let m1 = 0;
  let m2 = 0;
  for (let j = 0; j < cells.x.length; j++) {
    const w = cells.w[j];
    if (!(w > 0)) continue;
    const b = cells.x[j];
    const e = shape.entry(b);
    const d = meanValueAt(shape, b, I.mean[e], I.sd[e]) - meanValueAt(shape, b, P.mean[e], P.sd[e]);
    m1 += w * d;
    m2 += w * d * d;
  }
  return Math.sqrt(Math.max(0, m2 - m1 * m1));
}

/** The population difference with IVIg's response at interpolation point t (effect_scale t, for this measure alone). */
export function interpolatedDifference(p: ProdermParams, measure: StatedEffectMeasure, cells: Cells, t: number): number {
  const shape = SHAPES[measure];
  return populationMean(measure, cells, moved(shape, p, 'interpolate', t)) - populationMean(measure, cells, shape.placebo(p));
}

/** The parameters with IVIg's response of `measure` shifted by `shift` (every mean; the SDs stay): how a solved shift is applied. */
export function shiftIvig(p: ProdermParams, measure: StatedEffectMeasure, shift: number): ProdermParams {
  const shape = SHAPES[measure];
  return shape.withIvig(p, moved(shape, p, 'shift', shift));
}

/** The parameters with placebo's response of `measure` shifted by `shift` (every mean; the SDs stay): a drawn placebo response applied. */
export function shiftPlacebo(p: ProdermParams, measure: StatedEffectMeasure, shift: number): ProdermParams {
  const shape = SHAPES[measure];
  const P = shape.placebo(p);
  return shape.withPlacebo(p, { mean: P.mean.map((m) => m + shift), sd: P.sd });
}

/** The population's mean baseline of the measure (Σ w x over its cells). */
export function populationBaseline(cells: Cells): number {
  let total = 0;
  for (let j = 0; j < cells.x.length; j++) if (cells.w[j] > 0) total += cells.w[j] * cells.x[j];
  return total;
}

/**
 * One arm's true mean change of `measure` at week 16 in the population
 * (week-16 mean − baseline mean, exactly as populationMean): the placebo
 * response a design prior on it states.
 */
export function populationChange(p: ProdermParams, measure: StatedEffectMeasure, cells: Cells, arm: 'placebo' | 'ivig'): number {
  const shape = SHAPES[measure];
  return populationMean(measure, cells, arm === 'placebo' ? shape.placebo(p) : shape.ivig(p)) - populationBaseline(cells);
}
