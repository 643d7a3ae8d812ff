// The blocks of a run's summary.json that the app has no view of its own for
// (the planning figures, familywise power, a sample size read off the sweep,
// and whatever later versions add: group_sequential, assurance, …), as plain
// tables, so that nothing a newer summary carries is dropped. Pure: a parsed
// summary in, tables out (GET /api/runs/<name>/blocks; the app draws them).

/** One table: a block of the run (a row per item), or a block of each design point (a row per design). */
export interface SummaryTable {
  readonly name: string;
  readonly scope: 'run' | 'design';
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

/** Keys the app shows in its own way (settings, plots, progress) or that identify the run. */
const KNOWN_RUN_KEYS = new Set(['format', 'trialsim_version', 'scenario_name', 'scenario_hash', 'seed', 'replicates', 'target_power', 'target_mcse', 'alpha_grid', 'run', 'sweep', 'scenario', 'designs', 'warnings']);
const KNOWN_DESIGN_KEYS = new Set(['id', 'index', 'swept', 'replicates', 'failures', 'analyses', 'stated_effects']);

/** At most this many columns a table (the rest are left out, and the last column says how many). */
export const MAX_COLUMNS = 40;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** An estimate with its Monte Carlo standard error ({estimate, mcse, n}) reads as "0.801 ± 0.009". */
const isEstimate = (x: Record<string, unknown>): boolean => typeof x.estimate === 'number' && typeof x.mcse === 'number';

export function formatCell(x: unknown): string {
  if (x === null || x === undefined) return '';
  if (typeof x === 'number') return Number.isInteger(x) ? String(x) : Number.isFinite(x) ? String(Number(x.toPrecision(4))) : String(x);
  if (typeof x === 'string' || typeof x === 'boolean') return String(x);
  if (Array.isArray(x)) return x.every((v) => !isObject(v) && !Array.isArray(v)) ? x.map(formatCell).join(', ') : JSON.stringify(x);
  if (isObject(x) && isEstimate(x)) return `${formatCell(x.estimate)} ± ${formatCell(x.mcse)}`;
  return JSON.stringify(x);
}

/** An object's leaves under dotted names (an estimate with its MCSE is one leaf). */
function flatten(x: unknown, prefix: string, out: Map<string, unknown>): void {
  if (isObject(x) && !isEstimate(x) && Object.keys(x).length > 0) {
    for (const [k, v] of Object.entries(x)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
    return;
  }
  out.set(prefix === '' ? 'value' : prefix, x);
}

/** Rows (each a flattened object, with leading cells) as a table of the union of their columns, in order of first sight. */
function table(name: string, scope: SummaryTable['scope'], lead: string[], items: { lead: string[]; value: unknown }[]): SummaryTable {
  const flat = items.map((it) => {
    const m = new Map<string, unknown>();
    flatten(it.value, '', m);
    return { lead: it.lead, m };
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of flat) for (const k of f.m.keys()) if (!seen.has(k)) (seen.add(k), columns.push(k));
  const kept = columns.slice(0, MAX_COLUMNS);
  const left = columns.length - kept.length;
  return {
    name,
    scope,
    columns: [...lead, ...kept, ...(left > 0 ? [`(${left} more columns in summary.json)`] : [])],
    rows: flat.map((f) => [...f.lead, ...kept.map((k) => formatCell(f.m.get(k))), ...(left > 0 ? [''] : [])]),
  };
}

const itemsOf = (value: unknown, lead: string[]): { lead: string[]; value: unknown }[] =>
  Array.isArray(value) ? value.map((v) => ({ lead, value: v })) : [{ lead, value }];

/** The summary's blocks the app does not otherwise show: each run-level block, then each design-level block (a row per design point). Empty blocks are left out. */
export function extraBlocks(summary: unknown): SummaryTable[] {
  if (!isObject(summary)) return [];
  const out: SummaryTable[] = [];
  for (const [key, value] of Object.entries(summary)) {
    if (KNOWN_RUN_KEYS.has(key) || value === null || (Array.isArray(value) && value.length === 0)) continue;
    out.push(table(key, 'run', [], itemsOf(value, [])));
  }
  const designs = Array.isArray(summary.designs) ? summary.designs.filter(isObject) : [];
  const keys: string[] = [];
  for (const d of designs) for (const k of Object.keys(d)) if (!KNOWN_DESIGN_KEYS.has(k) && !keys.includes(k)) keys.push(k);
  for (const key of keys) {
    const items = designs.flatMap((d) => (d[key] === undefined || d[key] === null ? [] : itemsOf(d[key], [String(d.id ?? d.index ?? '')])));
    if (items.length > 0) out.push(table(key, 'design', ['design'], items));
  }
  return out;
}
