// `trialsim boundaries`: a group-sequential design's boundaries without a
// scenario, like rpact's getDesignGroupSequential. Options are checked here
// (each failure a UsageError naming the option); the computation is
// src/stats/groupSequential/.
import { UsageError } from './errors.js';
import { MSG } from './messages.js';
import { groupSequentialBoundaries, type Boundaries, type EfficacyRule, type FutilityRule, type GroupSequentialDesign } from '../stats/groupSequential/boundaries.js';
import { SPENDING_FAMILIES, spendingNeedsGamma, type Spending, type SpendingFamily } from '../stats/groupSequential/spending.js';

export interface BoundariesOptions {
  /** Information fractions, increasing, ending at 1 ("0.5,1" or numbers). */
  information?: string | readonly number[];
  /** Or K equally spaced looks. */
  looks?: string | number;
  alpha?: string | number;
  sided?: string | number;
  /** obf | pocock | kd | hsd | hp */
  spending?: string;
  gamma?: string | number;
  /** Haybittle–Peto interim bound (default 3). */
  hpBound?: string | number;
  futilityBounds?: string | readonly number[];
  betaSpending?: string;
  betaGamma?: string | number;
  beta?: string | number;
  futilityCp?: string | number;
  /** A drift (expected z at full information) or "trend". */
  cpDrift?: string | number;
  binding?: boolean;
}

export interface BoundariesResult extends Boundaries {
  readonly design: GroupSequentialDesign;
}

const EFFICACY_FAMILIES = [...SPENDING_FAMILIES, 'hp'] as const;

function num(name: string, v: string | number | undefined, ok: (x: number) => boolean, rule: string, dflt?: number): number {
  if (v === undefined) {
    if (dflt === undefined) throw new UsageError(MSG.boundsBadNumber(name, rule, v));
    return dflt;
  }
  const x = typeof v === 'number' ? v : v.trim() === '' ? NaN : Number(v);
  if (!Number.isFinite(x) || !ok(x)) throw new UsageError(MSG.boundsBadNumber(name, rule, v));
  return x;
}

function numbers(name: string, v: string | readonly number[]): number[] {
  if (typeof v !== 'string') return [...v];
  const parts = v.split(',').map((p) => p.trim());
  const xs = parts.map((p) => (p === '' ? NaN : Number(p)));
  if (xs.some((x) => !Number.isFinite(x))) throw new UsageError(MSG.boundsNotList(name, v));
  return xs;
}

function informationOf(o: BoundariesOptions): number[] {
  if (o.information !== undefined && o.looks !== undefined) throw new UsageError(MSG.boundsLooksAndInformation);
  if (o.information === undefined) {
    const K = num('looks', o.looks ?? 1, (x) => Number.isInteger(x) && x >= 1 && x <= 20, 'a whole number from 1 to 20');
    return Array.from({ length: K }, (_, k) => (k + 1) / K);
  }
  const t = numbers('information', o.information);
  const shown = typeof o.information === 'string' ? o.information : o.information.join(',');
  if (t.length > 20) throw new UsageError(MSG.boundsInformation('has at most 20 looks', shown));
  if (t.some((x) => !(x > 0 && x <= 1))) throw new UsageError(MSG.boundsInformation('fractions must be in (0, 1]', shown));
  for (let k = 1; k < t.length; k++) {
    if (!(t[k] > t[k - 1])) throw new UsageError(MSG.boundsInformation(`must increase: look ${k + 1} (${t[k]}) is not after look ${k} (${t[k - 1]})`, shown));
  }
  // 1 up to the rounding of a typed third (0.3333333333,0.6666666667,1 ends at 1 exactly anyway)
  if (t[t.length - 1] !== 1) throw new UsageError(MSG.boundsInformation('must end at 1, the final analysis', shown));
  return t;
}

function spendingOf(optName: string, family: string, gamma: string | number | undefined, gammaName: string): Spending {
  if (!(SPENDING_FAMILIES as readonly string[]).includes(family)) throw new UsageError(MSG.boundsSpendingFamily(optName, family, SPENDING_FAMILIES));
  const f = family as SpendingFamily;
  if (!spendingNeedsGamma(f)) {
    if (gamma !== undefined) throw new UsageError(MSG.boundsGammaUnused(gammaName, f));
    return { family: f };
  }
  if (gamma === undefined) throw new UsageError(MSG.boundsNeedsGamma(optName, f));
  const g = f === 'kd' ? num(gammaName, gamma, (x) => x > 0, 'a number > 0 for kd') : num(gammaName, gamma, (x) => Math.abs(x) <= 50, 'a number from -50 to 50 for hsd');
  return { family: f, gamma: g };
}

/** The design the options describe, checked. */
export function boundariesDesign(o: BoundariesOptions): GroupSequentialDesign {
  const information = informationOf(o);
  const sided = num('sided', o.sided, (x) => x === 1 || x === 2, '1 or 2', 1) as 1 | 2;
  const alpha = num('alpha', o.alpha, (x) => x > 0 && x < (sided === 1 ? 0.5 : 1), sided === 1 ? 'between 0 and 0.5 for a one-sided design' : 'between 0 and 1', 0.025);
  const family = o.spending ?? 'obf';
  if (!(EFFICACY_FAMILIES as readonly string[]).includes(family)) throw new UsageError(MSG.boundsSpendingFamily('spending', family, EFFICACY_FAMILIES));
  let efficacy: EfficacyRule;
  if (family === 'hp') {
    if (o.gamma !== undefined) throw new UsageError(MSG.boundsGammaUnused('gamma', 'hp'));
    efficacy = { kind: 'haybittle-peto', bound: num('hp-bound', o.hpBound, (x) => x >= 2 && x <= 8, 'a z bound from 2 to 8', 3) };
  } else {
    if (o.hpBound !== undefined) throw new UsageError(MSG.boundsBadNumber('hp-bound', 'given only with --spending hp', o.hpBound));
    efficacy = { kind: 'spending', spending: spendingOf('spending', family, o.gamma, 'gamma') };
  }
  const given = [
    o.futilityBounds !== undefined ? 'futility-bounds' : null,
    o.betaSpending !== undefined ? 'beta-spending' : null,
    o.futilityCp !== undefined ? 'futility-cp' : null,
  ].filter((g): g is string => g !== null);
  if (given.length > 1) throw new UsageError(MSG.boundsOneFutility(given));
  if (given.length === 0) {
    if (o.binding === true) throw new UsageError(MSG.boundsBindingWithoutFutility);
    for (const [name, v] of [['beta', o.beta], ['beta-gamma', o.betaGamma], ['cp-drift', o.cpDrift]] as const) {
      if (v !== undefined) throw new UsageError(MSG.boundsBadNumber(name, 'given only with its futility rule', v));
    }
    return { information, alpha, sided, efficacy };
  }
  if (sided === 2 && o.betaSpending === undefined) throw new UsageError(MSG.boundsTwoSidedFutility);
  if (sided === 2 && family === 'hp') throw new UsageError(MSG.boundsTwoSidedFutility);
  let futility: FutilityRule;
  if (o.futilityBounds !== undefined) {
    const bounds = numbers('futility-bounds', o.futilityBounds);
    if (bounds.length !== information.length - 1) throw new UsageError(MSG.boundsFutilityCount(information.length - 1, bounds.length));
    futility = { kind: 'fixed', bounds };
  } else if (o.betaSpending !== undefined) {
    const beta = num('beta', o.beta, (x) => x > 0 && x < 0.5, 'between 0 and 0.5 (1 − power)', 0.2);
    futility = { kind: 'spending', spending: spendingOf('beta-spending', o.betaSpending, o.betaGamma, 'beta-gamma'), beta };
  } else {
    const threshold = num('futility-cp', o.futilityCp, (x) => x > 0 && x < 1, 'a conditional power between 0 and 1');
    const drift = o.cpDrift === undefined || o.cpDrift === 'trend' ? 'trend' : num('cp-drift', o.cpDrift, (x) => Math.abs(x) <= 20, 'trend or a drift (the expected z at full information) from -20 to 20');
    futility = { kind: 'conditional-power', threshold, drift };
  }
  return { information, alpha, sided, efficacy, futility, binding: o.binding === true };
}

/** The boundaries of the design the options describe. */
export function boundaries(o: BoundariesOptions): BoundariesResult {
  const design = boundariesDesign(o);
  const b = groupSequentialBoundaries(design);
  if (b.futility !== null) {
    for (let k = 0; k < b.futility.length; k++) {
      const f = b.futility[k];
      if (f !== null && f >= b.efficacy[k]) throw new UsageError(MSG.boundsFutilityAboveEfficacy(k + 1, f, b.efficacy[k]));
    }
  }
  return { design, ...b };
}
