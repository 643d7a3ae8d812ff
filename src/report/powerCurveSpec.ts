// Power against the swept key (the sample size when it is swept): one line per
// analysis, or, for a grid, one line per value of the other swept keys and a
// panel per analysis; a band of ±1.96 MCSE around each line and a rule at the
// scenario's target power. Without a sweep: a point per analysis with its
// ±1.96 MCSE error bar. Power is the adjusted rejection rate (after the
// multiplicity procedure); with a procedure and a family of two or more, the
// family's disjunctive power is drawn as one more series.
import type { TopLevelSpec } from 'vega-lite';
import { labelValue } from '../scenario/sweep.js';
import { plotAxes, groupLabel, xValue } from './plotAxes.js';
import { mcseBand, PLOT_CONFIG, sortBy, VEGA_LITE_SCHEMA } from './plotStyle.js';
import type { Summary, SummaryMetric } from './summarySchema.js';

export const FAMILY_SERIES = 'family: any (disjunctive)';

/** More groups than this (lines of one colour each) and the grid is drawn as a heat map of power. */
export const MAX_POWER_LINES = 12;

/** More x values than this and the lines are drawn without a point per design. */
const MAX_POINT_MARKS = 100;

export interface PowerRow {
  series: string;
  design: string;
  x: number | string;
  group: string;
  /** Positions, by which the plot orders x (when ordinal), the groups and the series. */
  xi: number;
  gi: number;
  si: number;
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
  const xIndex = new Map((axes.x?.order ?? []).map((v, i) => [v, i]));
  const gIndex = new Map((axes.group?.order ?? []).map((v, i) => [v, i]));
  const sIndex = new Map<string, number>();
  for (const d of summary.designs) {
    const x = xValue(d, axes);
    const group = axes.group === null ? '' : groupLabel(d, axes.group.keys);
    const xi = axes.x === null ? 0 : (xIndex.get(labelValue(d.swept[axes.x.key])) ?? 0);
    const gi = gIndex.get(group) ?? 0;
    const push = (series: string, m: SummaryMetric): void => {
      if (m.estimate === null) return;
      const band = mcseBand(m.estimate, m.mcse, [0, 1]);
      if (!sIndex.has(series)) sIndex.set(series, sIndex.size);
      rows.push({
        series,
        design: d.id,
        x,
        group,
        xi,
        gi,
        si: sIndex.get(series) ?? 0,
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

/** Whether the power plot is the heat map of a grid of many groups. */
export function isHeatMap(spec: TopLevelSpec): boolean {
  const mark = 'spec' in spec && typeof spec.spec === 'object' && spec.spec !== null && 'mark' in spec.spec ? spec.spec.mark : 'mark' in spec ? spec.mark : null;
  return typeof mark === 'object' && mark !== null && 'type' in mark && mark.type === 'rect';
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
    const x = { field: 'series', type: 'nominal' as const, title: 'analysis', sort: sortBy('si'), axis: { labelAngle: -30, labelLimit: 200 } };
    return {
      ...base,
      title: { text: `Power of each analysis: ${summary.scenario_name}`, subtitle },
      width: Math.max(160, 70 * series.length),
      height: 260,
      layer: [
        { mark: { type: 'errorbar' as const, ticks: true }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } }, y2: { field: 'hi' } } },
        { mark: { type: 'point' as const, filled: true, size: 70 }, encoding: { x, y, color: { field: 'series', type: 'nominal' as const, legend: null, sort: sortBy('si') }, tooltip } },
        ...targetRule,
      ],
    };
  }

  const xAxis = axes.x;
  const byGroup = axes.group !== null;
  const title = { text: `Power against ${xAxis.title}: ${summary.scenario_name}`, subtitle };
  const groups = axes.group?.order.length ?? 0;
  const facet = byGroup && series.length > 1 ? { column: { field: 'series', type: 'nominal' as const, title: null, sort: sortBy('si') } } : null;

  if (byGroup && groups > MAX_POWER_LINES) {
    // Too many groups for a line (and a colour) each: a heat map of power, x by group.
    const note = `${groups.toLocaleString('en-US')} groups (${axes.group?.title}): drawn as a heat map of power, not a line per group`;
    const heat = {
      mark: { type: 'rect' as const },
      encoding: {
        x: { field: 'x', type: 'ordinal' as const, title: xAxis.title, sort: sortBy('xi'), axis: { labelOverlap: true, labelAngle: -45, grid: false } },
        y: { field: 'group', type: 'ordinal' as const, title: axes.group?.title, sort: sortBy('gi'), axis: { labelOverlap: true, labelLimit: 200, grid: false } },
        color: { field: 'power', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1], scheme: 'viridis' } },
        tooltip: [{ field: 'group', type: 'nominal' as const, title: axes.group?.title }, ...tooltip],
      },
    };
    const heatTitle = {
      text: title.text,
      subtitle: `${note}; ${summary.replicates} replicates per design${target === null ? '' : `; target power ${target}`}`,
    };
    const size = { width: Math.min(600, Math.max(260, 8 * xAxis.order.length)), height: Math.min(600, Math.max(200, 6 * groups)) };
    if (facet !== null) return { ...base, description: note, title: heatTitle, facet, spec: { ...size, ...heat } };
    return { ...base, description: note, title: heatTitle, ...size, ...heat };
  }

  const x = xAxis.quantitative
    ? { field: 'x', type: 'quantitative' as const, title: xAxis.title, scale: { zero: false } }
    : { field: 'x', type: 'ordinal' as const, title: xAxis.title, sort: sortBy('xi') };
  // One colour per analysis; for a grid, per group, with a panel per analysis.
  const color = byGroup
    ? { field: 'group', type: 'nominal' as const, title: axes.group?.title, sort: sortBy('gi') }
    : { field: 'series', type: 'nominal' as const, title: 'analysis', sort: sortBy('si') };
  const lineMark = xAxis.order.length > MAX_POINT_MARKS ? { type: 'line' as const } : { type: 'line' as const, point: { filled: true, size: 40 } };
  const layers = [
    { mark: { type: 'area' as const, opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color } },
    { mark: lineMark, encoding: { x, y, color, tooltip } },
    ...targetRule,
  ];
  if (facet !== null) return { ...base, title, facet, spec: { width: 260, height: 220, layer: layers } };
  return { ...base, title, width: 480, height: 300, layer: layers };
}
