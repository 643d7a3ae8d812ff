// The calibration plot: for every published figure, its simulated central
// 95% range (a rule) and the published value (a point), one row per figure,
// split into the calibration and the held-out validation panels.
//
// Figures differ in scale (counts of 95, p-values, correlations), so the
// common axis is the simulated SD: 0 is the mean over simulated trials, the
// rule runs from the 2.5% to the 97.5% quantile, and the point sits at the
// published value, all in units of the simulated SD. Tooltips carry the raw
// numbers. Printed inequalities (p "<0.0001") are drawn at their bound with
// an open triangle pointing the way of the inequality.
import type { TopLevelSpec } from 'vega-lite';
import type { CalibrationResult } from './calibrationTable.js';

const PANELS = ['calibration', 'validation (held out)'] as const;

/** Beyond ±CLAMP simulated SDs a point is drawn at the edge (its tooltip keeps the value). */
const CLAMP = 6;

function clamp(x: number): number {
  return Math.max(-CLAMP, Math.min(CLAMP, x));
}

function standardised(x: number, mean: number, sd: number): number {
  if (sd > 0) return clamp((x - mean) / sd);
  return x === mean ? 0 : x > mean ? CLAMP : -CLAMP;
}

/** A vega-lite v5 spec of the calibration (pure; render with vega-lite's compile and vega's View). */
export function calibrationPlotSpec(result: CalibrationResult): TopLevelSpec {
  const values = result.rows
    .filter((r) => r.trials > 0)
    .map((r) => ({
      figure: r.path,
      panel: r.heldOut ? 'validation (held out)' : 'calibration',
      published: r.published,
      relation: r.relation,
      mean: r.mean,
      sd: r.sd,
      lower: r.lower,
      upper: r.upper,
      inside: r.inside ? 'inside' : 'outside',
      shape: r.relation === '=' ? 'circle' : r.relation.startsWith('<') ? 'triangle-left' : 'triangle-right',
      zPublished: standardised(r.published, r.mean, r.sd),
      zLower: standardised(r.lower, r.mean, r.sd),
      zUpper: standardised(r.upper, r.mean, r.sd),
    }));
  const panel = (name: string) => ({
    title: name,
    transform: [{ filter: { field: 'panel', equal: name } }],
    width: 420,
    height: { step: 12 },
    layer: [
      {
        mark: { type: 'rule' as const, strokeWidth: 2, color: '#9ab' },
        encoding: {
          y: { field: 'figure', type: 'nominal' as const, sort: null, title: null, axis: { labelLimit: 360, labelFontSize: 9 } },
          x: { field: 'zLower', type: 'quantitative' as const, title: 'simulated SDs from the simulated mean', scale: { domain: [-CLAMP, CLAMP] } },
          x2: { field: 'zUpper' },
        },
      },
      {
        mark: { type: 'point' as const, filled: true, size: 40 },
        encoding: {
          y: { field: 'figure', type: 'nominal' as const, sort: null },
          x: { field: 'zPublished', type: 'quantitative' as const },
          color: {
            field: 'inside',
            type: 'nominal' as const,
            title: 'published value',
            scale: { domain: ['inside', 'outside'], range: ['#1b7837', '#c51b7d'] },
          },
          shape: { field: 'shape', type: 'nominal' as const, scale: null },
          tooltip: [
            { field: 'figure', type: 'nominal' as const },
            { field: 'relation', type: 'nominal' as const },
            { field: 'published', type: 'quantitative' as const },
            { field: 'mean', type: 'quantitative' as const, format: '.4g' },
            { field: 'sd', type: 'quantitative' as const, format: '.3g' },
            { field: 'lower', type: 'quantitative' as const, format: '.4g', title: '2.5%' },
            { field: 'upper', type: 'quantitative' as const, format: '.4g', title: '97.5%' },
          ],
        },
      },
    ],
  });
  const panels = PANELS.filter((name) => values.some((v) => v.panel === name));
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: {
      text: `Published ProDERM figures against ${result.trials} simulated trials`,
      subtitle: 'rule: central 95% of simulated trials; point: published value; axis: simulated SDs from the simulated mean',
    },
    data: { values },
    vconcat: panels.map(panel),
    config: { view: { stroke: null } },
  };
}
