// Key paths: "design.allocation", "analyses.cdasi_a.method", "analyses.0.alpha".
// A list item can be named by its index or, for items with an `id`, by that id.
// Paths are checked against the schema (not only the data), so `--set` and
// sweeps may set an optional key the file leaves out, and a typo gets a
// "did you mean" from the keys the schema allows at that point.
import { didYouMean } from '../text/didYouMean.js';
import { MSG } from './messages.js';
import type { KeyPath, Segment } from './sourceMap.js';

export function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Own property (a key named like an Object.prototype member is not "present"). */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** The value at `path`, or undefined. */
export function getAt(data: unknown, path: KeyPath): unknown {
  let cur = data;
  for (const seg of path) {
    if (typeof seg === 'number') {
      if (!Array.isArray(cur)) return undefined;
      cur = cur[seg];
    } else {
      if (!isRecord(cur)) return undefined;
      cur = own(cur, seg);
    }
  }
  return cur;
}

/** A copy of `data` with `value` at `path`; missing mappings on the way are created. */
export function setAt(data: unknown, path: KeyPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const list = Array.isArray(data) ? [...data] : [];
    list[head] = setAt(list[head], rest, value);
    return list;
  }
  const obj: Record<string, unknown> = isRecord(data) ? { ...data } : {};
  defineOwn(obj, head!, setAt(own(obj, head!), rest, value));
  return obj;
}

/**
 * setAt for an override (--set, a sweep value): setting one of a group of
 * alternative keys removes the others of its group; setting one arm of a
 * value given as one number for both arms keeps the number for the other.
 */
export function override(data: unknown, path: KeyPath, value: unknown, alternatives: readonly (readonly KeyPath[])[]): unknown {
  let out = data;
  // One number is both arms' value (a per-arm key, n_per_arm): setting one arm keeps it for the other.
  const arm = path[path.length - 1];
  if ((arm === 'control' || arm === 'treatment') && path.length >= 2) {
    const both = getAt(out, path.slice(0, -1));
    if (typeof both === 'number') out = setAt(out, path.slice(0, -1), { control: both, treatment: both });
  }
  for (const group of alternatives) {
    if (!group.some((p) => isPrefix(p, path))) continue;
    for (const other of group) if (!isPrefix(other, path)) out = deleteAt(out, other);
  }
  return setAt(out, path, value);
}

/** A copy of `data` without the key at `path` (a mapping key). */
export function deleteAt(data: unknown, path: KeyPath): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    if (!Array.isArray(data)) return data;
    const list = [...data];
    list[head] = deleteAt(list[head], rest);
    return list;
  }
  if (!isRecord(data)) return data;
  const obj: Record<string, unknown> = { ...data };
  if (rest.length === 0) delete obj[head!];
  else defineOwn(obj, head!, deleteAt(own(obj, head!), rest));
  return obj;
}

export function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy of plain data (mappings, lists, scalars). */
export function clonePlain(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(clonePlain);
  if (isRecord(x)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) defineOwn(out, k, clonePlain(x[k]));
    return out;
  }
  return x;
}

/** Is `a` a prefix of `b` (or equal)? */
export function isPrefix(a: KeyPath, b: KeyPath): boolean {
  return a.length <= b.length && a.every((s, i) => s === b[i]);
}

const ID = /^[A-Za-z][A-Za-z0-9_-]*$/;

/**
 * Display form of a path: list items that have an `id` are named by it
 * (analyses.cdasi_a.method), others by index (strata.cuts.2). The result
 * reads back through resolvePath to the same place.
 */
export function formatPath(path: KeyPath, data: unknown): string {
  const parts: string[] = [];
  let cur = data;
  for (const seg of path) {
    if (typeof seg === 'number') {
      const item: unknown = Array.isArray(cur) ? cur[seg] : undefined;
      const id = isRecord(item) ? own(item, 'id') : undefined;
      const unique = Array.isArray(cur) && typeof id === 'string' && cur.filter((x) => isRecord(x) && own(x, 'id') === id).length === 1;
      parts.push(unique && typeof id === 'string' && ID.test(id) ? id : String(seg));
      cur = item;
    } else {
      parts.push(seg);
      cur = isRecord(cur) ? own(cur, seg) : undefined;
    }
  }
  return parts.join('.');
}

/** JSON pointer ("/analyses/0/method", as ajv reports) to a key path. */
export function fromPointer(pointer: string, data: unknown): Segment[] {
  if (pointer === '') return [];
  const out: Segment[] = [];
  let cur = data;
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur) && /^\d+$/.test(seg)) {
      out.push(Number(seg));
      cur = cur[Number(seg)];
    } else {
      out.push(seg);
      cur = isRecord(cur) ? own(cur, seg) : undefined;
    }
  }
  return out;
}

// ---- resolving a written path against the schema --------------------------------

/** The subset of JSON Schema the scenario schema is written in. */
export interface SchemaNode {
  type?: string | string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  discriminator?: { propertyName: string };
  const?: unknown;
  enum?: unknown[];
  [k: string]: unknown;
}

export type Resolved =
  | { ok: true; path: Segment[]; schema: SchemaNode }
  | { ok: false; segment: number; message: string };

/** The alternatives of a union node (`oneOf`, or TypeBox's `anyOf`), or undefined for a plain node. */
function branchesOf(schema: SchemaNode): SchemaNode[] | undefined {
  if (Array.isArray(schema.oneOf)) return schema.oneOf;
  const any = schema.anyOf;
  return Array.isArray(any) ? (any as SchemaNode[]) : undefined;
}

/** Does a node (after its own unions) hold children: keys, or list items? */
function hasChildren(schema: SchemaNode): boolean {
  const bs = branchesOf(schema);
  if (bs !== undefined) return bs.some(hasChildren);
  return schema.properties !== undefined || typeof schema.additionalProperties === 'object' || (schema.type === 'array' && schema.items !== undefined);
}

/**
 * The branch of a union that a path can go on through: for a discriminated
 * union the one `data` selects; otherwise the list branch when the data is a
 * list (or the segment an index and the data no mapping), else the mapping
 * branches' keys merged. A scalar or null branch has no keys, so `mean.treatment`
 * reaches the {control, treatment} branch of "a number, or {control, treatment}".
 */
export function branchOf(schema: SchemaNode, data: unknown, segment?: string): SchemaNode {
  const all = branchesOf(schema);
  if (all === undefined) return schema;
  const tag = schema.discriminator?.propertyName;
  if (tag !== undefined && isRecord(data)) {
    const kind = own(data, tag);
    const hit = all.find((b) => b.properties?.[tag]?.const === kind);
    if (hit !== undefined) return hit;
  }
  const flat = all.map((b) => branchOf(b, data, segment)).filter(hasChildren);
  if (flat.length === 0) return all[0]!;
  const lists = flat.filter((b) => b.type === 'array');
  const maps = flat.filter((b) => b.type !== 'array');
  const wantList = Array.isArray(data) || (!isRecord(data) && segment !== undefined && /^\d+$/.test(segment));
  if (lists.length > 0 && (maps.length === 0 || wantList)) return lists[0]!;
  if (maps.length === 1) return maps[0]!;
  const properties: Record<string, SchemaNode> = {};
  for (const b of maps) Object.assign(properties, b.properties ?? {});
  const free = maps.find((b) => typeof b.additionalProperties === 'object')?.additionalProperties;
  return { type: 'object', properties, additionalProperties: free ?? false };
}

/**
 * Resolve dotted `segments` (as written after --set or as a sweep key) against
 * the schema and the data: list items by index or id. A mapping with free keys
 * (the sweep block) takes the rest of the path as one key.
 */
export function resolvePath(root: SchemaNode, data: unknown, segments: readonly string[]): Resolved {
  const out: Segment[] = [];
  let schema = root;
  let cur = data;
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i]!;
    schema = branchOf(schema, cur, seg);
    if (schema.type === 'array' && schema.items !== undefined) {
      const list = Array.isArray(cur) ? cur : [];
      let index = -1;
      if (/^\d+$/.test(seg)) {
        index = Number(seg);
        if (index >= list.length) return { ok: false, segment: i, message: MSG.badIndex(seg, list.length) };
      } else {
        const ids = list.flatMap((x) => (isRecord(x) && typeof own(x, 'id') === 'string' ? [String(own(x, 'id'))] : []));
        index = list.findIndex((x) => isRecord(x) && own(x, 'id') === seg);
        if (index < 0) return { ok: false, segment: i, message: MSG.notAnId(seg, ids, didYouMean(seg, ids)) };
      }
      out.push(index);
      schema = schema.items;
      cur = list[index];
      continue;
    }
    const props = schema.properties ?? {};
    if (Object.hasOwn(props, seg)) {
      out.push(seg);
      schema = props[seg]!;
      cur = isRecord(cur) ? own(cur, seg) : undefined;
      continue;
    }
    // A map of named records (model.prior: measure → prior): the name is one segment, and the path goes on into the record.
    if (typeof schema.additionalProperties === 'object' && schema.additionalProperties.properties !== undefined) {
      out.push(seg);
      schema = schema.additionalProperties;
      cur = isRecord(cur) ? own(cur, seg) : undefined;
      continue;
    }
    if (typeof schema.additionalProperties === 'object') {
      const key = segments.slice(i).join('.');
      out.push(key);
      return { ok: true, path: out, schema: schema.additionalProperties };
    }
    const allowed = Object.keys(props);
    return { ok: false, segment: i, message: MSG.badPathSegment(seg, didYouMean(seg, allowed), allowed) };
  }
  return { ok: true, path: out, schema };
}
