// A scenario as the API takes it: a file path, or YAML text. Read once, the
// --set overrides and the option overrides (replicates, seed) applied, checked
// as a whole, and expanded into its design points.
import { closeSync, openSync, readSync } from 'node:fs';
import { loadScenario } from '../scenario/loadScenario.js';
import { expandDesigns, type DesignPoint } from '../scenario/expandDesigns.js';
import { scenarioHash } from '../scenario/scenarioHash.js';
import type { Scenario } from '../scenario/schema.js';
import { ScenarioInvalid, UsageError } from './errors.js';
import { MSG } from './messages.js';
import { integerOption, setsOption } from './options.js';

/**
 * A scenario file's path, or the YAML text itself: a string with a line break
 * is read as YAML, any other string as a path. `{ text, file }` gives text
 * with the name messages should show.
 */
export type ScenarioSource = string | { readonly text: string; readonly file?: string };

export interface ScenarioOptions {
  /** Overrides "key.path=value" (the value read as YAML), applied in order after the file, as `--set` does. */
  readonly set?: string | readonly string[];
  /** Simulated trials per design point, instead of the scenario's `replicates`. */
  readonly replicates?: number;
  /** Seed instead of the scenario's `seed`. */
  readonly seed?: number;
}

export interface ScenarioText {
  /** Name shown in messages: the path, or "<scenario>" for text. */
  readonly file: string;
  readonly text: string;
}

/**
 * Input size limits (docs/cli.md, "Limits"). A scenario is a few kilobytes;
 * sample data is about 21 KB per ProDERM trial, so the data limit holds the
 * largest CSV `sample` writes (MAX_SAMPLE_CSV_BYTES). Files are read with a
 * bounded reader: /dev/zero or a 50 GB file is refused after the limit, not read.
 */
export const MAX_SCENARIO_BYTES = 1024 * 1024;
export const MAX_DATA_BYTES = 256 * 1024 * 1024;
/** Any other text file trialsim reads (published targets, a run's run.json). */
export const MAX_TEXT_BYTES = 64 * 1024 * 1024;

/** The text of a scenario source; an unreadable or oversized file is a UsageError. */
export function readSource(source: ScenarioSource): ScenarioText {
  const checked = (file: string, text: string): ScenarioText => {
    if (text.length > MAX_SCENARIO_BYTES) throw new UsageError(MSG.tooLarge('scenario', file, MAX_SCENARIO_BYTES));
    return { file, text };
  };
  if (typeof source !== 'string') return checked(source.file ?? '<scenario>', source.text);
  if (source.includes('\n')) return checked('<scenario>', source);
  return { file: source, text: readTextFile(source, 'scenario', MAX_SCENARIO_BYTES) };
}

/** A text file of at most `maxBytes`, or a UsageError saying why it cannot be read. */
export function readTextFile(path: string, what: string, maxBytes = MAX_TEXT_BYTES): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new UsageError(MSG.unreadable(what, path, e));
  }
  try {
    // In chunks up to one byte past the limit: a device or pipe has no size to ask for.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, chunk, 0, chunk.length, null);
      } catch (e) {
        throw new UsageError(MSG.unreadable(what, path, e));
      }
      if (n === 0) break;
      chunks.push(n === chunk.length ? chunk : chunk.subarray(0, n));
      total += n;
      if (total > maxBytes) throw new UsageError(MSG.tooLarge(what, path, maxBytes));
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** The --set list with the option overrides appended (so they win over a --set of the same key). */
export function overrides(options: ScenarioOptions): string[] {
  const sets = setsOption(options.set);
  if (options.replicates !== undefined) sets.push(`replicates=${integerOption('replicates', options.replicates, 1, 10_000_000)}`);
  if (options.seed !== undefined) sets.push(`seed=${integerOption('seed', options.seed, 0, 4294967295)}`);
  return sets;
}

export interface LoadedScenario extends ScenarioText {
  /** The overrides applied, in order (--set, then replicates and seed). */
  readonly sets: readonly string[];
  /** Resolved: overrides applied, defaults filled in. */
  readonly scenario: Scenario;
  readonly designs: readonly DesignPoint[];
  /** scenarioHash of the resolved scenario. */
  readonly hash: string;
}

/** Load, check and expand; a scenario with problems is a ScenarioInvalid carrying every one. */
export function loadSource(source: ScenarioSource, options: ScenarioOptions = {}, extraSets: readonly string[] = []): LoadedScenario {
  const { file, text } = readSource(source);
  const sets = [...overrides(options), ...extraSets];
  const r = loadScenario(text, file, sets);
  if (!r.ok) throw new ScenarioInvalid(r.errors, r.omitted);
  return { file, text, sets, scenario: r.scenario, designs: expandDesigns(r.scenario), hash: scenarioHash(r.scenario) };
}

/** One design point by index or id; a scenario with one point needs no choice. */
export function pickPoint(loaded: LoadedScenario, point: number | string | undefined): DesignPoint {
  const { designs } = loaded;
  if (point === undefined) {
    if (designs.length === 1) return designs[0];
    throw new UsageError(MSG.pointNeeded(designs.length, designs.map((d) => d.id)));
  }
  const byId = designs.find((d) => d.id === point);
  if (byId !== undefined) return byId;
  const i = typeof point === 'number' ? point : /^\d+$/.test(point.trim()) ? Number(point) : NaN;
  if (Number.isSafeInteger(i) && i >= 0 && i < designs.length) return designs[i];
  throw new UsageError(MSG.unknownPoint(point, designs.map((d) => d.id)));
}
