// The field table of docs/results.md, generated from summary.json's JSON
// Schema, so the docs name exactly the fields the file has.
// writeSummarySchema.ts puts it between the markers; a test checks it is current.

export const FIELDS_BEGIN = '<!-- generated:summary-fields:begin (npm run build && node dist/src/report/writeSummarySchema.js) -->';
export const FIELDS_END = '<!-- generated:summary-fields:end -->';

type Node = Record<string, unknown>;

const isNode = (x: unknown): x is Node => typeof x === 'object' && x !== null && !Array.isArray(x);

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** The non-null branch of a nullable union, and whether it is nullable. */
function unwrap(s: Node): { node: Node; nullable: boolean } {
  if (Array.isArray(s.anyOf)) {
    const branches = s.anyOf.filter(isNode);
    const nonNull = branches.filter((b) => b.type !== 'null');
    if (nonNull.length === 1 && branches.length === 2) return { node: { ...nonNull[0], description: s.description ?? nonNull[0].description }, nullable: true };
  }
  return { node: s, nullable: false };
}

function hasProps(s: Node, keys: readonly string[]): boolean {
  const p = s.properties;
  return isNode(p) && Object.keys(p).length === keys.length && keys.every((k) => Object.hasOwn(p, k));
}

function typeName(s: Node): string {
  if (hasProps(s, ['estimate', 'mcse', 'n'])) return 'metric';
  if (hasProps(s, ['value', 'se'])) return '{value, se}';
  if ('const' in s) return `\`${JSON.stringify(s.const)}\``;
  if (Array.isArray(s.anyOf)) return s.anyOf.filter(isNode).map(typeName).join(' or ');
  if (s.type === 'array') return isNode(s.items) && hasProps(s.items, ['alpha', 'estimate', 'mcse', 'n']) ? 'list of {alpha, estimate, mcse, n}' : 'list';
  if (s.type === 'object' && s.patternProperties !== undefined) return 'mapping';
  return typeof s.type === 'string' ? s.type : 'any';
}

function walk(raw: Node, path: string, rows: string[]): void {
  const { node, nullable } = unwrap(raw);
  if (path !== '') {
    const type = typeName(node) + (nullable ? ' or null' : '');
    rows.push(`| \`${path}\` | ${cell(type)} | ${cell(typeof node.description === 'string' ? node.description : '')} |`);
  }
  if (hasProps(node, ['estimate', 'mcse', 'n']) || hasProps(node, ['value', 'se'])) return;
  if (node.type === 'array' && isNode(node.items) && !hasProps(node.items, ['alpha', 'estimate', 'mcse', 'n'])) {
    if (isNode(node.items.properties)) for (const [k, sub] of Object.entries(node.items.properties)) if (isNode(sub)) walk(sub, `${path}[].${k}`, rows);
    return;
  }
  if (isNode(node.properties)) for (const [k, sub] of Object.entries(node.properties)) if (isNode(sub)) walk(sub, path === '' ? k : `${path}.${k}`, rows);
}

/** The field table as markdown, from summary.json's JSON Schema. */
export function fieldTable(schema: Node): string {
  const rows: string[] = [];
  walk(schema, '', rows);
  return ['| Field | Type | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

/** `doc` with the text between the field-table markers replaced by `table`; null when a marker is missing. */
export function withFieldTable(doc: string, table: string): string | null {
  const i = doc.indexOf(FIELDS_BEGIN);
  const j = doc.indexOf(FIELDS_END);
  if (i < 0 || j < i) return null;
  return `${doc.slice(0, i + FIELDS_BEGIN.length)}\n${table}\n${doc.slice(j)}`;
}
