// A group-sequential design's settings in a trial design: when the looks
// happen (accrual.ts puts them on the calendar) and the boundaries' rules
// (src/stats/groupSequential/). Plain serialisable data; `resolveAccrual` and
// `resolveInterim` are where user input (camelCase, as resolveDesignSpec
// takes it) becomes it, each error naming its key path.
//
// The looks are analysed by the analysis named in `analysis` (the first one
// by default); the last look is the final analysis, at information 1, when
// every patient has reached the endpoint's week. The boundaries are computed
// per replicate at the information fractions actually observed
// (src/analysis/sequential.ts), with these rules.
import { WEEKS_PER_MONTH, type AccrualSpec } from './accrual.js';
import type { EfficacyRule, FutilityRule } from '../stats/groupSequential/boundaries.js';
import { SPENDING_FAMILIES, spendingNeedsGamma, type Spending, type SpendingFamily } from '../stats/groupSequential/spending.js';

/** A look: when a share of the patients has reached the endpoint's week, or at a calendar month. */
export type LookSpec = { readonly information: number } | { readonly month: number };

export interface InterimSpec {
  /** Id of the analysis the looks run (null: the first analysis). */
  readonly analysis: string | null;
  /** The looks in order, the last `{ information: 1 }` (the final analysis). */
  readonly looks: readonly LookSpec[];
  /** Total type I error of the design (both sides together when two-sided). */
  readonly alpha: number;
  readonly sided: 1 | 2;
  /** As the user gives it (resolveInterim accepts its own output); `interimRules` makes the rules. */
  readonly efficacy: EfficacyInput;
  /** null: no futility stopping. */
  readonly futility: FutilityInput | null;
  /** Futility bounds bind (enter the efficacy bounds). */
  readonly binding: boolean;
}

export type EfficacyInput = { readonly spending: SpendingFamily; readonly gamma?: number } | { readonly spending: 'hp'; readonly hpBound: number };
export type FutilityInput =
  | { readonly betaSpending: SpendingFamily; readonly gamma?: number; readonly beta: number }
  | { readonly bounds: readonly number[] }
  | { readonly conditionalPower: number; readonly drift: number | 'trend' };

/** The boundaries' rules of a resolved interim spec. */
export function interimRules(i: InterimSpec): { efficacy: EfficacyRule; futility: FutilityRule | null } {
  const spending = (family: SpendingFamily, gamma: number | undefined): Spending => (gamma === undefined ? { family } : { family, gamma });
  const e = i.efficacy;
  const efficacy: EfficacyRule = e.spending === 'hp' ? { kind: 'haybittle-peto', bound: e.hpBound } : { kind: 'spending', spending: spending(e.spending, e.gamma) };
  const f = i.futility;
  let futility: FutilityRule | null = null;
  if (f !== null) {
    if ('betaSpending' in f) futility = { kind: 'spending', spending: spending(f.betaSpending, f.gamma), beta: f.beta };
    else if ('bounds' in f) futility = { kind: 'fixed', bounds: f.bounds };
    else futility = { kind: 'conditional-power', threshold: f.conditionalPower, drift: f.drift };
  }
  return { efficacy, futility };
}

type Rec = Record<string, unknown>;
const isRecord = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function only(obj: Rec, allowed: readonly string[], where: string, errors: string[]): void {
  for (const k of Object.keys(obj)) if (!allowed.includes(k)) errors.push(`${where}.${k}: unknown setting; known: ${allowed.join(', ')}`);
}

/** design.accrual: `{ perMonth }` or `{ periods: [{ fromMonth, perMonth }, …] }`, with `rampUpMonths`. */
export function resolveAccrual(input: unknown, errors: string[]): AccrualSpec | null {
  const where = 'design.accrual';
  if (!isRecord(input)) {
    errors.push(`${where}: expected a mapping with per_month or periods`);
    return null;
  }
  only(input, ['perMonth', 'periods', 'rampUpMonths'], where, errors);
  const before = errors.length;
  let periods: { fromMonth: number; perMonth: number }[] = [];
  if ((input.perMonth === undefined) === (input.periods === undefined)) errors.push(`${where}: give per_month or periods, one of them`);
  else if (input.perMonth !== undefined) {
    if (isNum(input.perMonth) && input.perMonth > 0) periods = [{ fromMonth: 0, perMonth: input.perMonth }];
    else errors.push(`${where}.perMonth: expected patients per month > 0 (got ${JSON.stringify(input.perMonth)})`);
  } else if (!Array.isArray(input.periods) || input.periods.length === 0) {
    errors.push(`${where}.periods: expected a list of {from_month, per_month}`);
  } else {
    input.periods.forEach((p: unknown, i: number) => {
      const at = `${where}.periods[${i}]`;
      if (!isRecord(p)) return void errors.push(`${at}: expected {from_month, per_month}`);
      only(p, ['fromMonth', 'perMonth'], at, errors);
      const from = p.fromMonth ?? (i === 0 ? 0 : undefined);
      if (!isNum(from) || from < 0) errors.push(`${at}.fromMonth: expected a month >= 0 (got ${JSON.stringify(p.fromMonth)})`);
      else if (i === 0 && from !== 0) errors.push(`${at}.fromMonth: the first period starts at month 0 (got ${from})`);
      else if (i > 0 && !(from > periods[i - 1]?.fromMonth)) errors.push(`${at}.fromMonth: periods must start in increasing months (got ${from})`);
      const last = i === (input.periods as unknown[]).length - 1;
      if (!isNum(p.perMonth) || p.perMonth < 0 || (last && p.perMonth === 0))
        errors.push(`${at}.perMonth: expected patients per month >= 0 (> 0 in the last period) (got ${JSON.stringify(p.perMonth)})`);
      periods.push({ fromMonth: isNum(from) ? from : NaN, perMonth: isNum(p.perMonth) ? p.perMonth : NaN });
    });
  }
  const ramp = input.rampUpMonths ?? 0;
  if (!isNum(ramp) || ramp < 0 || ramp > 120) errors.push(`${where}.rampUpMonths: expected months from 0 to 120 (got ${JSON.stringify(input.rampUpMonths)})`);
  if (errors.length > before) return null;
  return { periods, rampUpMonths: ramp as number };
}

function spendingOf(family: unknown, gamma: unknown, at: string, gammaAt: string, errors: string[]): Spending | null {
  if (typeof family !== 'string' || !(SPENDING_FAMILIES as readonly string[]).includes(family)) {
    errors.push(`${at}: expected one of ${SPENDING_FAMILIES.join(', ')} (got ${JSON.stringify(family)})`);
    return null;
  }
  const f = family as SpendingFamily;
  if (!spendingNeedsGamma(f)) {
    if (gamma !== undefined) errors.push(`${gammaAt}: ${f} spending has no parameter`);
    return { family: f };
  }
  if (gamma === undefined) {
    errors.push(`${gammaAt}: ${f} spending needs its parameter gamma (${f === 'kd' ? 'rho > 0' : 'from -50 to 50'})`);
    return null;
  }
  const ok = isNum(gamma) && (f === 'kd' ? gamma > 0 : Math.abs(gamma) <= 50);
  if (!ok) {
    errors.push(`${gammaAt}: expected ${f === 'kd' ? 'a number > 0' : 'a number from -50 to 50'} for ${f} (got ${JSON.stringify(gamma)})`);
    return null;
  }
  return { family: f, gamma: gamma as number };
}

function looksOf(input: unknown, where: string, errors: string[]): LookSpec[] {
  if (!Array.isArray(input) || input.length < 2 || input.length > 20) {
    errors.push(`${where}: expected 2 to 20 looks, the last {information: 1}`);
    return [];
  }
  const looks: LookSpec[] = [];
  let lastInfo = 0;
  let lastMonth = 0;
  input.forEach((l: unknown, i: number) => {
    const at = `${where}[${i}]`;
    if (!isRecord(l) || (l.information === undefined) === (l.month === undefined)) return void errors.push(`${at}: expected {information: f} or {month: m}`);
    only(l, ['information', 'month'], at, errors);
    if (l.information !== undefined) {
      const f = l.information;
      if (!isNum(f) || !(f > 0 && f <= 1)) return void errors.push(`${at}.information: expected a fraction in (0, 1] (got ${JSON.stringify(f)})`);
      if (!(f > lastInfo)) errors.push(`${at}.information: information fractions must increase: ${f} is not after ${lastInfo}`);
      lastInfo = f;
      looks.push({ information: f });
    } else {
      const m = l.month;
      if (!isNum(m) || !(m > 0)) return void errors.push(`${at}.month: expected a calendar month > 0 (got ${JSON.stringify(m)})`);
      if (!(m > lastMonth)) errors.push(`${at}.month: look months must increase: ${m} is not after ${lastMonth}`);
      lastMonth = m;
      looks.push({ month: m });
    }
  });
  const last = input[input.length - 1] as unknown;
  if (looks.length === input.length && !(isRecord(last) && last.information === 1))
    errors.push(`${where}[${input.length - 1}]: the last look is the final analysis: information fractions must end at 1 ({information: 1})`);
  return looks;
}

/**
 * design.interim: { analysis?, looks, alpha?, sided?, efficacy: { spending, gamma?, hpBound? },
 * futility?: { betaSpending, gamma?, beta? } | { bounds } | { conditionalPower, drift? }, binding? }.
 */
export function resolveInterim(input: unknown, errors: string[]): InterimSpec | null {
  const where = 'design.interim';
  if (!isRecord(input)) {
    errors.push(`${where}: expected a mapping with looks and efficacy`);
    return null;
  }
  const before = errors.length;
  only(input, ['analysis', 'looks', 'alpha', 'sided', 'efficacy', 'futility', 'binding'], where, errors);
  const analysis = input.analysis ?? null;
  if (analysis !== null && typeof analysis !== 'string') errors.push(`${where}.analysis: expected an analysis id`);
  const looks = looksOf(input.looks, `${where}.looks`, errors);
  const sided = input.sided ?? 1;
  if (sided !== 1 && sided !== 2) errors.push(`${where}.sided: expected 1 or 2 (got ${JSON.stringify(sided)})`);
  const alpha = input.alpha ?? 0.025;
  if (!isNum(alpha) || !(alpha > 0 && alpha < (sided === 2 ? 1 : 0.5))) errors.push(`${where}.alpha: expected a type I error in (0, ${sided === 2 ? 1 : 0.5}) (got ${JSON.stringify(alpha)})`);
  const binding = input.binding ?? false;
  if (typeof binding !== 'boolean') errors.push(`${where}.binding: expected true or false`);

  let efficacy: EfficacyInput | null = null;
  const e = input.efficacy ?? { spending: 'obf' };
  if (!isRecord(e)) errors.push(`${where}.efficacy: expected {spending: obf | pocock | kd | hsd | hp}`);
  else {
    only(e, ['spending', 'gamma', 'hpBound'], `${where}.efficacy`, errors);
    if (e.spending === 'hp') {
      const b = e.hpBound ?? 3;
      if (!isNum(b) || b < 2 || b > 8) errors.push(`${where}.efficacy.hpBound: expected a z bound from 2 to 8 (got ${JSON.stringify(e.hpBound)})`);
      else efficacy = { spending: 'hp', hpBound: b };
      if (e.gamma !== undefined) errors.push(`${where}.efficacy.gamma: hp has no spending parameter`);
    } else {
      if (e.hpBound !== undefined) errors.push(`${where}.efficacy.hpBound: given only with spending: hp`);
      const s = spendingOf(e.spending, e.gamma, `${where}.efficacy.spending`, `${where}.efficacy.gamma`, errors);
      if (s !== null) efficacy = s.gamma === undefined ? { spending: s.family } : { spending: s.family, gamma: s.gamma };
    }
  }

  let futility: FutilityInput | null = null;
  const fu = input.futility;
  if (fu !== undefined && fu !== null) {
    const at = `${where}.futility`;
    if (!isRecord(fu)) errors.push(`${at}: expected {beta_spending}, {bounds} or {conditional_power}`);
    else {
      only(fu, ['betaSpending', 'gamma', 'beta', 'bounds', 'conditionalPower', 'drift'], at, errors);
      const rules = ['betaSpending', 'bounds', 'conditionalPower'].filter((k) => fu[k] !== undefined);
      if (rules.length !== 1) errors.push(`${at}: give one rule: beta_spending, bounds or conditional_power (got ${rules.length === 0 ? 'none' : rules.join(', ')})`);
      else if (rules[0] === 'betaSpending') {
        const beta = fu.beta ?? 0.2;
        if (!isNum(beta) || !(beta > 0 && beta < 0.5)) errors.push(`${at}.beta: expected 1 − power in (0, 0.5) (got ${JSON.stringify(fu.beta)})`);
        const s = spendingOf(fu.betaSpending, fu.gamma, `${at}.betaSpending`, `${at}.gamma`, errors);
        if (s !== null && isNum(beta)) futility = s.gamma === undefined ? { betaSpending: s.family, beta } : { betaSpending: s.family, gamma: s.gamma, beta };
      } else if (rules[0] === 'bounds') {
        const b = fu.bounds;
        const interims = looks.length - 1;
        if (!Array.isArray(b) || !b.every(isNum)) errors.push(`${at}.bounds: expected a z bound per interim look`);
        else if (looks.length > 0 && b.length !== interims) errors.push(`${at}.bounds: expected ${interims} bound(s), one per interim look (got ${b.length})`);
        else futility = { bounds: b as number[] };
      } else {
        const cp = fu.conditionalPower;
        const drift = fu.drift ?? 'trend';
        if (!isNum(cp) || !(cp > 0 && cp < 1)) errors.push(`${at}.conditionalPower: expected a conditional power in (0, 1) (got ${JSON.stringify(cp)})`);
        else if (drift !== 'trend' && !(isNum(drift) && Math.abs(drift) <= 20)) errors.push(`${at}.drift: expected trend or an expected z at full information from -20 to 20`);
        else futility = { conditionalPower: cp, drift: drift as number | 'trend' };
      }
      if (sided === 2 && fu.betaSpending === undefined) errors.push(`${at}: a two-sided design takes futility by beta_spending only`);
    }
  } else if (binding === true) errors.push(`${where}.binding: binding needs a futility rule`);
  if (errors.length > before || efficacy === null) return null;
  return { analysis: analysis as string | null, looks, alpha: alpha as number, sided: sided as 1 | 2, efficacy, futility, binding: binding as boolean };
}

/**
 * The methods whose two-sided test is symmetric in the estimate's sign, so
 * that the one-sided p towards benefit follows from the two-sided p and the
 * estimate's side exactly (p/2 on the benefit side, 1 − p/2 on the other):
 * the t and z tests (ANCOVA, pooled and Welch t, MMRM's t, the Wald z of the risk
 * difference, which Newcombe's interval reports) and the 1-df chi-square
 * tests without a continuity correction (Pearson, CMH; X² = z²). Not
 * Yates' chi-square or the rank-sum test (continuity-corrected: the halving
 * is an approximation), nor Fisher's test (not symmetric): a two-sided one
 * of those is refused at the looks.
 */
export const SYMMETRIC_TEST_METHODS: readonly string[] = ['ancova', 'ttest', 'welch', 'mmrm', 'responder_chisq', 'responder_cmh', 'responder_wald', 'responder_newcombe'];

/**
 * Checks against the analyses and the model: the analysis exists and is
 * one-sided, or two-sided with a symmetric test (SYMMETRIC_TEST_METHODS; its
 * one-sided p in the direction of benefit gives z), and no look by month
 * comes before anyone can have reached the endpoint's week.
 */
export function checkInterim(
  interim: InterimSpec,
  analyses: readonly { readonly id: string; readonly sidedness: string; readonly method?: string; readonly endpoint: { readonly week: number } }[],
): string[] {
  const errors: string[] = [];
  const where = 'design.interim';
  const index = interim.analysis === null ? 0 : analyses.findIndex((a) => a.id === interim.analysis);
  if (index < 0) return [`${where}.analysis: '${interim.analysis}' is not an analysis id (${analyses.map((a) => a.id).join(', ')})`];
  const a = analyses[index];
  if (a.sidedness === 'two_sided' && !SYMMETRIC_TEST_METHODS.includes(a.method ?? ''))
    errors.push(
      `${where}.analysis: a two-sided analysis at the looks needs a test symmetric in the estimate's sign (${SYMMETRIC_TEST_METHODS.join(', ')}), for the one-sided p towards benefit; '${a.id}' is two-sided ${a.method}: make it one-sided (sidedness: less or greater)`,
    );
  const earliest = a.endpoint.week / WEEKS_PER_MONTH;
  interim.looks.forEach((l, i) => {
    if ('month' in l && l.month <= earliest)
      errors.push(`${where}.looks[${i}].month: month ${l.month} is before anyone reaches week ${a.endpoint.week} (the earliest is month ${earliest.toFixed(2)})`);
  });
  return errors;
}
