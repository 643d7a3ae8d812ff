// Power against the swept key (the sample size when it is swept): one line per
// analysis, or, for a grid, one line per value of the other swept keys and a
// panel per analysis; a band of ±1.96 MCSE around each line and a rule at the
// scenario's target power. Without a sweep: a point per analysis with its
// ±1.96 MCSE error bar. Power is the adjusted rejection rate (after the
// multiplicity procedure); with a procedure and a family of two or more, the
// family's disjunctive power is drawn as one more series.
import type { TopLevelSpec } from 'vega-lite';
import { plotAxes, groupLabel, xValue } from './plotAxes.js';
import { mcseBand, PLOT_CONFIG, VEGA_LITE_SCHEMA } from './plotStyle.js';
import type { Summary, SummaryMetric } from './summarySchema.js';

export const FAMILY_SERIES = 'family: any (disjunctive)';

export interface PowerRow {
  series: string;
  design: string;
  x: number | string;
  group: string;
  power: number;
  lo: number;
  hi: number;
  mcse: number | null;
  n: number;
}

/** The scenario's multiplicity procedure ('none' when it has none). */
export function multiplicityProcedure(summary: Summary): string {
  const m = summary.scenario.multiplicity;
  return typeof m === 'object' && m !== null && 'procedure' in m && typeof m.procedure === 'string' ? m.procedure : 'none';
}

/** The plotted rows: one per design x series with a power estimate. */
export function powerRows(summary: Summary): PowerRow[] {
  const axes = plotAxes(summary);
  const family = multiplicityProcedure(summary) !== 'none';
  const rows: PowerRow[] = [];
  for (const d of summary.designs) {
    const push = (series: string, m: SummaryMetric): void => {
      if (m.estimate === null) return;
      const band = mcseBand(m.estimate, m.mcse, [0, 1]);
      rows.push({
        series,
        design: d.id,
        x: xValue(d, axes),
        group: axes.group === null ? '' : groupLabel(d, axes.group.keys),
        power: m.estimate,
        lo: band.lo,
        hi: band.hi,
        mcse: m.mcse,
        n: m.n,
      });
    };
    for (const a of d.analyses) push(a.id, a.power);
    if (family && d.familywise.analyses.length >= 2) push(FAMILY_SERIES, d.familywise.disjunctive_power);
  }
  return rows;
}

export function powerCurveSpec(summary: Summary): TopLevelSpec {
  const axes = plotAxes(summary);
  const values = powerRows(summary);
  const series = [...new Set(values.map((r) => r.series))];
  const target = summary.target_power;
  const y = { field: 'power', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } };
  const targetRule =
    target === null
      ? []
      : [
          {
            // One row (per panel), so the rule is drawn once, not once per data row.
            transform: [{ aggregate: [{ op: 'count' as const, as: 'rows' }] }],
            mark: { type: 'rule' as const, color: '#555', strokeDash: [6, 4] },
            encoding: { y: { datum: target, type: 'quantitative' as const } },
          },
        ];
  const subtitle = `±1.96 MCSE ${axes.x === null ? 'error bars' : 'bands'}${target === null ? '' : `; dashed: target power ${target}`}; ${summary.replicates} replicates per design`;
  const tooltip = [
    { field: 'design', type: 'nominal' as const },
    { field: 'series', type: 'nominal' as const, title: 'analysis' },
    { field: 'power', type: 'quantitative' as const, format: '.4f' },
    { field: 'mcse', type: 'quantitative' as const, format: '.4f', title: 'MCSE' },
    { field: 'n', type: 'quantitative' as const },
  ];
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, data: { values } };

  if (axes.x === null) {
    const x = { field: 'series', type: 'nominal' as const, title: 'analysis', sort: series, axis: { labelAngle: -30, labelLimit: 200 } };
    return {
      ...base,
      title: { text: `Power of each analysis: ${summary.scenario_name}`, subtitle },
      width: Math.max(160, 70 * series.length),
      height: 260,
      layer: [
        { mark: { type: 'errorbar' as const, ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } }, y2: { field: 'hi' } } },
        { mark: { type: 'point' as const, filled: true, size: 70 }, encoding: { x, y, color: { field: 'series', type: 'nominal' as const, legend: null, sort: series }, tooltip } },
        ...targetRule,
      ],
    };
  }

  const xAxis = axes.x;
  const x = xAxis.quantitative
    ? { field: 'x', type: 'quantitative' as const, title: xAxis.title, scale: { zero: false } }
    : { field: 'x', type: 'ordinal' as const, title: xAxis.title, sort: xAxis.order };
  // One colour per analysis; for a grid, per group, with a panel per analysis.
  const byGroup = axes.group !== null;
  const color = byGroup
    ? { field: 'group', type: 'nominal' as const, title: axes.group?.title, sort: axes.group?.order }
    : { field: 'series', type: 'nominal' as const, title: 'analysis', sort: series };
  const layers = [
    { mark: { type: 'area' as const, opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color } },
    { mark: { type: 'line' as const, point: { filled: true, size: 40 } }, encoding: { x, y, color, tooltip } },
    ...targetRule,
  ];
  const title = { text: `Power against ${xAxis.title}: ${summary.scenario_name}`, subtitle };
  if (byGroup && series.length > 1) {
    return {
      ...base,
      title,
      facet: { column: { field: 'series', type: 'nominal' as const, title: null, sort: series } },
      spec: { width: 260, height: 220, layer: layers },
    };
  }
  return { ...base, title, width: 480, height: 300, layer: layers };
}
