// How reports print numbers. A Monte Carlo estimate is shown to the precision
// its MCSE supports: the MCSE to two significant digits and the estimate to
// the same decimal place ("0.812 ± 0.0087" would claim too much; "0.8123 ±
// 0.0087" is what the run knows). Formatting only: every number comes from
// summary.json as it is.
import type { SummaryMetric } from './summarySchema.js';

/** Shown where a measure has no value (no replicate supports it, or no null run). */
export const MISSING = '—';

const MAX_DECIMALS = 8;

/** Decimal places that show `mcse` to two significant digits. */
export function decimalsFor(mcse: number): number {
  if (!(mcse > 0) || !Number.isFinite(mcse)) return 3;
  return Math.max(0, Math.min(MAX_DECIMALS, 1 - Math.floor(Math.log10(mcse))));
}

/** Fixed decimals, a true minus sign, and no "−0". */
export function formatFixed(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  if (/^-0(\.0*)?$/.test(s)) return s.slice(1);
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** Significant digits, for a number without an MCSE (a truth, a setting). */
export function formatSignificant(x: number, digits = 4): string {
  if (x === 0) return '0';
  const s = Number(x.toPrecision(digits)).toString();
  return s.startsWith('-') ? `−${s.slice(1)}` : s;
}

/** "0.8123 ± 0.0087"; the estimate alone (4 significant digits) when there is no MCSE; MISSING when there is no estimate. */
export function formatMetric(m: SummaryMetric | null | undefined): string {
  if (m === null || m === undefined || m.estimate === null) return MISSING;
  if (m.mcse === null) return formatSignificant(m.estimate);
  const d = decimalsFor(m.mcse);
  return `${formatFixed(m.estimate, d)} ± ${formatFixed(m.mcse, d)}`;
}

/**
 * A rejection rate (power, type I error): formatMetric, except that a rate of
 * 1 (every replicate rejected, MCSE 0) reads "> 0.999" rather than a claim of
 * certainty "1.000 ± 0.000".
 */
export function formatRate(m: SummaryMetric | null | undefined): string {
  if (m !== null && m !== undefined && m.estimate === 1) return '> 0.999';
  return formatMetric(m);
}

/** The estimate alone, to the precision of its MCSE. */
export function formatEstimate(m: SummaryMetric | null | undefined): string {
  if (m === null || m === undefined || m.estimate === null) return MISSING;
  return m.mcse === null ? formatSignificant(m.estimate) : formatFixed(m.estimate, decimalsFor(m.mcse));
}

/** 12,345 */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}
