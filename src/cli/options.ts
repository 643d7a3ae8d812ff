// Options several commands share, declared once so their help reads the same.
// Numbers are taken as strings and checked by the API, so a bad value is
// reported as the user typed it ("--replicates must be ... (got "ten")").
import { availableParallelism } from 'node:os';
import type { Options } from 'yargs';

export const SET: Options = {
  type: 'string',
  requiresArg: true,
  description: 'Override a scenario value, key.path=value (the value read as YAML); repeat for several',
};

export const REPLICATES: Options = {
  alias: 'r',
  type: 'string',
  requiresArg: true,
  description: "Simulated trials per design point (default: the scenario's replicates)",
};

export const SEED: Options = { type: 'string', requiresArg: true, description: "Seed (default: the scenario's seed)" };

export const WORKERS: Options = {
  alias: 'w',
  type: 'string',
  requiresArg: true,
  description: `Worker threads (default: the number of CPUs, ${availableParallelism()} here)`,
};

export const POINT: Options = {
  type: 'string',
  requiresArg: true,
  description: 'Design point of a sweep: its index (from 0) or its id',
};

/** Optional string option -> string | undefined (yargs gives an array when repeated; the last wins). */
export function last(v: unknown): string | undefined {
  if (Array.isArray(v)) return last(v[v.length - 1]);
  return v === undefined || v === null ? undefined : String(v);
}

/** --set as a list, however many times given. */
export function list(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
