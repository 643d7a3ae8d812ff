// Published figures against their distribution over simulated trials: the
// calibration table. Pure: it takes the figures of K simulated trials (one
// record per trial, as paperAnalysis returns them) and the published targets.
//
// A printed number is "inside" when it lies in the central 95% of the
// simulated trials (2.5% and 97.5% quantiles, R's type 7), and its distance
// from the simulated mean is given in simulated SDs. A printed inequality
// (p "<0.0001", share ">0.70") is inside when at least 2.5% of simulated
// trials satisfy it, i.e. when it is not in the far tail of the model.
import type { PublishedTarget, Relation } from './publishedTargets.js';
import { notProducedReason } from './paperAnalysis.js';

/**
 * Headline figures: the ones the calibration test requires inside (or, when
 * held out, reports first). Matched by prefix at a dot boundary.
 */
export const HEADLINE_PREFIXES: readonly string[] = [
  'trial.crossover_before_week16.placebo_to_ivig',
  'trial.continued_to_extension',
  'trial.completed_week40.value',
  'primary_endpoint_tis.responders_week16.ivig.value',
  'primary_endpoint_tis.responders_week16.placebo.value',
  'primary_endpoint_tis.responders_week16.difference_pct_points',
  'baseline.cdasi_a.mean',
  'baseline.cdasi_a.sd.total',
  'baseline.cdasi_a.zero.count',
  'baseline.cdasi_a.above_6.count',
  'baseline.cdasi_a.above_14.count',
  'baseline.cdasi_d.mean',
  'baseline.cdasi_d.zero.count',
  'baseline.mdaat_extramuscular_global_vas.mean',
  'baseline.mdaat_cutaneous_vas_cm.mean',
  'week16.cdasi_a.mean_change',
  'week16.cdasi_a.ancova.difference',
  'week16.cdasi_a.responder_over_35pct_reduction',
  'week16.cdasi_d.mean_change',
  'week16.cdasi_d.ancova.difference',
  'week16.cutaneous_vas.mean_change',
  'week16.cutaneous_vas.ancova.difference',
  'strata_week16.cdasi_a_change_by_baseline_cdasi_a',
  'strata_week16.cutaneous_vas_change_by_baseline_vas',
  'week40.cdasi_a.mean_change',
  'week40.cdasi_a.mean_score',
  'spearman_week16.matrix.0.1',
  'spearman_week16.matrix.0.2',
  'spearman_week16.matrix.0.3',
  'spearman_week16.matrix.0.4',
  'spearman_week16.matrix.1.2',
  'spearman_week16.matrix.1.3',
  'spearman_week16.matrix.1.4',
  'spearman_week16.matrix.2.3',
  'spearman_week16.matrix.2.4',
  'spearman_week16.matrix.3.4',
  'tis_vs_cdasi_a_category_week16.simple_kappa.estimate',
  'tis_vs_cdasi_a_category_week16.weighted_kappa.estimate',
];

export function isHeadline(path: string): boolean {
  return HEADLINE_PREFIXES.some((p) => path === p || path.startsWith(p + '.'));
}

export interface CalibrationRow {
  readonly path: string;
  readonly published: number;
  readonly relation: Relation;
  readonly heldOut: boolean;
  readonly headline: boolean;
  /** Simulated trials in which the figure was estimable. */
  readonly trials: number;
  /** Simulated trials in which it was not (e.g. an empty stratum). */
  readonly notEstimable: number;
  readonly mean: number;
  readonly sd: number;
  /** 2.5% and 97.5% quantiles over the simulated trials. */
  readonly lower: number;
  readonly upper: number;
  readonly inside: boolean;
  /** (published − mean) / sd for a printed number; NaN for an inequality. */
  readonly z: number;
  /** Share of simulated trials satisfying the printed relation (for '=', the two-sided tail-area check is `inside`). */
  readonly shareSatisfying: number;
}

export interface CalibrationResult {
  readonly trials: number;
  readonly seed: number;
  readonly rows: readonly CalibrationRow[];
  /** Published figures the simulated trial cannot produce, with the reason. */
  readonly skipped: readonly { readonly path: string; readonly reason: string }[];
}

/** R's quantile(type = 7) of sorted values. */
export function quantileSorted(sorted: Float64Array, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

function satisfies(x: number, relation: Relation, bound: number): boolean {
  switch (relation) {
    case '=':
      return x === bound;
    case '<':
      return x < bound;
    case '<=':
      return x <= bound;
    case '>':
      return x > bound;
    case '>=':
      return x >= bound;
  }
}

export function calibrationRow(target: PublishedTarget, values: Float64Array): CalibrationRow {
  const ok: number[] = [];
  for (const v of values) if (v === v) ok.push(v);
  const sorted = Float64Array.from(ok).sort();
  const k = sorted.length;
  let mean = 0;
  for (const v of sorted) mean += v;
  mean /= k;
  let ss = 0;
  for (const v of sorted) ss += (v - mean) * (v - mean);
  const sd = k > 1 ? Math.sqrt(ss / (k - 1)) : NaN;
  const lower = quantileSorted(sorted, 0.025);
  const upper = quantileSorted(sorted, 0.975);
  let hits = 0;
  for (const v of sorted) if (satisfies(v, target.relation, target.value)) hits++;
  const shareSatisfying = k > 0 ? hits / k : NaN;
  const p = target.value;
  const inside = k === 0 ? false : target.relation === '=' ? lower <= p && p <= upper : shareSatisfying >= 0.025;
  const z = target.relation !== '=' || k < 2 ? NaN : sd > 0 ? (p - mean) / sd : p === mean ? 0 : p > mean ? Infinity : -Infinity;
  return {
    path: target.path,
    published: p,
    relation: target.relation,
    heldOut: target.heldOut,
    headline: isHeadline(target.path),
    trials: k,
    notEstimable: values.length - k,
    mean: k > 0 ? mean : NaN,
    sd,
    lower,
    upper,
    inside,
    z,
    shareSatisfying,
  };
}

/**
 * The calibration table from the figures of K simulated trials. A target no
 * trial produced goes to `skipped` with the documented reason.
 */
export function calibrationTable(
  targets: readonly PublishedTarget[],
  figures: readonly Readonly<Record<string, number>>[],
  seed: number,
): CalibrationResult {
  const rows: CalibrationRow[] = [];
  const skipped: { path: string; reason: string }[] = [];
  for (const t of targets) {
    const reason = notProducedReason(t.path);
    const produced = figures.length > 0 && t.path in figures[0];
    if (reason !== null || !produced) {
      skipped.push({ path: t.path, reason: reason ?? 'not produced by paperAnalysis (no rule for this figure)' });
      continue;
    }
    rows.push(calibrationRow(t, Float64Array.from(figures, (f) => f[t.path] ?? NaN)));
  }
  return { trials: figures.length, seed, rows, skipped };
}
