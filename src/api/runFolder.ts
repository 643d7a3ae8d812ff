// A run's output folder, results/<run>/:
//
//   journal.jsonl   the engine's journal (resume, merge)
//   result.json     the engine's result (not in a shard's folder)
//   scenario.yaml   the resolved scenario: --set and option overrides applied, defaults filled in
//   run.json        how the run was made: scenario file and hash, overrides, truth settings, shard
//   summary.json, summary.csv, plots/, report.html   rendered from the two files above
//
// The run's default name is the scenario's name and a short hash of what
// determines its results, so the same command finds the same folder again
// (for --resume) and a changed scenario gets a folder of its own.
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { hashOf } from '../engine/identity.js';
import { JOURNAL_FILE } from '../engine/journal.js';
import type { Shard } from '../engine/plan.js';
import { RESULT_FILE } from '../engine/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';
import { KERNEL_ID } from './kernel.js';
import { MSG } from './messages.js';
import { readTextFile } from './source.js';

export const SCENARIO_FILE = 'scenario.yaml';
export const RUN_FILE = 'run.json';
export const RUN_FORMAT = 'trialsim-run/1';
export const DEFAULT_RESULTS_ROOT = 'results';

/** How the truth of the estimands was settled for a run. */
export type TruthSetting = { readonly computed: true; readonly patientsPerArm: number; readonly seed: number } | { readonly computed: false };

export interface RunInfo {
  readonly format: typeof RUN_FORMAT;
  /** trialsim's version that made the run. */
  readonly trialsim: string;
  readonly kernel: string;
  /** The whole run's name (a shard's folder carries the name of the run it is part of). */
  readonly name: string;
  readonly scenarioFile: string;
  readonly scenarioHash: string;
  readonly set: readonly string[];
  readonly designs: readonly { readonly index: number; readonly id: string; readonly values: readonly { readonly key: string; readonly value: unknown }[] }[];
  readonly truth: TruthSetting;
  readonly shard: Shard | null;
  /** How and when the run was finished (report.html states them); absent until it is. */
  readonly facts?: RunFacts;
}

/** What the report says about how a run was made. */
export interface RunFacts {
  readonly version: string;
  /** The command as typed, e.g. ['trialsim', 'run', 'scenarios/proderm.yaml']. */
  readonly commandLine: readonly string[];
  /** When the run finished, ISO 8601. */
  readonly date: string;
  readonly nodeVersion: string;
}

/** The facts of a run finishing now. */
export function factsNow(commandLine: readonly string[]): RunFacts {
  return { version: VERSION, commandLine: [...commandLine], date: new Date().toISOString(), nodeVersion: process.version };
}

/** "<scenario name>-<8 hex>": the hash covers the resolved scenario and the truth setting. */
export function runName(scenario: Scenario, scenarioHash: string, truth: TruthSetting): string {
  return `${scenario.name}-${hashOf({ scenario: scenarioHash, truth }).slice(0, 8)}`;
}

/** Default folder of a run (or of one shard of it). */
export function defaultRunDir(name: string, shard: Shard | null, root = DEFAULT_RESULTS_ROOT): string {
  return join(root, shard === null ? name : `${name}-shard-${shard.k}-of-${shard.n}`);
}

const SCENARIO_HEADER =
  '# The resolved scenario of this run: the file with its --set and option overrides\n' +
  '# applied and every default filled in. `trialsim report` renders from it.\n';

/** Write a file whole or not at all (a temporary beside it, renamed over it). */
export function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

/** Write scenario.yaml and run.json into dir (created if need be). */
export function writeRunFiles(dir: string, scenario: Scenario, info: RunInfo): void {
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, SCENARIO_FILE), SCENARIO_HEADER + stringify(scenario, { lineWidth: 0 }));
  writeRunInfo(dir, info);
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  writeAtomic(join(dir, RUN_FILE), JSON.stringify(info, null, 2) + '\n');
}

export const hasJournal = (dir: string): boolean => existsSync(join(dir, JOURNAL_FILE));
export const hasResult = (dir: string): boolean => existsSync(join(dir, RESULT_FILE));

/** run.json of a folder, checked field by field. */
export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, RUN_FILE);
  let x: unknown;
  try {
    x = JSON.parse(readTextFile(path, 'run description'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(MSG.notARunFolder(dir, `${RUN_FILE} is not JSON`));
  }
  const info = parseRunInfo(x);
  if (info === null) throw new UsageError(MSG.notARunFolder(dir, `${RUN_FILE} is not a ${RUN_FORMAT} run description`));
  return info;
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;

function parseTruth(x: unknown): TruthSetting | null {
  if (!isRecord(x)) return null;
  if (x.computed === false) return { computed: false };
  if (x.computed === true && isCount(x.patientsPerArm) && typeof x.seed === 'number') return { computed: true, patientsPerArm: x.patientsPerArm, seed: x.seed };
  return null;
}

function parseFacts(x: unknown): RunFacts | null {
  if (!isRecord(x) || typeof x.version !== 'string' || !isStrings(x.commandLine) || typeof x.date !== 'string' || typeof x.nodeVersion !== 'string') return null;
  return { version: x.version, commandLine: x.commandLine, date: x.date, nodeVersion: x.nodeVersion };
}

/** A run description from parsed JSON, or null when it is not one. */
export function parseRunInfo(x: unknown): RunInfo | null {
  if (!isRecord(x) || x.format !== RUN_FORMAT) return null;
  const { trialsim, kernel, name, scenarioFile, scenarioHash, set, designs } = x;
  if (typeof trialsim !== 'string' || typeof kernel !== 'string' || typeof name !== 'string') return null;
  if (typeof scenarioFile !== 'string' || typeof scenarioHash !== 'string' || !isStrings(set) || !Array.isArray(designs)) return null;
  const points: RunInfo['designs'][number][] = [];
  for (const d of designs) {
    if (!isRecord(d) || typeof d.index !== 'number' || typeof d.id !== 'string' || !Array.isArray(d.values)) return null;
    const values: { key: string; value: unknown }[] = [];
    for (const v of d.values) {
      if (!isRecord(v) || typeof v.key !== 'string') return null;
      values.push({ key: v.key, value: v.value });
    }
    points.push({ index: d.index, id: d.id, values });
  }
  const truth = parseTruth(x.truth);
  if (truth === null) return null;
  let shard: Shard | null = null;
  if (x.shard !== null) {
    if (!isRecord(x.shard) || !isCount(x.shard.k) || !isCount(x.shard.n)) return null;
    shard = { k: x.shard.k, n: x.shard.n };
  }
  const facts = x.facts === undefined ? undefined : parseFacts(x.facts);
  if (facts === null) return null;
  return { format: RUN_FORMAT, trialsim, kernel, name, scenarioFile, scenarioHash, set, designs: points, truth, shard, ...(facts === undefined ? {} : { facts }) };
}

/** The run description of a new run. */
export function runInfo(
  fields: Pick<RunInfo, 'name' | 'scenarioFile' | 'scenarioHash' | 'set' | 'truth' | 'shard'> & { designs: readonly { index: number; id: string; values: readonly { key: string; value: unknown }[] }[] },
): RunInfo {
  return {
    format: RUN_FORMAT,
    trialsim: VERSION,
    kernel: KERNEL_ID,
    name: fields.name,
    scenarioFile: fields.scenarioFile,
    scenarioHash: fields.scenarioHash,
    set: [...fields.set],
    designs: fields.designs.map((d) => ({ index: d.index, id: d.id, values: d.values.map((v) => ({ key: v.key, value: v.value })) })),
    truth: fields.truth,
    shard: fields.shard,
  };
}
