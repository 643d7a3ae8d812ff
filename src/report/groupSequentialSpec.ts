// The plots of a group-sequential design (design.interim), from summary.json
// and the run's sample of z paths (estimateSample.lookZ):
//
// - boundaries: the efficacy and futility bounds on the z scale against the
//   information fraction, one panel per design point (the design's rules at
//   that point's own mean observed fractions), with the z paths of its first
//   sampled replicates under the design;
// - stopping: the probability of stopping for efficacy and for futility at
//   each look, under the design and its null, per design point;
// - power and expected N against the swept maximum sample size (a sweep of
//   one numeric key only).
//
// Each is null when it has nothing to show.
import type { TopLevelSpec } from 'vega-lite';
import type { EstimateSample } from '../engine/estimateSample.js';
import { interimRules, resolveInterim } from '../design/interim.js';
import { groupSequentialBoundaries } from '../stats/groupSequential/boundaries.js';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, mcseBand } from './plotStyle.js';
import type { Summary, SummaryDesign } from './summarySchema.js';

/** Paths drawn in the boundary plot. */
export const Z_PATHS = 40;
/** Design points drawn in the stopping-probability plot. */
export const MAX_STOP_PANELS = 6;

type GroupSequential = NonNullable<SummaryDesign['group_sequential']>;

const camel = (k: string): string => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelKeys(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(camelKeys);
  if (typeof x !== 'object' || x === null) return x;
  return Object.fromEntries(Object.entries(x).map(([k, v]) => [camel(k), camelKeys(v)]));
}

function looksOf(gs: GroupSequential): GroupSequential['looks'][string][] {
  return Object.keys(gs.looks)
    .sort((a, b) => Number(a.slice(5)) - Number(b.slice(5)))
    .map((k) => gs.looks[k]);
}

/**
 * The boundary plot's data: per design point with looks (the first
 * MAX_STOP_PANELS), the bounds of the design's rules at that point's own
 * mean observed fractions, and the z paths of its first sampled replicates
 * (each at that point's fractions). A point whose fractions are not
 * estimable is left out. Each value carries its point's id (`design`).
 */
export function boundaryValues(summary: Summary, samples: readonly EstimateSample[]): Record<string, unknown>[] | null {
  const design = (summary.scenario as { design?: { interim?: unknown } }).design;
  if (design?.interim === undefined) return null;
  const errors: string[] = [];
  const interim = resolveInterim(camelKeys(design.interim), errors);
  if (interim === null) return null;
  const rules = interimRules(interim);
  const values: Record<string, unknown>[] = [];
  const points = summary.designs.map((d, index) => ({ d, index })).filter(({ d }) => d.group_sequential !== undefined).slice(0, MAX_STOP_PANELS);
  for (const { d, index } of points) {
    const t = looksOf(d.group_sequential!).map((l) => l.information.estimate ?? NaN);
    if (t.some((x) => !(x > 0 && x <= 1)) || t.some((x, k) => k > 0 && !(x > t[k - 1]))) continue;
    const b = groupSequentialBoundaries({
      information: t,
      alpha: interim.alpha,
      sided: interim.sided,
      efficacy: rules.efficacy,
      ...(rules.futility !== null ? { futility: rules.futility, binding: interim.binding } : {}),
    });
    t.forEach((x, k) => {
      if (Number.isFinite(b.efficacy[k])) values.push({ design: d.id, kind: 'efficacy bound', information: x, z: b.efficacy[k], path: -1 });
      const f = b.futility?.[k];
      if (f !== null && f !== undefined && k < t.length - 1) values.push({ design: d.id, kind: 'futility bound', information: x, z: f, path: -1 });
    });
    const lookZ = samples[index]?.lookZ ?? [];
    const paths = Math.min(Z_PATHS, lookZ[0]?.length ?? 0);
    for (let i = 0; i < paths; i++) {
      for (let k = 0; k < lookZ.length; k++) {
        const z = lookZ[k][i];
        if (z !== null && Number.isFinite(z)) values.push({ design: d.id, kind: 'z path', information: t[k], z, path: i });
      }
    }
  }
  return values.length > 0 ? values : null;
}

export function boundarySpec(summary: Summary, samples: readonly EstimateSample[]): TopLevelSpec | null {
  const values = boundaryValues(summary, samples);
  if (values === null) return null;
  const panels = new Set(values.map((v) => v.design)).size;
  const x = { field: 'information', type: 'quantitative' as const, title: 'information fraction (mean observed)', scale: { domain: [0, 1] } };
  const y = { field: 'z', type: 'quantitative' as const, title: 'z (one-sided, towards benefit)' };
  const layer = [
    {
      transform: [{ filter: { field: 'kind', equal: 'z path' } }],
      mark: { type: 'line', color: '#9bb', opacity: 0.5, strokeWidth: 1, point: { size: 10, color: '#9bb' } },
      encoding: { x, y, detail: { field: 'path', type: 'nominal' } },
    },
    {
      transform: [{ filter: { field: 'kind', oneOf: ['efficacy bound', 'futility bound'] } }],
      mark: { type: 'line', point: { filled: true, size: 50 }, strokeWidth: 2 },
      encoding: {
        x,
        y,
        color: { field: 'kind', type: 'nominal', title: 'bound', scale: { domain: ['efficacy bound', 'futility bound'], range: ['#c0392b', '#2c7fb8'] } },
        tooltip: [
          { field: 'design', type: 'nominal' },
          { field: 'kind', type: 'nominal' },
          { field: 'information', type: 'quantitative', format: '.3f' },
          { field: 'z', type: 'quantitative', format: '.3f' },
        ],
      },
    },
  ];
  const title = `Boundaries and up to ${Z_PATHS} simulated z paths per design point`;
  if (panels === 1) {
    return { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, title, data: { values }, width: 420, height: 280, layer } as TopLevelSpec;
  }
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title,
    data: { values },
    facet: { field: 'design', type: 'nominal', title: null, sort: null },
    columns: 3,
    spec: { width: 260, height: 200, layer },
  } as TopLevelSpec;
}

export function stoppingSpec(summary: Summary): TopLevelSpec | null {
  const values: Record<string, unknown>[] = [];
  const withGs = summary.designs.filter((d) => d.group_sequential !== undefined).slice(0, MAX_STOP_PANELS);
  if (withGs.length === 0) return null;
  withGs.forEach((d) => {
    looksOf(d.group_sequential!).forEach((l, k) => {
      const add = (run: string, reason: string, m: { estimate: number | null; mcse: number | null } | null): void => {
        if (m === null || m.estimate === null) return;
        const band = mcseBand(m.estimate, m.mcse, [0, 1]);
        values.push({ design: d.id, di: d.index, run, reason, look: `look ${k + 1}`, k, p: m.estimate, lo: band.lo, hi: band.hi });
      };
      add('design', 'efficacy', l.stop_efficacy);
      add('design', 'futility', l.stop_futility);
      add('null', 'efficacy', l.stop_efficacy_null);
      add('null', 'futility', l.stop_futility_null);
    });
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: 'Probability of stopping at each look',
    data: { values },
    facet: { row: { field: 'design', type: 'nominal', title: null, sort: { field: 'di', op: 'min' } }, column: { field: 'run', type: 'nominal', title: null } },
    spec: {
      width: 200,
      height: 120,
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'look', type: 'nominal', title: null, sort: { field: 'k', op: 'min' } },
        xOffset: { field: 'reason', type: 'nominal' },
        y: { field: 'p', type: 'quantitative', title: 'probability', scale: { domain: [0, 1] } },
        color: { field: 'reason', type: 'nominal', title: 'stop for', scale: { domain: ['efficacy', 'futility'], range: ['#c0392b', '#2c7fb8'] } },
        tooltip: [
          { field: 'look', type: 'nominal' },
          { field: 'reason', type: 'nominal' },
          { field: 'p', type: 'quantitative', format: '.3f' },
          { field: 'lo', type: 'quantitative', format: '.3f', title: '−1.96 MCSE' },
          { field: 'hi', type: 'quantitative', format: '.3f', title: '+1.96 MCSE' },
        ],
      },
    },
  } as TopLevelSpec;
}

export function sweptSizeSpec(summary: Summary): TopLevelSpec | null {
  if (summary.sweep.length !== 1) return null;
  const key = summary.sweep[0].key;
  const values: Record<string, unknown>[] = [];
  for (const d of summary.designs) {
    const gs = d.group_sequential;
    const n = d.swept[key];
    if (gs === undefined || typeof n !== 'number') continue;
    const add = (panel: string, series: string, m: { estimate: number | null; mcse: number | null } | null, bounds: readonly [number, number]): void => {
      if (m === null || m.estimate === null) return;
      const band = mcseBand(m.estimate, m.mcse, bounds);
      values.push({ panel, series, size: n, value: m.estimate, lo: band.lo, hi: band.hi });
    };
    add('power', 'as run', gs.power, [0, 1]);
    add('power', 'futility ignored', gs.power_ignoring_futility, [0, 1]);
    add('expected N (analysed at the stop)', 'design', gs.expected_n, [0, Infinity]);
    add('expected N (analysed at the stop)', 'null', gs.expected_n_null, [0, Infinity]);
  }
  if (values.length < 2) return null;
  const x = { field: 'size', type: 'quantitative' as const, title: key, scale: { zero: false } };
  const panel = (name: string) => ({
    title: name,
    width: 260,
    height: 200,
    transform: [{ filter: { field: 'panel', equal: name } }],
    layer: [
      { mark: { type: 'errorband' as const, opacity: 0.25 }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: name }, y2: { field: 'hi' }, color: { field: 'series', type: 'nominal' as const, title: null } } },
      {
        mark: { type: 'line' as const, point: true },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative' as const, title: name, scale: { zero: false } },
          color: { field: 'series', type: 'nominal' as const, title: null },
          tooltip: [
            { field: 'size', type: 'quantitative' as const },
            { field: 'series', type: 'nominal' as const },
            { field: 'value', type: 'quantitative' as const, format: '.3f' },
          ],
        },
      },
    ],
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: 'Power and expected N against the maximum sample size',
    data: { values },
    hconcat: [panel('power'), panel('expected N (analysed at the stop)')],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}
