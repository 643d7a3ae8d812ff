// runScenario: a scenario file in, its operating characteristics out, written
// to results/<run>/ with the summary and report rendered beside them.
//
//   source ──loadSource──▶ Scenario (+ --set, replicates, seed) ──expand──▶ design points
//      ──truth (once per distinct population, unless switched off)──▶ engine designs
//      ──runDesigns / runShard (journal, Ctrl-C, resume)──▶ result.json
//      ──renderResults──▶ summary.json, summary.csv, plots/, report.html
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { RunInterrupted, WriteFailed } from '../engine/errors.js';
import { blockCount, DEFAULT_BLOCK_SIZE, type DesignInput, type EngineHooks, type Shard } from '../engine/plan.js';
import { WorkerPool } from '../engine/pool.js';
import { tuningPays } from '../engine/compilerTuning.js';
import { runDesigns, runShard, warmPool, type ShardReport } from '../engine/run.js';
import type { RunResult } from '../engine/runResult.js';
import { silentProgress, type ProgressReporter } from '../engine/progress.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import type { Scenario } from '../scenario/schema.js';
import { folderProblem, UsageError } from './errors.js';
import { KERNEL_ID, KERNEL_MODULE } from './kernel.js';
import { MSG } from './messages.js';
import { checkRunFits, checkWorkers } from './limits.js';
import { checkShardBlocks, integerOption, shardOption } from './options.js';
import { renderFolder, type RenderedResults } from './render.js';
import {
  checkClearable,
  claimFolder,
  clearRunFolder,
  defaultRunDir,
  describeSignature,
  factsNow,
  hasJournal,
  heldSignature,
  readRunFolder,
  runInfo,
  runName,
  sameRun,
  writeRunFiles,
  writeRunInfo,
  type RunSignature,
  type TruthSetting,
} from './runFolder.js';
import { loadSource, type ScenarioOptions, type ScenarioSource } from './source.js';
import { createTruthCache, defaultTruthCacheDir, DEFAULT_TRUTH_POPULATION, TRUTH_SEED } from './truth.js';

export interface RunOptions extends ScenarioOptions {
  /** Worker threads (default: the machine's available parallelism). */
  readonly workers?: number;
  /**
   * Output folder. Default: `<resultsRoot>/<name>-<hash>` (a shard: `…-shard-k-of-n`).
   * null: run in memory only (nothing written, nothing to resume, no report).
   */
  readonly outDir?: string | null;
  /** Folder holding the default output folders (default "results"). */
  readonly resultsRoot?: string;
  /** Continue the interrupted run journalled in the output folder. */
  readonly resume?: boolean;
  /** Start over: delete what a run left in the output folder (journal, result, summaries, report) first. */
  readonly force?: boolean;
  /** Run only shard k of n ({ k, n } or "k/n"): journal its share of the replicates, for mergeRuns. */
  readonly shard?: Shard | string;
  /** Compute the truth of every estimand for bias, RMSE and coverage (default true). */
  readonly truth?: boolean;
  /** Patients per arm of the truth population (default 200,000). */
  readonly truthPopulation?: number;
  /** Folder where computed truths are remembered for later runs; null: none. Default: the environment's TRIALSIM_TRUTH_CACHE ("user": ~/.cache/trialsim/truth), else none. */
  readonly truthCache?: string | null;
  /** Render summary.json, summary.csv, plots and report.html after the run (default true; never for a shard). */
  readonly render?: boolean;
  /** Replicates per block, the unit of journalling, resume and sharding (default 250). Part of the run's identity. */
  readonly blockSize?: number;
  /** Progress of the replicates (default: silent; the CLI passes the engine's progress bar). */
  readonly progress?: ProgressReporter;
  /** Abort the run (Ctrl-C): the engine keeps the journal and throws RunInterrupted. */
  readonly signal?: AbortSignal;
  /** Hears what the run is doing besides replicates (computing the truth, rendering). */
  readonly onNote?: (note: string) => void;
  /** Called once the output folder is settled, just before the replicates start. */
  readonly onStart?: (run: { readonly name: string; readonly outDir: string | null; readonly designs: number }) => void;
  /** The command that made the run, for the report (default: a description of this call). */
  readonly commandLine?: readonly string[];
  /** Engine test hooks (slowing tasks down in tests). */
  readonly hooks?: EngineHooks;
}

export interface RunOutcome {
  /** The output folder, or null for a run in memory. */
  readonly outDir: string | null;
  /** The run's name (its default folder's name). */
  readonly name: string;
  /** The scenario as run: overrides applied, defaults filled in. */
  readonly scenario: Scenario;
  readonly designs: readonly DesignPoint[];
  /** The operating characteristics; null for a shard (merge the shards for them). */
  readonly result: RunResult | null;
  /** What a shard journalled; null for a whole run. */
  readonly shard: ShardReport | null;
  readonly truth: TruthSetting;
  /** The rendered files; null when not rendered (a shard, a run in memory, or render: false). */
  readonly rendered: RenderedResults | null;
}

/** Replicates each worker runs (and discards) while the truth is computed, so that its first task runs optimised code. */
const WARM_REPLICATES = 200;

/** How a run made through the API is described in its report. */
export function apiCall(fn: string, file: string): string[] {
  return [`${fn}(${JSON.stringify(file)})`];
}

/** The engine's family: the multiplicity family, when every design point has the same one. */
function engineFamily(designs: readonly DesignPoint[]): string[] | undefined {
  const first = designs[0]?.spec.multiplicity.family ?? [];
  const same = designs.every((d) => d.spec.multiplicity.family.join('\u0000') === first.join('\u0000'));
  return same && first.length > 0 ? [...first] : undefined;
}

/**
 * Run a scenario: every design point (and its null run, unless `run_null: false`)
 * for the scenario's replicates, on worker threads, journalled so that an
 * interrupted run resumes. Throws ScenarioInvalid (nothing run) for a scenario
 * with problems, UsageError for a bad option or folder (checked before the
 * truth is computed), RunInterrupted when `signal` aborts it (its `during`
 * says whether the truth or the replicates were stopped), TooManyFailures when
 * replicates keep throwing, WriteFailed when a file cannot be written (a full
 * disk). The output folder is locked while the run writes in it.
 *
 * @example
 * const run = await runScenario('scenarios/proderm.yaml', { replicates: 500, truth: false });
 * console.log(run.result?.designs[0].alternative.analyses[0].rejection.adjusted);
 */
export async function runScenario(source: ScenarioSource, options: RunOptions = {}): Promise<RunOutcome> {
  const loaded = loadSource(source, options);
  const { scenario, designs } = loaded;
  const shard = options.shard === undefined ? null : shardOption(options.shard);
  const truth: TruthSetting =
    options.truth === false
      ? { computed: false }
      : { computed: true, patientsPerArm: integerOption('truthPopulation', options.truthPopulation ?? DEFAULT_TRUTH_POPULATION, 100, 100_000_000), seed: TRUTH_SEED };
  const workers = options.workers === undefined ? undefined : integerOption('workers', options.workers, 1, 1024);
  const blockSize = options.blockSize === undefined ? undefined : integerOption('blockSize', options.blockSize, 1, 1_000_000);
  if (shard !== null) checkShardBlocks(shard, scenario.replicates, blockSize ?? DEFAULT_BLOCK_SIZE);
  if (workers !== undefined) checkWorkers(workers);
  checkRunFits({
    specs: designs.flatMap((d) => (d.nullSpec === null ? [d.spec] : [d.spec, d.nullSpec])),
    designs: designs.length,
    analyses: Math.max(0, ...designs.slice(0, 1).map((d) => d.spec.analyses.length)),
    truthPerArm: truth.computed ? truth.patientsPerArm : null,
    workers: workers ?? availableParallelism(),
  });
  const name = runName(scenario, loaded.hash, truth);
  const outDir = options.outDir === null ? null : (options.outDir ?? defaultRunDir(name, shard, options.resultsRoot));
  let resume = options.resume === true;
  const force = options.force === true;
  if (outDir === null && (resume || shard !== null)) throw new UsageError(resume ? MSG.resumeNeedsFolder : MSG.shardNeedsFolder);
  if (force && resume) throw new UsageError(MSG.forceWithResume);
  const note = options.onNote ?? ((): void => {});
  const effectiveBlockSize = blockSize ?? DEFAULT_BLOCK_SIZE;
  const mine: RunSignature = { name, seed: scenario.seed, replicates: scenario.replicates, blockSize: effectiveBlockSize, shard, designs: designs.map((d) => d.id) };

  // The folder first, before the truth is computed: taken (created, locked),
  // then what it holds is checked against this run. A folder holding a run:
  // --resume continues it; without --resume, a FINISHED run is taken up again
  // as if resumed (the engine recomputes nothing), so running the same command
  // twice is harmless; an unfinished one needs --resume, said explicitly. A
  // different run is refused here, before anything is computed.
  const claim = outDir === null ? null : claimFolder(outDir, note);
  let heldRun = false;
  let heldBlocks = 0;
  // The workers start once the folder is settled and load the first design's
  // kernels while this thread computes the truth (they run a few replicates
  // then, so that the run starts optimised) or plans the run. A folder taken
  // up again with its truth known starts them only when the engine finds
  // something left to do.
  let pool: WorkerPool | null = null;
  try {
    if (outDir !== null) {
      // --force: whatever the folder holds is replaced, once the truth is computed (a run stopped before then leaves it as it was).
      const held = force ? null : readRunFolder(outDir);
      if (force) checkClearable(outDir);
      const theirs = held === null ? null : heldSignature(held);
      if (theirs !== null && !sameRun(theirs, mine)) throw new UsageError(MSG.folderHoldsOtherRun(outDir, describeSignature(theirs), describeSignature(mine)));
      const journal = held === null ? null : held.journal;
      heldRun = journal !== null;
      heldBlocks = journal === null ? 0 : [...journal.blocks.values()].reduce((n, b) => n + b.size, 0);
      if (held !== null && !heldRun && held.result) throw new UsageError(MSG.folderHoldsResultOnly(outDir));
      if (resume && !heldRun) throw new UsageError(MSG.nothingToResume(outDir));
      if (!resume && heldRun) {
        if (shard !== null || held?.result !== true) throw new UsageError(MSG.folderHoldsRun(outDir));
        resume = true;
        note(MSG.alreadyFinished(outDir));
      }
    }

    // Truth before anything is written: a scenario whose truth cannot be computed leaves no folder behind.
    const base = {
      kernelModule: KERNEL_MODULE,
      kernelId: KERNEL_ID,
      seed: scenario.seed,
      replicates: scenario.replicates,
      nullRun: scenario.run_null !== false,
      targetMcse: scenario.target_mcse,
      family: engineFamily(designs),
      workers,
      blockSize,
    };
    const startPool = (warmReplicates: number, truthPending: boolean): WorkerPool | null => {
      if ((heldRun && !truthPending) || designs.length === 0) return null;
      const threads = workers ?? availableParallelism();
      const started = new WorkerPool(threads, () => {}, tuningPays(scenario.replicates, designs.length, threads));
      const first = designs.slice(0, 1).map((d) => ({ id: d.id, spec: d.spec, nullSpec: d.nullSpec ?? undefined }));
      warmPool(started, { ...base, designs: first }, warmReplicates).catch(() => {});
      return started;
    };
    let engineDesigns: DesignInput[];
    if (truth.computed) {
      const cacheDir = options.truthCache === undefined ? defaultTruthCacheDir() : options.truthCache;
      const cache = createTruthCache(truth.patientsPerArm, () => note(MSG.computingTruth(cache.computed + 1, truth.patientsPerArm)), cacheDir);
      const populations = designs.flatMap((d) => (d.nullSpec === null ? [d.spec] : [d.spec, d.nullSpec]));
      const truthPending = cache.pending(populations) > 0;
      // The truth is computed on the pool, never on this thread, so that Ctrl-C is heard while it is.
      pool = startPool(truthPending && !heldRun ? WARM_REPLICATES : 0, truthPending);
      // The report layer (vega) loads on this thread while the pool computes the truth.
      if (truthPending && outDir !== null && options.render !== false && shard === null) void import('../report/index.js').catch(() => {});
      // Every population at once, on the pool when there is one: a design and its null draw their patients together.
      await untilAborted(cache.prefetch(populations, pool ?? undefined), options.signal, () => {
        const total = designs.length * blockCount(scenario.replicates, effectiveBlockSize);
        return new RunInterrupted(MSG.interruptedInTruth(outDir, heldRun), heldBlocks, total, 'truth');
      });
      engineDesigns = designs.map((d) => ({
        id: d.id,
        spec: d.spec,
        nullSpec: d.nullSpec ?? undefined,
        truth: cache.of(d.spec),
        nullTruth: d.nullSpec === null ? undefined : cache.of(d.nullSpec),
      }));
    } else {
      pool = startPool(0, false);
      engineDesigns = designs.map((d) => ({ id: d.id, spec: d.spec, nullSpec: d.nullSpec ?? undefined }));
    }

    const info = runInfo({ name, scenarioFile: loaded.file, scenarioHash: loaded.hash, set: loaded.sets, truth, shard, designs });
    // The files describing the run are written with its first journal line; a
    // resumed folder keeps its own (the engine checks that the run is the same).
    if (outDir !== null && force) clearRunFolder(outDir);
    if (outDir !== null && !heldRun) writeRunFiles(outDir, scenario, info);
    options.onStart?.({ name, outDir, designs: designs.length });
    const engine = {
      ...base,
      outDir: outDir ?? undefined,
      resume,
      progress: options.progress ?? silentProgress,
      signal: options.signal,
      hooks: options.hooks,
      designs: engineDesigns,
      pool: pool ?? undefined,
    };
    if (shard !== null && outDir !== null) {
      const report = await runShard({ ...engine, shard, outDir }).catch((e: unknown) => {
        throw folderProblem(e);
      });
      return { outDir, name, scenario, designs, result: null, shard: report, truth, rendered: null };
    }
    // The report layer (vega) loads while the workers run, not after.
    if (outDir !== null && options.render !== false) void import('../report/index.js').catch(() => {});
    const result = await runDesigns(engine).catch((e: unknown) => {
      throw folderProblem(e);
    });
    await pool?.destroy();
    pool = null;
    let rendered: RenderedResults | null = null;
    if (outDir !== null) writeRunInfo(outDir, { ...info, facts: factsNow(options.commandLine ?? apiCall('runScenario', loaded.file)) });
    if (outDir !== null && options.render !== false) {
      note(MSG.rendering(outDir));
      rendered = await renderFolder(outDir);
    }
    return { outDir, name, scenario, designs, result, shard: null, truth, rendered };
  } catch (e) {
    // A full disk (or a folder turned read-only): say how to go on from what is journalled.
    if (e instanceof WriteFailed && outDir !== null) throw new WriteFailed(`${e.message}; ${MSG.writeFailedThen(hasJournal(outDir))}`, e.path, e.code);
    throw e;
  } finally {
    await pool?.destroy();
    claim?.release();
  }
}

/** `work`, or `interrupted()` thrown as soon as `signal` aborts (the work is left to be cut short by whoever owns it). */
async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, interrupted: () => Error): Promise<T> {
  work.catch(() => {}); // its failure after an abort is nobody's concern
  if (signal === undefined) return work;
  if (signal.aborted) throw interrupted();
  let onAbort = (): void => {};
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(interrupted());
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
