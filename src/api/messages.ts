// Every message the API gives a user, in one place: what went wrong, and what
// to do about it. Option names are written as the command line spells them
// (the API's camelCase options are the same words).

const shown = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : v === undefined ? 'nothing' : String(v));
const errorText = (e: unknown): string => {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    const code = e.code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a folder';
    if (code === 'EACCES') return 'permission denied';
    return code;
  }
  return e instanceof Error ? e.message : String(e);
};
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const MSG = {
  badInteger: (name: string, min: number, max: number, got: unknown) =>
    `--${kebab(name)} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`} (got ${shown(got)})`,
  badFraction: (name: string, lo: number, hi: number, got: unknown) => `--${kebab(name)} must be a number between ${lo} and ${hi}, exclusive (got ${shown(got)})`,
  badShard: (got: unknown) => `--shard must be k/n with 1 ≤ k ≤ n, e.g. 2/4 (got ${shown(typeof got === 'object' ? JSON.stringify(got) : got)})`,
  unreadable: (what: string, path: string, e: unknown) => `cannot read ${what} ${path}: ${errorText(e)}`,

  pointNeeded: (count: number, ids: readonly string[]) =>
    `the scenario has ${count} design points; choose one with --point (an index from 0, or its id: ${ids.slice(0, 5).join('; ')}${ids.length > 5 ? '; …' : ''})`,
  unknownPoint: (got: unknown, ids: readonly string[]) =>
    `--point ${shown(got)} is not a design point of the scenario (indices 0 to ${ids.length - 1}, or ids: ${ids.slice(0, 5).join('; ')}${ids.length > 5 ? '; …' : ''})`,

  resumeNeedsFolder: '--resume needs the output folder of the interrupted run',
  shardNeedsFolder: 'a shard needs an output folder, where its journal is kept for merge',
  nothingToResume: (dir: string) => `nothing to resume: ${dir} holds no run journal (journal.jsonl); run without --resume to start it, or give the folder of the interrupted run with --out`,
  folderHoldsRun: (dir: string) => `${dir} already holds a run (journal.jsonl); add --resume to continue or re-finish that run, or choose another folder with --out`,
  computingTruth: (k: number, perArm: number) =>
    `computing the true estimands on a population of ${perArm.toLocaleString('en-US')} patients per arm (population ${k}; --no-truth skips this)`,
  rendering: (dir: string) => `writing the summary and report in ${dir}`,
  alreadyFinished: (dir: string) => `${dir} already holds this run, finished: nothing is recomputed (a different run there is refused)`,

  notARunFolder: (dir: string, why: string) => `${dir} is not a trialsim results folder: ${why}`,
  noResult: (dir: string) => `${dir} holds no result.json; finish the run (trialsim run … --resume) or merge its shards (trialsim merge) first`,
  noScenarioSaved: (dir: string) => `${dir} holds no scenario.yaml (the resolved scenario the run saves beside its result), so it cannot be rendered`,
  savedScenarioInvalid: (dir: string, errors: string) => `the scenario saved in ${dir} no longer loads:\n${errors}`,
  mergeNeedsFolders: 'merge needs at least one shard folder',
  mergeNeedsOut: (dir: string) => `${dir} has no run.json naming the run; say where the merged run goes with --out`,
  noJournal: (dir: string) => `${dir} holds no run journal (journal.jsonl): not a shard folder`,

  unknownAnalysis: (id: string, ids: readonly string[]) => `--analysis ${shown(id)} is not an analysis of the scenario (it has: ${ids.join(', ')})`,
  searchNeedsOnePoint: (ids: readonly string[]) =>
    `sample-size searches one design, but the scenario sweeps other keys too (${ids.slice(0, 3).join('; ')}${ids.length > 3 ? '; …' : ''}); fix them with --set`,
  minAboveMax: (min: number, max: number) => `--min (${min}) must not be above --max (${max})`,

  badTargets: (file: string, why: string) => `${file}: not a published-targets file like data/proderm-targets.yaml: ${why.split('\n')[0]}`,

  missingColumns: (analysis: string, columns: readonly string[]) =>
    `the data has no column ${columns.join(', ')}, which analysis ${analysis} needs`,
  badData: (file: string, errors: readonly string[]) => `${file}: not sample CSV data:\n${errors.map((e) => `  ${e}`).join('\n')}`,
  slurmNotInArray:
    '--shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT, which Slurm sets in each task of a job array (sbatch --array); none is set here: give --shard k/n outside a job array',
  slurmMissingVariables: (names: readonly string[]) => `--shard auto: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not set (Slurm sets SLURM_ARRAY_TASK_ID, _MIN and _COUNT together in a job array task)`,
  slurmBadVariable: (name: string, min: number, got: string) => `--shard auto: ${name} must be a whole number ≥ ${min} (got ${shown(got)})`,
  slurmTaskOutside: (id: number, min: number, step: number, count: number) =>
    `--shard auto: SLURM_ARRAY_TASK_ID ${id} is not one of the ${count} indices from SLURM_ARRAY_TASK_MIN ${min} in steps of ${step}`,
  slurmNeedsFile: 'slurm needs a scenario file (the array tasks read it), not YAML text',
  slurmBadValue: (name: string, form: string, got: string) => `--${name} must be ${form} (got ${shown(got)})`,
  slurmTooManyTasks: (tasks: number, blocks: number, replicates: number, blockSize: number) =>
    `--tasks ${tasks} is more than the run's ${blocks} blocks (${replicates} replicates in blocks of ${blockSize}); each task needs a block at least: use --tasks ${blocks} or fewer, or a smaller --block-size`,
  slurmFolderTaken: (dir: string) =>
    `${dir} already holds a Slurm run made with other settings (or another trialsim, or from another folder); its progress: trialsim slurm status ${dir}; to rerun its unfinished shards: trialsim slurm resubmit ${dir}; or choose another folder with --out`,
  slurmFolderHoldsRun: (dir: string) => `${dir} already holds a run (journal.jsonl or result.json); choose another folder with --out`,
  slurmNotAFolder: (dir: string) => `${dir} is not the folder of a Slurm run: it has no slurm/slurm.json (trialsim slurm SCENARIO --tasks N writes one)`,
  slurmDamaged: (path: string) => `${path} is not a trialsim-slurm/1 run description (damaged, or from another version)`,
  slurmNotInstalled: (program: string) => `${program} is not installed here (or not on PATH): submit from a Slurm login node, or run the commands printed without --submit there`,
  slurmCommandFailed: (command: string, status: number | null, stderr: string) => `${command} failed (exit ${status ?? 'by signal'})${stderr === '' ? '' : `: ${stderr}`}`,
  slurmNoJobId: (stdout: string) => `sbatch --parsable printed no job id (got ${shown(stdout)})`,
  slurmStillQueued: (job: string, queued: readonly string[]) =>
    `tasks of job ${job} are still queued or running (${queued.slice(0, 4).join('; ')}${queued.length > 4 ? '; …' : ''}): wait for them to end, or scancel ${job}, then resubmit`,
} as const;
