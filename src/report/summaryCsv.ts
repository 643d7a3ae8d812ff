// summary.json in tidy long form (summary.csv), for R (read.csv) or pandas:
// one row per design x analysis [x stratum] x metric, columns
//
//   design, <each swept key>, analysis, stratum, metric, alpha, estimate, mcse, n
//
// `metric` is the field's path in summary.json below the design, analysis or
// stratum ("power", "estimation.bias", "familywise.fwer", "not_estimable.null.count").
// A Metric gives estimate, mcse and n; a truth gives its value and its own SE
// in estimate and mcse; a count gives estimate alone; a rate at one alpha of
// the grid fills `alpha`. A field that is null in summary.json (no null run,
// no truth) has no row; an empty cell is a null inside a Metric. Numbers are
// printed as in summary.json (shortest round-trip form), so they read back equal.
//
// After the design rows, the sample size read off each power curve
// (summary.json's sample_size): design empty, `metric` sample_size.n,
// sample_size.lower or sample_size.upper, `alpha` holding the target power
// (the column's one other use of a level), the other swept keys filled; and
// likewise sample_size_assurance.n / .lower / .upper at target_assurance.
import { labelValue } from '../scenario/sweep.js';
import type { Summary, SummaryDesign } from './summarySchema.js';

export const SUMMARY_CSV_FILE = 'summary.csv';

export interface CsvRow {
  analysis: string;
  stratum: string;
  metric: string;
  alpha: number | null;
  estimate: number | null;
  mcse: number | null;
  n: number | null;
}

type Plain = Record<string, unknown>;

const isRecord = (x: unknown): x is Plain => typeof x === 'object' && x !== null && !Array.isArray(x);
const hasKeys = (x: Plain, keys: readonly string[]): boolean => {
  const own = Object.keys(x);
  return own.length === keys.length && keys.every((k) => Object.hasOwn(x, k));
};
const num = (x: unknown): number | null => (typeof x === 'number' ? x : null);

/** Keys that become columns (or are labels), not rows. */
const LABELS = new Set(['id', 'index', 'swept', 'label', 'analyses', 'strata']);

/** Rows of one object's fields, paths relative to it. */
function rowsOf(x: Plain, path: string, where: { analysis: string; stratum: string }, out: CsvRow[]): void {
  for (const [key, v] of Object.entries(x)) {
    const p = path === '' ? key : `${path}.${key}`;
    if (path === '' && LABELS.has(key)) continue;
    if (typeof v === 'number') {
      out.push({ ...where, metric: p, alpha: null, estimate: v, mcse: null, n: null });
    } else if (Array.isArray(v)) {
      for (const item of v) {
        if (isRecord(item) && hasKeys(item, ['alpha', 'estimate', 'mcse', 'n'])) {
          out.push({ ...where, metric: p, alpha: num(item.alpha), estimate: num(item.estimate), mcse: num(item.mcse), n: num(item.n) });
        }
      }
    } else if (isRecord(v)) {
      if (hasKeys(v, ['estimate', 'mcse', 'n'])) out.push({ ...where, metric: p, alpha: null, estimate: num(v.estimate), mcse: num(v.mcse), n: num(v.n) });
      else if (hasKeys(v, ['value', 'se', 'source'])) out.push({ ...where, metric: p, alpha: null, estimate: num(v.value), mcse: num(v.se), n: null });
      else rowsOf(v, p, where, out);
    }
    // strings (stopped_by), lists of ids and nulls have no row
  }
}

/** Every row of one design point, in summary.json's order. */
export function designRows(d: SummaryDesign): CsvRow[] {
  const out: CsvRow[] = [];
  rowsOf(d, '', { analysis: '', stratum: '' }, out);
  for (const a of d.analyses) {
    rowsOf(a, '', { analysis: a.id, stratum: '' }, out);
    for (const s of a.strata) rowsOf(s, '', { analysis: a.id, stratum: s.label }, out);
  }
  // The power conditional on θ: one group of rows per prior bin, `stratum` naming the bin ("theta [-8.8, -7.5)").
  const u = d.assurance;
  if (u !== undefined) {
    for (const b of u.conditional_power) {
      const where = { analysis: u.analysis, stratum: `theta [${b.lower ?? '-inf'}, ${b.upper ?? 'inf'})` };
      const m = (metric: string, x: { estimate: number | null; mcse: number | null; n: number }): CsvRow => ({ ...where, metric, alpha: null, estimate: x.estimate, mcse: x.mcse, n: x.n });
      out.push(m('assurance.conditional_power.power', b.power), m('assurance.conditional_power.theta_mean', b.theta_mean));
      out.push({ ...where, metric: 'assurance.conditional_power.prior_share', alpha: null, estimate: b.prior_share, mcse: null, n: b.trials });
      if (b.success_share !== null) out.push({ ...where, metric: 'assurance.conditional_power.success_share', alpha: null, estimate: b.success_share, mcse: null, n: null });
    }
  }
  return out;
}

/** RFC 4180: quote a cell holding a comma, quote or line break. */
export function csvCell(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const cell = (x: number | null): string => (x === null ? '' : String(x));

const FIXED_COLUMNS = ['design', 'analysis', 'stratum', 'metric', 'alpha', 'estimate', 'mcse', 'n'];

/** A swept key's column: the key as written, unless it is one of the fixed columns (a sweep of all of `design`). */
export function sweepColumn(key: string): string {
  return FIXED_COLUMNS.includes(key) ? `sweep.${key}` : key;
}

export function summaryCsv(summary: Summary): string {
  const keys = summary.sweep.map((a) => a.key);
  const header = ['design', ...keys.map(sweepColumn), 'analysis', 'stratum', 'metric', 'alpha', 'estimate', 'mcse', 'n'];
  const lines = [header.map(csvCell).join(',')];
  for (const d of summary.designs) {
    const fixed = [d.id, ...keys.map((k) => (Object.hasOwn(d.swept, k) ? labelValue(d.swept[k]) : ''))];
    for (const r of designRows(d)) {
      lines.push([...fixed, r.analysis, r.stratum, r.metric, cell(r.alpha), cell(r.estimate), cell(r.mcse), cell(r.n)].map(csvCell).join(','));
    }
  }
  // The sample size read off each power curve: design empty, the size's own column empty, the other swept values filled.
  for (const r of summary.sample_size) {
    const fixed = ['', ...keys.map((k) => (Object.hasOwn(r.at, k) ? labelValue(r.at[k]) : ''))];
    const row = (metric: string, x: number | null): string => [...fixed, r.analysis, '', metric, cell(r.target), cell(x), '', ''].map(csvCell).join(',');
    lines.push(row('sample_size.n', r.n), row('sample_size.lower', r.interval[0]), row('sample_size.upper', r.interval[1]));
  }
  // The same at target_assurance, read off the assurance curve (`alpha` holding the target assurance).
  for (const r of summary.sample_size_assurance ?? []) {
    const fixed = ['', ...keys.map((k) => (Object.hasOwn(r.at, k) ? labelValue(r.at[k]) : ''))];
    const row = (metric: string, x: number | null): string => [...fixed, r.analysis, '', metric, cell(r.target), cell(x), '', ''].map(csvCell).join(',');
    lines.push(row('sample_size_assurance.n', r.n), row('sample_size_assurance.lower', r.interval[0]), row('sample_size_assurance.upper', r.interval[1]));
  }
  return lines.join('\n') + '\n';
}
