// The console table of a run's success criterion: per design point, the
// assurance (or the probability of success at a fixed effect) with its MCSE,
// the success rate under the null, θ as drawn and among the successes, and
// the power conditional on θ in the prior's lowest, middle and highest bins.
import type { DesignResult } from '../engine/runResult.js';
import { rate, sig, table } from './format.js';

const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '–' : sig(x, digits));

/** '' when no design point has a success criterion. */
export function assuranceTable(designs: readonly DesignResult[], maxDesigns: number): string {
  const rows: string[][] = [];
  let prior = false;
  let beyond: number | null = null;
  for (const d of designs.slice(0, maxDesigns)) {
    const a = d.alternative.assurance;
    if (a === undefined) continue;
    prior ||= a.prior;
    beyond = a.estimateBeyond;
    const n = d.null?.assurance ?? null;
    const bins = a.bins.map((b) => `${num(b.power.estimate, 2)}`).join(' ');
    rows.push([
      d.id,
      a.analysis,
      rate(a.probability.estimate, a.probability.mcse),
      n === null ? '–' : rate(n.probability.estimate, n.probability.mcse),
      a.theta === null ? '–' : `${num(a.theta.prior.mean.estimate)} / ${num(a.theta.success.mean.estimate)}`,
      a.prior ? bins : '–',
    ]);
  }
  if (rows.length === 0) return '';
  const what = prior ? 'Assurance (probability of success over the design prior)' : 'Probability of success';
  const criterion = `success: the analysis rejects towards benefit${beyond === null ? '' : ` and its estimate is beyond ${beyond}`}`;
  return (
    `\n${what}; ${criterion}:\n` +
    table(['design', 'analysis', 'P(success) ± MCSE', 'under the null', 'mean θ drawn / among successes', 'power given θ, by prior bin (low θ → high θ)'], rows) +
    '\n'
  );
}
