// Dropout that may depend on the outcome (issue 13, item 2), per arm, as a
// mechanism of the trial: after each visit k the patient leaves (misses
// visit k + 1 and every later one) with hazard
//
//   h_k = expit(a + slope · x_k)
//
// where x_k is, by mechanism,
//   mcar                 0
//   mar, on: change      the change from baseline of `measure` at visit k (0 at baseline), observed
//   mar, on: deterioration  1 once confirmed deterioration is known at visit k, else 0
//   mnar                 the change from baseline of `measure` at visit k + 1: the value the dropout hides
//
// The intercept a is solved when the trial is compiled (design/trial.ts) so
// that the expected share missing the primary week is the `share` given, over
// a population drawn from the design (solveIntercept); the patient's one
// dropout uniform u (the uniform MCAR dropout uses, drawn whatever the
// design) decides: the patient leaves after the first visit k at which the
// cumulative hazard Σ_{j ≤ k} −log(1 − h_j) reaches −log u. This is the
// sequential mechanism exactly, since the hazards depend only on the
// trajectory, which does not depend on u.

export const DROPOUT_MECHANISMS = ['mcar', 'mar', 'mnar'] as const;
export type DropoutMechanismName = (typeof DROPOUT_MECHANISMS)[number];
export const MAR_COVARIATES = ['change', 'deterioration'] as const;
export type MarCovariate = (typeof MAR_COVARIATES)[number];

/** One arm's dropout mechanism, as the design gives it. */
export interface OutcomeDropoutArm {
  readonly mechanism: DropoutMechanismName;
  /** Target probability of missing the primary week. */
  readonly share: number;
  /** The measure whose change x reads (mar on change, mnar); ignored otherwise. */
  readonly measure: string;
  /** What MAR dropout reads. */
  readonly on: MarCovariate;
  /** Log-odds of leaving per unit of x. */
  readonly slope: number;
}

/** Per arm [control, treatment]. */
export type OutcomeDropout = readonly [OutcomeDropoutArm, OutcomeDropoutArm];

/** The covariate codes the hot loop branches on. */
export const Covariate = { none: 0, observedChange: 1, deterioration: 2, nextChange: 3 } as const;

export function covariateCode(arm: OutcomeDropoutArm): number {
  if (arm.mechanism === 'mcar') return Covariate.none;
  if (arm.mechanism === 'mnar') return Covariate.nextChange;
  return arm.on === 'change' ? Covariate.observedChange : Covariate.deterioration;
}

/** −log(1 − expit(z)) = log(1 + e^z), without overflow. */
export function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * x_k of patient i (cohort row `row` of `values`, the mechanism's measure),
 * for the transition after visit k.
 */
export function covariateAt(code: number, values: Float64Array, row: number, k: number, visits: readonly number[], deteriorationWeek: number): number {
  switch (code) {
    case Covariate.observedChange:
      return k === 0 ? 0 : values[row + k] - values[row];
    case Covariate.deterioration:
      return deteriorationWeek <= visits[k] ? 1 : 0;
    case Covariate.nextChange:
      return values[row + k + 1] - values[row];
    default:
      return 0;
  }
}

/** P(missing the primary week) of one patient with covariates x[o .. o + K) (K transitions before it). */
function missProbability(a: number, slope: number, x: Float64Array, o: number, K: number): number {
  let H = 0;
  for (let k = 0; k < K; k++) H += softplus(a + slope * x[o + k]);
  return -Math.expm1(-H);
}

/** The expected share missing the primary week at intercept a, over N patients with K covariates each (x, patient-major). */
export function expectedShare(a: number, slope: number, x: Float64Array, N: number, K: number): number {
  let s = 0;
  for (let i = 0; i < N; i++) s += missProbability(a, slope, x, i * K, K);
  return s / N;
}

/** Bounds of the intercept search: beyond them every hazard is 0 or 1 to double precision. */
const A_MIN = -60;
const A_MAX = 60;
/** Solved when the share is within this of the target (far below any Monte Carlo error of a share). */
const SHARE_TOL = 1e-12;

/** expectedShare at a and its derivative in a, in one pass. */
function shareAndSlope(a: number, slope: number, x: Float64Array, N: number, K: number): [number, number] {
  let s = 0;
  let ds = 0;
  for (let i = 0; i < N; i++) {
    let H = 0;
    let dH = 0;
    for (let k = 0; k < K; k++) {
      const z = a + slope * x[i * K + k];
      H += softplus(z);
      dH += 1 / (1 + Math.exp(-z));
    }
    const survive = Math.exp(-H);
    s += 1 - survive;
    ds += survive * dH;
  }
  return [s / N, ds / N];
}

/**
 * The intercept a with expectedShare(a) = share, or null when the share
 * cannot be reached (it lies outside what the covariates allow, to within
 * 1e-9). share 0: −Infinity. Newton's method from the MCAR intercept, kept
 * inside a bracket (bisection when a step leaves it); the share is
 * increasing in a.
 */
export function solveIntercept(share: number, slope: number, x: Float64Array, N: number, K: number): number | null {
  if (share === 0) return -Infinity;
  if (!(share > 0 && share < 1) || N === 0 || K === 0) return null;
  let lo = A_MIN;
  let hi = A_MAX;
  if (expectedShare(lo, slope, x, N, K) > share + 1e-9 || expectedShare(hi, slope, x, N, K) < share - 1e-9) return null;
  // The MCAR intercept: K equal hazards with survival 1 − share.
  let a = Math.log(Math.expm1(-Math.log1p(-share) / K));
  if (!(a > lo && a < hi)) a = (lo + hi) / 2;
  for (let it = 0; it < 100; it++) {
    const [f, df] = shareAndSlope(a, slope, x, N, K);
    const g = f - share;
    if (Math.abs(g) < SHARE_TOL) return a;
    if (g < 0) lo = a;
    else hi = a;
    const next = a - g / df;
    a = next > lo && next < hi && df > 0 ? next : (lo + hi) / 2;
    if (hi - lo < 1e-14) return a;
  }
  return a;
}

/**
 * The first visit week not observed, from the patient's dropout uniform u
 * and its trajectory, or NaN: a completer (of the visits given). Transitions
 * after visits 0 .. visits.length − 2.
 */
export function outcomeDropoutWeek(u: number, a: number, slope: number, code: number, values: Float64Array, row: number, visits: readonly number[], deteriorationWeek: number): number {
  const E = -Math.log(u);
  let H = 0;
  for (let k = 0; k + 1 < visits.length; k++) {
    H += softplus(a + slope * covariateAt(code, values, row, k, visits, deteriorationWeek));
    if (H >= E) return visits[k + 1];
  }
  return NaN;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

const ARM_KEYS = ['mechanism', 'share', 'measure', 'on', 'slope'];

function parseArm(x: unknown, where: string, errors: string[]): OutcomeDropoutArm | null {
  if (!isRecord(x)) {
    errors.push(`${where}: expected {mechanism, share, measure, on, slope}`);
    return null;
  }
  for (const k of Object.keys(x)) if (!ARM_KEYS.includes(k)) errors.push(`${where}.${k}: unknown setting; known: ${ARM_KEYS.join(', ')}`);
  const mechanism = x.mechanism ?? 'mcar';
  if (typeof mechanism !== 'string' || !(DROPOUT_MECHANISMS as readonly string[]).includes(mechanism)) {
    errors.push(`${where}.mechanism: expected one of ${DROPOUT_MECHANISMS.join(', ')} (got ${JSON.stringify(mechanism)})`);
    return null;
  }
  const share = x.share;
  if (typeof share !== 'number' || !(share >= 0 && share < 1)) {
    errors.push(`${where}.share: expected the share missing the primary week, in [0, 1) (got ${JSON.stringify(share)})`);
    return null;
  }
  const on = x.on ?? 'change';
  if (typeof on !== 'string' || !(MAR_COVARIATES as readonly string[]).includes(on)) {
    errors.push(`${where}.on: expected one of ${MAR_COVARIATES.join(', ')} (got ${JSON.stringify(on)})`);
    return null;
  }
  if (x.on !== undefined && x.on !== 'change' && mechanism !== 'mar') errors.push(`${where}.on: only mar dropout reads 'on' (mechanism is ${mechanism})`);
  const slope = x.slope ?? 0;
  if (typeof slope !== 'number' || !Number.isFinite(slope) || Math.abs(slope) > 100) {
    errors.push(`${where}.slope: expected a log-odds per unit in [-100, 100] (got ${JSON.stringify(slope)})`);
    return null;
  }
  if (mechanism === 'mcar' && slope !== 0) errors.push(`${where}.slope: mcar dropout has no slope`);
  const needsMeasure = mechanism === 'mnar' || (mechanism === 'mar' && on === 'change');
  const measure = x.measure;
  if (needsMeasure && typeof measure !== 'string') {
    errors.push(`${where}.measure: ${mechanism} dropout on the change needs the measure it reads, e.g. cdasi_a`);
    return null;
  }
  return { mechanism: mechanism as DropoutMechanismName, share, measure: needsMeasure ? (measure as string) : '', on: on as MarCovariate, slope };
}

/** design.dropoutModel: one mechanism for both arms, or [control, treatment]. Errors are pushed, located. */
export function parseOutcomeDropout(x: unknown, where: string, errors: string[]): OutcomeDropout | null {
  if (Array.isArray(x)) {
    if (x.length !== 2) {
      errors.push(`${where}: expected one mechanism, or a list of two [control, treatment]`);
      return null;
    }
    const a = parseArm(x[0], `${where}[0]`, errors);
    const b = parseArm(x[1], `${where}[1]`, errors);
    return a === null || b === null ? null : [a, b];
  }
  const one = parseArm(x, where, errors);
  return one === null ? null : [one, one];
}
