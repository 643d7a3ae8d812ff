// The sample size at the target power, read off the swept power curve.
//
// A scenario that sweeps the size (design.n_per_arm, or design.sample_size)
// has, for each analysis and each combination of the other swept values, a
// power curve p̂(n) at the swept sizes, each point with its MCSE. The size at
// target power t is where the curve crosses t, by linear interpolation
// between the two swept sizes that bracket it; its interval is where the
// pointwise 95% band p̂(n) ± 1.96·MCSE(n) crosses t: the upper band gives
// the lower end, the lower band the upper end (each interpolated the same
// way). The interval is the Monte Carlo error of the read-off only; the
// interpolation between swept sizes is not in it (sweep closer sizes for it).
//
// On common random numbers (every size runs the same replicate indices, so
// trial i has the same patients at every size) the curve is nearly monotone;
// where Monte Carlo noise still makes it dip, the curve and its band are made
// non-decreasing first by weighted isotonic regression (pool adjacent
// violators, weights = replicates), and `monotoneAdjusted` says so.
import type { Summary, SummaryDesign } from './summarySchema.js';

/** The size keys a sweep can read the sample size off, and what n counts. */
export const SIZE_KEYS: Readonly<Record<string, 'per_arm' | 'total'>> = {
  'design.n_per_arm': 'per_arm',
  'design.sample_size': 'total',
};

/** The two-sided 95% normal quantile of the band. */
export const BAND_Z = 1.959963984540054;

export interface CurvePoint {
  n: number;
  power: number;
  mcse: number;
  replicates: number;
}

export interface ReadOff {
  /** Interpolated size at the target; null when the curve does not cross it within the swept sizes. */
  n: number | null;
  /** The band's crossings: [lower, upper]; an end is null when its band does not cross within the swept sizes. */
  interval: [number | null, number | null];
  /** 'found', or where the target lies: 'below_range' (reached at the smallest size), 'above_range' (not reached at the largest). */
  status: 'found' | 'below_range' | 'above_range';
  /** True when the curve was made monotone (it dipped by Monte Carlo noise). */
  monotoneAdjusted: boolean;
}

/** Weighted isotonic (non-decreasing) regression by pool adjacent violators. */
export function isotonic(y: readonly number[], w: readonly number[]): number[] {
  const level: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < y.length; i++) {
    level.push(y[i]);
    weight.push(w[i]);
    count.push(1);
    while (level.length > 1 && level[level.length - 2] > level[level.length - 1]) {
      const b = level.pop()!;
      const wb = weight.pop()!;
      const cb = count.pop()!;
      const k = level.length - 1;
      const ww = weight[k] + wb;
      level[k] = ww > 0 ? (level[k] * weight[k] + b * wb) / ww : (level[k] + b) / 2;
      weight[k] = ww;
      count[k] += cb;
    }
  }
  const out: number[] = [];
  level.forEach((v, k) => {
    for (let j = 0; j < count[k]; j++) out.push(v);
  });
  return out;
}

/** The first n at which the non-decreasing curve y(n) reaches t, linearly interpolated; null when it does not within the sizes. */
export function crossing(ns: readonly number[], y: readonly number[], t: number): number | null {
  if (ns.length === 0) return null;
  if (y[0] >= t) return ns[0];
  for (let i = 1; i < ns.length; i++) {
    if (y[i] >= t) {
      const f = (t - y[i - 1]) / (y[i] - y[i - 1]);
      return ns[i - 1] + f * (ns[i] - ns[i - 1]);
    }
  }
  return null;
}

/** Read the size at power `target` off a curve (points in any order, distinct n). */
export function readOff(points: readonly CurvePoint[], target: number): ReadOff {
  const sorted = [...points].sort((a, b) => a.n - b.n);
  const ns = sorted.map((p) => p.n);
  const w = sorted.map((p) => p.replicates);
  const raw = sorted.map((p) => p.power);
  const fit = isotonic(raw, w);
  const monotoneAdjusted = fit.some((v, i) => v !== raw[i]);
  const mcse = sorted.map((p) => (Number.isFinite(p.mcse) ? p.mcse : 0));
  const upper = isotonic(fit.map((v, i) => v + BAND_Z * mcse[i]), w);
  const lower = isotonic(fit.map((v, i) => v - BAND_Z * mcse[i]), w);
  const n = crossing(ns, fit, target);
  const status = n === null ? 'above_range' : fit[0] >= target ? 'below_range' : 'found';
  return { n: status === 'found' ? n : null, interval: [crossing(ns, upper, target), crossing(ns, lower, target)], status, monotoneAdjusted };
}

/** One read-off of summary.json's `sample_size`. */
export type SampleSizeReading = Summary['sample_size'][number];

/** The swept size axis and the design points grouped by the other swept values; null when no size is swept over numbers. */
function sizeGroups(sweep: Summary['sweep'], designs: readonly SummaryDesign[]): { axis: Summary['sweep'][number]; groups: { at: Record<string, unknown>; designs: SummaryDesign[] }[] } | null {
  const axis = sweep.find((a) => Object.hasOwn(SIZE_KEYS, a.key));
  if (axis === undefined || axis.values.length < 2 || !axis.values.every((v) => typeof v === 'number')) return null;
  const others = sweep.filter((a) => a.key !== axis.key).map((a) => a.key);
  const groups = new Map<string, { at: Record<string, unknown>; designs: SummaryDesign[] }>();
  for (const d of designs) {
    const at: Record<string, unknown> = {};
    for (const k of others) at[k] = d.swept[k];
    const key = JSON.stringify(at);
    const g = groups.get(key) ?? { at, designs: [] };
    g.designs.push(d);
    groups.set(key, g);
  }
  return { axis, groups: [...groups.values()] };
}

/** One reading of a curve of rates (power, assurance) along the size axis. */
function reading(analysis: string, key: string, at: Record<string, unknown>, target: number, points: CurvePoint[]): SampleSizeReading {
  const r = readOff(points, target);
  return { analysis, key, unit: SIZE_KEYS[key], target, at, n: r.n, interval: r.interval, status: r.status, monotone_adjusted: r.monotoneAdjusted };
}

/**
 * Every read-off of a summary: per analysis (power after the multiplicity
 * procedure) and per combination of the other swept values, along the first
 * size key the sweep has. Empty without a target_power or a swept size.
 */
export function sampleSizeReadings(s: Pick<Summary, 'target_power' | 'sweep'> & { designs: readonly SummaryDesign[] }): SampleSizeReading[] {
  const target = s.target_power;
  const sized = sizeGroups(s.sweep, s.designs);
  if (target === null || sized === null) return [];
  const { axis, groups } = sized;
  const out: SampleSizeReading[] = [];
  for (const g of groups) {
    for (const id of g.designs[0].analyses.map((a) => a.id)) {
      const points: CurvePoint[] = g.designs.map((d) => {
        const a = d.analyses.find((x) => x.id === id)!;
        return { n: d.swept[axis.key] as number, power: a.power.estimate ?? 0, mcse: a.power.mcse ?? 0, replicates: a.power.n };
      });
      out.push(reading(id, axis.key, g.at, target, points));
    }
  }
  return out;
}

/** "23.4 per arm (95% MC interval 21.0–26.1)", or why there is no answer. */
export function readingText(r: SampleSizeReading): string {
  const unit = r.unit === 'per_arm' ? 'per arm' : 'in total';
  const end = (x: number | null, fallback: string): string => (x === null ? fallback : x.toFixed(1));
  if (r.status === 'below_range') return 'reached already at the smallest size swept: sweep smaller sizes to read it off';
  if (r.status === 'above_range') return 'not reached at the largest size swept: sweep larger sizes to read it off';
  return `${r.n!.toFixed(1)} ${unit} (95% MC interval ${end(r.interval[0], 'below the sweep')}–${end(r.interval[1], 'beyond the sweep')})${r.monotone_adjusted ? ', curve made monotone' : ''}`;
}

/**
 * The sample size at `target` assurance (or probability of success), read
 * off the curve of each design point's `assurance.probability` along the
 * first size key swept, per combination of the other swept values, as
 * sampleSizeReadings reads power. Empty without a target, a swept size or a
 * success criterion.
 */
export function assuranceSizeReadings(s: Pick<Summary, 'sweep'> & { target: number | null; designs: readonly SummaryDesign[] }): SampleSizeReading[] {
  const target = s.target;
  const sized = sizeGroups(s.sweep, s.designs);
  if (target === null || sized === null || !s.designs.every((d) => d.assurance !== undefined)) return [];
  const { axis, groups } = sized;
  return groups.map((g) => {
    const points: CurvePoint[] = g.designs.map((d) => {
      const p = d.assurance!.probability;
      return { n: d.swept[axis.key] as number, power: p.estimate ?? 0, mcse: p.mcse ?? 0, replicates: p.n };
    });
    return reading(g.designs[0].assurance!.analysis, axis.key, g.at, target, points);
  });
}
