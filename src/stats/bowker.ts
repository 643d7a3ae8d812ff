// Bowker's (1948) test of symmetry of a k×k table: sum over pairs i < j of
// (n_ij - n_ji)² / (n_ij + n_ji), chi-square under H0: p_ij = p_ji. For k = 2
// it is McNemar's test without continuity correction.
//
// Empty pairs: R's mcnemar.test divides 0/0 and returns NaN whenever some
// n_ij + n_ji = 0 (its df is always k(k-1)/2). Here an empty pair adds nothing
// to the statistic and no degree of freedom (under H0, conditionally on the
// pair totals, each non-empty pair contributes one asymptotically chi-square(1)
// term and an empty one contributes exactly 0), so df = the number of
// off-diagonal pairs with n_ij + n_ji > 0. On tables with no empty pair this
// equals mcnemar.test(x, correct = FALSE) and SAS PROC FREQ's Bowker test.
import { squareTableTotal } from './countTable.js';
import { estimable, notEstimable, NOT_ESTIMABLE } from './result.js';
import type { StatResult } from './result.js';
import { pchisq } from './distributions/chiSquare.js';

/**
 * Bowker's symmetry test on a k×k table of counts (row-major).
 * statistic = chi-square, df = number of non-empty off-diagonal pairs,
 * p = upper chi-square tail. estimate, se and ci are NaN (a test only).
 * Not estimable: invalid table (badInput), no observations (tooFew), or no
 * off-diagonal counts at all (noInformation: no discordant pair to test).
 */
export function bowker(table: ArrayLike<number>, k: number): StatResult {
  if (!Number.isInteger(k) || k < 1 || table.length !== k * k) return notEstimable(NOT_ESTIMABLE.badInput, 0);
  const n = squareTableTotal(table, k);
  if (n < 0) return notEstimable(NOT_ESTIMABLE.badInput, 0);
  if (n === 0) return notEstimable(NOT_ESTIMABLE.tooFew, 0);
  let statistic = 0;
  let df = 0;
  for (let i = 0; i < k; i++) {
    for (let j = i + 1; j < k; j++) {
      const a = table[i * k + j];
      const b = table[j * k + i];
      const s = a + b;
      if (s === 0) continue;
      statistic += ((a - b) * (a - b)) / s;
      df++;
    }
  }
  if (df === 0) return notEstimable(NOT_ESTIMABLE.noInformation, n);
  return estimable({ estimate: NaN, statistic, df, p: pchisq(statistic, df, false), n });
}
