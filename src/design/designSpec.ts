// The design of one simulated trial: how many patients, how they are
// screened, randomized, lost and switched. Plain serialisable data (it is
// sent to worker threads); `resolveDesignSpec` is the one place user input
// becomes a DesignSpec.
import { didYouMean } from '../text/didYouMean.js';
import { parseOutcomeDropout, type OutcomeDropout } from './outcomeDropout.js';
import { parseDiscontinuation, type DiscontinuationSpec } from './discontinuation.js';
import type { AccrualSpec } from './accrual.js';
import { resolveAccrual, resolveInterim, type InterimSpec } from './interim.js';

/** Enrol only patients whose week-0 value of `measure` lies within the bounds. */
export interface EligibilityRule {
  readonly measure: string;
  /** Lower bound, or null for none. */
  readonly min: number | null;
  /** true: value >= min; false: value > min. */
  readonly minInclusive: boolean;
  readonly max: number | null;
  readonly maxInclusive: boolean;
}

export interface Stratification {
  /** Measure whose week-0 value defines the stratum. */
  readonly measure: string;
  /** Ascending cut points c1 < c2 < ...: stratum = number of cut points the value exceeds (value <= c1 is stratum 0). */
  readonly cutpoints: readonly number[];
}

export interface DesignSpec {
  /** Patients enrolled (randomized) in total. */
  readonly sampleSize: number;
  /** Allocation ratio [control, treatment], positive integers, e.g. [1, 1] or [1, 2]. */
  readonly allocationRatio: readonly [number, number];
  /** Permuted-block size (a multiple of the ratio's sum), or null for simple (unrestricted) randomization. */
  readonly blockSize: number | null;
  /** Randomization strata (blocks are permuted within each), or null for none. */
  readonly stratification: Stratification | null;
  /** All rules must hold; screening draws patients until sampleSize are eligible. */
  readonly eligibility: readonly EligibilityRule[];
  /**
   * Probability of dropping out before the primary week (no value at it) and,
   * for those still in, of dropping out between the primary week and the end
   * of follow-up; null = the model's calibrated default.
   */
  readonly dropout: { readonly beforePrimary: number | null; readonly afterPrimary: number | null };
  /** Apply the model's confirmed-deterioration switch of control patients to treatment (ProDERM model only). */
  readonly crossover: boolean;
  /** Last visit week generated; null = the model's full schedule. Shorter horizons run faster. */
  readonly horizonWeek: number | null;
  /** Give up screening after sampleSize * screeningLimit patients (the cohort is then smaller than planned). */
  readonly screeningLimit: number;
  /**
   * Each arm gets exactly its share of sampleSize by the allocation ratio
   * (n_per_arm): the block begun when fewer patients are left than a block
   * holds is cut to them, balanced, and an arm that is full takes no more
   * (allocation.ts). Absent (not false) otherwise, so that a design without
   * it reads as before.
   */
  readonly exactArms?: true;
  /**
   * Dropout that may depend on the outcome, per arm [control, treatment]
   * (design/outcomeDropout.ts): replaces `dropout` in every arm. Absent, not
   * undefined, when not given, so that a design without it reads as before.
   */
  readonly outcomeDropout?: OutcomeDropout;
  /** Treatment discontinuation and the off-treatment regime (design/discontinuation.ts); absent when not given. */
  readonly discontinuation?: DiscontinuationSpec;
  /** Patients' entry in calendar time (accrual.ts); absent: no calendar (a single look). */
  readonly accrual?: AccrualSpec;
  /** A group-sequential design's looks and boundaries (interim.ts); absent: one look, the final analysis. */
  readonly interim?: InterimSpec;
}

/** ProDERM as run: 95 patients, 1:1 in blocks of 4 stratified by baseline CDASI-A, crossover rule on. */
export const PRODERM_DESIGN: DesignSpec = {
  sampleSize: 95,
  allocationRatio: [1, 1],
  blockSize: 4,
  stratification: { measure: 'cdasi_a', cutpoints: [6, 14] },
  eligibility: [],
  dropout: { beforePrimary: null, afterPrimary: null },
  crossover: true,
  horizonWeek: null,
  screeningLimit: 1000,
};

/** A plain parallel-group design for the parametric model: unstratified blocks of 4, no switch, no dropout default. */
export const PARAMETRIC_DESIGN: DesignSpec = {
  sampleSize: 100,
  allocationRatio: [1, 1],
  blockSize: 4,
  stratification: null,
  eligibility: [],
  dropout: { beforePrimary: null, afterPrimary: null },
  crossover: false,
  horizonWeek: null,
  screeningLimit: 1000,
};

type Result = { ok: true; design: DesignSpec } | { ok: false; errors: string[] };

const DESIGN_KEYS = [
  'sampleSize',
  'nPerArm',
  'allocationRatio',
  'blockSize',
  'stratification',
  'eligibility',
  'dropout',
  'crossover',
  'horizonWeek',
  'screeningLimit',
  'exactArms',
  'dropoutModel',
  'outcomeDropout',
  'discontinuation',
  'accrual',
  'interim',
] as const;

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function unknownKeys(obj: Record<string, unknown>, allowed: readonly string[], where: string, errors: string[]): void {
  for (const key of Object.keys(obj)) {
    if (allowed.includes(key)) continue;
    const near = didYouMean(key, allowed);
    errors.push(`${where}${key}: unknown setting${near ? ` (did you mean '${near}'?)` : ''}; known: ${allowed.join(', ')}`);
  }
}

function isPositiveInt(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x > 0;
}

/**
 * A DesignSpec from user settings layered on `base` (PRODERM_DESIGN or
 * PARAMETRIC_DESIGN). Accepts the DesignSpec fields plus `nPerArm` (a number
 * for equal arms, or [control, treatment]; it sets sampleSize and, for a pair,
 * the allocation ratio when that is not given). Unknown keys are errors.
 */
export function resolveDesignSpec(input: unknown, base: DesignSpec = PRODERM_DESIGN): Result {
  const errors: string[] = [];
  if (input === undefined || input === null) return { ok: true, design: base };
  if (!isRecord(input)) return { ok: false, errors: ['design: expected a mapping of settings'] };
  unknownKeys(input, DESIGN_KEYS, 'design.', errors);

  let allocationRatio = base.allocationRatio;
  if (input.allocationRatio !== undefined) {
    const r = input.allocationRatio;
    if (Array.isArray(r) && r.length === 2 && isPositiveInt(r[0]) && isPositiveInt(r[1])) allocationRatio = [r[0], r[1]];
    else errors.push(`design.allocationRatio: expected [control, treatment] positive integers, e.g. [1, 2] (got ${JSON.stringify(r)})`);
  }

  let sampleSize = base.sampleSize;
  if (input.sampleSize !== undefined && input.nPerArm !== undefined) {
    errors.push('design: give sampleSize or nPerArm, not both');
  } else if (input.sampleSize !== undefined) {
    if (isPositiveInt(input.sampleSize) && input.sampleSize >= 2) sampleSize = input.sampleSize;
    else errors.push(`design.sampleSize: expected an integer >= 2 (got ${JSON.stringify(input.sampleSize)})`);
  } else if (input.nPerArm !== undefined) {
    const a = input.nPerArm;
    if (isPositiveInt(a)) {
      sampleSize = 2 * a;
      if (input.allocationRatio !== undefined && (allocationRatio[0] !== allocationRatio[1]))
        errors.push('design.nPerArm: a single number means equal arms; give [control, treatment] for an unequal ratio');
    } else if (Array.isArray(a) && a.length === 2 && isPositiveInt(a[0]) && isPositiveInt(a[1])) {
      sampleSize = a[0] + a[1];
      if (input.allocationRatio === undefined) {
        const g = gcd(a[0], a[1]);
        allocationRatio = [a[0] / g, a[1] / g];
      }
    } else {
      errors.push(`design.nPerArm: expected a positive integer or [control, treatment] (got ${JSON.stringify(a)})`);
    }
  }

  let blockSize = base.blockSize;
  if (input.blockSize !== undefined) {
    if (input.blockSize === null) blockSize = null;
    else if (isPositiveInt(input.blockSize)) blockSize = input.blockSize;
    else errors.push(`design.blockSize: expected a positive integer or null for simple randomization (got ${JSON.stringify(input.blockSize)})`);
  }
  if (blockSize !== null && blockSize % (allocationRatio[0] + allocationRatio[1]) !== 0)
    errors.push(
      `design.blockSize: ${blockSize} is not a multiple of the allocation ratio's sum ${allocationRatio[0] + allocationRatio[1]}`,
    );

  let stratification = base.stratification;
  if (input.stratification !== undefined) {
    const s = input.stratification;
    if (s === null || s === false) stratification = null;
    else if (s === true) stratification = base.stratification ?? PRODERM_DESIGN.stratification;
    else if (isRecord(s)) {
      unknownKeys(s, ['measure', 'cutpoints'], 'design.stratification.', errors);
      const measure = s.measure ?? base.stratification?.measure;
      const cut = s.cutpoints;
      if (typeof measure !== 'string') errors.push('design.stratification.measure: expected a measure id, e.g. cdasi_a');
      if (!Array.isArray(cut) || cut.length === 0 || cut.length > 254 || !cut.every((c) => typeof c === 'number' && Number.isFinite(c)))
        errors.push('design.stratification.cutpoints: expected a non-empty list of numbers');
      else if (!cut.every((c, i) => i === 0 || c > cut[i - 1])) errors.push('design.stratification.cutpoints: must be strictly increasing');
      else if (typeof measure === 'string') stratification = { measure, cutpoints: cut as number[] };
    } else errors.push('design.stratification: expected {measure, cutpoints}, true (model default) or null');
  }

  let eligibility = base.eligibility;
  if (input.eligibility !== undefined) {
    const list = input.eligibility;
    if (!Array.isArray(list)) errors.push('design.eligibility: expected a list of rules {measure, min, minInclusive, max, maxInclusive}');
    else {
      const rules: EligibilityRule[] = [];
      list.forEach((r: unknown, i: number) => {
        const where = `design.eligibility[${i}].`;
        if (!isRecord(r)) {
          errors.push(`${where.slice(0, -1)}: expected {measure, min, minInclusive, max, maxInclusive}`);
          return;
        }
        unknownKeys(r, ['measure', 'min', 'minInclusive', 'max', 'maxInclusive'], where, errors);
        const bound = (k: 'min' | 'max'): number | null => {
          const v = r[k];
          if (v === undefined || v === null) return null;
          if (typeof v === 'number' && Number.isFinite(v)) return v;
          errors.push(`${where}${k}: expected a number (got ${JSON.stringify(v)})`);
          return null;
        };
        const flag = (k: 'minInclusive' | 'maxInclusive'): boolean => {
          const v = r[k];
          if (v === undefined) return true;
          if (typeof v === 'boolean') return v;
          errors.push(`${where}${k}: expected true or false`);
          return true;
        };
        if (typeof r.measure !== 'string') errors.push(`${where}measure: expected a measure id, e.g. cdasi_a`);
        const min = bound('min');
        const max = bound('max');
        if (min === null && max === null) errors.push(`${where.slice(0, -1)}: give min, max or both`);
        if (min !== null && max !== null && max < min) errors.push(`${where}max: below min`);
        rules.push({ measure: String(r.measure), min, minInclusive: flag('minInclusive'), max, maxInclusive: flag('maxInclusive') });
      });
      eligibility = rules;
    }
  }

  let dropout = base.dropout;
  if (input.dropout !== undefined) {
    const d = input.dropout;
    if (!isRecord(d)) errors.push('design.dropout: expected {beforePrimary, afterPrimary} probabilities');
    else {
      unknownKeys(d, ['beforePrimary', 'afterPrimary'], 'design.dropout.', errors);
      const prob = (k: 'beforePrimary' | 'afterPrimary'): number | null => {
        const v = d[k];
        if (v === undefined || v === null) return base.dropout[k];
        if (typeof v === 'number' && v >= 0 && v < 1) return v;
        errors.push(`design.dropout.${k}: expected a probability in [0, 1) (got ${JSON.stringify(v)})`);
        return null;
      };
      dropout = { beforePrimary: prob('beforePrimary'), afterPrimary: prob('afterPrimary') };
    }
  }

  let crossover = base.crossover;
  if (input.crossover !== undefined) {
    if (typeof input.crossover === 'boolean') crossover = input.crossover;
    else errors.push('design.crossover: expected true or false');
  }

  let horizonWeek = base.horizonWeek;
  if (input.horizonWeek !== undefined) {
    const h = input.horizonWeek;
    if (h === null || (typeof h === 'number' && Number.isFinite(h) && h > 0)) horizonWeek = h;
    else errors.push(`design.horizonWeek: expected a positive week or null (got ${JSON.stringify(h)})`);
  }

  let screeningLimit = base.screeningLimit;
  if (input.screeningLimit !== undefined) {
    if (typeof input.screeningLimit === 'number' && input.screeningLimit >= 1) screeningLimit = input.screeningLimit;
    else errors.push('design.screeningLimit: expected a number >= 1');
  }

  let exactArms = input.nPerArm !== undefined;
  if (input.exactArms !== undefined) {
    if (typeof input.exactArms === 'boolean') exactArms ||= input.exactArms;
    else errors.push('design.exactArms: expected true or false');
  }
  if (exactArms) {
    const [c, t] = allocationRatio;
    if ((sampleSize * t) % (c + t) !== 0) errors.push(`design.exactArms: ${sampleSize} patients cannot be split exactly ${c}:${t}`);
    const a = input.nPerArm;
    if (Array.isArray(a) && input.allocationRatio !== undefined && a[0] * allocationRatio[1] !== a[1] * allocationRatio[0])
      errors.push(`design.nPerArm: ${a[0]} and ${a[1]} patients are not in the allocation ratio ${allocationRatio[0]}:${allocationRatio[1]}`);
  }

  let outcomeDropout: OutcomeDropout | null = base.outcomeDropout ?? null;
  if (input.dropoutModel !== undefined && input.dropoutModel !== null) outcomeDropout = parseOutcomeDropout(input.dropoutModel, 'design.dropoutModel', errors);
  // A resolved design (a kernel spec) carries it under its own name.
  else if (input.outcomeDropout !== undefined && input.outcomeDropout !== null) outcomeDropout = parseOutcomeDropout(input.outcomeDropout, 'design.outcomeDropout', errors);

  let discontinuation: DiscontinuationSpec | null = base.discontinuation ?? null;
  if (input.discontinuation !== undefined && input.discontinuation !== null) discontinuation = parseDiscontinuation(input.discontinuation, 'design.discontinuation', errors);
  const accrual = input.accrual === undefined ? base.accrual : resolveAccrual(input.accrual, errors);
  const interim = input.interim === undefined ? base.interim : resolveInterim(input.interim, errors);
  if (interim != null && accrual == null) errors.push('design.interim: the looks need design.accrual (when patients enter, in calendar months)');

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    design: {
      sampleSize,
      allocationRatio,
      blockSize,
      stratification,
      eligibility,
      dropout,
      crossover,
      horizonWeek,
      screeningLimit,
      ...(exactArms ? { exactArms: true as const } : {}),
      ...(outcomeDropout !== null ? { outcomeDropout } : {}),
      ...(discontinuation !== null ? { discontinuation } : {}),
      ...(accrual != null ? { accrual } : {}),
      ...(interim != null ? { interim } : {}),
    },
  };
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
