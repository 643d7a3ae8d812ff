// Crossing probabilities of a group-sequential test by recursive numerical
// integration (Armitage, McPherson & Rowe 1969; Jennison & Turnbull 2000,
// ch. 19).
//
// The z statistics Z_1..Z_K at information fractions t_1 < … < t_K are those
// of Brownian motion with drift θ on the score scale: B_k = Z_k √t_k has
// independent increments B_k − B_{k−1} ~ N(θ Δ_k, Δ_k), Δ_k = t_k − t_{k−1}
// (so E[Z_k] = θ √t_k; θ is the expected z at full information). A trial
// continues past look k while Z_k lies in the look's continuation region, a
// union of intervals on the z scale.
//
// A `Grid` holds the sub-density of B_k on the continuation region of look k
// (the density of B_k on the event that the trial continued at every look up
// to and including k), at composite-Simpson nodes with the Simpson weight
// folded in, so that Σ w_j h(b_j) ≈ E[h(B_k); continued through k]. The
// probability of leaving at look k + 1 above z is then
// Σ w_j Φ̄((z √t_{k+1} − b_j − θ Δ) / √Δ), one pass over the grid; the next
// grid costs one pass per node (N² normal densities).
import { pnorm } from '../distributions/normal.js';

/** A closed interval [lo, hi] on the z scale (±Infinity allowed). */
export type Interval = readonly [number, number];

export interface Grid {
  /** Information fraction of the look this grid is at. */
  readonly t: number;
  /** Nodes on the score scale B = Z √t. */
  readonly b: Float64Array;
  /** Simpson weight × sub-density at each node. */
  readonly w: Float64Array;
  /**
   * The nodes come in runs, one per interval of the continuation region,
   * each equally spaced: run r is nodes runs[r] .. runs[r + 1] − 1 (the last
   * entry is b.length).
   */
  readonly runs: Int32Array;
}

/** How fine the grids are: nodes per SD of the smallest increment, and how many SDs of B_k either side of its mean they cover. */
export interface Resolution {
  readonly perSd: number;
  readonly span: number;
}

/** The grids of `trialsim boundaries` and of every design-level computation: 40 nodes per SD over ±10 SD. */
export const FINE: Resolution = { perSd: 40, span: 10 };

/** Node spacing on the score scale for a set of looks, and the span of the grids (in SDs of B_k). */
export interface Spacing {
  readonly h: number;
  readonly span: number;
}

/** Upper limit of nodes per interval (reached only for looks very close together). */
const MAX_NODES = 4001;

/**
 * The node spacing on the score scale for looks at `t`: by default (FINE) a
 * 40th of the smallest increment's SD (and of √t_1), so that the normal
 * kernel of every step is resolved by at least 40 nodes per SD, and nodes
 * stop 10 SDs of B_k from its mean (where its density is below e^{−50} of
 * its peak). Simpson's rule on such a grid integrates the Gaussian kernels
 * to about 1e-10 relative.
 */
export function nodeSpacing(t: readonly number[], resolution: Resolution = FINE): Spacing {
  let smallest = Math.sqrt(t[0]);
  for (let k = 1; k < t.length; k++) smallest = Math.min(smallest, Math.sqrt(t[k] - t[k - 1]));
  return { h: smallest / resolution.perSd, span: resolution.span };
}

/** Composite Simpson nodes and weights over each interval (z scale), clipped to the bulk of B at (t, θ). */
export function simpsonNodes(t: number, theta: number, region: readonly Interval[], { h, span }: Spacing): { b: Float64Array; simpson: Float64Array; runs: Int32Array } {
  const sd = Math.sqrt(t);
  const mean = theta * t;
  const nodes: number[] = [];
  const weights: number[] = [];
  const runs: number[] = [];
  for (const [zlo, zhi] of region) {
    const lo = Math.max(zlo * sd, mean - span * sd);
    const hi = Math.min(zhi * sd, mean + span * sd);
    if (!(hi > lo)) continue;
    let m = Math.ceil((hi - lo) / h);
    if (m % 2 === 1) m++;
    m = Math.max(2, Math.min(m, MAX_NODES - 1));
    const step = (hi - lo) / m;
    runs.push(nodes.length);
    for (let i = 0; i <= m; i++) {
      nodes.push(lo + i * step);
      weights.push(((i === 0 || i === m ? 1 : i % 2 === 1 ? 4 : 2) * step) / 3);
    }
  }
  runs.push(nodes.length);
  return { b: Float64Array.from(nodes), simpson: Float64Array.from(weights), runs: Int32Array.from(runs) };
}

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** The sub-density of B_1 on the first look's continuation region. */
export function firstGrid(t1: number, theta: number, region: readonly Interval[], h: Spacing): Grid {
  const { b, simpson, runs } = simpsonNodes(t1, theta, region, h);
  const sd = Math.sqrt(t1);
  const w = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) {
    const x = (b[i] - theta * t1) / sd;
    w[i] = (simpson[i] * INV_SQRT_2PI * Math.exp(-0.5 * x * x)) / sd;
  }
  return { t: t1, b, w, runs };
}

/**
 * The sub-density of B_k at look k (fraction t), from that of look k − 1, on
 * look k's continuation region: the plain formula, one normal density per
 * pair of nodes. The fast equivalent is nextGridSweep (crossingSweep.ts).
 */
export function nextGrid(prev: Grid, t: number, theta: number, region: readonly Interval[], h: Spacing): Grid {
  const { b, simpson, runs } = simpsonNodes(t, theta, region, h);
  const delta = t - prev.t;
  const sd = Math.sqrt(delta);
  const drift = theta * delta;
  const w = new Float64Array(b.length);
  for (let i = 0; i < b.length; i++) {
    let density = 0;
    const target = b[i] - drift;
    for (let j = 0; j < prev.b.length; j++) {
      const x = (target - prev.b[j]) / sd;
      density += prev.w[j] * Math.exp(-0.5 * x * x);
    }
    w[i] = (simpson[i] * INV_SQRT_2PI * density) / sd;
  }
  return { t, b, w, runs };
}

/**
 * P(continued through the previous look, Z ≥ z at this look, fraction t).
 * `prev` null: this is the first look.
 */
export function exitAbove(prev: Grid | null, t: number, theta: number, z: number): number {
  if (z === Infinity) return 0;
  if (prev === null) return pnorm(z - theta * Math.sqrt(t), false);
  const sd = Math.sqrt(t - prev.t);
  const edge = z * Math.sqrt(t) - theta * (t - prev.t);
  let p = 0;
  for (let j = 0; j < prev.b.length; j++) p += prev.w[j] * pnorm((edge - prev.b[j]) / sd, false);
  return p;
}

/** P(continued through the previous look, Z ≤ z at this look, fraction t). */
export function exitBelow(prev: Grid | null, t: number, theta: number, z: number): number {
  if (z === -Infinity) return 0;
  if (prev === null) return pnorm(z - theta * Math.sqrt(t));
  const sd = Math.sqrt(t - prev.t);
  const edge = z * Math.sqrt(t) - theta * (t - prev.t);
  let p = 0;
  for (let j = 0; j < prev.b.length; j++) p += prev.w[j] * pnorm((edge - prev.b[j]) / sd);
  return p;
}
