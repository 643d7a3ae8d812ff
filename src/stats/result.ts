// The record every statistic in src/stats returns.
//
// Fixed fields, so the engine can reduce a result to numbers without knowing
// which method made it, and reports format these fields without recomputing.
// A field a method does not define (the SE of Fisher's test, say) is NaN and
// the method's doc comment says so; consumers read `estimable` first and never
// average a field of a result that is not estimable.

/** Why a statistic could not be computed on this data. */
export const NOT_ESTIMABLE = {
  tooFew: 'too few observations',
  emptyGroup: 'a group is empty',
  zeroVariance: 'zero variance',
  singular: 'singular design',
  degenerateTable: 'degenerate table (a margin is zero)',
  allSame: 'all outcomes identical',
  noInformation: 'no informative strata',
  badInput: 'invalid input',
  notConverged: 'the fit did not converge',
} as const;
export type NotEstimableReason = (typeof NOT_ESTIMABLE)[keyof typeof NOT_ESTIMABLE];

export interface StatResult {
  /** false: every numeric field is NaN and `reason` says why. */
  readonly estimable: boolean;
  readonly reason: NotEstimableReason | null;
  /** Point estimate (difference, proportion, correlation, kappa, ...). */
  readonly estimate: number;
  /** Standard error of the estimate. */
  readonly se: number;
  /** Confidence interval [lower, upper] at the requested level (95% unless told). */
  readonly ci: readonly [number, number];
  /** Degrees of freedom of the reference distribution (Infinity for normal). */
  readonly df: number;
  /** Test statistic (t, z, chi-square, F, ...). */
  readonly statistic: number;
  /** Two-sided p-value unless the function says otherwise. */
  readonly p: number;
  /** Number of observations used. */
  readonly n: number;
}

const NAN_CI: readonly [number, number] = Object.freeze([NaN, NaN]) as readonly [number, number];

export function notEstimable(reason: NotEstimableReason, n: number): StatResult {
  return { estimable: false, reason, estimate: NaN, se: NaN, ci: NAN_CI, df: NaN, statistic: NaN, p: NaN, n };
}

export function estimable(fields: {
  estimate: number;
  se?: number;
  ci?: readonly [number, number];
  df?: number;
  statistic?: number;
  p?: number;
  n: number;
}): StatResult {
  return {
    estimable: true,
    reason: null,
    estimate: fields.estimate,
    se: fields.se ?? NaN,
    ci: fields.ci ?? NAN_CI,
    df: fields.df ?? NaN,
    statistic: fields.statistic ?? NaN,
    p: fields.p ?? NaN,
    n: fields.n,
  };
}
