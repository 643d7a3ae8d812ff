// Sweeps: a grid over key paths. Every combination of the listed values is one
// design point; points are ordered with the first key varying slowest (as
// nested loops written in the file's order).
import { deleteAt, isPrefix, isRecord, override, resolvePath, type SchemaNode } from './keyPath.js';
import { ALTERNATIVE_KEYS, SCENARIO_SCHEMA, type Scenario } from './schema.js';
import { MSG } from './messages.js';
import type { Segment } from './sourceMap.js';

/** Only what a design point may differ in; seed, replicates and the run settings are the run's. */
export const SWEEPABLE = ['model', 'design', 'analyses', 'multiplicity'] as const;

/** Upper bound on design points, against a typo turning a sweep into a week-long run. */
export const MAX_DESIGN_POINTS = 10000;

export interface SweepAxis {
  /** The key as written in the sweep block. */
  key: string;
  /** Resolved path (list items by index). */
  path: Segment[];
  values: readonly unknown[];
}

export interface AxisProblem {
  key: string;
  /** Which dot-separated part of the key is at fault (0 when the key as a whole). */
  segment: number;
  message: string;
}

/** The sweep block of `data` (plain, already schema-checked) as axes, in the file's order. */
export function sweepAxes(schema: SchemaNode, data: unknown): { axes: SweepAxis[]; problems: AxisProblem[] } {
  const axes: SweepAxis[] = [];
  const problems: AxisProblem[] = [];
  const sweep = isRecord(data) && Object.hasOwn(data, 'sweep') ? data.sweep : undefined;
  if (!isRecord(sweep)) return { axes, problems };
  const base = deleteAt(data, ['sweep']);
  for (const key of Object.keys(sweep)) {
    const values = sweep[key];
    if (!Array.isArray(values)) {
      problems.push({ key, segment: 0, message: MSG.sweepNotGrid });
      continue;
    }
    const segments = key.split('.');
    if (segments[0] === 'sweep') {
      problems.push({ key, segment: 0, message: MSG.sweepSelf });
      continue;
    }
    if (!SWEEPABLE.some((s) => s === segments[0])) {
      problems.push({ key, segment: 0, message: MSG.notSweepable(segments[0] ?? '', SWEEPABLE) });
      continue;
    }
    if (segments.some((s) => s === '')) {
      problems.push({ key, segment: 0, message: MSG.emptySegment });
      continue;
    }
    const r = resolvePath(schema, base, segments);
    if (!r.ok) {
      problems.push({ key, segment: r.segment, message: r.message });
      continue;
    }
    const clash = axes.find((a) => isPrefix(a.path, r.path) || isPrefix(r.path, a.path));
    if (clash !== undefined) {
      problems.push({ key, segment: 0, message: MSG.sweepNested(clash.key) });
      continue;
    }
    axes.push({ key, path: r.path, values });
  }
  const points = axes.reduce((n, a) => n * a.values.length, 1);
  if (points > MAX_DESIGN_POINTS) problems.push({ key: '', segment: 0, message: MSG.sweepTooLarge(points, MAX_DESIGN_POINTS) });
  return { axes, problems };
}

/** Index tuples of the grid, first axis slowest. */
export function gridIndices(axes: readonly SweepAxis[]): number[][] {
  let out: number[][] = [[]];
  for (const a of axes) out = out.flatMap((t) => a.values.map((_, j) => [...t, j]));
  return out;
}

/** The data of one grid point: the base without its sweep, each axis' value set. */
export function pointData(data: unknown, axes: readonly SweepAxis[], tuple: readonly number[]): unknown {
  let out = deleteAt(data, ['sweep']);
  axes.forEach((a, i) => {
    out = override(out, a.path, a.values[tuple[i]!], ALTERNATIVE_KEYS);
  });
  return out;
}

/** A value as a label shows it: scalars plain, lists and mappings as compact JSON. */
export function labelValue(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : String(v);
  return JSON.stringify(v) ?? 'null';
}

/** "design.n_per_arm=30, model.params.effectScale=0.5": the point's swept values, keys as written. */
export function pointLabel(axes: readonly SweepAxis[], tuple: readonly number[]): string {
  return axes.map((a, i) => `${a.key}=${labelValue(a.values[tuple[i]!])}`).join(', ');
}

/** The resolved axes of a validated scenario's sweep, in the file's order. */
export function axesOf(scenario: Scenario): SweepAxis[] {
  return sweepAxes(SCENARIO_SCHEMA, scenario).axes;
}
