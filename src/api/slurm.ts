// trialsim on a Slurm cluster: a run cut into shards, one per task of a job
// array, and a merge job that waits for them (afterok).
//
//   prepareSlurmRun(scenario, { tasks: N })  ──▶ <run>/slurm/array.sbatch, merge.sbatch, slurm.json
//        (--submit: sbatch both; the job ids go into slurm.json)
//   array task i  ──▶ trialsim run SCENARIO --shard i/N --out <run>/shard-i-of-N  (--resume when its journal exists)
//   merge job     ──▶ trialsim merge <run>/shard-*-of-N --out <run>   (result.json, summary, report)
//   slurmStatus(<run>)     each shard from its journal and squeue: done, queued, running (blocks done/total) or stopped
//   resubmitSlurm(<run>)   the same array script for just the unfinished indices, and a new merge job
//
// The scripts name the node and the trialsim of the install that wrote them,
// by absolute path, so every task runs the same code (the journal's identity
// check would refuse another kernel anyway). Shard folders live inside the
// run folder, which must be on a filesystem every node sees.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readJournal, JOURNAL_FILE } from '../engine/journal.js';
import { blockCount, DEFAULT_BLOCK_SIZE, shardBlocks } from '../engine/plan.js';
import { RESULT_FILE, checkRunSettings } from '../engine/runResult.js';
import { folderProblem, UsageError } from './errors.js';
import { MSG } from './messages.js';
import { integerOption } from './options.js';
import { defaultRunDir, runName, writeAtomic, type TruthSetting } from './runFolder.js';
import { loadSource, readTextFile, type ScenarioOptions } from './source.js';
import { DEFAULT_TRUTH_POPULATION, TRUTH_SEED } from './truth.js';

export const SLURM_DIR = 'slurm';
export const SLURM_FILE = 'slurm.json';
export const SLURM_FORMAT = 'trialsim-slurm/1';
export const ARRAY_SCRIPT = 'array.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';

/** This install's command line entry (dist/src/cli/main.js), beside this compiled file. */
export const TRIALSIM_MAIN = fileURLToPath(new URL('../cli/main.js', import.meta.url));

export interface SlurmOptions extends ScenarioOptions {
  /** Array tasks, one shard each (1 to the run's number of blocks). */
  readonly tasks: number;
  /** sbatch --partition, --time, --mem, --account (left to the cluster's defaults when absent). */
  readonly partition?: string;
  readonly time?: string;
  readonly mem?: string;
  readonly account?: string;
  /** sbatch --cpus-per-task: the workers of each task (default 1). */
  readonly cpusPerTask?: number;
  /** The run folder (default: results/<name>-<hash>, where `trialsim run` would put it). */
  readonly outDir?: string;
  readonly resultsRoot?: string;
  /** As for runScenario, passed to every shard. */
  readonly truth?: boolean;
  readonly truthPopulation?: number;
  readonly blockSize?: number;
  /** Submit with sbatch (default false: write the scripts and say how to submit them). */
  readonly submit?: boolean;
  /** Tests: delay each engine task by this many ms (run's hidden --task-delay). */
  readonly taskDelayMs?: number;
}

export interface Submission {
  /** When it was submitted, ISO 8601. */
  readonly date: string;
  /** The array indices (= shard numbers) submitted; empty when only the merge job was. */
  readonly indices: readonly number[];
  readonly arrayJob: string | null;
  /** null when sbatch refused the merge job after the array was submitted. */
  readonly mergeJob: string | null;
}

/** slurm.json: what the scripts run, and every submission of them. */
export interface SlurmRun {
  readonly format: typeof SLURM_FORMAT;
  readonly name: string;
  /** The run folder, absolute. */
  readonly outDir: string;
  readonly tasks: number;
  /** Blocks per design of the whole run, and design points: each shard's share follows (shardBlocks). */
  readonly blocks: number;
  readonly designs: number;
  readonly scenarioFile: string;
  /** The options after the scenario that every shard's `trialsim run` gets (--set, --replicates, ...). */
  readonly runArgs: readonly string[];
  readonly node: string;
  readonly main: string;
  readonly submissions: readonly Submission[];
}

export interface SlurmPrepared {
  readonly run: SlurmRun;
  readonly arrayScript: string;
  readonly mergeScript: string;
  /** Shell commands that submit the scripts (what --submit does). */
  readonly commands: readonly string[];
  /** The submission made (with `submit`), else null. */
  readonly submitted: Submission | null;
  /** Set when the folder held this run, submitted before: --submit then resubmitted what did not finish. */
  readonly resubmitted: ResubmitOutcome | null;
}

/**
 * A shard's state. From its journal: done, or (Slurm's queue not known)
 * running (blocks journalled) and missing (no journal yet). With the last
 * submission's tasks from squeue: queued (pending), running, or stopped (not
 * done and no longer in the queue: it failed, timed out or was cancelled;
 * `slurm resubmit` reruns it).
 */
export type ShardState = 'done' | 'running' | 'missing' | 'queued' | 'stopped';

/** What Slurm said of the last submission's array tasks. */
export type QueueView =
  | { readonly known: true; readonly job: string; readonly tasks: ReadonlyMap<number, string> }
  | { readonly known: false; readonly why: 'not submitted' | 'squeue not found' };

export interface ShardProgress {
  /** Shard k of the run's tasks (= its array index). */
  readonly k: number;
  readonly dir: string;
  readonly state: ShardState;
  readonly blocksDone: number;
  readonly blocksTotal: number;
}

export interface SlurmStatus {
  readonly run: SlurmRun;
  readonly shards: readonly ShardProgress[];
  /** squeue's view of the last submission's array tasks, which tells running from stopped. */
  readonly queue: QueueView;
  /** The merged result.json exists. */
  readonly merged: boolean;
}

/** A word the shell reads as itself. */
export function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** "1-3,5,7-8": Slurm's --array syntax for a sorted list of indices. */
export function arraySpec(indices: readonly number[]): string {
  const out: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
    out.push(i === j ? `${indices[i]}` : `${indices[i]}-${indices[j]}`);
    i = j + 1;
  }
  return out.join(',');
}

/** The job id of `sbatch --parsable` output ("1234" or "1234;cluster"), or null. */
export function parseSbatchId(stdout: string): string | null {
  const lines = stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const m = /^(\d+)(?:;\S+)?$/.exec(lines[lines.length - 1] ?? '');
  return m === null ? null : m[1];
}

export const shardDir = (run: Pick<SlurmRun, 'outDir' | 'tasks'>, k: number): string => join(run.outDir, `shard-${k}-of-${run.tasks}`);
const slurmDir = (outDir: string): string => join(outDir, SLURM_DIR);

// Values that go into #SBATCH lines: one word each, in the forms sbatch takes.
const SBATCH_VALUES = {
  partition: { re: /^[\w.,-]+$/, form: 'a partition name (or a comma-separated list)' },
  account: { re: /^[\w.-]+$/, form: 'an account name' },
  time: { re: /^(\d+-)?\d+(:\d+){0,2}$|^\d+-\d+$/, form: 'minutes, MM:SS, HH:MM:SS, D-HH or D-HH:MM:SS' },
  mem: { re: /^\d+[KMGT]?$/i, form: 'a size such as 4000, 4G or 512M' },
} as const;

function sbatchValue(name: keyof typeof SBATCH_VALUES, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!SBATCH_VALUES[name].re.test(value)) throw new UsageError(MSG.slurmBadValue(name, SBATCH_VALUES[name].form, value));
  return value;
}

interface ScriptSettings {
  readonly partition?: string;
  readonly time?: string;
  readonly mem?: string;
  readonly account?: string;
  readonly cpusPerTask: number;
}

function directives(s: ScriptSettings): string[] {
  const d: string[] = [];
  if (s.partition !== undefined) d.push(`#SBATCH --partition=${s.partition}`);
  if (s.account !== undefined) d.push(`#SBATCH --account=${s.account}`);
  if (s.time !== undefined) d.push(`#SBATCH --time=${s.time}`);
  if (s.mem !== undefined) d.push(`#SBATCH --mem=${s.mem}`);
  return d;
}

/** The job array's script: task i runs shard i of N, resuming its journal when there is one. */
export function arrayScriptText(run: SlurmRun, s: ScriptSettings, cwd: string): string {
  const q = shellWord;
  return [
    '#!/bin/bash',
    `# trialsim on Slurm: run ${run.name} as ${run.tasks} shards, one per array task; written by \`trialsim slurm\`.`,
    '# Array index i runs shard i (so a resubmission of some indices, sbatch --array=2,4, reruns just those).',
    `# A task whose shard journal exists resumes it. Progress: trialsim slurm status ${q(run.outDir)}`,
    `#SBATCH --job-name=${q(`trialsim-${run.name}`)}`,
    `#SBATCH --array=${arraySpec(Array.from({ length: run.tasks }, (_, i) => i + 1))}`,
    `#SBATCH --cpus-per-task=${s.cpusPerTask}`,
    `#SBATCH --output=${q(join(slurmDir(run.outDir), 'logs', 'shard-%a-job-%A.out'))}`,
    ...directives(s),
    'set -eu',
    `cd ${q(cwd)}`,
    `shard="$SLURM_ARRAY_TASK_ID"`,
    `out=${q(run.outDir)}/shard-"$shard"-of-${run.tasks}`,
    'resume=',
    `if [ -e "$out/${JOURNAL_FILE}" ]; then resume=--resume; fi`,
    ['exec', q(run.node), q(run.main), 'run', q(run.scenarioFile), `--shard "$shard/${run.tasks}"`, '--out "$out"', `--workers "\${SLURM_CPUS_PER_TASK:-${s.cpusPerTask}}"`, ...run.runArgs.map(q), '$resume'].join(' '),
    '',
  ].join('\n');
}

/** The merge job's script: every shard folder into the run folder. */
export function mergeScriptText(run: SlurmRun, s: ScriptSettings, cwd: string): string {
  const q = shellWord;
  const shards = Array.from({ length: run.tasks }, (_, i) => q(shardDir(run, i + 1)));
  return [
    '#!/bin/bash',
    `# trialsim on Slurm: merge the ${run.tasks} shards of ${run.name} once every array task has succeeded (sbatch --dependency=afterok:<array job>).`,
    `#SBATCH --job-name=${q(`trialsim-${run.name}-merge`)}`,
    '#SBATCH --cpus-per-task=1',
    `#SBATCH --output=${q(join(slurmDir(run.outDir), 'logs', 'merge-job-%j.out'))}`,
    ...directives(s),
    'set -eu',
    `cd ${q(cwd)}`,
    `exec ${q(run.node)} ${q(run.main)} merge ${shards.join(' ')} --out ${q(run.outDir)}`,
    '',
  ].join('\n');
}

/** The shell commands that submit the array (all of it, or some indices) and the merge job after it. */
export function submitCommands(run: SlurmRun, indices: readonly number[] | 'all'): string[] {
  const dir = slurmDir(run.outDir);
  const merge = shellWord(join(dir, MERGE_SCRIPT));
  if (indices !== 'all' && indices.length === 0) return [`sbatch ${merge}`];
  const array = indices === 'all' ? '' : ` --array=${arraySpec(indices)}`;
  return [`jobid=$(sbatch --parsable${array} ${shellWord(join(dir, ARRAY_SCRIPT))})`, `sbatch --dependency=afterok:\${jobid%%;*} ${merge}`];
}

function writeSlurmRun(run: SlurmRun): void {
  writeAtomic(join(slurmDir(run.outDir), SLURM_FILE), JSON.stringify(run, null, 2) + '\n');
}

/** Run a Slurm command; its stdout, or a UsageError (not installed) / Error (it failed) saying so. */
function slurmCommand(program: string, args: readonly string[]): string {
  const r = spawnSync(program, args, { encoding: 'utf8' });
  if (r.error !== undefined) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(MSG.slurmNotInstalled(program));
    throw r.error;
  }
  if (r.status !== 0) throw new Error(MSG.slurmCommandFailed([program, ...args].join(' '), r.status, r.stderr.trim()));
  return r.stdout;
}

function sbatch(args: readonly string[]): string {
  const out = slurmCommand('sbatch', ['--parsable', ...args]);
  const id = parseSbatchId(out);
  if (id === null) throw new Error(MSG.slurmNoJobId(out.trim()));
  return id;
}

/** Submit the array (all indices, or some) and the merge job depending on it; recorded in slurm.json. */
function submit(submitted: SlurmRun, indices: readonly number[] | 'all'): { run: SlurmRun; submission: Submission } {
  let run = submitted;
  const dir = slurmDir(run.outDir);
  const all = Array.from({ length: run.tasks }, (_, i) => i + 1);
  const chosen = indices === 'all' ? all : indices;
  let arrayJob: string | null = null;
  if (chosen.length > 0) arrayJob = sbatch([...(indices === 'all' ? [] : [`--array=${arraySpec(chosen)}`]), join(dir, ARRAY_SCRIPT)]);
  let mergeJob: string | null = null;
  try {
    mergeJob = sbatch([...(arrayJob === null ? [] : [`--dependency=afterok:${arrayJob}`]), join(dir, MERGE_SCRIPT)]);
  } finally {
    // The array is recorded even when its merge job could not be submitted (resubmit then adds one).
    const submission: Submission = { date: new Date().toISOString(), indices: chosen, arrayJob, mergeJob };
    run = { ...run, submissions: [...run.submissions, submission] };
    if (arrayJob !== null || mergeJob !== null) writeSlurmRun(run);
  }
  return { run, submission: run.submissions[run.submissions.length - 1] };
}

/**
 * Write the sbatch scripts of a run on a Slurm cluster into its folder (and
 * submit them with `submit`). Checks the scenario and every option first:
 * nothing is written when one is wrong.
 *
 * @example
 * const jobs = prepareSlurmRun('scenarios/parametric_textbook.yaml', { tasks: 4, time: '1:00:00' });
 * console.log(jobs.commands.join('\n'));
 */
export function prepareSlurmRun(scenarioFile: string, options: SlurmOptions): SlurmPrepared {
  if (scenarioFile.includes('\n')) throw new UsageError(MSG.slurmNeedsFile);
  const loaded = loadSource(scenarioFile, options);
  const truth: TruthSetting =
    options.truth === false
      ? { computed: false }
      : { computed: true, patientsPerArm: integerOption('truthPopulation', options.truthPopulation ?? DEFAULT_TRUTH_POPULATION, 100, 100_000_000), seed: TRUTH_SEED };
  const blockSize = options.blockSize === undefined ? DEFAULT_BLOCK_SIZE : integerOption('blockSize', options.blockSize, 1, 1_000_000);
  const blocks = blockCount(loaded.scenario.replicates, blockSize);
  const tasks = integerOption('tasks', options.tasks, 1, 100_000);
  if (tasks > blocks) throw new UsageError(MSG.slurmTooManyTasks(tasks, blocks, loaded.scenario.replicates, blockSize));
  const settings: ScriptSettings = {
    partition: sbatchValue('partition', options.partition),
    account: sbatchValue('account', options.account),
    time: sbatchValue('time', options.time),
    mem: sbatchValue('mem', options.mem),
    cpusPerTask: options.cpusPerTask === undefined ? 1 : integerOption('cpusPerTask', options.cpusPerTask, 1, 1024),
  };
  const taskDelay = options.taskDelayMs === undefined ? undefined : integerOption('taskDelay', options.taskDelayMs, 0, 60_000);
  const name = runName(loaded.scenario, loaded.hash, truth);
  const outDir = resolve(options.outDir ?? defaultRunDir(name, null, options.resultsRoot));

  // What every shard's `trialsim run` is told besides the scenario, shard and folder: the options that fix the run's identity.
  const runArgs: string[] = [];
  for (const s of [...(typeof options.set === 'string' ? [options.set] : (options.set ?? []))]) runArgs.push('--set', s);
  if (options.replicates !== undefined) runArgs.push('--replicates', String(loaded.scenario.replicates));
  if (options.seed !== undefined) runArgs.push('--seed', String(loaded.scenario.seed));
  if (!truth.computed) runArgs.push('--no-truth');
  else if (options.truthPopulation !== undefined) runArgs.push('--truth-population', String(truth.patientsPerArm));
  if (options.blockSize !== undefined) runArgs.push('--block-size', String(blockSize));
  if (taskDelay !== undefined) runArgs.push('--task-delay', String(taskDelay));

  const fresh: SlurmRun = {
    format: SLURM_FORMAT,
    name,
    outDir,
    tasks,
    blocks,
    designs: loaded.designs.length,
    scenarioFile: resolve(scenarioFile),
    runArgs,
    node: process.execPath,
    main: TRIALSIM_MAIN,
    submissions: [],
  };
  const dir = slurmDir(outDir);
  const arrayScript = join(dir, ARRAY_SCRIPT);
  const mergeScript = join(dir, MERGE_SCRIPT);
  const arrayText = arrayScriptText(fresh, settings, process.cwd());
  const mergeText = mergeScriptText(fresh, settings, process.cwd());
  const commands = submitCommands(fresh, 'all');

  // The same command again on its own folder writes the same scripts; with
  // --submit after an earlier submission it resubmits what did not finish.
  // Anything else in the folder is refused.
  let held: SlurmRun | null = null;
  if (existsSync(join(dir, SLURM_FILE))) {
    held = readSlurmRun(outDir);
    const same =
      JSON.stringify({ ...held, submissions: [] }) === JSON.stringify(fresh) &&
      readTextFile(arrayScript, 'sbatch script') === arrayText &&
      readTextFile(mergeScript, 'sbatch script') === mergeText;
    if (!same) throw new UsageError(MSG.slurmFolderTaken(outDir));
    if (options.submit === true && held.submissions.length > 0) {
      const r = resubmitSlurm(outDir, { submit: true });
      return { run: readSlurmRun(outDir), arrayScript, mergeScript, commands: r.commands, submitted: r.submitted, resubmitted: r };
    }
  } else if (existsSync(join(outDir, JOURNAL_FILE)) || existsSync(join(outDir, RESULT_FILE))) {
    throw new UsageError(MSG.slurmFolderHoldsRun(outDir));
  }

  // With --submit, sbatch must be there before anything is written.
  if (options.submit === true) slurmCommand('sbatch', ['--version']);
  const run = held ?? fresh;
  if (held === null) {
    mkdirSync(join(dir, 'logs'), { recursive: true });
    writeAtomic(arrayScript, arrayText);
    writeAtomic(mergeScript, mergeText);
    chmodSync(arrayScript, 0o755);
    chmodSync(mergeScript, 0o755);
    writeSlurmRun(run);
  }
  if (options.submit !== true) return { run, arrayScript, mergeScript, commands, submitted: null, resubmitted: null };
  const { run: after, submission } = submit(run, 'all');
  return { run: after, arrayScript, mergeScript, commands, submitted: submission, resubmitted: null };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 1;
const isStrings = (x: unknown): x is string[] => Array.isArray(x) && x.every((s) => typeof s === 'string');

function parseSubmission(x: unknown): Submission | null {
  if (!isRecord(x) || typeof x.date !== 'string' || !Array.isArray(x.indices) || !x.indices.every(isCount)) return null;
  if (!(x.arrayJob === null || typeof x.arrayJob === 'string') || !(x.mergeJob === null || typeof x.mergeJob === 'string')) return null;
  return { date: x.date, indices: x.indices, arrayJob: x.arrayJob, mergeJob: x.mergeJob };
}

/** slurm.json of a run folder, checked field by field. */
export function readSlurmRun(dir: string): SlurmRun {
  const path = join(slurmDir(dir), SLURM_FILE);
  if (!existsSync(path)) throw new UsageError(MSG.slurmNotAFolder(dir));
  let x: unknown;
  try {
    x = JSON.parse(readTextFile(path, 'Slurm run description'));
  } catch (e) {
    if (e instanceof UsageError) throw e;
    x = null;
  }
  const bad = (): never => {
    throw new UsageError(MSG.slurmDamaged(path));
  };
  if (!isRecord(x) || x.format !== SLURM_FORMAT) return bad();
  const { name, outDir, tasks, blocks, designs, scenarioFile, runArgs, node, main, submissions } = x;
  if (typeof name !== 'string' || typeof outDir !== 'string' || !isCount(tasks) || !isCount(blocks) || !isCount(designs)) return bad();
  if (typeof scenarioFile !== 'string' || !isStrings(runArgs) || typeof node !== 'string' || typeof main !== 'string' || !Array.isArray(submissions)) return bad();
  const subs = submissions.map(parseSubmission);
  if (subs.some((s) => s === null)) return bad();
  return { format: SLURM_FORMAT, name, outDir, tasks, blocks, designs, scenarioFile, runArgs, node, main, submissions: subs as Submission[] };
}

/** One shard's progress from its journal: the blocks of its share journalled, over all design points. */
export function shardProgress(run: SlurmRun, k: number, queue: QueueView = { known: false, why: 'not submitted' }): ShardProgress {
  const dir = shardDir(run, k);
  const owned = shardBlocks(run.blocks, { k, n: run.tasks });
  const blocksTotal = run.designs * (owned.to - owned.from);
  /** Not done: what the queue says of its task, or what the journal suggests when the queue is not known. */
  const unfinished = (journalled: boolean): ShardState => {
    if (!queue.known) return journalled ? 'running' : 'missing';
    const state = queue.tasks.get(k);
    if (state === undefined) return 'stopped';
    return /^(PENDING|CONFIGURING|REQUEUED|REQUEUE_HOLD|REQUEUE_FED|RESV_DEL_HOLD)$/.test(state) ? 'queued' : 'running';
  };
  if (!existsSync(join(dir, JOURNAL_FILE))) return { k, dir, state: unfinished(false), blocksDone: 0, blocksTotal };
  let journal;
  try {
    journal = readJournal(dir);
    checkRunSettings(journal.header.run, join(dir, JOURNAL_FILE));
  } catch (e) {
    throw folderProblem(e);
  }
  let blocksDone = 0;
  for (const byBlock of journal.blocks.values()) for (const b of byBlock.keys()) if (b >= owned.from && b < owned.to) blocksDone++;
  return { k, dir, state: blocksDone >= blocksTotal ? 'done' : unfinished(true), blocksDone, blocksTotal };
}

/** squeue's lines "123_2 RUNNING" -> task index -> state, for job `job` (other lines ignored). */
export function parseQueue(job: string, lines: readonly string[]): Map<number, string> {
  const tasks = new Map<number, string>();
  for (const line of lines) {
    const m = /^(\d+)_(\d+)\s+([A-Z_]+)$/.exec(line.trim());
    if (m !== null && m[1] === job) tasks.set(Number(m[2]), m[3]);
  }
  return tasks;
}

/** squeue's view of the last submission's array tasks (none when not submitted, or squeue is not here). */
function queueView(run: SlurmRun): QueueView {
  const last = run.submissions[run.submissions.length - 1];
  if (last === undefined || last.arrayJob === null) return { known: false, why: 'not submitted' };
  let lines: string[];
  try {
    lines = stillQueued(last.arrayJob);
  } catch (e) {
    if (e instanceof UsageError) return { known: false, why: 'squeue not found' };
    throw e;
  }
  return { known: true, job: last.arrayJob, tasks: parseQueue(last.arrayJob, lines) };
}

/**
 * Each shard of a Slurm run from its journal (blocks done of its share) and,
 * once submitted, from squeue: done, queued, running or stopped (see
 * ShardState); without squeue, running (some blocks) or missing (none).
 */
export function slurmStatus(dir: string): SlurmStatus {
  const run = readSlurmRun(resolve(dir));
  const queue = queueView(run);
  const shards = Array.from({ length: run.tasks }, (_, i) => shardProgress(run, i + 1, queue));
  return { run, shards, queue, merged: existsSync(join(run.outDir, RESULT_FILE)) };
}

export interface ResubmitOutcome {
  readonly status: SlurmStatus;
  /** The shards (= array indices) to run again: those not done. */
  readonly indices: readonly number[];
  /** The commands that resubmit them (empty when there is nothing to do). */
  readonly commands: readonly string[];
  /** The submission made (with `submit`), else null. */
  readonly submitted: Submission | null;
  /** The earlier merge job cancelled (it waited on tasks that will never all succeed), if any. */
  readonly cancelledMerge: string | null;
}

/** Jobs of an earlier submission still queued or running, as squeue lists them ("123_2 RUNNING"). */
function stillQueued(jobId: string): string[] {
  const r = spawnSync('squeue', ['--noheader', '--array', '--jobs', jobId, '--format', '%i %T'], { encoding: 'utf8' });
  if (r.error !== undefined) {
    if ((r.error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(MSG.slurmNotInstalled('squeue'));
    throw r.error;
  }
  // squeue exits 1 for a job id it has forgotten: nothing of it is queued.
  return r.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/**
 * Rerun the shards of a Slurm run that did not finish (a task failed, timed
 * out or was cancelled): the same array script for just their indices (each
 * resumes its journal) and a new merge job after them. With `submit`, refuses
 * while a task of the last submission is still queued or running, and
 * cancels that submission's merge job, which would wait forever.
 *
 * @example
 * const r = resubmitSlurm('results/parametric_textbook-1a2b3c4d');
 * console.log(r.indices, r.commands.join('\n'));
 */
export function resubmitSlurm(dir: string, options: { readonly submit?: boolean } = {}): ResubmitOutcome {
  const status = slurmStatus(dir);
  const indices = status.shards.filter((s) => s.state !== 'done').map((s) => s.k);
  const nothing = indices.length === 0 && status.merged;
  const commands = nothing ? [] : submitCommands(status.run, indices);
  if (options.submit !== true || nothing) return { status, indices, commands, submitted: null, cancelledMerge: null };
  const last = status.run.submissions[status.run.submissions.length - 1];
  let cancelledMerge: string | null = null;
  if (last !== undefined) {
    if (last.arrayJob !== null) {
      const queued = stillQueued(last.arrayJob);
      if (queued.length > 0) throw new UsageError(MSG.slurmStillQueued(last.arrayJob, queued));
    }
    const merge = last.mergeJob === null ? [] : stillQueued(last.mergeJob);
    // A merge job still waiting on the old array waits forever (afterok): cancelled. One that runs is left to finish.
    if (merge.some((l) => !/\sPENDING$/.test(l))) throw new UsageError(MSG.slurmStillQueued(last.mergeJob ?? '', merge));
    if (merge.length > 0 && last.mergeJob !== null) {
      slurmCommand('scancel', [last.mergeJob]);
      cancelledMerge = last.mergeJob;
    }
  }
  const { submission } = submit(status.run, indices);
  return { status, indices, commands, submitted: submission, cancelledMerge };
}
