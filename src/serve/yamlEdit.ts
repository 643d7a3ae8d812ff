// The app's form edits the editor's YAML through these functions (app/main.ts
// bundles this file): each takes the scenario's text and gives it back with one
// change, made on the yaml Document so that comments, key order and every key
// the form does not show survive. Pure (text in, text out), so they are tested
// in Node (test/serve/yamlEdit.test.ts) as well as through the page.
import { isMap, isScalar, isSeq, parseDocument, YAMLMap, type Document } from 'yaml';

/** One key of a sweep and its values, as the form shows it. */
export interface SweepEntry {
  readonly key: string;
  readonly values: readonly (number | string)[];
}

/** A new analysis, as the form adds it (the schema's names). */
export interface NewAnalysis {
  readonly id: string;
  readonly measure: string;
  readonly type?: string;
  readonly week?: number;
  readonly method?: string;
}

const parsed = (text: string): Document | null => {
  const d = parseDocument(text);
  return d.errors.length === 0 ? d : null;
};

const plain = (node: unknown): unknown => (isScalar(node) ? node.value : isMap(node) || isSeq(node) ? node.toJSON() : node);

/** The sweep's keys in their order, each with its values (a single value reads as a list of one); [] without a sweep or when the text does not parse. */
export function sweepEntries(text: string): SweepEntry[] {
  const sweep = parsed(text)?.get('sweep');
  if (!isMap(sweep)) return [];
  return sweep.items.map((pair) => {
    const values = plain(pair.value);
    return { key: String(plain(pair.key)), values: (Array.isArray(values) ? values : [values]) as (number | string)[] };
  });
}

/** "32, 48, 64" as the values of a sweep: numbers where they read as numbers, else strings; blanks dropped. */
export function parseSweepValues(s: string): (number | string)[] {
  return s
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '')
    .map((v) => (Number.isFinite(Number(v)) ? Number(v) : v));
}

/**
 * Set one key of the sweep: the entry at `index` (null: a new key at the end)
 * becomes `key: [values]`, written on one line as the shipped scenarios write
 * it; a blank key or no values removes that entry, and the sweep with its last
 * entry. The sweep's other keys, their values and comments are kept; a key
 * already swept by another entry is taken out of that one. Null when
 * the text does not parse (the form leaves it to the editor's errors).
 */
export function setSweepEntry(text: string, index: number | null, key: string, values: readonly (number | string)[]): string | null {
  const d = parsed(text);
  if (d === null) return null;
  let sweep = d.get('sweep');
  const remove = key === '' || values.length === 0;
  if (!isMap(sweep)) {
    if (remove) return d.toString();
    sweep = new YAMLMap();
    d.set('sweep', sweep);
  }
  const map = sweep as YAMLMap;
  // A block mapping, one key a line, whatever the text had (a sweep written `sweep: {}`).
  map.flow = false;
  let at = index === null || index >= map.items.length ? -1 : index;
  if (remove) {
    if (at >= 0) map.items.splice(at, 1);
    if (map.items.length === 0) d.delete('sweep');
    return d.toString();
  }
  const list = d.createNode([...values]);
  list.flow = true;
  // A key is swept once: another entry of the same key gives way to this one
  // (two would be a duplicate key, a YAML error that stops every later edit).
  const same = map.items.findIndex((p, i) => i !== at && String(plain(p.key)) === key);
  if (same >= 0) {
    map.items.splice(same, 1);
    if (at > same) at -= 1;
  }
  if (at < 0) {
    map.add(d.createPair(key, list));
  } else {
    const pair = map.items[at];
    // The key node is kept when only the values change (its comment with it).
    pair.key = isScalar(pair.key) && String(pair.key.value) === key ? pair.key : d.createNode(key);
    pair.value = list;
  }
  return d.toString();
}

/** Append an analysis to analyses (made when missing): id, endpoint {measure, week, type}, method; blank parts left out (the schema's defaults). */
export function addAnalysis(text: string, a: NewAnalysis): string | null {
  const d = parsed(text);
  if (d === null) return null;
  const endpoint: Record<string, unknown> = { measure: a.measure };
  if (a.week !== undefined) endpoint.week = a.week;
  if (a.type !== undefined && a.type !== '') endpoint.type = a.type;
  const item: Record<string, unknown> = { id: a.id, endpoint };
  if (a.method !== undefined && a.method !== '') item.method = a.method;
  const node = d.createNode(item);
  // The endpoint on one line, as the shipped scenarios write it.
  const ep = node.get('endpoint');
  if (isMap(ep)) ep.flow = true;
  const analyses = d.get('analyses');
  if (isSeq(analyses)) analyses.add(node);
  else d.set('analyses', d.createNode([item]));
  return d.toString();
}

/** An id not yet taken by an analysis: `base`, else base_2, base_3, … */
export function freeAnalysisId(text: string, base: string): string {
  const analyses = parsed(text)?.get('analyses');
  const taken = new Set(isSeq(analyses) ? analyses.items.map((x) => (isMap(x) ? String(plain(x.get('id', true))) : '')) : []);
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) if (!taken.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The measures the text already names (its analyses' endpoints, a parametric model's endpoints), for the form's list. */
export function measuresIn(text: string): string[] {
  const d = parsed(text);
  if (d === null) return [];
  const out = new Set<string>();
  const analyses = d.get('analyses');
  if (isSeq(analyses)) for (const x of analyses.items) if (isMap(x)) {
    const m = x.getIn(['endpoint', 'measure']);
    if (typeof m === 'string') out.add(m);
  }
  const endpoints = d.getIn(['model', 'params', 'endpoints']);
  if (isSeq(endpoints)) for (const x of endpoints.items) if (isMap(x)) {
    const id = x.get('id');
    if (typeof id === 'string') out.add(id);
  }
  return [...out];
}
