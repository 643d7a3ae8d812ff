// The console table of a run's group-sequential designs: per design point,
// power and type I error as run and with futility ignored, the stopping
// probabilities per look, the expected N and duration (design / null).
import type { DesignResult } from '../engine/runResult.js';
import { rate, sig, table } from './format.js';

const num = (x: number | null | undefined, digits = 3): string => (x === null || x === undefined ? '–' : sig(x, digits));

/** '' when no design point has interim looks. */
export function groupSequentialTable(designs: readonly DesignResult[], maxDesigns: number): string {
  const rows: string[][] = [];
  for (const d of designs.slice(0, maxDesigns)) {
    const a = d.alternative.sequential;
    if (a === undefined) continue;
    const n = d.null?.sequential ?? null;
    const stops = a.looks
      .slice(0, -1)
      .map((l) => `${num(l.stopEfficacy.estimate)}/${num(l.stopFutility.estimate)}`)
      .join(' ');
    rows.push([
      d.id,
      a.analysis,
      rate(a.rejection.estimate, a.rejection.mcse),
      n === null ? '–' : `${rate(n.rejection.estimate, n.rejection.mcse)} (${num(n.rejectionIgnoringFutility.estimate)})`,
      stops,
      `${num(a.expectedAnalysed.estimate, 4)} / ${n === null ? '–' : num(n.expectedAnalysed.estimate, 4)}`,
      `${num(a.expectedDuration.estimate)} / ${n === null ? '–' : num(n.expectedDuration.estimate)} of ${num(a.maximumDuration.estimate)}`,
      a.looks.map((l) => num(l.month.estimate)).join(', '),
    ]);
  }
  if (rows.length === 0) return '';
  return (
    '\nGroup-sequential looks:\n' +
    table(['design', 'analysis', 'power ± MCSE', 'type I error ± MCSE (futility ignored)', 'stop eff/fut by interim', 'E[N] design / null', 'E[months] design / null of max', 'look months'], rows) +
    '\nAbove, each analysis at the final look of every trial, as if no look had stopped it; here the design as run.\n'
  );
}
