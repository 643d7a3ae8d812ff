// The plots of a success criterion with a design prior (summary.json
// designs[].assurance, docs/assurance.md):
//
// - conditional power: the power given θ in each bin of the prior (at the
//   bin's mean θ), with ±1.96 MCSE bars, one line per design point (up to
//   MAX_ASSURANCE_LINES), the assurance of each as a dashed rule;
// - θ among the successes: per bin of the prior, the density of θ as drawn
//   (the prior) beside that of θ among the successful trials (each bin's
//   share over its width; the open end bins drawn to the mean θ of their
//   trials' ± one bin width of their neighbour), for the first design point.
//
// Each is null when no design point drew θ from a prior.
import type { TopLevelSpec } from 'vega-lite';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA, mcseBand } from './plotStyle.js';
import type { Summary, SummaryDesign } from './summarySchema.js';

/** Design points drawn in the conditional-power plot (evenly the first ones). */
export const MAX_ASSURANCE_LINES = 8;

type Assurance = NonNullable<SummaryDesign['assurance']>;

const withPrior = (summary: Summary): SummaryDesign[] => summary.designs.filter((d) => d.assurance?.prior === true);

export function conditionalPowerSpec(summary: Summary): TopLevelSpec | null {
  const designs = withPrior(summary).slice(0, MAX_ASSURANCE_LINES);
  if (designs.length === 0) return null;
  const points: Record<string, unknown>[] = [];
  const rules: Record<string, unknown>[] = [];
  for (const d of designs) {
    const a = d.assurance!;
    for (const b of a.conditional_power) {
      if (b.theta_mean.estimate === null || b.power.estimate === null) continue;
      const band = mcseBand(b.power.estimate, b.power.mcse, [0, 1]);
      points.push({ design: d.id, di: d.index, theta: b.theta_mean.estimate, power: b.power.estimate, lo: band.lo, hi: band.hi, trials: b.trials });
    }
    if (a.probability.estimate !== null) rules.push({ design: d.id, di: d.index, assurance: a.probability.estimate });
  }
  const analysis = designs[0].assurance!.analysis;
  const color = { field: 'design', type: 'nominal', title: null, sort: { field: 'di', op: 'min' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: `Power given the true effect θ (${analysis}), by bin of the prior`,
    width: 420,
    height: 240,
    layer: [
      {
        data: { values: points },
        mark: { type: 'rule' },
        encoding: { x: { field: 'theta', type: 'quantitative', scale: { zero: false } }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color },
      },
      {
        data: { values: points },
        mark: { type: 'line', point: true },
        encoding: {
          x: { field: 'theta', type: 'quantitative', title: 'θ (mean of the bin’s trials)', scale: { zero: false } },
          y: { field: 'power', type: 'quantitative', title: 'P(success | θ)', scale: { domain: [0, 1] } },
          color,
          tooltip: [
            { field: 'design', type: 'nominal' },
            { field: 'theta', type: 'quantitative', format: '.3f' },
            { field: 'power', type: 'quantitative', format: '.3f' },
            { field: 'trials', type: 'quantitative' },
          ],
        },
      },
      {
        data: { values: rules },
        mark: { type: 'rule', strokeDash: [4, 3] },
        encoding: { y: { field: 'assurance', type: 'quantitative' }, color, tooltip: [{ field: 'design', type: 'nominal' }, { field: 'assurance', type: 'quantitative', format: '.3f' }] },
      },
    ],
  } as TopLevelSpec;
}

/** The bins' θ ranges, the open ends closed a bin's width beyond their neighbour's edge (or ±1 around a lone bin). */
function binRanges(a: Assurance): { lo: number; hi: number }[] {
  const bins = a.conditional_power;
  const inner = bins.map((b) => (b.lower !== null && b.upper !== null ? b.upper - b.lower : NaN)).filter((w) => Number.isFinite(w));
  const w = inner.length > 0 ? Math.max(...inner) : 1;
  return bins.map((b) => ({ lo: b.lower ?? (b.upper ?? 0) - w, hi: b.upper ?? (b.lower ?? 0) + w }));
}

const DRAWN = 'θ as drawn (the prior)';
const SUCCESS = 'θ among successful trials';

export function thetaSuccessSpec(summary: Summary): TopLevelSpec | null {
  const d = withPrior(summary)[0];
  if (d === undefined) return null;
  const a = d.assurance!;
  const values: Record<string, unknown>[] = [];
  binRanges(a).forEach((r, k) => {
    const b = a.conditional_power[k];
    const width = r.hi - r.lo;
    values.push({ series: DRAWN, lo: r.lo, hi: r.hi, density: b.prior_share / width });
    if (b.success_share !== null) values.push({ series: SUCCESS, lo: r.lo, hi: r.hi, density: b.success_share / width });
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: `The prior beside θ among the successful trials (${d.id})`,
    width: 420,
    height: 220,
    data: { values },
    mark: { type: 'rect', opacity: 0.45 },
    encoding: {
      x: { field: 'lo', type: 'quantitative', title: 'θ (true effect)', scale: { zero: false } },
      x2: { field: 'hi' },
      y: { field: 'density', type: 'quantitative', title: 'density (share of trials per unit θ)' },
      y2: { datum: 0 },
      color: { field: 'series', type: 'nominal', title: null, scale: { domain: [DRAWN, SUCCESS], range: ['#7f7f7f', '#c0392b'] } },
      tooltip: [
        { field: 'series', type: 'nominal' },
        { field: 'lo', type: 'quantitative', format: '.3f' },
        { field: 'hi', type: 'quantitative', format: '.3f' },
        { field: 'density', type: 'quantitative', format: '.4f' },
      ],
    },
  } as TopLevelSpec;
}
