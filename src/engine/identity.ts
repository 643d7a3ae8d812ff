// A run's identity: a hash of everything that determines its blocks (kernel,
// specs, truth, family, seed, replicates, block size, stopping rule). Journals
// and shard outputs carry it, so resume and merge refuse the blocks of a
// different run instead of mixing them.
import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted at every level, so equal values hash equally
 * whatever order their keys were written in. Typed arrays become arrays;
 * NaN and ±Infinity are spelled out (plain JSON would turn them into null).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(canonical(value, new Set()));
}

function canonical(v: unknown, seen: Set<object>): unknown {
  if (typeof v === 'number') return Number.isFinite(v) ? v : { $number: String(v) };
  if (typeof v === 'bigint') return { $bigint: v.toString() };
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (v === undefined) return null;
  if (typeof v !== 'object') throw new Error(`engine: a spec holds a ${typeof v}, which cannot be sent to a worker`);
  if (seen.has(v)) throw new Error('engine: a spec refers to itself (cycle)');
  seen.add(v);
  try {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      return Array.from(v as unknown as ArrayLike<number>, (x) => canonical(x, seen));
    }
    if (Array.isArray(v)) return v.map((x) => canonical(x, seen));
    if (v instanceof Map) return { $map: [...v.entries()].map(([k, x]) => [canonical(k, seen), canonical(x, seen)]) };
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = canonical(x, seen);
    }
    return out;
  } finally {
    seen.delete(v);
  }
}

export function hashOf(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
