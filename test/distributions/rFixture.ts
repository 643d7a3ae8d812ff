// The distribution tests' shared reading of test/fixtures/distributions.json
// (written by test/fixtures/r/distributions.R) and their two tolerances.
import { loadFixture } from '../support/fixtures.js';

/** A fixture cell: a number, R's non-finite values as strings, or a lower.tail flag. */
export type Cell = number | string | boolean;

export const fx = loadFixture<Record<string, Cell[][]>>('distributions.json');

export const num = (v: Cell): number => (typeof v === 'number' ? v : v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : NaN);

/**
 * p-values and densities: 1e-10 relative wherever R's value is >= 1e-300 (the
 * requirement); below that R returns denormals or 0 and we only require < 1e-290.
 */
export function pvalueMismatch(got: number, want: number): boolean {
  if (Number.isNaN(want)) return !Number.isNaN(got);
  if (want >= 1e-300) return !(Math.abs(got - want) <= 1e-10 * want);
  return !(got >= 0 && got < 1e-290);
}

/** Quantiles: 1e-9 relative, plus `absFloor` where a test says why it needs one. */
export function quantileMismatch(got: number, want: number, absFloor = 0): boolean {
  if (Number.isNaN(want)) return !Number.isNaN(got);
  if (!Number.isFinite(want)) return got !== want;
  return !(Math.abs(got - want) <= 1e-9 * Math.abs(want) + absFloor);
}
