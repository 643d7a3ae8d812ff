// A design prior: the treatment effect as a distribution instead of a number
// (O'Hagan, Stevens & Campbell 2005, "Assurance in clinical trial design",
// Pharm Stat 4:187-201). Each replicate draws its effect θ from a stream of
// its own, streamFor(seed, replicate, 'prior'), by inversion: the same
// replicate draws the same θ whatever the workers, shards or resume.
//
//   normal            θ ~ N(mean, sd²)                  one uniform: θ = mean + sd Φ⁻¹(u)
//   truncated_normal  N(mean, sd²) restricted to [lower, upper]
//                                                       one uniform: θ = mean + sd Φ⁻¹(Φ(a) + u (Φ(b) − Φ(a)))
//   mixture           Σ w_k (normal or truncated normal) two uniforms: the first picks the component, the second its θ
//
// θ is on the stated-effect scale: the true mean difference (treatment −
// control) of the measure at the primary week (docs/assurance.md).
import { inverseNormal } from '../random/inverseNormal.js';
import type { RandomStream } from '../random/stream.js';
import { normalCdf } from './normalCdf.js';

export interface NormalPrior {
  readonly kind: 'normal';
  readonly mean: number;
  readonly sd: number;
}

export interface TruncatedNormalPrior {
  readonly kind: 'truncated_normal';
  readonly mean: number;
  readonly sd: number;
  readonly lower: number;
  readonly upper: number;
}

export type PriorComponent = NormalPrior | TruncatedNormalPrior;

export interface MixturePrior {
  readonly kind: 'mixture';
  /** Components with their weights (summing to 1). */
  readonly components: readonly { readonly weight: number; readonly prior: PriorComponent }[];
}

export type PriorDistribution = PriorComponent | MixturePrior;

/** Bounds of a component in standard units, as CDF values: [Φ(a), Φ(b)]. */
function cdfBounds(p: PriorComponent): [number, number] {
  if (p.kind === 'normal') return [0, 1];
  return [normalCdf((p.lower - p.mean) / p.sd), normalCdf((p.upper - p.mean) / p.sd)];
}

function componentQuantile(p: PriorComponent, u: number): number {
  const [lo, hi] = cdfBounds(p);
  const x = p.mean + p.sd * inverseNormal(lo + u * (hi - lo));
  return p.kind === 'normal' ? x : Math.min(p.upper, Math.max(p.lower, x));
}

function componentCdf(p: PriorComponent, x: number): number {
  const [lo, hi] = cdfBounds(p);
  if (p.kind === 'truncated_normal' && x <= p.lower) return 0;
  if (p.kind === 'truncated_normal' && x >= p.upper) return 1;
  return (normalCdf((x - p.mean) / p.sd) - lo) / (hi - lo);
}

/** One θ from the prior, by inversion of the stream's next uniform(s): one for a single distribution, two for a mixture. */
export function drawPrior(prior: PriorDistribution, stream: RandomStream): number {
  if (prior.kind !== 'mixture') return componentQuantile(prior, stream.uniform());
  const pick = stream.uniform();
  const u = stream.uniform();
  let acc = 0;
  const last = prior.components.length - 1;
  for (let k = 0; k < last; k++) {
    acc += prior.components[k].weight;
    if (pick < acc) return componentQuantile(prior.components[k].prior, u);
  }
  return componentQuantile(prior.components[last].prior, u);
}

/** P(θ ≤ x). */
export function priorCdf(prior: PriorDistribution, x: number): number {
  if (prior.kind !== 'mixture') return componentCdf(prior, x);
  return prior.components.reduce((s, c) => s + c.weight * componentCdf(c.prior, x), 0);
}

/** The prior's q-quantile (bisection on the CDF for a mixture). */
export function priorQuantile(prior: PriorDistribution, q: number): number {
  if (prior.kind !== 'mixture') return componentQuantile(prior, q);
  let lo = Math.min(...prior.components.map((c) => componentQuantile(c.prior, 1e-12)));
  let hi = Math.max(...prior.components.map((c) => componentQuantile(c.prior, 1 - 1e-12)));
  for (let i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (priorCdf(prior, mid) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** The prior's mean. */
export function priorMean(prior: PriorDistribution): number {
  const componentMean = (p: PriorComponent): number => {
    if (p.kind === 'normal') return p.mean;
    const a = (p.lower - p.mean) / p.sd;
    const b = (p.upper - p.mean) / p.sd;
    const phi = (z: number): number => (Number.isFinite(z) ? Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) : 0);
    return p.mean + (p.sd * (phi(a) - phi(b))) / (normalCdf(b) - normalCdf(a));
  };
  if (prior.kind !== 'mixture') return componentMean(prior);
  return prior.components.reduce((s, c) => s + c.weight * componentMean(c.prior), 0);
}

/** Interior edges of `bins` bins of equal prior probability (the prior's quantiles k/bins). */
export function priorBinEdges(prior: PriorDistribution, bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) edges.push(priorQuantile(prior, k / bins));
  return edges;
}

/**
 * `from_paper`: the sampling distribution of a published estimate, N(estimate,
 * se²), with se = (upper − lower) / (2 · 1.96) from its 95% CI. This is the
 * likelihood of the paper's data about θ (a posterior under a flat prior),
 * not an elicited prior: it carries no scepticism about the published effect.
 */
export function fromPublishedCi(estimate: number, lower: number, upper: number): NormalPrior {
  return { kind: 'normal', mean: estimate, sd: (upper - lower) / (2 * 1.96) };
}

/**
 * A monotone table θ → model parameter (the stated-effect shift solved at
 * each θ of a grid), read by linear interpolation between its points, flat
 * beyond its ends: monotone wherever the table is.
 */
export interface EffectTable {
  readonly theta: readonly number[];
  readonly value: readonly number[];
}

export function interpolateTable(t: EffectTable, theta: number): number {
  const x = t.theta;
  const n = x.length;
  if (theta <= x[0]) return t.value[0];
  if (theta >= x[n - 1]) return t.value[n - 1];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (x[mid] <= theta) lo = mid;
    else hi = mid;
  }
  const f = (theta - x[lo]) / (x[hi] - x[lo]);
  return t.value[lo] + f * (t.value[hi] - t.value[lo]);
}

/**
 * The q-quantile of a + b, a ~ `first` and b ~ `second` independent: the
 * CDF of the sum, P(a + b ≤ x) = E_b F_first(x − b), by the midpoint rule
 * over `second`'s quantiles (k − 1/2)/K, inverted by bisection. For the
 * range of a table, not for inference: its error is far below the tails
 * (1e-5) it is asked for.
 */
export function sumQuantile(first: PriorDistribution, second: PriorDistribution, q: number, K = 2000): number {
  const bs = Array.from({ length: K }, (_, k) => priorQuantile(second, (k + 0.5) / K));
  const cdf = (x: number): number => bs.reduce((s, b) => s + priorCdf(first, x - b), 0) / K;
  let lo = priorQuantile(first, Math.min(q, 1e-9)) + bs[0] - 1;
  let hi = priorQuantile(first, Math.max(q, 1 - 1e-9)) + bs[K - 1] + 1;
  for (let i = 0; i < 100 && hi - lo > 1e-10 * Math.max(1, Math.abs(lo)); i++) {
    const mid = 0.5 * (lo + hi);
    if (cdf(mid) < q) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}
