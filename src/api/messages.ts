// Every message the API gives a user, in one place: what went wrong, and what
// to do about it. Option names are written as the command line spells them
// (the API's camelCase options are the same words).

const shown = (v: unknown): string =>
  typeof v === 'string' ? (v.length > 60 ? `${JSON.stringify(v.slice(0, 60))}… (${v.length} characters)` : JSON.stringify(v)) : v === undefined ? 'nothing' : String(v);
const errorText = (e: unknown): string => {
  if (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string') {
    const code = e.code;
    if (code === 'ENOENT') return 'no such file';
    if (code === 'EISDIR') return 'it is a folder';
    if (code === 'EACCES') return 'permission denied';
    if (code === 'EROFS') return 'the file system is read-only';
    if (code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
    if (code === 'ENOSPC') return 'the disk is full';
    return code;
  }
  return e instanceof Error ? e.message : String(e);
};
/** 1048576 -> "1 MB" (binary megabytes, as the limits are set). */
export const bytes = (n: number): string =>
  n >= 1024 ** 3 ? `${+(n / 1024 ** 3).toPrecision(3)} GB` : n >= 1024 ** 2 ? `${+(n / 1024 ** 2).toPrecision(3)} MB` : `${+(n / 1024).toPrecision(3)} KB`;
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export const MSG = {
  badInteger: (name: string, min: number, max: number, got: unknown) =>
    `--${kebab(name)} must be a whole number ${max === Number.MAX_SAFE_INTEGER ? `≥ ${min}` : `from ${min} to ${max}`} (got ${shown(got)})`,
  badFraction: (name: string, lo: number, hi: number, got: unknown) => `--${kebab(name)} must be a number between ${lo} and ${hi}, exclusive (got ${shown(got)})`,
  badShard: (got: unknown) => `--shard must be k/n with 1 ≤ k ≤ n, e.g. 2/4 (got ${shown(typeof got === 'object' ? JSON.stringify(got) : got)})`,
  tooManyWorkers: (workers: number, need: number, limit: number, cpus: number, perCpu: number, budget: number) =>
    `--workers ${workers} cannot fit: ${workers} worker threads need about ${bytes(need)}; the limit here is ${limit} (${perCpu} per CPU, ${cpus} CPU${cpus === 1 ? '' : 's'}, and what fits in the memory limit, ${bytes(budget)})`,
  truthNeeds: (perArm: number, populations: number, need: number) =>
    `the truth on ${populations} population${populations === 1 ? '' : 's'} of ${perArm.toLocaleString('en-US')} patients per arm ${bytes(need)}`,
  pointsNeed: (points: number, analyses: number, need: number) => `${points.toLocaleString('en-US')} design point${points === 1 ? '' : 's'} of ${analyses} analys${analyses === 1 ? 'is' : 'es'} ${bytes(need)}`,
  workersNeed: (workers: number, need: number) => `${workers} worker thread${workers === 1 ? '' : 's'} ${bytes(need)}`,
  runTooLarge: (need: number, parts: readonly string[], budget: number, truthFirst: boolean) =>
    `the run would need about ${bytes(need)} of memory (${parts.join(', ')}); the memory limit is ${bytes(budget)} (TRIALSIM_MEMORY_LIMIT raises it): ${
      truthFirst ? 'lower --truth-population (default 200000) or use --no-truth' : 'sweep fewer values, or split the sweep into several scenarios'
    }`,
  sampleTooLarge: (trials: number, csv: number, perTrial: number, max: number, most: number, budget: number) =>
    `--trials ${trials} would write about ${bytes(csv)} of CSV (${bytes(perTrial)} per trial); the limit is ${bytes(max)} (what analyze --data reads) and the memory limit ${bytes(budget)}: at most ${most.toLocaleString('en-US')} trials of this design`,
  badMemoryLimit: (got: string) => `TRIALSIM_MEMORY_LIMIT must be a size such as 8GB or 512MB (got ${shown(got)})`,
  emptyShard: (k: number, n: number, blocks: number, replicates: number, blockSize: number) =>
    `--shard ${k}/${n} has no blocks to run: the run has ${blocks} block${blocks === 1 ? '' : 's'} (${replicates} replicates, ${blockSize} per block), so it splits into at most ${blocks} shard${blocks === 1 ? '' : 's'}; use n ≤ ${blocks}, or a smaller --block-size`,
  unreadable: (what: string, path: string, e: unknown) => `cannot read ${what} ${path}: ${errorText(e)}`,
  tooLarge: (what: string, path: string, max: number) => `${what} ${path} is larger than ${bytes(max)}, the limit for a ${what} file (docs/cli.md, "Limits")`,

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
  missingStopWeek: (analysis: string, strategy: string) =>
    `the data has no column stop_week (the last visit on treatment), which analysis ${analysis} needs for its estimand's discontinuation strategy (${strategy}); write the data with trialsim sample, or add the column (empty: did not stop)`,
  badData: (file: string, errors: readonly string[]) =>
    `${file}: not sample CSV data:\n${errors
      .slice(0, 50)
      .map((e) => `  ${e.length > 200 ? `${e.slice(0, 200)}…` : e}`)
      .join('\n')}${errors.length > 50 ? `\n  … and ${errors.length - 50} more` : ''}`,
  emptyFolderName: '--out must name a folder (got "")',
  folderIsFile: (dir: string) => `${dir} is a file, not a folder; give --out a folder (it is created if need be)`,
  folderUnusable: (dir: string, e: unknown) => `cannot use ${dir} as the output folder: ${errorText(e)}; choose another with --out`,
  journalIsFolder: (dir: string) => `${dir}/journal.jsonl is a folder, not a run journal; remove it, or choose another folder with --out`,
  journalEmpty: (dir: string) =>
    `${dir}/journal.jsonl is empty: the run that made it stopped before it journalled anything, so there is nothing to resume. ` +
    `Start over with --force, or delete ${dir}/journal.jsonl`,
  journalUnusable: (message: string, dir: string) => `${message} (--force does: it deletes ${dir}/journal.jsonl and the results beside it)`,
  folderHoldsOtherRun: (dir: string, held: string, mine: string) =>
    `${dir} holds a different run, ${held}; this is ${mine}. Nothing was computed. Choose another folder with --out, or start over there with --force (its results are deleted)`,
  folderHoldsResultOnly: (dir: string) =>
    `${dir} holds a result.json but no run journal (a merged run), so there is nothing to resume there; trialsim report ${dir} re-renders it. ` +
    `Run into another folder with --out, or start over there with --force`,
  forceWithResume: '--force starts the run over and --resume continues it: give one of them',
  interruptedInTruth: (dir: string | null, journalled: boolean) =>
    `interrupted while computing the truth, before any replicate ran` +
    (dir === null ? '' : journalled ? `; the run journalled in ${dir} is as it was` : `; nothing was written in ${dir}`),
  writeFailedThen: (journalled: boolean) =>
    journalled ? 'make room (or make the folder writable), then run again with --resume: the blocks journalled are kept' : 'make room (or make the folder writable), then run again',
  mergeInputBusy: (dir: string, holder: string) => `${dir} is being written by ${holder} (a shard still running?); merge once it is done`,
  mergeOntoOtherRun: (dir: string, held: string) =>
    `${dir} holds a different run (${held}); merging there would mix two runs. Merge into an empty folder, or the run's own folder`,
  scenarioNotTheRun: (dir: string, why: string) =>
    `${dir}/scenario.yaml is not the scenario of the run in ${dir}/result.json (${why}); it was edited, or copied from another run. ` +
    `Put back the scenario.yaml the run wrote, or run the scenario again`,
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
  boundsNotList: (name: string, got: string) => `--${name} must be a comma-separated list of numbers, e.g. 0.5,1 (got ${shown(got)})`,
  boundsInformation: (what: string, got: string) => `--information ${what} (got ${shown(got)})`,
  boundsLooksAndInformation: 'give --information or --looks, not both',
  boundsSpendingFamily: (name: string, got: string, families: readonly string[]) => `--${name} must be one of ${families.join(', ')} (got ${shown(got)})`,
  boundsNeedsGamma: (name: string, family: string) =>
    `--${name} ${family} needs its parameter: give --${name === 'spending' ? 'gamma' : 'beta-gamma'} (${family === 'kd' ? 'the Kim–DeMets power γ > 0, e.g. 3' : 'the Hwang–Shih–DeCani γ, e.g. -4 (O\'Brien–Fleming-like) or 1 (Pocock-like)'})`,
  boundsGammaUnused: (name: string, family: string) => `--${name} is a parameter of the kd and hsd spending families only, not ${family}`,
  boundsBadNumber: (name: string, rule: string, got: unknown) => `--${name} must be ${rule} (got ${shown(got)})`,
  boundsOneFutility: (given: readonly string[]) => `give one futility rule, not ${given.map((g) => `--${g}`).join(' and ')}`,
  boundsFutilityCount: (need: number, got: number) => `--futility-bounds needs one bound per interim look: ${need} (got ${got})`,
  boundsTwoSidedFutility: '--sided 2 takes futility by --beta-spending only, with alpha spending for efficacy (as rpact): fixed bounds, conditional power and Haybittle–Peto are for one-sided designs',
  boundsBindingWithoutFutility: '--binding applies to a futility rule: give --futility-bounds, --beta-spending or --futility-cp',
  boundsFutilityAboveEfficacy: (look: number, f: number, c: number) => `the futility bound at look ${look} (${f.toFixed(4)}) is at or above its efficacy bound (${c.toFixed(4)}): the trial could not continue past it`,
} as const;
