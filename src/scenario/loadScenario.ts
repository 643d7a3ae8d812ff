// Scenario text (+ --set overrides) -> a validated Scenario, or every problem
// found, each with file:line:col and key path. Nothing is run on a file with
// a problem, so this checks everything that can be checked before running:
//
//   YAML ──parse──▶ data + source tree ──--set──▶ data' (+ where each set came from)
//     ──schema──▶ types, ranges, unknown keys (did you mean)
//     ──sweep──▶ each axis' key path and each value checked in place
//     ──every grid point──▶ model, design and analyses resolvers (cross-field rules)
//
// Pure: no I/O; the caller reads the file and prints formatError(e).
import { deleteAt, formatPath, isPrefix, isRecord, override, resolvePath } from './keyPath.js';
import { clip, MSG } from './messages.js';
import { ALTERNATIVE_KEYS, SCENARIO_SCHEMA, type Scenario } from './schema.js';
import { compareErrors, SET_SOURCE, type ScenarioError } from './scenarioError.js';
import { locate, locateSubtree, parseYaml, type KeyPath, type Position, type Segment, type SourceTree } from './sourceMap.js';
import { overriddenKeys, overriddenSets } from './precedence.js';
import { gridIndices, pointData, pointLabel, sweepAxes } from './sweep.js';
import { toKernelSpec, type ModelCache } from './toKernelSpec.js';
import { checkScenario } from './validator.js';

/**
 * On failure, `errors` are the first MAX_LISTED_ERRORS problems in file order
 * and `omitted` says how many more there were (a file of 40,000 unknown keys
 * gets 50 lines and a count, not 40,000 lines).
 */
export type LoadResult = { ok: true; scenario: Scenario } | { ok: false; errors: ScenarioError[]; omitted: number };

/** Problems listed at most; the rest are counted. */
export const MAX_LISTED_ERRORS = 50;
/** Characters of a key path shown at most (a path holds the user's own keys). */
const MAX_PATH = 120;

/** Where part of the data was written: the file, or a --set argument, mounted at a key path. */
interface Origin {
  file: string;
  mount: Segment[];
  tree: SourceTree;
}

interface Report {
  add(file: string, at: Position, path: string, message: string, dedupeKey?: string): void;
  readonly empty: boolean;
  /** The failure: the first problems in file order, and how many more. */
  failure(): { ok: false; errors: ScenarioError[]; omitted: number };
}

/** Errors collected as found, each reported once. */
function createReport(): Report {
  const errors: ScenarioError[] = [];
  const seen = new Set<string>();
  return {
    add(file, at, path, message, dedupeKey = message) {
      const key = `${file}:${at.line}:${at.col}:${path}:${dedupeKey}`;
      if (seen.has(key)) return;
      seen.add(key);
      errors.push({ file, line: at.line, col: at.col, path: clip(path, MAX_PATH), message });
    },
    get empty() {
      return errors.length === 0;
    },
    failure: () => {
      const sorted = [...errors].sort(compareErrors);
      return { ok: false, errors: sorted.slice(0, MAX_LISTED_ERRORS), omitted: Math.max(0, sorted.length - MAX_LISTED_ERRORS) };
    },
  };
}

/** The file and position of `path`: the last origin mounted at or above it wins. */
function place(origins: readonly Origin[], path: KeyPath, atKey: boolean): { file: string; at: Position } {
  for (let i = origins.length - 1; i >= 0; i--) {
    const o = origins[i]!;
    if (isPrefix(o.mount, path)) return { file: o.file, at: locate(o.tree, path.slice(o.mount.length), atKey) };
  }
  const base = origins[0]!;
  return { file: base.file, at: locate(base.tree, path, atKey) };
}

/** The source tree at `path`, as an origin mounted at `mount` (a sweep value standing in for a key). */
function originAt(origins: readonly Origin[], path: KeyPath, mount: Segment[]): Origin {
  for (let i = origins.length - 1; i >= 0; i--) {
    const o = origins[i]!;
    if (isPrefix(o.mount, path)) return { file: o.file, mount, tree: locateSubtree(o.tree, path.slice(o.mount.length)) };
  }
  const base = origins[0]!;
  return { file: base.file, mount, tree: locateSubtree(base.tree, path) };
}

interface AppliedSet {
  path: Segment[];
  line: number;
  col: number;
}

/** Apply the --set arguments in order; problems are reported against "--set". */
function applySets(data: unknown, sets: readonly string[], origins: Origin[], report: Report): { data: unknown; applied: AppliedSet[] } {
  const applied: AppliedSet[] = [];
  let out = data;
  sets.forEach((arg, k) => {
    const line = k + 1;
    const eq = arg.indexOf('=');
    if (eq < 0) {
      report.add(SET_SOURCE, { line, col: 1 }, '', MSG.setSyntax(arg));
      return;
    }
    const rawKey = arg.slice(0, eq);
    const lead = rawKey.length - rawKey.trimStart().length;
    const key = rawKey.trim();
    if (key === '') {
      report.add(SET_SOURCE, { line, col: 1 }, '', MSG.setEmptyPath);
      return;
    }
    const segments = key.split('.');
    if (segments.some((s) => s === '')) {
      report.add(SET_SOURCE, { line, col: 1 + lead }, key, MSG.emptySegment);
      return;
    }
    const resolved = resolvePath(SCENARIO_SCHEMA, out, segments);
    if (!resolved.ok) {
      const col = 1 + lead + segments.slice(0, resolved.segment).reduce((n, s) => n + s.length + 1, 0);
      report.add(SET_SOURCE, { line, col }, segments.slice(0, resolved.segment + 1).join('.'), resolved.message);
      return;
    }
    const parsed = parseYaml(arg.slice(eq + 1), line, eq + 1);
    if (!parsed.ok) {
      for (const e of parsed.errors) report.add(SET_SOURCE, e.at, key, MSG.setValueSyntax(e.message.replace(/^malformed YAML: /, '')));
      return;
    }
    out = override(out, resolved.path, parsed.value, ALTERNATIVE_KEYS);
    origins.push({ file: SET_SOURCE, mount: resolved.path, tree: { ...parsed.tree, keyAt: { line, col: 1 + lead } } });
    applied.push({ path: resolved.path, line, col: 1 + lead });
  });
  return { data: out, applied };
}

/** A --set of a swept key (or of a key containing or inside it) fixes it: that sweep axis is dropped. */
function dropOverriddenAxes(data: unknown, applied: readonly AppliedSet[]): unknown {
  if (!isRecord(data) || !isRecord(data.sweep)) return data;
  let out: unknown = data;
  const fixed = applied.filter((s) => s.path[0] !== 'sweep');
  for (const key of Object.keys(data.sweep)) {
    const r = resolvePath(SCENARIO_SCHEMA, deleteAt(data, ['sweep']), key.split('.'));
    if (r.ok && fixed.some((s) => isPrefix(s.path, r.path) || isPrefix(r.path, s.path))) out = deleteAt(out, ['sweep', key]);
  }
  return out;
}

/**
 * Parse and validate a scenario. `file` names the source in messages; `sets`
 * are --set arguments ("key.path=value", the value read as YAML), applied in
 * order after the file. On success the scenario has every schema default filled in.
 */
export function loadScenario(text: string, file: string, sets: readonly string[] = []): LoadResult {
  const report = createReport();
  const parsed = parseYaml(text);
  if (!parsed.ok) {
    for (const e of parsed.errors) report.add(file, e.at, '', e.message);
    return report.failure();
  }
  const origins: Origin[] = [{ file, mount: [], tree: parsed.tree }];
  if (parsed.value === null) {
    report.add(file, { line: 1, col: 1 }, '', MSG.emptyFile);
    return report.failure();
  }
  if (!isRecord(parsed.value)) {
    report.add(file, parsed.tree.at, '', MSG.wrongType(['object'], parsed.value));
    return report.failure();
  }

  const withSets = applySets(parsed.value, sets, origins, report);
  if (!report.empty) return report.failure();
  const data = dropOverriddenAxes(withSets.data, withSets.applied);

  // 1. the file as a whole (the sweep block only as a mapping of lists)
  const checked = checkScenario(data);
  if (!checked.ok) {
    for (const p of checked.problems) {
      const where = place(origins, p.path, p.atKey);
      report.add(where.file, where.at, formatPath(p.path, data), p.message);
    }
    return report.failure();
  }

  // 2. the sweep's keys, then each value on its own
  const { axes, problems } = sweepAxes(SCENARIO_SCHEMA, data);
  for (const p of problems) {
    const path: Segment[] = p.key === '' ? ['sweep'] : ['sweep', p.key];
    const where = place(origins, path, true);
    const offset = p.key.split('.').slice(0, p.segment).reduce((n, s) => n + s.length + 1, 0);
    report.add(where.file, { line: where.at.line, col: where.at.col + offset }, p.key === '' ? 'sweep' : `sweep.${p.key}`, p.message);
  }
  for (const c of overriddenSets(withSets.applied, axes)) {
    if (c.set !== null) report.add(SET_SOURCE, { line: c.set.line, col: c.set.col }, formatPath(c.set.path, data), c.message);
    else if (c.axis !== null) {
      const where = place(origins, ['sweep', c.axis.key], true);
      report.add(where.file, where.at, `sweep.${c.axis.key}`, c.message);
    }
  }
  if (!report.empty) return report.failure();
  const base = deleteAt(data, ['sweep']);
  const valueOrigin = (axisIndex: number, j: number): Origin => {
    const a = axes[axisIndex]!;
    return originAt(origins, ['sweep', a.key, j], a.path);
  };
  axes.forEach((a, i) => {
    a.values.forEach((v, j) => {
      const candidate = override(base, a.path, v, ALTERNATIVE_KEYS);
      const c = checkScenario(candidate);
      if (c.ok) return;
      const vo = valueOrigin(i, j);
      for (const p of c.problems) {
        const inside = isPrefix(a.path, p.path);
        const at = locate(vo.tree, inside ? p.path.slice(a.path.length) : [], inside && p.atKey);
        report.add(vo.file, at, formatPath(p.path, candidate), p.message);
      }
    });
  });
  if (!report.empty) return report.failure();

  // 3. every design point through the layers' resolvers
  const cache: ModelCache = new Map();
  for (const tuple of gridIndices(axes)) {
    const point = pointData(data, axes, tuple);
    const label = axes.length > 0 ? pointLabel(axes, tuple) : '';
    const pointOrigins = [...origins, ...axes.map((a, i) => valueOrigin(i, tuple[i]!))];
    const report1 = (path: Segment[], atKey: boolean, message: string): void => {
      // a problem inside the one swept key is shown at its value; any other names the point
      const alone = axes.length === 1 && isPrefix(axes[0]!.path, path);
      const where = place(pointOrigins, path, atKey);
      const text = label === '' || alone ? message : `${message} ${MSG.atPoint(label)}`;
      report.add(where.file, where.at, formatPath(path, point), text, message);
    };
    const c = checkScenario(point);
    if (!c.ok) {
      for (const p of c.problems) report1(p.path, p.atKey, p.message);
      continue;
    }
    for (const p of overriddenKeys(point)) report1(p.path, false, p.message);
    const converted = toKernelSpec(c.scenario, cache);
    if (!converted.ok) for (const p of converted.problems) report1(p.path, false, p.message);
  }
  if (!report.empty) return report.failure();
  return { ok: true, scenario: checked.scenario };
}
