// YAML text -> plain data plus a tree of source positions, so that any key
// path can be traced back to the line and column it was written at.
import { LineCounter, parseDocument, isAlias, isMap, isNode, isScalar, isSeq, type Document, type Node } from 'yaml';
import { MSG } from './messages.js';

/** A key path: mapping keys and list indices. */
export type Segment = string | number;
export type KeyPath = readonly Segment[];

export interface Position {
  line: number;
  col: number;
}

/** Where a value was written, where its key was, and its children's positions. */
export interface SourceTree {
  at: Position;
  keyAt?: Position;
  children: Map<Segment, SourceTree>;
}

/** A problem found before the path is known (YAML syntax). */
export interface RawError {
  at: Position;
  message: string;
}

export type Parsed = { ok: true; value: unknown; tree: SourceTree } | { ok: false; errors: RawError[] };

const MAX_ALIAS_DEPTH = 50;

/** Parse one YAML document; `offset` shifts columns (a `--set` value sits after `key=`). */
export function parseYaml(text: string, line = 0, colOffset = 0): Parsed {
  const lc = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: true, strict: true });
  const pos = (offset: number): Position => {
    const p = lc.linePos(offset);
    return line > 0 ? { line, col: p.col + colOffset } : { line: p.line, col: p.col + colOffset };
  };
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return { ok: false, errors: problems.map((e) => ({ at: pos(e.pos[0]), message: MSG.yamlSyntax(firstLine(e.message)) })) };
  }
  const errors: RawError[] = [];
  const root = convert(doc, doc.contents, pos, errors, 0, { line: line > 0 ? line : 1, col: 1 + colOffset });
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: root.value, tree: root.tree };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  return (i < 0 ? s : s.slice(0, i)).replace(/\s*at line \d+, column \d+:?$/, '').trim();
}

function convert(
  doc: Document,
  node: Node | null | undefined,
  pos: (offset: number) => Position,
  errors: RawError[],
  depth: number,
  fallback: Position,
): { value: unknown; tree: SourceTree } {
  const at = node?.range ? pos(node.range[0]) : fallback;
  const tree: SourceTree = { at, children: new Map() };
  if (node === null || node === undefined) return { value: null, tree };
  if (isAlias(node)) {
    const target = depth < MAX_ALIAS_DEPTH ? node.resolve(doc) : undefined;
    if (target === undefined) {
      errors.push({ at, message: MSG.yamlSyntax(MSG.unresolvedAlias(node.source)) });
      return { value: null, tree };
    }
    const inner = convert(doc, target, pos, errors, depth + 1, at);
    return { value: inner.value, tree: { at, children: inner.tree.children } };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v, tree };
    errors.push({ at, message: MSG.yamlSyntax(MSG.unsupportedScalar(String(v))) });
    return { value: null, tree };
  }
  if (isSeq(node)) {
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      const c = convert(doc, isNode(item) ? item : null, pos, errors, depth, at);
      out.push(c.value);
      tree.children.set(i, c.tree);
    });
    return { value: out, tree };
  }
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = isNode(pair.key) ? pair.key : null;
      const keyAt = keyNode?.range ? pos(keyNode.range[0]) : at;
      let key: string;
      if (isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number')) {
        key = String(keyNode.value);
      } else {
        errors.push({ at: keyAt, message: MSG.yamlSyntax(MSG.nonStringKey) });
        continue;
      }
      const c = convert(doc, isNode(pair.value) ? pair.value : null, pos, errors, depth, keyAt);
      // defineProperty: a key named "__proto__" stays an own key, to be reported as unknown
      Object.defineProperty(out, key, { value: c.value, enumerable: true, writable: true, configurable: true });
      tree.children.set(key, { at: c.tree.at, keyAt, children: c.tree.children });
    }
    return { value: out, tree };
  }
  errors.push({ at, message: MSG.yamlSyntax(MSG.unsupportedNode) });
  return { value: null, tree };
}

/**
 * The position of `path` in `tree`: the value (or, with `key`, the key) when
 * the path exists, else its nearest written ancestor.
 */
export function locate(tree: SourceTree, path: KeyPath, key = false): Position {
  let node = tree;
  for (let i = 0; i < path.length; i++) {
    const child = node.children.get(path[i]!);
    if (child === undefined) return node.keyAt ?? node.at;
    node = child;
  }
  return key ? (node.keyAt ?? node.at) : node.at;
}

/** The subtree at `path`, or a leaf at its nearest written ancestor. */
export function locateSubtree(tree: SourceTree, path: KeyPath): SourceTree {
  let node = tree;
  for (const seg of path) {
    const child = node.children.get(seg);
    if (child === undefined) return { at: node.keyAt ?? node.at, children: new Map() };
    node = child;
  }
  return node;
}
