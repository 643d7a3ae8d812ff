// The warning a run ends with when an analysis was often not estimable
// (issue 19: designs that are legal but cannot answer). Validation refuses
// what can never be estimable (src/scenario/estimable.ts); this catches what
// the design makes merely likely (4 patients, heavy dropout, ...). It reads
// only the summarised counts (summarize.ts: each analysis' notEstimable count
// and reasons, and the replicates summarised), so it follows however those
// are counted.
import { notEstimableWarning } from './messages.js';
import type { RunResult } from './runResult.js';
import type { OperatingCharacteristics } from './summarize.js';

/**
 * An analysis not estimable in more than this share of a run's replicates
 * (under the design or under its null) earns a warning: above it, its power or
 * type I error rests on a tenth fewer trials than asked, and usually on the
 * trials the design made largest or luckiest.
 */
export const NOT_ESTIMABLE_WARN_SHARE = 0.1;

function warningsOf(design: string, run: 'design' | 'null', oc: OperatingCharacteristics | null, out: string[]): void {
  if (oc === null || oc.replicates <= 0) return;
  for (const a of oc.analyses) {
    const count = a.notEstimable.count;
    if (!(count > NOT_ESTIMABLE_WARN_SHARE * oc.replicates)) continue;
    let reason = 'unknown reason';
    let most = 0;
    for (const [r, n] of Object.entries(a.notEstimable.reasons)) {
      if (n > most) {
        reason = r;
        most = n;
      }
    }
    out.push(notEstimableWarning(design, a.id, run, count, oc.replicates, reason, most));
  }
}

/** One line per design point, analysis and run (design or null) not estimable in more than NOT_ESTIMABLE_WARN_SHARE of its replicates. */
export function estimabilityWarnings(result: Pick<RunResult, 'designs'>): string[] {
  const out: string[] = [];
  for (const d of result.designs) {
    warningsOf(d.id, 'design', d.alternative, out);
    warningsOf(d.id, 'null', d.null, out);
  }
  return out;
}
