// Checks of option values at the API boundary: each failure is a UsageError
// with one line naming the option, the rule and what was given.
import { MSG } from './messages.js';
import { UsageError } from './errors.js';
import { blockCount, shardBlocks, type Shard } from '../engine/plan.js';

/** An integer as a command line writes it: decimal digits, perhaps a minus (not 1e3, 0x10, " 10" or 10.0). */
const INTEGER = /^-?\d+$/;

/** An integer ≥ min (and ≤ max), or a UsageError. Accepts numbers and the strings a command line gives. */
export function integerOption(name: string, value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const v = typeof value === 'string' ? (INTEGER.test(value) ? Number(value) : NaN) : value;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new UsageError(MSG.badInteger(name, min, max, value));
  }
  return v;
}

/** A number strictly inside (lo, hi), or a UsageError. */
export function fractionOption(name: string, value: unknown, lo = 0, hi = 1): number {
  const v = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof v !== 'number' || !Number.isFinite(v) || !(v > lo && v < hi)) throw new UsageError(MSG.badFraction(name, lo, hi, value));
  return v;
}

/** "k/n" (or a { k, n } record) -> a checked shard. */
export function shardOption(value: string | Shard): Shard {
  const m = typeof value === 'string' ? /^(\d+)\/(\d+)$/.exec(value) : null;
  const k = typeof value === 'string' ? (m === null ? NaN : Number(m[1])) : value.k;
  const n = typeof value === 'string' ? (m === null ? NaN : Number(m[2])) : value.n;
  if (!Number.isSafeInteger(n) || n < 1 || !Number.isSafeInteger(k) || k < 1 || k > n) throw new UsageError(MSG.badShard(value));
  return { k, n };
}

/** --set arguments as given: one string, several, or none. */
export function setsOption(value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  return typeof value === 'string' ? [value] : [...value];
}

/**
 * A shard that has blocks to run: shard k of n owns blocks ⌊(k−1)·B/n⌋ to
 * ⌊k·B/n⌋ − 1 of the run's B blocks (engine/plan.ts shardBlocks), none when n > B
 * for some k. Refused before anything is computed or written.
 */
export function checkShardBlocks(shard: Shard, replicates: number, blockSize: number): void {
  const blocks = blockCount(replicates, blockSize);
  const own = shardBlocks(blocks, shard);
  if (own.to > own.from) return;
  throw new UsageError(MSG.emptyShard(shard.k, shard.n, blocks, replicates, blockSize));
}
