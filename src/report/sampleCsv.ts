// Simulated cohorts as wide CSV (`trialsim sample`) and back (`trialsim
// analyze --data`): one row per patient,
//
//   trial, patient, arm, stratum, crossover_week, dropout_week, deterioration_week, stop_week, <measure>_w<week>, ...
//
// arm as its label (placebo/ivig, or control/treatment for the parametric
// model), weeks and values as numbers, missing values empty. Values are
// written in JavaScript's shortest round-trip form, so parsing gives back the
// same numbers. docs/model.md documents the columns. stop_week (treatment
// discontinuation) is optional when parsing: without it the cohort has no
// stopWeek, and `analyze` refuses an estimand that needs it.
import type { Cohort } from '../model/cohort.js';

const FIXED = ['trial', 'patient', 'arm', 'stratum', 'crossover_week', 'dropout_week', 'deterioration_week', 'stop_week'] as const;
const REQUIRED = ['trial', 'patient', 'arm', 'stratum', 'crossover_week', 'dropout_week'] as const;
const ARM_LABELS: readonly (readonly [string, string])[] = [
  ['placebo', 'ivig'],
  ['control', 'treatment'],
];
const MEASURE_COLUMN = /^([a-z][a-z0-9_]*)_w(\d+(?:\.\d+)?)$/;

const num = (v: number): string => (v === v ? String(v) : '');

/** The header and one line per patient of every cohort; trials are numbered from `firstTrial`. */
export function sampleCsv(cohorts: readonly Cohort[], firstTrial = 1): string {
  if (cohorts.length === 0) return FIXED.join(',') + '\n';
  const ids = Object.keys(cohorts[0].measures);
  const visits = cohorts[0].visits;
  const header = [...FIXED, ...ids.flatMap((id) => visits.map((w) => `${id}_w${w}`))];
  const lines: string[] = [header.join(',')];
  cohorts.forEach((c, t) => {
    const V = c.visits.length;
    const cells: string[] = [];
    for (let i = 0; i < c.n; i++) {
      cells.length = 0;
      cells.push(String(firstTrial + t), String(i + 1), c.armLabels[c.arm[i]], String(c.stratum[i]), num(c.crossoverWeek[i]), num(c.dropoutWeek[i]), num(c.deteriorationWeek[i]), c.stopWeek === undefined ? '' : num(c.stopWeek[i]));
      for (const id of ids) {
        const x = c.measures[id];
        for (let k = 0; k < V; k++) cells.push(num(x[i * V + k]));
      }
      lines.push(cells.join(','));
    }
  });
  return lines.join('\n') + '\n';
}

/** `columns`: the header's column names, as written (a column an analysis needs may be absent while its measure and week are not). */
export type ParseResult = { ok: true; cohorts: Cohort[]; trials: number[]; columns: string[] } | { ok: false; errors: string[] };

const MAX_ERRORS = 50;

/**
 * Parse sampleCsv text back into cohorts (one per trial number, in order of
 * first appearance). Errors carry 1-based line numbers and column names.
 */
export function parseSampleCsv(text: string): ParseResult {
  const errors: string[] = [];
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop();
  if (lines.length === 0) return { ok: false, errors: ['line 1: empty file; expected a header line'] };
  const unquote = (s: string): string => {
    const t = s.trim();
    return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
  };
  const header = lines[0].split(',').map(unquote);
  const col = new Map<string, number>();
  header.forEach((h, j) => {
    if (col.has(h)) errors.push(`line 1: column '${h}' appears twice`);
    col.set(h, j);
  });
  for (const r of REQUIRED) if (!col.has(r)) errors.push(`line 1: missing column '${r}'`);
  // measure columns -> (id, week)
  const measureCols: { id: string; week: number; j: number }[] = [];
  header.forEach((h, j) => {
    if ((FIXED as readonly string[]).includes(h)) return;
    const m = MEASURE_COLUMN.exec(h);
    if (m === null) errors.push(`line 1: column '${h}' is neither a fixed column nor <measure>_w<week>`);
    else measureCols.push({ id: m[1], week: Number(m[2]), j });
  });
  if (measureCols.length === 0) errors.push('line 1: no <measure>_w<week> columns');
  if (errors.length > 0) return { ok: false, errors };

  const visits = [...new Set(measureCols.map((c) => c.week))].sort((a, b) => a - b);
  if (visits[0] !== 0) return { ok: false, errors: ['line 1: the measures need week-0 (baseline) columns, e.g. cdasi_a_w0'] };
  const ids = [...new Set(measureCols.map((c) => c.id))];
  const V = visits.length;

  interface Row {
    trial: number;
    arm: number;
    stratum: number;
    crossover: number;
    dropout: number;
    deterioration: number;
    stop: number;
    values: Float64Array; // ids.length x V
  }
  const rows: Row[] = [];
  let labels: readonly [string, string] | null = null;
  const fail = (line: number, column: string, msg: string): void => {
    if (errors.length < MAX_ERRORS) errors.push(`line ${line}, column ${column}: ${msg}`);
  };
  for (let li = 1; li < lines.length; li++) {
    const line = li + 1;
    if (lines[li].trim() === '') {
      fail(line, '-', 'empty line');
      continue;
    }
    const f = lines[li].split(',').map(unquote);
    if (f.length !== header.length) {
      fail(line, '-', `expected ${header.length} fields, found ${f.length}`);
      continue;
    }
    const get = (name: string): string => f[col.get(name)!];
    const integer = (name: string, min: number, max: number): number => {
      const s = get(name);
      const v = Number(s);
      if (s === '' || !Number.isInteger(v) || v < min || v > max) {
        fail(line, name, `expected an integer in [${min}, ${max}] (got '${s}')`);
        return NaN;
      }
      return v;
    };
    const optional = (name: string): number => {
      if (!col.has(name)) return NaN;
      const s = get(name);
      if (s === '') return NaN;
      const v = Number(s);
      if (!Number.isFinite(v)) {
        fail(line, name, `expected a number or empty (got '${s}')`);
        return NaN;
      }
      return v;
    };
    const trial = integer('trial', 0, Number.MAX_SAFE_INTEGER);
    integer('patient', 1, Number.MAX_SAFE_INTEGER);
    const armText = get('arm');
    let arm = NaN;
    const set = ARM_LABELS.find((l) => l.includes(armText));
    if (set === undefined) fail(line, 'arm', `expected placebo/ivig or control/treatment (got '${armText}')`);
    else if (labels !== null && labels !== set) fail(line, 'arm', `'${armText}' mixes ${set.join('/')} with ${labels.join('/')} labels`);
    else {
      labels = set;
      arm = set.indexOf(armText);
    }
    const stratum = integer('stratum', 0, 255);
    const values = new Float64Array(ids.length * V).fill(NaN);
    for (const c of measureCols) {
      const s = f[c.j];
      if (s === '') continue;
      const v = Number(s);
      if (!Number.isFinite(v)) fail(line, header[c.j], `expected a number or empty (got '${s}')`);
      else values[ids.indexOf(c.id) * V + visits.indexOf(c.week)] = v;
    }
    rows.push({ trial, arm, stratum, crossover: optional('crossover_week'), dropout: optional('dropout_week'), deterioration: optional('deterioration_week'), stop: optional('stop_week'), values });
  }
  if (errors.length > 0) return { ok: false, errors };
  if (rows.length === 0) return { ok: false, errors: ['line 2: no patients'] };

  const trials: number[] = [];
  const byTrial = new Map<number, Row[]>();
  for (const r of rows) {
    let list = byTrial.get(r.trial);
    if (list === undefined) {
      list = [];
      byTrial.set(r.trial, list);
      trials.push(r.trial);
    }
    list.push(r);
  }
  const armLabels = labels ?? ARM_LABELS[0];
  const cohorts = trials.map((t): Cohort => {
    const list = byTrial.get(t)!;
    const n = list.length;
    const measures: Record<string, Float64Array> = {};
    ids.forEach((id, m) => {
      const x = new Float64Array(n * V);
      list.forEach((r, i) => x.set(r.values.subarray(m * V, (m + 1) * V), i * V));
      measures[id] = x;
    });
    return {
      n,
      visits,
      arm: Uint8Array.from(list, (r) => r.arm),
      armLabels,
      stratum: Uint8Array.from(list, (r) => r.stratum),
      crossoverWeek: Float64Array.from(list, (r) => r.crossover),
      deteriorationWeek: Float64Array.from(list, (r) => r.deterioration),
      dropoutWeek: Float64Array.from(list, (r) => r.dropout),
      ...(col.has('stop_week') ? { stopWeek: Float64Array.from(list, (r) => r.stop) } : {}),
      measures,
      screened: n,
    };
  });
  return { ok: true, cohorts, trials, columns: header };
}
