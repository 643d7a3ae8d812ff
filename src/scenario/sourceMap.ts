// YAML text -> plain data plus a tree of source positions, so that any key
// path can be traced back to the line and column it was written at.
import { LineCounter, parseDocument, isAlias, isMap, isNode, isScalar, isSeq, visit, type Document, type Node } from 'yaml';
import { clip, MSG } from './messages.js';

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

/**
 * Limits on what a document may make the walk below do (docs/scenarios.md,
 * "Limits"). A scenario nests about 6 levels deep and uses aliases, if at all,
 * for a few shared values; these bounds are far above that and far below what
 * would exhaust the stack (the yaml parser recurses once per level and
 * overflows near 800) or memory (ten lines of aliases of aliases expand to
 * 10^10 values).
 */
export const MAX_DEPTH = 64;
/** Values an alias may stand for, counted over every alias of the document (nested aliases multiply). */
export const MAX_ALIAS_VALUES = 10_000;
/** Characters of a YAML parser message kept in ours (it may quote the text). */
const MAX_DETAIL = 200;

/** Parse one YAML document; `offset` shifts columns (a `--set` value sits after `key=`). */
export function parseYaml(text: string, line = 0, colOffset = 0): Parsed {
  const lc = new LineCounter();
  const at = (p: { line: number; col: number }): Position => (line > 0 ? { line, col: p.col + colOffset } : { line: p.line, col: p.col + colOffset });
  const pos = (offset: number): Position => at(lc.linePos(offset));
  // Checked before parsing: the parser itself recurses once per level.
  const deep = nestingBeyond(text, MAX_DEPTH);
  if (deep !== null) return { ok: false, errors: [{ at: at(deep), message: MSG.tooDeep(MAX_DEPTH) }] };
  let doc: Document;
  try {
    // Duplicate keys are found by the walk below (the parser's check compares every pair of keys: quadratic).
    doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false, strict: true });
  } catch (e) {
    // A nesting the pre-scan could not see (it reads brackets and indentation, not full YAML).
    if (e instanceof RangeError) return { ok: false, errors: [{ at: at({ line: 1, col: 1 }), message: MSG.tooDeep(MAX_DEPTH) }] };
    throw e;
  }
  const problems = [...doc.errors, ...doc.warnings];
  if (problems.length > 0) {
    return { ok: false, errors: problems.map((e) => ({ at: pos(e.pos[0]), message: MSG.yamlSyntax(firstLine(e.message)) })) };
  }
  let anchors: Map<Node, Node | undefined>;
  try {
    anchors = anchorTargets(doc);
  } catch (e) {
    // yaml's visit recurses too; the walk below counts the depth itself
    if (e instanceof RangeError) return { ok: false, errors: [{ at: at({ line: 1, col: 1 }), message: MSG.tooDeep(MAX_DEPTH) }] };
    throw e;
  }
  const walk: Walk = { doc, pos, errors: [], anchors, ancestors: new Set(), aliasValues: 0, aliasAt: { line: 1, col: 1 }, stopped: false };
  const root = convert(walk, doc.contents, 0, 0, { line: line > 0 ? line : 1, col: 1 + colOffset });
  if (walk.errors.length > 0) return { ok: false, errors: walk.errors };
  return { ok: true, value: root.value, tree: root.tree };
}

function firstLine(s: string): string {
  const i = s.indexOf('\n');
  const line = (i < 0 ? s : s.slice(0, i)).replace(/\s*at line \d+, column \d+:?$/, '').trim();
  return line.length > MAX_DETAIL ? `${line.slice(0, MAX_DETAIL)}…` : line;
}

/**
 * Where the nesting of `text` first goes deeper than `max`, or null: a linear
 * scan of indentation, "- " and flow brackets outside quotes, comments and
 * block scalars, so that a document the parser would recurse through too
 * deeply is refused before it is parsed. It may miss nesting hidden in odd
 * syntax (the parse is guarded too, and the walk counts the depth exactly);
 * it does not count text as nesting unless it could open a collection.
 */
export function nestingBeyond(text: string, max: number): { line: number; col: number } | null {
  const indents: number[] = [];
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let blockScalar = -1; // indentation of the line that opened a block scalar (| or >), or -1
  let lineNo = 0;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNo++;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    const indent = i - start;
    const blank = i >= end || text[i] === '\r' || (text[i] === '#' && quote === null);
    if (blockScalar >= 0 && (blank || indent > blockScalar)) {
      start = end + 1;
      continue;
    }
    blockScalar = -1;
    if (!blank && quote === null && flow === 0) {
      while (indents.length > 0 && indents[indents.length - 1]! > indent) indents.pop();
      if (indents.length === 0 || indents[indents.length - 1]! < indent) indents.push(indent);
    }
    let inline = 0;
    let prev = ' '; // the last character that was not a space ("start of line" reads as one)
    let lastCol = -1;
    for (let j = i; j < end; j++) {
      const c = text[j]!;
      if (quote !== null) {
        if (quote === '"' && c === '\\') j++;
        else if (c === quote) {
          if (quote === "'" && text[j + 1] === "'") j++;
          else quote = null;
        }
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') continue;
      const opens = prev === ' ' || prev === ':' || prev === '-' || prev === ',' || prev === '[' || prev === '{' || prev === '?';
      const spaceBefore = j === i || text[j - 1] === ' ' || text[j - 1] === '\t';
      if (c === '#' && spaceBefore) break;
      let plain = false; // a bracket inside plain text ("see [1]") opens nothing, nor does one after it
      if ((c === '"' || c === "'") && opens) quote = c;
      else if (c === '[' || c === '{') {
        if (opens) flow++;
        else plain = true;
      }
      else if ((c === ']' || c === '}') && flow > 0) flow--;
      else if ((c === '-' || c === '?') && flow === 0 && (prev === ' ' || prev === '-' || prev === '?') && (j + 1 === end || text[j + 1] === ' ')) inline++;
      else if ((c === '|' || c === '>') && flow === 0 && (prev === ':' || prev === '-' || prev === ' ')) lastCol = j;
      if (indents.length + inline + flow > max) return { line: lineNo, col: j - start + 1 };
      prev = plain ? 'x' : c;
      if (lastCol >= 0 && lastCol !== j && !/[-+0-9]/.test(c)) lastCol = -1;
    }
    // a line ending in a block scalar indicator (|, >, |-, >+2 ...): its more indented lines are text
    if (lastCol >= 0 && quote === null) blockScalar = indent;
    start = end + 1;
  }
  return null;
}

/** The state of one walk of a document. */
interface Walk {
  doc: Document;
  pos: (offset: number) => Position;
  errors: RawError[];
  /** Each alias' node (the last anchor of its name before it, as YAML reads it). */
  anchors: Map<Node, Node | undefined>;
  /** The nodes being converted (an alias to one of them would never end). */
  ancestors: Set<Node>;
  /** Values produced inside aliases so far. */
  aliasValues: number;
  /** Where the alias being expanded (the outermost) was written. */
  aliasAt: Position;
  /** A limit was met: the rest is not walked. */
  stopped: boolean;
}

/**
 * Every alias' target in one pass in document order (yaml's Alias.resolve
 * walks the whole document for each alias).
 */
function anchorTargets(doc: Document): Map<Node, Node | undefined> {
  const last = new Map<string, Node>();
  const out = new Map<Node, Node | undefined>();
  visit(doc, {
    Node: (_key, node) => {
      if (isAlias(node)) out.set(node, last.get(node.source));
      else if (node.anchor !== undefined) last.set(node.anchor, node);
    },
  });
  return out;
}

function convert(w: Walk, node: Node | null | undefined, depth: number, aliasDepth: number, fallback: Position): { value: unknown; tree: SourceTree } {
  const at = node?.range ? w.pos(node.range[0]) : fallback;
  const tree: SourceTree = { at, children: new Map() };
  if (node === null || node === undefined || w.stopped) return { value: null, tree };
  if (aliasDepth > 0 && ++w.aliasValues > MAX_ALIAS_VALUES) {
    w.errors.push({ at: w.aliasAt, message: MSG.yamlSyntax(MSG.aliasBomb(MAX_ALIAS_VALUES)) });
    w.stopped = true;
    return { value: null, tree };
  }
  if (isAlias(node)) {
    const target = w.anchors.get(node);
    if (target === undefined) {
      w.errors.push({ at, message: MSG.yamlSyntax(MSG.unresolvedAlias(clip(node.source))) });
      return { value: null, tree };
    }
    if (w.ancestors.has(target)) {
      w.errors.push({ at, message: MSG.yamlSyntax(MSG.aliasInsideItself(clip(node.source))) });
      return { value: null, tree };
    }
    if (aliasDepth === 0) w.aliasAt = at;
    const inner = convert(w, target, depth, aliasDepth + 1, at);
    return { value: inner.value, tree: { at, children: inner.tree.children } };
  }
  if (isScalar(node)) {
    const v = node.value;
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return { value: v, tree };
    w.errors.push({ at, message: MSG.yamlSyntax(MSG.unsupportedScalar(clip(String(v)))) });
    return { value: null, tree };
  }
  if ((isSeq(node) || isMap(node)) && depth >= MAX_DEPTH) {
    w.errors.push({ at, message: MSG.tooDeep(MAX_DEPTH) });
    w.stopped = true;
    return { value: null, tree };
  }
  if (isSeq(node)) {
    w.ancestors.add(node);
    const out: unknown[] = [];
    node.items.forEach((item, i) => {
      const c = convert(w, isNode(item) ? item : null, depth + 1, aliasDepth, at);
      out.push(c.value);
      tree.children.set(i, c.tree);
    });
    w.ancestors.delete(node);
    return { value: out, tree };
  }
  if (isMap(node)) {
    w.ancestors.add(node);
    const out: Record<string, unknown> = {};
    for (const pair of node.items) {
      const keyNode = isNode(pair.key) ? pair.key : null;
      const keyAt = keyNode?.range ? w.pos(keyNode.range[0]) : at;
      let key: string;
      if (isScalar(keyNode) && (typeof keyNode.value === 'string' || typeof keyNode.value === 'number')) {
        key = String(keyNode.value);
      } else {
        w.errors.push({ at: keyAt, message: MSG.yamlSyntax(MSG.nonStringKey) });
        continue;
      }
      if (Object.hasOwn(out, key)) {
        w.errors.push({ at: keyAt, message: MSG.yamlSyntax(MSG.duplicateKey) });
        continue;
      }
      const c = convert(w, isNode(pair.value) ? pair.value : null, depth + 1, aliasDepth, keyAt);
      // defineProperty: a key named "__proto__" stays an own key, to be reported as unknown
      Object.defineProperty(out, key, { value: c.value, enumerable: true, writable: true, configurable: true });
      tree.children.set(key, { at: c.tree.at, keyAt, children: c.tree.children });
    }
    w.ancestors.delete(node);
    return { value: out, tree };
  }
  w.errors.push({ at, message: MSG.yamlSyntax(MSG.unsupportedNode) });
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
