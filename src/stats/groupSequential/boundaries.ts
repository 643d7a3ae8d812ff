// Boundaries of a group-sequential design on the z scale, as rpact's
// getDesignGroupSequential computes them (Wassmer & Brannath 2016, ch. 3;
// Jennison & Turnbull 2000, ch. 7 and 19):
//
// - Efficacy by alpha spending: look by look, the bound c_k whose crossing
//   probability under H0, having continued through looks 1..k−1, is the
//   alpha newly spent at t_k. Two-sided designs are symmetric (±c_k).
//   Haybittle–Peto: a fixed bound (3) at every interim, the final bound
//   solved so that the total is alpha.
// - Futility (two-sided designs: beta spending only, twoSidedBetaSpendingDesign):
//   * fixed z bounds;
//   * beta spending: under the drift θ at which the design has power 1 − β,
//     the bound f_k whose crossing probability is the beta newly spent; θ is
//     solved so that the final futility and efficacy bounds meet;
//   * a conditional-power threshold (conditionalPower.ts).
//   Binding futility enters the efficacy bounds (the trial stops there, so
//   less alpha is used); non-binding futility does not.
// - alphaSpent: the cumulative probability of rejecting H0 by each look under
//   H0 with the bounds as computed (futility counted only when binding).
import { zeroin } from '../zeroin.js';
import { qnorm } from '../distributions/normal.js';
import { exitAbove, exitBelow, firstGrid, nodeSpacing, FINE, type Grid, type Interval, type Resolution } from './crossing.js';
import { nextGridSweep as nextGrid } from './crossingSweep.js';
import { spent, type Spending } from './spending.js';
import { conditionalPowerFutility, type ConditionalPowerRule } from './conditionalPower.js';

export type EfficacyRule =
  | { readonly kind: 'spending'; readonly spending: Spending }
  | { readonly kind: 'haybittle-peto'; readonly bound: number };

export type FutilityRule =
  | { readonly kind: 'spending'; readonly spending: Spending; readonly beta: number }
  | { readonly kind: 'fixed'; readonly bounds: readonly number[] }
  | ({ readonly kind: 'conditional-power' } & ConditionalPowerRule);

export interface GroupSequentialDesign {
  /** Information fractions of the looks, increasing, the last 1. */
  readonly information: readonly number[];
  /** Total type I error (both sides together for a two-sided design). */
  readonly alpha: number;
  readonly sided: 1 | 2;
  readonly efficacy: EfficacyRule;
  readonly futility?: FutilityRule;
  /** Futility bounds bind (enter the efficacy bounds and alphaSpent). */
  readonly binding?: boolean;
}

export interface Boundaries {
  /** Efficacy bounds c_k on the z scale (two-sided: reject when |Z_k| ≥ c_k); Infinity where no alpha is spent. */
  readonly efficacy: number[];
  /** Cumulative type I error by each look under H0. */
  readonly alphaSpent: number[];
  /**
   * Futility bounds f_k at the interim looks, or null without futility.
   * One-sided: stop when Z_k ≤ f_k. Two-sided: stop when |Z_k| < f_k; an
   * entry is null where the look has no band.
   */
  readonly futility: (number | null)[] | null;
  /** Beta spending: the cumulative probability of stopping for futility by each look at the drift below. */
  readonly betaSpent?: number[];
  /** Beta spending: the cumulative power by each look at the drift below. */
  readonly power?: number[];
  /** Beta spending: the drift θ (expected z at full information) at which the power is 1 − β. */
  readonly drift?: number;
}

/** How the boundaries are computed (not what they are): the grids' resolution, and where the drift's root search starts. */
export interface BoundaryOptions {
  /** Default FINE (crossing.ts): the resolution checked against rpact. */
  readonly resolution?: Resolution;
  /**
   * Beta spending: a drift θ near the answer (e.g. the same design's at
   * nearby fractions). The root is searched in θ ± DRIFT_STEP first, then
   * in the full bracket; the answer is the same root to the solver's
   * tolerance (1e-12) either way.
   */
  readonly driftStart?: number;
}

/** Half-width of the first bracket around BoundaryOptions.driftStart. */
const DRIFT_STEP = 0.05;

/**
 * The root of `gap` in [lo, hi] (the function changes sign there), searched
 * first in start ± DRIFT_STEP when a start is given.
 */
function driftRoot(gap: (theta: number) => number, lo: number, hi: number, start: number | undefined): number {
  if (start !== undefined && start - DRIFT_STEP > lo && start + DRIFT_STEP < hi) {
    const a = start - DRIFT_STEP;
    const b = start + DRIFT_STEP;
    const ga = gap(a);
    const gb = gap(b);
    if (ga * gb < 0) return zeroin(gap, a, b, ga, gb, 1e-12, 500);
  }
  const glo = gap(lo);
  const ghi = gap(hi);
  if (!(glo * ghi < 0)) throw new Error(`beta spending: no drift in [${lo}, ${hi}] makes the final futility and efficacy bounds meet`);
  return zeroin(gap, lo, hi, glo, ghi, 1e-12, 500);
}

/** Root bracket for bounds on the z scale. */
const Z_LO = -12;
const Z_HI = 12;
const TOL = 1e-13;
/** Half-width of the first bracket around a bound's start (its value at the drift tried before). */
const BOUND_STEP = 0.02;

/**
 * The root of an increasing `fn` in [lo, hi]: lo when fn(lo) ≥ 0, hi when
 * fn(hi) ≤ 0 (fn is also evaluated there when `start` is given and the root
 * is not found next to it). With a start, the root is first searched in
 * start ± BOUND_STEP; the same root either way, to the solver's tolerance.
 */
function increasingRoot(fn: (z: number) => number, lo: number, hi: number, start: number | undefined): number {
  if (start !== undefined && start - BOUND_STEP > lo && start + BOUND_STEP < hi) {
    const a = start - BOUND_STEP;
    const b = start + BOUND_STEP;
    const fa = fn(a);
    if (fa < 0) {
      const fb = fn(b);
      if (fb > 0) return zeroin(fn, a, b, fa, fb, TOL, 500);
    }
  }
  const flo = fn(lo);
  if (flo >= 0) return lo;
  const fhi = fn(hi);
  if (fhi <= 0) return hi;
  return zeroin(fn, lo, hi, flo, fhi, TOL, 500);
}

/** Continuation region of a look on the z scale. */
function region(sided: 1 | 2, c: number, f: number): readonly Interval[] {
  if (sided === 2) return f > 0 ? [[-c, -f], [f, c]] : [[-c, c]];
  return [[f, c]];
}

/** Crossing probability at look k under H0 of a bound c (both sides for a two-sided design). */
function nullCrossing(prev: Grid | null, t: number, sided: 1 | 2, c: number): number {
  const up = exitAbove(prev, t, 0, c);
  return sided === 2 ? up + exitBelow(prev, t, 0, -c) : up;
}

/**
 * The bound c at look fraction t that crosses with probability `target`
 * under H0, `before` having been spent at the looks before. The root is
 * first searched between two bounds that hold without futility stops before
 * (P(Z_k crosses c) − before ≤ crossing at k having continued ≤ P(Z_k
 * crosses c), so c lies between the quantiles of target + before and of
 * target); when they do not bracket it (binding futility), in the full
 * bracket. The same root either way, to the solver's tolerance.
 */
function solveEfficacy(prev: Grid | null, t: number, sided: 1 | 2, target: number, before: number): number {
  if (!(target > 0)) return Infinity;
  if (prev === null) return qnorm(target / sided, false);
  const f = (c: number) => nullCrossing(prev, t, sided, c) - target;
  const near = qnorm(target / sided, false);
  const far = qnorm(Math.min(1, (target + before) / sided), false);
  if (far < near && far > Z_LO && near < Z_HI) {
    const fFar = f(far);
    const fNear = f(near);
    if (fFar > 0 && fNear < 0) return zeroin(f, far, near, fFar, fNear, TOL, 500);
  }
  const lo = f(Z_LO);
  // Less than the target is left to cross (futility bounds at or above the
  // efficacy bounds before): any bound spends too little; the lowest is returned.
  if (lo < 0) return Z_LO;
  const hi = f(Z_HI);
  if (hi > 0) return Z_HI;
  return zeroin(f, Z_LO, Z_HI, lo, hi, TOL, 500);
}

/**
 * Efficacy bounds by look, under H0, with the given futility bounds counted
 * (binding; −Infinity entries where none). Returns the bounds and the
 * cumulative alpha they spend.
 */
function efficacyBounds(d: GroupSequentialDesign, futility: readonly number[], res: Resolution): { efficacy: number[]; alphaSpent: number[] } {
  const t = d.information;
  const K = t.length;
  const h = nodeSpacing(t, res);
  const efficacy: number[] = [];
  const alphaSpent: number[] = [];
  let grid: Grid | null = null;
  let total = 0;
  for (let k = 0; k < K; k++) {
    let c: number;
    if (d.efficacy.kind === 'haybittle-peto') {
      c = k < K - 1 ? d.efficacy.bound : solveEfficacy(grid, t[k], d.sided, d.alpha - total, total);
    } else {
      c = solveEfficacy(grid, t[k], d.sided, spent(d.efficacy.spending, d.alpha, t[k], d.sided) - total, total);
    }
    efficacy.push(c);
    total += nullCrossing(grid, t[k], d.sided, c);
    alphaSpent.push(total);
    if (k < K - 1) {
      const reg = region(d.sided, c, futility[k] ?? -Infinity);
      grid = grid === null ? firstGrid(t[k], 0, reg, h) : nextGrid(grid, t[k], 0, reg, h);
    }
  }
  return { efficacy, alphaSpent };
}

/** Cumulative alpha of given bounds under H0 (futility counted where given). */
export function alphaSpentBy(
  information: readonly number[],
  sided: 1 | 2,
  efficacy: readonly number[],
  futility: readonly number[] | null,
  res: Resolution = FINE,
): number[] {
  const t = information;
  const h = nodeSpacing(t, res);
  const out: number[] = [];
  let grid: Grid | null = null;
  let total = 0;
  for (let k = 0; k < t.length; k++) {
    total += nullCrossing(grid, t[k], sided, efficacy[k]);
    out.push(total);
    if (k < t.length - 1) {
      const reg = region(sided, efficacy[k], futility?.[k] ?? -Infinity);
      grid = grid === null ? firstGrid(t[k], 0, reg, h) : nextGrid(grid, t[k], 0, reg, h);
    }
  }
  return out;
}

/** Stage-wise exit probabilities at drift θ: [efficacy, futility] per look (one-sided). */
export function exitProbabilities(
  information: readonly number[],
  theta: number,
  efficacy: readonly number[],
  futility: readonly (number | null)[] | null,
  res: Resolution = FINE,
): { upper: number[]; lower: number[] } {
  const t = information;
  const h = nodeSpacing(t, res);
  const upper: number[] = [];
  const lower: number[] = [];
  let grid: Grid | null = null;
  for (let k = 0; k < t.length; k++) {
    const last = k === t.length - 1;
    const f = last ? efficacy[k] : (futility?.[k] ?? -Infinity);
    upper.push(exitAbove(grid, t[k], theta, efficacy[k]));
    lower.push(exitBelow(grid, t[k], theta, f));
    if (!last) {
      const reg: Interval[] = [[f, efficacy[k]]];
      grid = grid === null ? firstGrid(t[k], theta, reg, h) : nextGrid(grid, t[k], theta, reg, h);
    }
  }
  return { upper, lower };
}

/**
 * Futility bounds by beta spending at drift θ, given the efficacy bounds (or
 * a function that gives look k's efficacy bound from the futility bounds so
 * far: binding futility). The last entry is the final look's "futility"
 * bound, which the solver makes meet the final efficacy bound. `starts`:
 * each look's bound at the drift tried before, where its search starts
 * (updated here).
 */
function betaSpendingBounds(
  d: GroupSequentialDesign,
  rule: { spending: Spending; beta: number },
  theta: number,
  efficacyAt: (k: number, futility: number[]) => number,
  res: Resolution,
  starts: (number | undefined)[],
): { futility: number[]; efficacy: number[] } {
  const t = d.information;
  const h = nodeSpacing(t, res);
  const futility: number[] = [];
  const efficacy: number[] = [];
  let grid: Grid | null = null;
  let before = 0;
  for (let k = 0; k < t.length; k++) {
    const c = efficacyAt(k, futility);
    efficacy.push(c);
    const target = spent(rule.spending, rule.beta, t[k], 1) - before;
    before += target;
    let f: number;
    if (grid === null) {
      f = qnorm(target) + theta * Math.sqrt(t[k]);
    } else {
      const g = grid;
      const fn = (z: number) => exitBelow(g, t[k], theta, z) - target;
      f = increasingRoot(fn, Z_LO, Z_HI, starts[k]);
    }
    starts[k] = f;
    futility.push(f);
    if (k < t.length - 1) {
      const reg: Interval[] = [[f, c]];
      grid = grid === null ? firstGrid(t[k], theta, reg, h) : nextGrid(grid, t[k], theta, reg, h);
    }
  }
  return { futility, efficacy };
}

function betaSpendingDesign(d: GroupSequentialDesign, rule: { spending: Spending; beta: number }, options: BoundaryOptions): Boundaries {
  const t = d.information;
  const K = t.length;
  const binding = d.binding === true;
  const res = options.resolution ?? FINE;
  let fixedEfficacy: number[] | null = null;
  if (!binding) fixedEfficacy = efficacyBounds(d, [], res).efficacy;
  // Binding: look k's efficacy bound is solved under H0 with the futility bounds 1..k−1 counted.
  const bindingEfficacy = (): ((k: number, futility: number[]) => number) => {
    const h = nodeSpacing(t, res);
    let grid: Grid | null = null;
    let total = 0;
    let last: number[] = [];
    return (k, futility) => {
      if (k > 0) {
        const reg = region(1, last[k - 1], futility[k - 1]);
        grid = grid === null ? firstGrid(t[k - 1], 0, reg, h) : nextGrid(grid, t[k - 1], 0, reg, h);
      }
      let c: number;
      if (d.efficacy.kind === 'haybittle-peto') {
        c = k < K - 1 ? d.efficacy.bound : solveEfficacy(grid, t[k], 1, d.alpha - total, total);
      } else {
        c = solveEfficacy(grid, t[k], 1, spent(d.efficacy.spending, d.alpha, t[k], 1) - total, total);
      }
      total += nullCrossing(grid, t[k], 1, c);
      last = [...last.slice(0, k), c];
      return c;
    };
  };
  const at = (theta: number) =>
    betaSpendingBounds(d, rule, theta, binding ? bindingEfficacy() : (k) => (fixedEfficacy as number[])[k], res, starts);
  const starts: (number | undefined)[] = [];
  const gap = (theta: number) => {
    const r = at(theta);
    return r.efficacy[K - 1] - r.futility[K - 1];
  };
  const theta = driftRoot(gap, -4, 10, options.driftStart);
  const r = at(theta);
  const futility = r.futility.slice(0, K - 1);
  const probs = exitProbabilities(t, theta, r.efficacy, futility, res);
  const cumsum = (xs: number[]) => xs.map(((s) => (x: number) => (s += x))(0));
  return {
    efficacy: r.efficacy,
    alphaSpent: alphaSpentBy(t, 1, r.efficacy, binding ? futility : null, res),
    futility,
    betaSpent: cumsum(probs.lower),
    power: cumsum(probs.upper),
    drift: theta,
  };
}

/** The design's boundaries. Input is assumed valid (see validateDesign). */
export function groupSequentialBoundaries(d: GroupSequentialDesign, options: BoundaryOptions = {}): Boundaries {
  const fut = d.futility;
  const res = options.resolution ?? FINE;
  if (fut?.kind === 'spending') return d.sided === 2 ? twoSidedBetaSpendingDesign(d, fut, options) : betaSpendingDesign(d, fut, options);
  if (fut?.kind === 'fixed') {
    const binding = d.binding === true;
    const { efficacy } = efficacyBounds(d, binding ? [...fut.bounds] : [], res);
    return { efficacy, alphaSpent: alphaSpentBy(d.information, d.sided, efficacy, binding ? fut.bounds : null, res), futility: [...fut.bounds] };
  }
  if (fut?.kind === 'conditional-power') {
    // The bounds depend on the final efficacy bound, which (binding) depends on them: a fixed point, a few rounds.
    let { efficacy } = efficacyBounds(d, [], res);
    let futility = conditionalPowerFutility(d.information, efficacy[efficacy.length - 1], fut);
    if (d.binding === true) {
      for (let round = 0; round < 100; round++) {
        const next = efficacyBounds(d, futility, res).efficacy;
        const nextFutility = conditionalPowerFutility(d.information, next[next.length - 1], fut);
        const moved = Math.abs(next[next.length - 1] - efficacy[efficacy.length - 1]);
        efficacy = next;
        futility = nextFutility;
        if (moved < 1e-12) break;
      }
    }
    return { efficacy, alphaSpent: alphaSpentBy(d.information, d.sided, efficacy, d.binding === true ? futility : null, res), futility };
  }
  const { efficacy, alphaSpent } = efficacyBounds(d, [], res);
  return { efficacy, alphaSpent, futility: null };
}


/** P(continued through the previous look, |Z| < f at this look, fraction t): a two-sided design's futility band. */
function exitInner(prev: Grid | null, t: number, theta: number, f: number): number {
  return f > 0 ? exitBelow(prev, t, theta, f) - exitBelow(prev, t, theta, -f) : 0;
}

/**
 * Two-sided beta spending, as rpact defines it: futility stops the trial
 * when |Z_k| < f_k (an inner band), spending beta under the drift θ > 0 at
 * which the power (upper side) is about 1 − β. The looks where the one-sided
 * design at α/2 has a negative futility bound get no band (f = 0), and the
 * beta spending is then restarted from the first look with a band: the
 * spent beta is set to 0 before it and rescaled linearly after it (rpact's
 * betaAdjustment = TRUE). A band is at most the look's efficacy bound; bands
 * below 1e-5 are reported as none (null).
 */
function twoSidedBetaSpendingDesign(d: GroupSequentialDesign, rule: { spending: Spending; beta: number }, options: BoundaryOptions): Boundaries {
  const t = d.information;
  const K = t.length;
  const binding = d.binding === true;
  const res = options.resolution ?? FINE;
  const oneSided = betaSpendingDesign({ ...d, sided: 1, alpha: d.alpha / 2 }, rule, { resolution: res }).futility as number[];
  let betaCum = t.map((tk) => spent(rule.spending, rule.beta, tk, 1));
  const kMin = oneSided.findIndex((f) => f > 0);
  if (kMin > 0) {
    const from = betaCum[kMin - 1];
    const to = betaCum[K - 1];
    betaCum = betaCum.map((b, k) => (k < kMin ? 0 : ((b - from) / (to - from)) * to));
  }
  const h = nodeSpacing(t, res);
  const starts: (number | undefined)[] = [];
  const at = (theta: number): { efficacy: number[]; futility: number[] } => {
    const efficacy: number[] = [];
    const futility: number[] = [];
    let alt: Grid | null = null;
    let nul: Grid | null = null;
    let alphaTotal = 0;
    let betaTotal = 0;
    for (let k = 0; k < K; k++) {
      // efficacy: without futility (non-binding), or with the bands so far (binding)
      let c: number;
      if (!binding) c = fixedEfficacy[k];
      else {
        c = solveEfficacy(nul, t[k], 2, spent((d.efficacy as { spending: Spending }).spending, d.alpha, t[k], 2) - alphaTotal, alphaTotal);
        alphaTotal += nullCrossing(nul, t[k], 2, c);
      }
      efficacy.push(c);
      const target = betaCum[k] - betaTotal;
      let f: number;
      if (k < K - 1 && oneSided[k] < 0) f = 0;
      else {
        // at most the efficacy bound at an interim; uncapped at the final look, where θ is solved to make them meet
        const cap = k < K - 1 ? c : Z_HI;
        const g = alt;
        const fn = (z: number) => exitInner(g, t[k], theta, z) - target;
        f = increasingRoot(fn, 0, cap, starts[k]);
        starts[k] = f;
      }
      futility.push(f);
      betaTotal += exitInner(alt, t[k], theta, f);
      if (k < K - 1) {
        const reg = region(2, c, f);
        alt = alt === null ? firstGrid(t[k], theta, reg, h) : nextGrid(alt, t[k], theta, reg, h);
        if (binding) nul = nul === null ? firstGrid(t[k], 0, reg, h) : nextGrid(nul, t[k], 0, reg, h);
      }
    }
    return { efficacy, futility };
  };
  if (d.efficacy.kind !== 'spending') throw new Error('two-sided beta spending needs alpha spending for efficacy');
  const fixedEfficacy = efficacyBounds(d, [], res).efficacy;
  const gap = (theta: number) => {
    const r = at(theta);
    return r.efficacy[K - 1] - r.futility[K - 1];
  };
  const theta = driftRoot(gap, 0, 10, options.driftStart);
  const r = at(theta);
  const futility = r.futility.slice(0, K - 1);
  // stage-wise probabilities at θ: upper rejections (power) and futility stops
  const betaSpent: number[] = [];
  const power: number[] = [];
  let g: Grid | null = null;
  let b = 0;
  let pw = 0;
  for (let k = 0; k < K; k++) {
    const f = k < K - 1 ? futility[k] : r.futility[K - 1];
    b += exitInner(g, t[k], theta, f);
    pw += exitAbove(g, t[k], theta, r.efficacy[k]);
    betaSpent.push(b);
    power.push(pw);
    if (k < K - 1) {
      const reg = region(2, r.efficacy[k], f);
      g = g === null ? firstGrid(t[k], theta, reg, h) : nextGrid(g, t[k], theta, reg, h);
    }
  }
  const shown = futility.map((f) => (f <= 1e-5 ? null : f));
  return {
    efficacy: r.efficacy,
    alphaSpent: alphaSpentBy(t, 2, r.efficacy, binding ? futility : null, res),
    futility: shown as number[],
    betaSpent,
    power,
    drift: theta,
  };
}
