// ajv's error objects -> scenario messages (messages.ts), each with the key
// path it is about. Unions are reported by the branch whose type the value
// has, so "n_per_arm: [48, -1]" says what is wrong with the list instead of
// also complaining that it is not a whole number.
import type { ErrorObject } from 'ajv';
import { didYouMean } from '../text/didYouMean.js';
import { fromPointer, getAt, isRecord, type SchemaNode } from './keyPath.js';
import { MSG } from './messages.js';
import type { Segment } from './sourceMap.js';

export interface SchemaProblem {
  path: Segment[];
  /** Point at the key rather than the value (an unknown key). */
  atKey: boolean;
  message: string;
}

function jsonType(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'array';
  if (typeof x === 'number') return Number.isInteger(x) ? 'integer' : 'number';
  return typeof x;
}

function typeMatches(schema: unknown, value: unknown): boolean {
  if (!isRecord(schema)) return true;
  const t = schema.type;
  if (t === undefined) return !('const' in schema) || schema.const === value;
  const types = Array.isArray(t) ? t : [t];
  const vt = jsonType(value);
  return types.some((x) => x === vt || (x === 'number' && vt === 'integer'));
}

function branchTypes(branches: readonly unknown[]): string[] {
  const out: string[] = [];
  for (const b of branches) {
    const t = isRecord(b) ? b.type : undefined;
    for (const x of Array.isArray(t) ? t : [t]) if (typeof x === 'string' && !out.includes(x)) out.push(x);
  }
  return out;
}

/**
 * Drop the errors of union branches the value does not belong to. ajv is run
 * with `verbose`, so each error carries its schema.
 */
function pruneUnions(errors: readonly ErrorObject[]): ErrorObject[] {
  let out = [...errors];
  const unions = errors.filter((e) => (e.keyword === 'anyOf' || e.keyword === 'oneOf') && Array.isArray(e.schema));
  // outermost first: a branch dropped there takes its inner unions with it
  unions.sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const u of unions) {
    if (!out.includes(u)) continue;
    const branches: unknown[] = Array.isArray(u.schema) ? u.schema : [];
    const value = u.data;
    const keep = branches.findIndex((b) => typeMatches(b, value));
    const inUnion = (e: ErrorObject): boolean => e.schemaPath.startsWith(u.schemaPath + '/');
    if (keep < 0) {
      out = out.filter((e) => !inUnion(e) && e !== u);
      out.push({ ...u, keyword: 'type', params: { type: branchTypes(branches) } });
    } else {
      const prefix = `${u.schemaPath}/${keep}/`;
      out = out.filter((e) => e !== u && (!inUnion(e) || e.schemaPath.startsWith(prefix)));
    }
  }
  return out;
}

function allowedKeys(parentSchema: unknown): string[] {
  return isRecord(parentSchema) && isRecord(parentSchema.properties) ? Object.keys(parentSchema.properties) : [];
}

function num(x: unknown): number {
  return typeof x === 'number' ? x : NaN;
}

/** Translate ajv errors for `data` (validated with allErrors and verbose). */
export function schemaProblems(errors: readonly ErrorObject[], data: unknown): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const seen = new Set<string>();
  for (const e of pruneUnions(errors)) {
    const path = fromPointer(e.instancePath, data);
    const value = getAt(data, path);
    const p = e.params;
    let problem: SchemaProblem;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = String(p.additionalProperty);
        const allowed = allowedKeys(e.parentSchema);
        problem = { path: [...path, key], atKey: true, message: MSG.unknownKey(key, didYouMean(key, allowed), allowed) };
        break;
      }
      case 'required':
        problem = { path, atKey: true, message: MSG.missingKey(String(p.missingProperty)) };
        break;
      case 'type':
        problem = { path, atKey: false, message: MSG.wrongType(Array.isArray(p.type) ? p.type.map(String) : String(p.type).split(','), value) };
        break;
      case 'enum': {
        const allowed: unknown[] = Array.isArray(p.allowedValues) ? p.allowedValues : [];
        const names = allowed.filter((x): x is string => typeof x === 'string');
        const guess = typeof value === 'string' ? didYouMean(value, names) : undefined;
        problem = { path, atKey: false, message: MSG.notAllowed(allowed, value, guess) };
        break;
      }
      case 'const':
        problem = { path, atKey: false, message: MSG.notAllowed([p.allowedValue], value, undefined) };
        break;
      case 'discriminator': {
        const tag = String(p.tag);
        const branches: unknown[] = isRecord(e.parentSchema) && Array.isArray(e.parentSchema.oneOf) ? e.parentSchema.oneOf : [];
        const kinds = branches.flatMap((b) => {
          const props = isRecord(b) && isRecord(b.properties) ? b.properties : {};
          const t = props[tag];
          return isRecord(t) && typeof t.const === 'string' ? [t.const] : [];
        });
        if (p.error === 'tag' && !(isRecord(value) && tag in value)) {
          problem = { path, atKey: true, message: MSG.missingKey(tag, `one of: ${kinds.join(', ')}`) };
        } else {
          const got = p.tagValue;
          problem = {
            path: [...path, tag],
            atKey: false,
            message: MSG.notAllowed(kinds, got, typeof got === 'string' ? didYouMean(got, kinds) : undefined),
          };
        }
        break;
      }
      case 'minimum':
        problem = { path, atKey: false, message: MSG.atLeast(num(p.limit), value) };
        break;
      case 'maximum':
        problem = { path, atKey: false, message: MSG.atMost(num(p.limit), value) };
        break;
      case 'exclusiveMinimum':
        problem = { path, atKey: false, message: num(p.limit) === 0 ? MSG.positive(value) : MSG.greaterThan(num(p.limit), value) };
        break;
      case 'exclusiveMaximum':
        problem = { path, atKey: false, message: MSG.lessThan(num(p.limit), value) };
        break;
      case 'minItems':
        problem = { path, atKey: false, message: MSG.tooFewItems(num(p.limit), Array.isArray(value) ? value.length : 0) };
        break;
      case 'maxItems':
        problem = { path, atKey: false, message: MSG.tooManyItems(num(p.limit), Array.isArray(value) ? value.length : 0) };
        break;
      case 'uniqueItems':
        problem = { path, atKey: false, message: MSG.repeatedItems(num(p.j), num(p.i)) };
        break;
      case 'minLength':
        problem = { path, atKey: false, message: MSG.emptyString };
        break;
      case 'maxLength':
        problem = { path, atKey: false, message: MSG.tooLong(num(p.limit)) };
        break;
      case 'pattern':
        problem = { path, atKey: false, message: MSG.notIdentifier(value) };
        break;
      default:
        problem = { path, atKey: false, message: MSG.invalid(e.message ?? e.keyword) };
    }
    const key = `${problem.path.join('\u0000')}\u0001${problem.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(problem);
    }
  }
  return out;
}

export type { SchemaNode };
