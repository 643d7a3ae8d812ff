// A success criterion's characteristics from its tallies (accumulator.ts
// AssuranceSlots): the probability of success (assurance, with a design
// prior: O'Hagan, Stevens & Campbell 2005), the power conditional on θ per
// bin of the prior, and θ among the successful trials beside θ as drawn.
//
// Each replicate draws its θ and succeeds or not independently of the
// others, so the assurance is a plain proportion with MCSE √(a(1 − a)/R);
// a bin's conditional power is the proportion of its trials that succeeded.
import type { AssuranceSlots } from './accumulator.js';
import type { AssuranceLayout } from './layout.js';
import { mean, proportion, type Metric } from './mcse.js';

export interface AssuranceBin {
  /** The bin's θ range [lower, upper) (null: unbounded). */
  lower: number | null;
  upper: number | null;
  /** Trials whose θ fell in the bin, and their share of all (the prior's mass there, as drawn). */
  trials: number;
  priorShare: number;
  /** Mean θ of the bin's trials. */
  theta: Metric;
  /** The power conditional on θ in the bin: its trials' success rate. */
  power: Metric;
  /** The bin's share of the successful trials (θ among successes, beside priorShare). */
  successShare: number | null;
}

export interface AssuranceCharacteristics {
  /** The analysis whose rejection towards benefit is the success. */
  analysis: string;
  /** Success also needs the estimate beyond this (null: significance alone). */
  estimateBeyond: number | null;
  /** Whether θ was drawn from a prior (else: the fixed effect's probability of success). */
  prior: boolean;
  /** P(success): the assurance over the prior; with a fixed effect, the probability of success. */
  probability: Metric;
  /** θ as drawn (the prior), and among the successful trials: mean (MCSE) and SD; null without a prior. */
  theta: { prior: { mean: Metric; sd: number | null }; success: { mean: Metric; sd: number | null } } | null;
  /** The power conditional on θ, per bin of equal prior probability (one bin without a prior). */
  bins: AssuranceBin[];
  /** With a prior, the analysis' estimate against each replicate's own θ: mean of estimate − θ, and the CI's coverage of θ; null without. */
  biasTheta: Metric | null;
  coverageTheta: Metric | null;
}

const sdOf = (n: number, m2: number): number | null => (n >= 2 ? Math.sqrt(m2 / (n - 1)) : null);

/** θ was drawn (a prior) when some trial recorded one: the null run and a fixed effect record none, and report one bin of all trials. */
export function summarizeAssurance(acc: Float64Array, s: AssuranceSlots, u: AssuranceLayout, analysis: string, estimateBeyond: number | null): AssuranceCharacteristics {
  const trials = acc[s.trials];
  const prior = acc[s.theta] > 0;
  const successes = acc[s.successes];
  const bins: AssuranceBin[] = [];
  for (let b = 0; b < (prior ? s.bins : 1); b++) {
    const n = acc[s.binTrials + b];
    const k = acc[s.binSuccesses + b];
    const t = s.binTheta + 3 * b;
    bins.push({
      lower: b === 0 ? null : u.edges[b - 1],
      upper: !prior || b === u.edges.length ? null : u.edges[b],
      trials: n,
      priorShare: trials > 0 ? n / trials : 0,
      theta: mean(acc[t], acc[t + 1], acc[t + 2]),
      power: proportion(k, n),
      successShare: successes > 0 ? k / successes : null,
    });
  }
  const th = s.theta;
  const ts = s.thetaSuccess;
  return {
    analysis,
    estimateBeyond,
    prior,
    probability: proportion(successes, trials),
    theta: prior
      ? {
          prior: { mean: mean(acc[th], acc[th + 1], acc[th + 2]), sd: sdOf(acc[th], acc[th + 2]) },
          success: { mean: mean(acc[ts], acc[ts + 1], acc[ts + 2]), sd: sdOf(acc[ts], acc[ts + 2]) },
        }
      : null,
    bins,
    biasTheta: prior ? mean(acc[s.error], acc[s.error + 1], acc[s.error + 2]) : null,
    coverageTheta: prior ? proportion(acc[s.coverageHits], acc[s.coverageN]) : null,
  };
}
