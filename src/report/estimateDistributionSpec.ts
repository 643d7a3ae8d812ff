// The distribution of each analysis' treatment-effect estimate, from the
// engine's estimate sample (the estimates of the first K replicates under the
// design; src/engine/estimateSample.ts). One design point: a histogram per
// analysis with the truth (solid) and the mean estimate (dashed). A sweep: per
// analysis, each design point's central 95% (line), interquartile range (bar)
// and median (tick), with the truth as a diamond. Bins and quantiles are
// drawn from the sample here; they are plot geometry, not reported measures.
// A large sweep shows at most MAX_DISTRIBUTION_DESIGNS design points, evenly
// spaced through the sweep.
import type { TopLevelSpec } from 'vega-lite';
import type { EstimateSample } from '../engine/estimateSample.js';
import { quantileSorted } from '../analysis/calibrationTable.js';
import { shortLabel } from './plotAxes.js';
import { evenlySpaced, PLOT_CONFIG, shownNote, sortBy, VEGA_LITE_SCHEMA } from './plotStyle.js';

/** At most this many design points on the x axis of a sweep's plot. */
export const MAX_DISTRIBUTION_DESIGNS = 40;
import type { Summary } from './summarySchema.js';

/** About this many bins per histogram. */
const TARGET_BINS = 30;

export interface Bins {
  start: number;
  step: number;
  counts: number[];
}

/** A step of 1, 2, 2.5 or 5 × 10^k near `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const p = 10 ** Math.floor(Math.log10(raw));
  const f = raw / p;
  return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
}

/**
 * Equal-width bins on nice boundaries covering every value: bin i is
 * [(k0 + i)·step, (k0 + i + 1)·step), the last one closed. Edges are integer
 * multiples of the step, computed as values are binned (⌊v / step⌋), so a
 * value on an edge goes to the bin the edge starts.
 */
export function histogram(values: readonly number[]): Bins {
  if (values.length === 0) return { start: 0, step: 1, counts: [] };
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const step = hi > lo ? niceStep((hi - lo) / TARGET_BINS) : niceStep(Math.abs(lo) / 10 || 1);
  const k0 = Math.floor(lo / step);
  const k = Math.max(1, Math.floor(hi / step) - k0 + 1);
  const counts = new Array<number>(k).fill(0);
  for (const v of values) counts[Math.min(k - 1, Math.max(0, Math.floor(v / step) - k0))] += 1;
  return { start: k0 * step, step, counts };
}

/** The edges of bin i. */
export function binEdges(h: Bins, i: number): [number, number] {
  const k0 = Math.round(h.start / h.step);
  return [(k0 + i) * h.step, (k0 + i + 1) * h.step];
}

const finite = (xs: readonly (number | null)[]): number[] => xs.filter((x): x is number => x !== null && Number.isFinite(x));

export function estimateDistributionSpec(summary: Summary, samples: readonly EstimateSample[]): TopLevelSpec | null {
  const analyses = summary.designs[0]?.analyses.map((a) => a.id) ?? [];
  const ai = (id: string): number => analyses.indexOf(id);
  const sampled = samples.reduce((n, s) => n + s.analyses.reduce((m, a) => m + finite(a.estimates).length, 0), 0);
  if (sampled === 0) return null;
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG };
  const truthOf = (di: number, id: string): number | null => summary.designs[di]?.analyses.find((a) => a.id === id)?.estimation.truth?.value ?? null;

  if (summary.designs.length === 1) {
    const values: Record<string, string | number>[] = [];
    let used = 0;
    for (const a of samples[0]?.analyses ?? []) {
      const xs = finite(a.estimates);
      if (xs.length === 0) continue;
      used = Math.max(used, xs.length);
      const h = histogram(xs);
      h.counts.forEach((count, i) => {
        const [start, end] = binEdges(h, i);
        values.push({ kind: 'bin', analysis: a.id, ai: ai(a.id), start, end, count });
      });
      const t = truthOf(0, a.id);
      if (t !== null) values.push({ kind: 'truth', analysis: a.id, ai: ai(a.id), value: t });
      const mean = summary.designs[0].analyses.find((x) => x.id === a.id)?.estimation.mean_estimate.estimate ?? null;
      if (mean !== null) values.push({ kind: 'mean', analysis: a.id, ai: ai(a.id), value: mean });
    }
    return {
      ...base,
      title: {
        text: `Distribution of the treatment-effect estimate: ${summary.scenario_name}`,
        subtitle: `estimate: treatment − control, in the first ${used} replicates under the design; solid: truth; dashed: mean estimate`,
      },
      data: { values },
      facet: { row: { field: 'analysis', type: 'nominal' as const, title: null, sort: sortBy('ai') } },
      spec: {
        width: 460,
        height: 110,
        layer: [
          {
            transform: [{ filter: { field: 'kind', equal: 'bin' } }],
            mark: { type: 'bar' as const, color: '#6f9fcf', binSpacing: 0 },
            encoding: {
              x: { field: 'start', type: 'quantitative' as const, bin: { binned: true }, title: 'estimate' },
              x2: { field: 'end' },
              y: { field: 'count', type: 'quantitative' as const, title: 'replicates' },
            },
          },
          {
            transform: [{ filter: { field: 'kind', equal: 'truth' } }],
            mark: { type: 'rule' as const, color: '#b2182b', strokeWidth: 2 },
            encoding: { x: { field: 'value', type: 'quantitative' as const } },
          },
          {
            transform: [{ filter: { field: 'kind', equal: 'mean' } }],
            mark: { type: 'rule' as const, color: '#222', strokeDash: [4, 3] },
            encoding: { x: { field: 'value', type: 'quantitative' as const } },
          },
        ],
      },
      resolve: { scale: { x: 'independent' as const, y: 'independent' as const } },
    };
  }

  const values: Record<string, string | number | null>[] = [];
  // The design points with estimates, and of them the ones drawn.
  const withEstimates = summary.designs.map((_, di) => di).filter((di) => samples[di]?.analyses.some((a) => finite(a.estimates).length > 0) ?? false);
  const drawn = evenlySpaced(withEstimates.length, MAX_DISTRIBUTION_DESIGNS).map((i) => withEstimates[i]);
  const note = drawn.length === withEstimates.length ? null : shownNote(drawn.length, withEstimates.length, 'design points');
  for (const di of drawn) {
    const d = summary.designs[di];
    const s = samples[di];
    if (d === undefined || s === undefined) continue;
    for (const a of s.analyses) {
      const xs = Float64Array.from(finite(a.estimates)).sort();
      if (xs.length === 0) continue;
      values.push({
        design: shortLabel(d),
        di,
        analysis: a.id,
        ai: ai(a.id),
        replicates: xs.length,
        q025: quantileSorted(xs, 0.025),
        q25: quantileSorted(xs, 0.25),
        q50: quantileSorted(xs, 0.5),
        q75: quantileSorted(xs, 0.75),
        q975: quantileSorted(xs, 0.975),
        truth: truthOf(di, a.id),
      });
    }
  }
  const x = { field: 'design', type: 'ordinal' as const, sort: sortBy('di'), title: summary.sweep.map((a) => a.key).join(', '), axis: { labelAngle: -40, labelLimit: 160 } };
  const yTitle = 'estimate';
  const y = (field: string) => ({ field, type: 'quantitative' as const, title: yTitle, scale: { zero: false } });
  return {
    ...base,
    title: {
      text: `Distribution of the treatment-effect estimate: ${summary.scenario_name}`,
      subtitle: `estimate: treatment − control, in the first ${samples[0]?.replicates ?? 0} replicates of each design point; line: central 95%; bar: quartiles; tick: median; diamond: truth${note === null ? '' : `; ${note}`}`,
    },
    ...(note === null ? {} : { description: note }),
    data: { values },
    facet: { row: { field: 'analysis', type: 'nominal' as const, title: null, sort: sortBy('ai') } },
    spec: {
      width: Math.max(260, 28 * drawn.length),
      height: 160,
      layer: [
        { mark: { type: 'rule' as const, color: '#6f9fcf' }, encoding: { x, y: y('q025'), y2: { field: 'q975' } } },
        { mark: { type: 'bar' as const, color: '#6f9fcf', size: 12 }, encoding: { x, y: y('q25'), y2: { field: 'q75' } } },
        { mark: { type: 'tick' as const, color: '#1a1a1a', thickness: 2, size: 14 }, encoding: { x, y: y('q50') } },
        {
          transform: [{ filter: 'isValid(datum.truth)' }],
          mark: { type: 'point' as const, shape: 'diamond', filled: true, color: '#b2182b', size: 50 },
          encoding: { x, y: y('truth') },
        },
      ],
    },
    resolve: { scale: { y: 'independent' as const } },
  };
}
