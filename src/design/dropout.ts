// Dropout as one uniform per patient (drawn whatever the design, for common
// random numbers): missing completely at random, spread evenly over the
// visits of each period. ProDERM lost about 2 patients per arm before week 16
// and 22 of the remaining 91 by week 40 (Results; Fig. 1).

/**
 * The first visit week not observed, or NaN for a completer. `visits` is the
 * model's full schedule (visits[0] = baseline); with probability pBefore the
 * patient misses the primary week, spread evenly over the visits after
 * baseline up to it; else with probability pAfter one of the later visits.
 */
export function dropoutWeekOf(u: number, pBefore: number, pAfter: number, visits: readonly number[], primaryWeek: number): number {
  let nBefore = 0;
  while (1 + nBefore < visits.length && visits[1 + nBefore] <= primaryWeek) nBefore++;
  const nAfter = visits.length - 1 - nBefore;
  if (u < pBefore) return visits[1 + Math.min(nBefore - 1, Math.floor((u / pBefore) * nBefore))];
  if (nAfter === 0) return NaN;
  const v = (u - pBefore) / (1 - pBefore);
  if (v < pAfter) return visits[1 + nBefore + Math.min(nAfter - 1, Math.floor((v / pAfter) * nAfter))];
  return NaN;
}

/**
 * Dropout as a mechanism of the trial: from the patient's dropout uniform
 * (drawn whatever the design, for common random numbers), the first visit
 * week not observed, or NaN for a completer.
 */
export type DropoutMechanism = (u: number) => number;

/**
 * Missing completely at random, as dropoutWeekOf on the model's full schedule
 * (`visits`); a dropout after `lastWeek` (the design's horizon) is none.
 */
export function mcarDropout(pBefore: number, pAfter: number, visits: readonly number[], primaryWeek: number, lastWeek: number): DropoutMechanism {
  return (u: number): number => {
    const week = dropoutWeekOf(u, pBefore, pAfter, visits, primaryWeek);
    return week > lastWeek ? NaN : week;
  };
}
