// A group-sequential design's operating characteristics from its tallies
// (accumulator.ts, SequentialSlots), each with its Monte Carlo SE:
// the rejection rate as run and with non-binding futility ignored (power in
// the design's run, type I error in its null run), the probability of
// stopping for efficacy and for futility at each look, the expected sample
// size and duration (the calendar month at the stop), the naive bias of the
// estimate at the stop, and when the looks and the final analysis happen.
import type { SequentialSlots } from './accumulator.js';
import type { SequentialLayout } from './layout.js';
import { bias, mean, type Metric } from './mcse.js';
import { rejectionRate } from './summarize.js';
import type { TruthValue } from './truth.js';

export interface LookCharacteristics {
  /** 1-based. */
  look: number;
  /** Mean calendar month of the look (every replicate, whether or not the trial was still running). */
  month: Metric;
  /** Mean observed information fraction (patients analysed at the look / at the final look). */
  information: Metric;
  /** P(stop for efficacy at this look): a share of all replicates. */
  stopEfficacy: Metric;
  /** P(stop for futility at this look); 0 at the final look. */
  stopFutility: Metric;
}

export interface SequentialCharacteristics {
  /** The analysis the looks run. */
  analysis: string;
  /** Replicates with a stop recorded (the others had no test at their final look: counted as not rejecting). */
  trials: number;
  /** Rejection rate as run (futility stops the trial): power, or type I error in the null run. */
  rejection: Metric;
  /** Rejection rate with the futility bounds ignored (the non-binding type I error regulators compute). */
  rejectionIgnoringFutility: Metric;
  /** P(stop before the final look), for efficacy or futility. */
  earlyStop: Metric;
  looks: LookCharacteristics[];
  /** E[patients analysed at the stop] (at the endpoint's week by then). */
  expectedAnalysed: Metric;
  /** E[patients enrolled at the stop] (the analysed and the pipeline). */
  expectedEnrolled: Metric;
  /** E[calendar month of the stop]: the expected duration. */
  expectedDuration: Metric;
  /** Calendar month of the final look (the trial's duration when it does not stop early). */
  maximumDuration: Metric;
  /** Mean estimate at the stop, and its naive bias against the truth (null when the truth is unknown). */
  meanEstimateAtStop: Metric;
  biasAtStop: Metric | null;
}

export function summarizeSequential(
  acc: Float64Array,
  s: SequentialSlots,
  q: SequentialLayout,
  analysisId: string,
  replicates: number,
  truth: TruthValue | undefined,
): SequentialCharacteristics {
  const m = (at: number): Metric => mean(acc[at], acc[at + 1], acc[at + 2]);
  let early = 0;
  const looks: LookCharacteristics[] = [];
  for (let k = 0; k < q.looks; k++) {
    const e = acc[s.stopEfficacy + k];
    const f = acc[s.stopFutility + k];
    if (k < q.looks - 1) early += e + f;
    looks.push({
      look: k + 1,
      month: m(s.lookMonth + 3 * k),
      information: m(s.lookInformation + 3 * k),
      stopEfficacy: rejectionRate(e, replicates),
      stopFutility: rejectionRate(f, replicates),
    });
  }
  const est = s.estimate;
  return {
    analysis: analysisId,
    trials: acc[s.trials],
    rejection: rejectionRate(acc[s.reject], replicates),
    rejectionIgnoringFutility: rejectionRate(acc[s.rejectIgnoringFutility], replicates),
    earlyStop: rejectionRate(early, replicates),
    looks,
    expectedAnalysed: m(s.nAnalysed),
    expectedEnrolled: m(s.nEnrolled),
    expectedDuration: m(s.month),
    maximumDuration: m(s.duration),
    meanEstimateAtStop: m(est),
    biasAtStop: truth === undefined ? null : bias(acc[est], acc[est + 1], acc[est + 2], truth.value, truth.se),
  };
}
