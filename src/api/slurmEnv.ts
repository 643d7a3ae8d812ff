// `run --shard auto`: the shard of a Slurm job array task, read from the
// variables Slurm sets in each task. The environment is passed in (the CLI
// passes process.env), so the reading is a plain function of it.
//
//   SLURM_ARRAY_TASK_ID     this task's index in the array (e.g. 1..4 for --array=1-4)
//   SLURM_ARRAY_TASK_MIN    the array's first index
//   SLURM_ARRAY_TASK_COUNT  how many tasks the array has
//   SLURM_ARRAY_TASK_STEP   the step between indices (--array=0-6:2), 1 when absent
//   SLURM_CPUS_PER_TASK     --cpus-per-task, when it was given: the workers' default
import type { Shard } from '../engine/plan.js';
import { UsageError } from './errors.js';
import { MSG } from './messages.js';

/** The variables read, by name. */
export type SlurmEnv = Readonly<Record<string, string | undefined>>;

export interface SlurmTask {
  /** Shard k of n: k = (ID − MIN) / STEP + 1, n = COUNT. */
  readonly shard: Shard;
  /** SLURM_CPUS_PER_TASK, when set: the workers a task should start unless told otherwise. */
  readonly workers: number | undefined;
}

const REQUIRED = ['SLURM_ARRAY_TASK_ID', 'SLURM_ARRAY_TASK_MIN', 'SLURM_ARRAY_TASK_COUNT'] as const;

function whole(env: SlurmEnv, name: string, min: number): number {
  const text = env[name] ?? '';
  const v = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(v) || v < min) throw new UsageError(MSG.slurmBadVariable(name, min, text));
  return v;
}

/**
 * The shard of this Slurm array task; a UsageError when the variables are
 * absent (not in a job array) or do not make a shard.
 *
 * @example
 * shardFromSlurm({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' });
 * // { shard: { k: 3, n: 4 }, workers: undefined }
 */
export function shardFromSlurm(env: SlurmEnv): SlurmTask {
  const absent = REQUIRED.filter((name) => env[name] === undefined || env[name] === '');
  if (absent.length === REQUIRED.length) throw new UsageError(MSG.slurmNotInArray);
  if (absent.length > 0) throw new UsageError(MSG.slurmMissingVariables(absent));
  const id = whole(env, 'SLURM_ARRAY_TASK_ID', 0);
  const min = whole(env, 'SLURM_ARRAY_TASK_MIN', 0);
  const count = whole(env, 'SLURM_ARRAY_TASK_COUNT', 1);
  const step = env.SLURM_ARRAY_TASK_STEP === undefined || env.SLURM_ARRAY_TASK_STEP === '' ? 1 : whole(env, 'SLURM_ARRAY_TASK_STEP', 1);
  const offset = id - min;
  if (offset < 0 || offset % step !== 0 || offset / step >= count) throw new UsageError(MSG.slurmTaskOutside(id, min, step, count));
  const cpus = env.SLURM_CPUS_PER_TASK;
  const workers = cpus === undefined || cpus === '' ? undefined : whole(env, 'SLURM_CPUS_PER_TASK', 1);
  return { shard: { k: offset / step + 1, n: count }, workers };
}
