// The key reference of docs/scenarios.md, generated from the JSON Schema, so
// the docs list exactly the keys, types, defaults and ranges the validator
// applies. writeSchema.ts puts it between the markers; a test checks it is current.
import { isRecord } from './keyPath.js';
import { DEFAULT_TEXT } from './schema.js';

export const KEYS_BEGIN = '<!-- generated:keys:begin (npm run build && node dist/src/scenario/writeSchema.js) -->';
export const KEYS_END = '<!-- generated:keys:end -->';

interface Row {
  key: string;
  type: string;
  required: boolean;
  def: string;
  range: string;
  meaning: string;
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

function code(v: unknown): string {
  if (typeof v === 'string') return `\`${v}\``;
  return `\`${JSON.stringify(v)}\``;
}

function typeOf(s: Record<string, unknown>): string {
  if (Array.isArray(s.enum)) return 'one of';
  if ('const' in s) return 'constant';
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : null;
  if (branches !== null && s.discriminator === undefined) return branches.map((b) => (isRecord(b) ? typeOf(b) : '?')).join(' or ');
  switch (s.type) {
    case 'integer':
      return 'integer';
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'true/false';
    case 'null':
      return 'null';
    case 'array':
      return isRecord(s.items) ? `list of ${typeOf(s.items)}` : 'list';
    case 'object':
      return 'mapping';
    default:
      return 'any';
  }
}

function bounds(s: Record<string, unknown>): string {
  const lo = typeof s.minimum === 'number' ? `[${s.minimum}` : typeof s.exclusiveMinimum === 'number' ? `(${s.exclusiveMinimum}` : null;
  const hi = typeof s.maximum === 'number' ? `${s.maximum}]` : typeof s.exclusiveMaximum === 'number' ? `${s.exclusiveMaximum})` : null;
  if (lo !== null && hi !== null) return `${lo}, ${hi}`;
  if (lo !== null) return `${lo.startsWith('[') ? '≥' : '>'} ${lo.slice(1)}`;
  if (hi !== null) return `${hi.endsWith(']') ? '≤' : '<'} ${hi.slice(0, -1)}`;
  return '';
}

function rangeOf(s: Record<string, unknown>): string {
  const parts: string[] = [];
  if (Array.isArray(s.enum)) parts.push(s.enum.map((v) => code(v)).join(', '));
  if ('const' in s) parts.push(code(s.const));
  const b = bounds(s);
  if (b !== '') parts.push(b);
  if (typeof s.pattern === 'string') parts.push(`name: \`${s.pattern}\``);
  if (s.type === 'array') {
    const n = [typeof s.minItems === 'number' ? `≥ ${s.minItems}` : '', typeof s.maxItems === 'number' ? `≤ ${s.maxItems}` : ''].filter((x) => x !== '');
    if (n.length > 0) parts.push(`${n.join(', ')} items`);
    if (s.uniqueItems === true) parts.push('no repeats');
    if (isRecord(s.items) && s.items.type !== 'array') {
      const inner = rangeOf(s.items);
      if (inner !== '' && typeOf(s.items) !== 'mapping') parts.push(`each ${inner}`);
    }
  }
  const branches = Array.isArray(s.anyOf) ? s.anyOf : null;
  if (branches !== null) for (const b of branches) if (isRecord(b)) {
    const r = rangeOf(b);
    if (r !== '') parts.push(r);
  }
  return parts.join('; ');
}

function defaultOf(s: Record<string, unknown>): string {
  if ('default' in s) return code(s.default);
  const t = s[DEFAULT_TEXT];
  return typeof t === 'string' ? t : '';
}

function walk(s: unknown, key: string, required: boolean, rows: Row[], note: string): void {
  if (!isRecord(s)) return;
  const description = typeof s.description === 'string' ? s.description : '';
  if (key !== '') {
    rows.push({ key, type: typeOf(s), required, def: defaultOf(s), range: rangeOf(s), meaning: `${note}${description}` });
  }
  const disc = s.discriminator;
  if (Array.isArray(s.oneOf) && isRecord(disc)) {
    const tag = String(disc.propertyName);
    for (const b of s.oneOf) {
      if (!isRecord(b) || !isRecord(b.properties)) continue;
      const t = b.properties[tag];
      const kind = isRecord(t) && typeof t.const === 'string' ? t.const : '?';
      const outer = note === '' ? '' : `${note.slice(1, -2)}, `;
      walkObject(b, key, rows, `(${outer}${tag}: ${kind}) `);
    }
    return;
  }
  if (s.type === 'object') walkObject(s, key, rows, note);
  // list items get rows of their own only when they have keys
  if (s.type === 'array' && isRecord(s.items) && hasKeys(s.items)) walk(s.items, `${key}[]`, false, rows, note);
  if (Array.isArray(s.anyOf)) for (const b of s.anyOf) if (isRecord(b) && b.type === 'object') walkObject(b, key, rows, note);
}

function hasKeys(s: Record<string, unknown>): boolean {
  if (s.type === 'object') return true;
  const branches = Array.isArray(s.anyOf) ? s.anyOf : Array.isArray(s.oneOf) ? s.oneOf : [];
  return branches.some((b) => isRecord(b) && b.type === 'object');
}

function walkObject(s: Record<string, unknown>, key: string, rows: Row[], note: string): void {
  if (!isRecord(s.properties)) return;
  const req = Array.isArray(s.required) ? s.required : [];
  for (const [k, sub] of Object.entries(s.properties)) {
    walk(sub, key === '' ? k : `${key}.${k}`, req.includes(k), rows, note);
  }
}

/** The key table as markdown, from the scenario's JSON Schema. */
export function keyTable(schema: unknown): string {
  const rows: Row[] = [];
  walk(schema, '', true, rows, '');
  const lines = [
    '| Key | Type | Default | Range / values | Meaning |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map((r) => `| \`${r.key}\` | ${cell(r.type)} | ${r.required ? '**required**' : cell(r.def)} | ${cell(r.range)} | ${cell(r.meaning)} |`),
  ];
  return lines.join('\n');
}

/** `doc` with the text between the key-table markers replaced by `table`; null when a marker is missing. */
export function withKeyTable(doc: string, table: string): string | null {
  const i = doc.indexOf(KEYS_BEGIN);
  const j = doc.indexOf(KEYS_END);
  if (i < 0 || j < i) return null;
  return `${doc.slice(0, i + KEYS_BEGIN.length)}\n${table}\n${doc.slice(j)}`;
}
