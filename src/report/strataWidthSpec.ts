// How precisely each baseline stratum's effect is estimated: the mean
// half-width of the within-stratum confidence interval, against the swept key
// (the sample size when swept), one line per stratum and a panel per analysis
// (a row of panels per group for a grid), with ±1.96 MCSE error bars. Without
// a sweep: a point per stratum. null when no analysis has strata.
import type { TopLevelSpec } from 'vega-lite';
import { groupLabel, plotAxes, xValue } from './plotAxes.js';
import { mcseBand, PLOT_CONFIG, VEGA_LITE_SCHEMA } from './plotStyle.js';
import type { Summary } from './summarySchema.js';

export interface StrataRow {
  design: string;
  analysis: string;
  stratum: string;
  x: number | string;
  group: string;
  halfWidth: number;
  lo: number;
  hi: number;
  mcse: number | null;
  n: number;
}

export function strataRows(summary: Summary): StrataRow[] {
  const axes = plotAxes(summary);
  const rows: StrataRow[] = [];
  for (const d of summary.designs) {
    for (const a of d.analyses) {
      for (const s of a.strata) {
        const m = s.mean_ci_half_width;
        if (m.estimate === null) continue;
        const band = mcseBand(m.estimate, m.mcse, [0, Infinity]);
        rows.push({
          design: d.id,
          analysis: a.id,
          stratum: s.label,
          x: xValue(d, axes),
          group: axes.group === null ? '' : groupLabel(d, axes.group.keys),
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
  const values = strataRows(summary);
  if (values.length === 0) return null;
  const axes = plotAxes(summary);
  const analyses = [...new Set(values.map((r) => r.analysis))];
  const strata = [...new Set(values.map((r) => r.stratum))];
  const yTitle = 'mean CI half-width';
  const y = { field: 'halfWidth', type: 'quantitative' as const, title: yTitle, scale: { zero: true } };
  const yBar = { field: 'lo', type: 'quantitative' as const, title: yTitle };
  // Without a sweep the strata are on the x axis already: no legend.
  const color = { field: 'stratum', type: 'nominal' as const, title: 'baseline stratum', sort: strata, ...(axes.x === null ? { legend: null } : {}) };
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
    subtitle: 'mean half-width of the within-stratum confidence interval; bars: ±1.96 MCSE',
  };
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, title, data: { values } };

  const x =
    axes.x === null
      ? { field: 'stratum', type: 'nominal' as const, title: 'baseline stratum', sort: strata }
      : axes.x.quantitative
        ? { field: 'x', type: 'quantitative' as const, title: axes.x.title, scale: { zero: false } }
        : { field: 'x', type: 'ordinal' as const, title: axes.x.title, sort: axes.x.order };
  const layers =
    axes.x === null
      ? [
          { mark: { type: 'errorbar' as const, ticks: true }, encoding: { x, y: yBar, y2: { field: 'hi' }, color } },
          { mark: { type: 'point' as const, filled: true, size: 60 }, encoding: { x, y, color, tooltip } },
        ]
      : [
          { mark: { type: 'errorbar' as const, ticks: false }, encoding: { x, y: yBar, y2: { field: 'hi' }, color } },
          { mark: { type: 'line' as const, point: { filled: true, size: 36 } }, encoding: { x, y, color, tooltip } },
        ];
  const facet = {
    column: { field: 'analysis', type: 'nominal' as const, title: null, sort: analyses },
    ...(axes.group === null ? {} : { row: { field: 'group', type: 'nominal' as const, title: axes.group.title, sort: axes.group.order } }),
  };
  return {
    ...base,
    facet,
    spec: { width: axes.x === null ? Math.max(120, 60 * strata.length) : 260, height: 200, layer: layers },
    // Each analysis has its own strata and its own units.
    resolve: { scale: { y: 'independent' as const, x: axes.x === null ? ('independent' as const) : ('shared' as const) } },
  };
}
