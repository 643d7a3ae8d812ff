// How precisely each baseline stratum's effect is estimated: the mean
// half-width of the within-stratum confidence interval, against the swept key
// (the sample size when swept), one line per stratum and a panel per analysis
// (a row of panels per group for a grid), with ±1.96 MCSE error bars. Without
// a sweep: a point per stratum. For a grid of many groups, the rows of panels
// of at most MAX_STRATA_GROUPS groups, evenly spaced; for more than
// MAX_STRATA_BARS values on x, bands instead of bars. null when no analysis
// has strata.
import type { TopLevelSpec } from 'vega-lite';
import { labelValue } from '../scenario/sweep.js';
import { groupLabel, plotAxes, xValue } from './plotAxes.js';
import { evenlySpaced, mcseBand, PLOT_CONFIG, shownNote, sortBy, VEGA_LITE_SCHEMA } from './plotStyle.js';

/** At most this many groups (rows of panels) in the plot. */
export const MAX_STRATA_GROUPS = 6;

/** More x values than this and the ±1.96 MCSE intervals are drawn as a band, not a bar each, and the lines without a point each. */
export const MAX_STRATA_BARS = 100;
import type { Summary } from './summarySchema.js';

export interface StrataRow {
  design: string;
  analysis: string;
  stratum: string;
  x: number | string;
  group: string;
  /** Positions of the analysis, the stratum, x (when ordinal) and the group, by which the plot orders them. */
  ai: number;
  sti: number;
  xi: number;
  gi: number;
  halfWidth: number;
  lo: number;
  hi: number;
  mcse: number | null;
  n: number;
}

export function strataRows(summary: Summary): StrataRow[] {
  const axes = plotAxes(summary);
  const rows: StrataRow[] = [];
  const xIndex = new Map((axes.x?.order ?? []).map((v, i) => [v, i]));
  const gIndex = new Map((axes.group?.order ?? []).map((v, i) => [v, i]));
  const aIndex = new Map<string, number>();
  const sIndex = new Map<string, number>();
  for (const d of summary.designs) {
    const group = axes.group === null ? '' : groupLabel(d, axes.group.keys);
    const xi = axes.x === null ? 0 : (xIndex.get(labelValue(d.swept[axes.x.key])) ?? 0);
    for (const a of d.analyses) {
      for (const s of a.strata) {
        const m = s.mean_ci_half_width;
        if (m.estimate === null) continue;
        const band = mcseBand(m.estimate, m.mcse, [0, Infinity]);
        if (!aIndex.has(a.id)) aIndex.set(a.id, aIndex.size);
        if (!sIndex.has(s.label)) sIndex.set(s.label, sIndex.size);
        rows.push({
          design: d.id,
          analysis: a.id,
          stratum: s.label,
          x: xValue(d, axes),
          group,
          ai: aIndex.get(a.id) ?? 0,
          sti: sIndex.get(s.label) ?? 0,
          xi,
          gi: gIndex.get(group) ?? 0,
          halfWidth: m.estimate,
          lo: band.lo,
          hi: band.hi,
          mcse: m.mcse,
          n: m.n,
        });
      }
    }
  }
  return rows;
}

export function strataWidthSpec(summary: Summary): TopLevelSpec | null {
  const all = strataRows(summary);
  if (all.length === 0) return null;
  const axes = plotAxes(summary);
  const groups = [...new Set(all.map((r) => r.gi))].sort((a, b) => a - b);
  const drawn = new Set(evenlySpaced(groups.length, MAX_STRATA_GROUPS).map((i) => groups[i]));
  const values = drawn.size === groups.length ? all : all.filter((r) => drawn.has(r.gi));
  const dense = axes.x !== null && axes.x.order.length > MAX_STRATA_BARS;
  const notes = [
    ...(drawn.size === groups.length ? [] : [shownNote(drawn.size, groups.length, `groups (${axes.group?.title ?? ''})`)]),
    ...(dense ? [`${axes.x?.order.length.toLocaleString('en-US')} values of ${axes.x?.key}: the ±1.96 MCSE intervals drawn as bands, not bars`] : []),
  ];
  const note = notes.length === 0 ? null : notes.join('; ');
  const strata = [...new Set(values.map((r) => r.stratum))];
  const yTitle = 'mean CI half-width';
  const y = { field: 'halfWidth', type: 'quantitative' as const, title: yTitle, scale: { zero: true } };
  const yBar = { field: 'lo', type: 'quantitative' as const, title: yTitle };
  // Without a sweep the strata are on the x axis already: no legend.
  const color = { field: 'stratum', type: 'nominal' as const, title: 'baseline stratum', sort: sortBy('sti'), ...(axes.x === null ? { legend: null } : {}) };
  const tooltip = [
    { field: 'design', type: 'nominal' as const },
    { field: 'analysis', type: 'nominal' as const },
    { field: 'stratum', type: 'nominal' as const },
    { field: 'halfWidth', type: 'quantitative' as const, format: '.4g', title: 'mean CI half-width' },
    { field: 'mcse', type: 'quantitative' as const, format: '.3g', title: 'MCSE' },
    { field: 'n', type: 'quantitative' as const },
  ];
  const title = {
    text: `Precision within baseline strata: ${summary.scenario_name}`,
    subtitle: `mean half-width of the within-stratum confidence interval; bars: ±1.96 MCSE${note === null ? '' : `; ${note}`}`,
  };
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, title, data: { values }, ...(note === null ? {} : { description: note }) };

  const x =
    axes.x === null
      ? { field: 'stratum', type: 'nominal' as const, title: 'baseline stratum', sort: sortBy('sti') }
      : axes.x.quantitative
        ? { field: 'x', type: 'quantitative' as const, title: axes.x.title, scale: { zero: false } }
        : { field: 'x', type: 'ordinal' as const, title: axes.x.title, sort: sortBy('xi') };
  const layers =
    axes.x === null
      ? [
          { mark: { type: 'errorbar' as const, ticks: true }, encoding: { x, y: yBar, y2: { field: 'hi' }, color } },
          { mark: { type: 'point' as const, filled: true, size: 60 }, encoding: { x, y, color, tooltip } },
        ]
      : dense
        ? [
            { mark: { type: 'area' as const, opacity: 0.18 }, encoding: { x, y: yBar, y2: { field: 'hi' }, color } },
            { mark: { type: 'line' as const }, encoding: { x, y, color, tooltip } },
          ]
        : [
            { mark: { type: 'errorbar' as const, ticks: false }, encoding: { x, y: yBar, y2: { field: 'hi' }, color } },
            { mark: { type: 'line' as const, point: { filled: true, size: 36 } }, encoding: { x, y, color, tooltip } },
          ];
  const facet = {
    column: { field: 'analysis', type: 'nominal' as const, title: null, sort: sortBy('ai') },
    ...(axes.group === null ? {} : { row: { field: 'group', type: 'nominal' as const, title: axes.group.title, sort: sortBy('gi') } }),
  };
  return {
    ...base,
    facet,
    spec: { width: axes.x === null ? Math.max(120, 60 * strata.length) : 260, height: 200, layer: layers },
    // Each analysis has its own strata and its own units.
    resolve: { scale: { y: 'independent' as const, x: axes.x === null ? ('independent' as const) : ('shared' as const) } },
  };
}
