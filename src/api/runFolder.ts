// A run's output folder, results/<run>/:
//
//   journal.jsonl   the engine's journal (resume, merge)
//   result.json     the engine's result (not in a shard's folder)
//   scenario.yaml   the resolved scenario: --set and option overrides applied, defaults filled in
//   run.json        how the run was made: scenario file and hash, overrides, truth settings, shard
//   summary.json, summary.csv, plots/, report.html   rendered from the two files above
//
//   .trialsim.lock  while a run, merge or report writes in it: who (src/engine/folderFiles.ts)
//
// The run's default name is the scenario's name and a short hash of what
// determines its results, so the same command finds the same folder again
// (for --resume) and a changed scenario gets a folder of its own.
//
// A command that writes into a folder first claims it (claimFolder: created if
// need be, then locked), then reads what it holds (readRunFolder), and says no
// before computing anything when that is not what it needs.
import { existsSync, mkdirSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { FolderProblem } from '../engine/errors.js';
import { errorCode, lockFolder, writeFileAtomic } from '../engine/folderFiles.js';
import { hashOf } from '../engine/identity.js';
import { JOURNAL_FILE, readJournal, type JournalContents } from '../engine/journal.js';
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

/** Write a file whole or not at all (the project's one atomic writer, src/engine/folderFiles.ts). */
export const writeAtomic = (path: string, text: string): void => writeFileAtomic(path, text);

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

/** A folder a command has taken for itself: release it in `finally`. */
export interface FolderClaim {
  readonly dir: string;
  /** Unlock; a folder the claim created and nothing was written in is removed again. */
  release(): void;
}

/**
 * Take an output folder before anything is computed or written: created if
 * need be, then locked (src/engine/folderFiles.ts). Every folder problem is a
 * UsageError saying what to do: no name, a file in the way, a folder that
 * cannot be written, another trialsim writing there.
 */
export function claimFolder(dir: string, onNote?: (note: string) => void): FolderClaim {
  if (dir === '') throw new UsageError(MSG.emptyFolderName);
  let created = false;
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(MSG.folderIsFile(dir));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    if (errorCode(e) !== 'ENOENT') throw new UsageError(MSG.folderUnusable(dir, e));
    created = makeFolder(dir);
  }
  let lock;
  try {
    lock = lockFolder(dir, { onNote });
  } catch (e) {
    if (created) removeIfEmpty(dir);
    throw e instanceof FolderProblem ? new UsageError(e.message) : e;
  }
  return {
    dir,
    release(): void {
      lock.release();
      if (created) removeIfEmpty(dir); // a claim that wrote nothing leaves nothing behind
    },
  };
}

/**
 * mkdir -p, one level at a time: Node's recursive mkdir says ENOENT where the
 * file system is read-only. True when this call made `dir` itself (false when
 * another process made it first, as two runs started together into one folder do).
 */
function makeFolder(dir: string): boolean {
  const parent = dirname(dir);
  if (parent !== dir && !existsSync(parent)) makeFolder(parent);
  try {
    mkdirSync(dir);
    return true;
  } catch (e) {
    if (errorCode(e) !== 'EEXIST') throw new UsageError(MSG.folderUnusable(dir, e));
    return false;
  }
}

/** rmdir, which removes a folder only while it is empty: one that holds another run's files (or its lock) stays. */
function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    // not empty: it holds what another process wrote
  }
}

/** What a folder holds of a run, read and checked (the journal as resume and merge check it). */
export interface RunFolderContents {
  readonly journal: JournalContents | null;
  /** run.json, when there is one. */
  readonly info: RunInfo | null;
  /** Whether result.json is there (the run was finished, or merged here). */
  readonly result: boolean;
}

/** The files a run writes in its folder, which `force` removes. */
const RUN_FILES = [JOURNAL_FILE, RESULT_FILE, SCENARIO_FILE, RUN_FILE, 'summary.json', 'summary.csv', 'report.html'];

/** Read what a run folder holds; a journal that cannot be read (empty, damaged, a folder) is a UsageError saying what to do. */
export function readRunFolder(dir: string): RunFolderContents {
  const journalPath = join(dir, JOURNAL_FILE);
  let journal: JournalContents | null = null;
  if (existsSync(journalPath)) {
    const stat = statSync(journalPath);
    if (stat.isDirectory()) throw new UsageError(MSG.journalIsFolder(dir));
    if (stat.size === 0) throw new UsageError(MSG.journalEmpty(dir));
    try {
      journal = readJournal(dir);
    } catch (e) {
      if (e instanceof FolderProblem) throw new UsageError(MSG.journalUnusable(e.message, dir));
      throw new UsageError(MSG.unreadable('run journal', journalPath, e));
    }
  }
  const info = existsSync(join(dir, RUN_FILE)) ? readRunInfo(dir) : null;
  return { journal, info, result: existsSync(join(dir, RESULT_FILE)) };
}

/** Whether clearRunFolder can clear the folder (its journal is not a folder); a UsageError if not. */
export function checkClearable(dir: string): void {
  if (existsSync(join(dir, JOURNAL_FILE)) && statSync(join(dir, JOURNAL_FILE)).isDirectory()) throw new UsageError(MSG.journalIsFolder(dir));
}

/** Remove what a run wrote in its folder (the journal included), to start over in it. */
export function clearRunFolder(dir: string): void {
  checkClearable(dir);
  try {
    for (const f of RUN_FILES) rmSync(join(dir, f), { force: true });
    rmSync(join(dir, 'plots'), { recursive: true, force: true });
  } catch (e) {
    throw new UsageError(MSG.folderUnusable(dir, e));
  }
}

/** What identifies a run before its truth is computed: as run.json and the journal's header record it. */
export interface RunSignature {
  readonly name: string | null;
  readonly seed: number | null;
  readonly replicates: number | null;
  readonly blockSize: number | null;
  readonly shard: Shard | null;
  readonly designs: readonly string[] | null;
}

const shardText = (s: Shard | null): string => (s === null ? 'the whole run' : `shard ${s.k}/${s.n}`);

/** "run small-1a2b3c4d (seed 11, 200 replicates, block size 50, the whole run)": the fields known. */
export function describeSignature(s: RunSignature): string {
  const fields = [
    s.seed === null ? null : `seed ${s.seed}`,
    s.replicates === null ? null : `${s.replicates} replicates`,
    s.blockSize === null ? null : `block size ${s.blockSize}`,
    shardText(s.shard),
  ].filter((f) => f !== null);
  return `${s.name === null ? 'a run' : `run ${s.name}`} (${fields.join(', ')})`;
}

/** The signature of the run a folder holds, from its run.json and journal header; null when it holds none. */
export function heldSignature(held: RunFolderContents): RunSignature | null {
  if (held.info === null && held.journal === null) return null;
  const header = held.journal?.header ?? null;
  const run = (header?.run ?? null) as { seed?: unknown; replicates?: unknown; blockSize?: unknown; designs?: unknown } | null;
  const num = (x: unknown): number | null => (typeof x === 'number' ? x : null);
  return {
    name: held.info?.name ?? null,
    seed: num(run?.seed),
    replicates: num(run?.replicates),
    blockSize: num(run?.blockSize),
    shard: header !== null ? header.shard : (held.info?.shard ?? null),
    designs: Array.isArray(run?.designs) ? run.designs.map((d: { id?: unknown }) => String(d.id)) : null,
  };
}

/** Whether two signatures can be the same run: every field both know agrees. */
export function sameRun(a: RunSignature, b: RunSignature): boolean {
  const agree = <T>(x: T | null, y: T | null): boolean => x === null || y === null || JSON.stringify(x) === JSON.stringify(y);
  return (
    agree(a.name, b.name) &&
    agree(a.seed, b.seed) &&
    agree(a.replicates, b.replicates) &&
    agree(a.blockSize, b.blockSize) &&
    JSON.stringify(a.shard) === JSON.stringify(b.shard) &&
    agree(a.designs, b.designs)
  );
}
