// Accrual in calendar time, and when the looks of a group-sequential design
// happen.
//
// Patients enter as a Poisson process whose rate (patients per month) is
// piecewise constant, optionally ramped up linearly from 0 over the first
// `rampUpMonths`. With the cumulative intensity Λ(τ) = ∫₀^τ λ, patient i
// (from 0) enters at Λ⁻¹(E_1 + … + E_{i+1}) with E_j ~ Exp(1) independent:
// one uniform per patient, from the patient's accrual stream. A month is
// 365.25 / 12 days, 30.4375 / 7 weeks; a patient's visit at week w falls at
// calendar month entry + w / WEEKS_PER_MONTH.
//
// A look happens when a share f of the N patients have reached the primary
// visit (information fraction; the ⌈f N⌉-th earliest primary-visit date), or
// at a fixed calendar month.

export const WEEKS_PER_MONTH = 365.25 / 12 / 7;

export interface AccrualPeriod {
  /** Calendar month the period starts (the first starts at 0). */
  readonly fromMonth: number;
  /** Patients per month from then on (> 0 for the last period). */
  readonly perMonth: number;
}

export interface AccrualSpec {
  readonly periods: readonly AccrualPeriod[];
  /** Months over which the rate rises linearly from 0 to the periods' rate (0: none). */
  readonly rampUpMonths: number;
}

/** Λ and Λ⁻¹ of an accrual spec, compiled once. */
export interface Accrual {
  /** Expected number entered by month τ. */
  cumulative(month: number): number;
  /** The month by which `expected` patients are expected to have entered: Λ⁻¹. */
  monthOf(expected: number): number;
}

/** The rate of the period that month τ falls in (before any ramp-up). */
function periodRate(spec: AccrualSpec, month: number): number {
  let r = 0;
  for (const p of spec.periods) if (month >= p.fromMonth) r = p.perMonth;
  return r;
}

/**
 * Compile Λ on the knots where λ changes form (period starts and the ramp's
 * end). Between knots λ(k + x) = λ0 + slope·x, so Λ(k + x) = Λ(k) + λ0 x +
 * slope x² / 2, and Λ⁻¹ is the positive root of that quadratic: exact.
 */
export function compileAccrual(spec: AccrualSpec): Accrual {
  const ramp = spec.rampUpMonths;
  const knots = [...new Set([0, ramp, ...spec.periods.map((p) => p.fromMonth)])].sort((a, b) => a - b);
  const lambda0: number[] = [];
  const slope: number[] = [];
  const base: number[] = [];
  let total = 0;
  for (let i = 0; i < knots.length; i++) {
    const k = knots[i];
    const r = periodRate(spec, k);
    const ramping = ramp > 0 && k < ramp;
    lambda0.push(ramping ? (r * k) / ramp : r);
    slope.push(ramping ? r / ramp : 0);
    base.push(total);
    if (i + 1 < knots.length) {
      const x = knots[i + 1] - k;
      total += lambda0[i] * x + (slope[i] * x * x) / 2;
    }
  }
  const segment = (month: number): number => {
    let i = knots.length - 1;
    while (knots[i] > month) i--;
    return i;
  };
  return {
    cumulative(month) {
      if (month <= 0) return 0;
      const i = segment(month);
      const x = month - knots[i];
      return base[i] + lambda0[i] * x + (slope[i] * x * x) / 2;
    },
    monthOf(expected) {
      if (expected <= 0) return 0;
      let i = knots.length - 1;
      while (base[i] > expected) i--;
      const area = expected - base[i];
      // λ0 x + slope x² / 2 = area: the positive root, written so that it does not cancel
      const x = slope[i] === 0 ? area / lambda0[i] : (2 * area) / (lambda0[i] + Math.sqrt(lambda0[i] * lambda0[i] + 2 * slope[i] * area));
      return knots[i] + x;
    },
  };
}

/**
 * Entry months of n patients from their uniforms (u[i] in (0, 1), patient
 * i's own): arrival i is at Λ⁻¹ of the running sum of −log(1 − u).
 */
export function entryMonths(accrual: Accrual, u: ArrayLike<number>, n: number, out: Float64Array): Float64Array {
  let s = 0;
  for (let i = 0; i < n; i++) {
    s -= Math.log1p(-u[i]);
    out[i] = accrual.monthOf(s);
  }
  return out;
}

/**
 * The calendar month of each look: at a share f of patients past the primary
 * visit (the ⌈f n⌉-th earliest of entry + primaryWeek), or at a fixed month.
 */
export function lookMonths(
  entry: Float64Array,
  n: number,
  primaryWeek: number,
  looks: readonly ({ readonly information: number } | { readonly month: number })[],
  scratch: Float64Array,
): number[] {
  for (let i = 0; i < n; i++) scratch[i] = entry[i] + primaryWeek / WEEKS_PER_MONTH;
  const sorted = scratch.subarray(0, n).sort();
  return looks.map((l) => ('month' in l ? l.month : sorted[Math.max(0, Math.ceil(l.information * n - 1e-9) - 1)]));
}
