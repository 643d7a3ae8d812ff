// The Monte Carlo engine: runs a kernel's replicates over a worker pool and
// turns their records into operating characteristics.
//
//   options ──planRun──▶ Plan: settings, identity = hash(kernel, specs, truth, family,
//      │                       seed, replicates, blockSize, stopping rule)
//      │
//      ├── outDir/journal.jsonl ──resume──▶ blocks already done (refused if the identity differs)
//      ▼
//   blocks b = 0 … ⌈R/blockSize⌉ − 1, fixed by the run ──▶ tasks (design, whole-block range),
//      │  shard k/n: a contiguous share of the blocks         block-major, a window in flight
//      ▼
//   WorkerPool (piscina, lazy) ──▶ workers/replicate.js ──▶ for each replicate i of each block:
//      │                            kernel(spec).run(seed, i)   kernel(nullSpec).run(seed, i)
//      │                            (streams from (seed, i): common random numbers)
//      ▼  task results, in any completion order
//   journal block lines (append, fsync) ──▶ fold blocks 0, 1, 2, … in index order
//      │                                     (precision rule after each block of the prefix)
//      ▼
//   summarize ──▶ RunResult ──▶ outDir/result.json (atomic)
//
//   mergeShards(dirs): shard journals ──▶ the same fold ──▶ the same RunResult
//
// Nothing in the result depends on workers, task size, completion order,
// interruption or sharding: a block's accumulator depends only on its
// replicates, and blocks are only ever combined in index order.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { FolderProblem, RunInterrupted, TooManyFailures } from './errors.js';
import { advanceFold, foldComplete, startFold, type DesignFold } from './fold.js';
import { encodeBlock, parseBlockLine, journalExists, JournalWriter, JOURNAL_FORMAT, readJournal, writeFileAtomic, type JournalHeader } from './journal.js';
import type { ReplicateLayout } from './layout.js';
import { interrupted, journalAlreadyThere, journalOfDifferentRun, nothingToResume, resumeNeedsOutDir, shardNeedsOutDir, tooManyFailures } from './messages.js';
import { blockReplicates, checkShard, planRun, shardBlocks, type DesignInput, type EngineOptions, type Plan, type Shard } from './plan.js';
import { tuningPays } from './compilerTuning.js';
import { WorkerPool } from './pool.js';
import { createProgressReporter } from './progress.js';
import { buildRunResult, resultJson, RESULT_FILE, type RunResult } from './runResult.js';
import type { BlockResult, BlockTask, ReplicateFailure, TaskResult } from './task.js';

export interface RunDesignsOptions extends EngineOptions {
  designs: readonly DesignInput[];
}

export interface RunDesignOptions extends EngineOptions, Omit<DesignInput, 'id'> {
  /** Default 'design'. */
  id?: string;
}

export interface ShardOptions extends RunDesignsOptions {
  shard: Shard;
  outDir: string;
}

export interface ShardReport {
  identity: string;
  shard: Shard;
  /** The shard's blocks, [from, to), now all journalled in outDir. */
  blocks: { from: number; to: number };
  outDir: string;
}

/** Run one design (and its null) and return its operating characteristics. */
export async function runDesign(o: RunDesignOptions): Promise<RunResult> {
  const { id, spec, nullSpec, truth, nullTruth, ...rest } = o;
  return runDesigns({ ...rest, designs: [{ id: id ?? 'design', spec, nullSpec, truth, nullTruth }] });
}

/** Run several designs (sweep points) on one pool, with the same replicate indices (common random numbers). */
export async function runDesigns(o: RunDesignsOptions): Promise<RunResult> {
  const plan = planRun(o, o.designs);
  const session = await execute(plan, o, null);
  const layouts: ReplicateLayout[] = [];
  const folds: DesignFold[] = [];
  session.layouts.forEach((layout, d) => {
    const fold = session.folds[d];
    if (layout === null || fold === null) throw new Error(`engine: internal error: design ${plan.settings.designs[d].id} has no folded blocks`);
    layouts.push(layout);
    folds.push(fold);
  });
  const result = buildRunResult(plan.settings, plan.identity, layouts, folds);
  if (o.outDir !== undefined) writeFileAtomic(join(o.outDir, RESULT_FILE), resultJson(result));
  return result;
}

/** Run shard k of n: journal its share of the blocks in outDir, for mergeShards. */
export async function runShard(o: ShardOptions): Promise<ShardReport> {
  checkShard(o.shard);
  if (typeof o.outDir !== 'string') throw new Error(shardNeedsOutDir());
  const plan = planRun(o, o.designs);
  await execute(plan, o, o.shard);
  return { identity: plan.identity, shard: { k: o.shard.k, n: o.shard.n }, blocks: shardBlocks(plan.nBlocks, o.shard), outDir: o.outDir };
}

interface Session {
  layouts: (ReplicateLayout | null)[];
  /** Per design; null in a shard (shards do not fold). */
  folds: (DesignFold | null)[];
}

interface TaskRange {
  design: number;
  firstBlock: number;
  lastBlock: number;
}

type Settled = { id: number; range: TaskRange } & ({ result: TaskResult } | { error: unknown });

function isAbortError(e: unknown): boolean {
  return e instanceof Error && e.name === 'AbortError';
}

async function execute(plan: Plan, o: EngineOptions, shard: Shard | null): Promise<Session> {
  const { settings, nBlocks } = plan;
  const nDesigns = plan.designs.length;
  const owned = shardBlocks(nBlocks, shard);
  // Blocks waiting to be folded (dropped once folded, so memory stays bounded), the
  // indices of all blocks done, and the failures seen, per design.
  const pending: Map<number, BlockResult>[] = plan.designs.map(() => new Map());
  const finished: Set<number>[] = plan.designs.map(() => new Set());
  const failures: { block: number; failure: ReplicateFailure }[][] = plan.designs.map(() => []);
  const layouts: (ReplicateLayout | null)[] = plan.designs.map(() => null);
  const folds: (DesignFold | null)[] = plan.designs.map(() => null);
  const dir = o.outDir ?? null;
  const fold = (d: number): void => {
    const layout = layouts[d];
    if (shard !== null || layout === null) return;
    const f = (folds[d] ??= startFold(layout, settings.designs[d].nullRun));
    advanceFold(f, pending[d], nBlocks, plan.target);
  };
  /** Take in a block; false when it was already there. */
  const accept = (d: number, b: BlockResult): boolean => {
    if (finished[d].has(b.block)) return false;
    finished[d].add(b.block);
    for (const f of b.failures) failures[d].push({ block: b.block, failure: f });
    if (shard === null && !isDone(d)) pending[d].set(b.block, b); // a shard only journals; a stopped design needs no more
    fold(d);
    return true;
  };
  const checkFailures = (d: number): void => {
    if (failures[d].length <= plan.maxFailures) return;
    const first = failures[d]
      .slice()
      .sort((x, y) => x.block - y.block)
      .slice(0, 5)
      .map((x) => x.failure);
    throw new TooManyFailures(tooManyFailures(settings.designs[d].id, failures[d].length, plan.maxFailures, settings.seed, first));
  };
  const isDone = (d: number): boolean => {
    const f = folds[d];
    return f !== null && foldComplete(f, nBlocks);
  };

  // The journal: a fresh one, or the blocks of the run being resumed.
  let writer: JournalWriter | null = null;
  if (o.resume === true && dir === null) throw new Error(resumeNeedsOutDir());
  if (dir !== null) {
    mkdirSync(dir, { recursive: true });
    if (o.resume === true) {
      if (!journalExists(dir)) throw new Error(nothingToResume(dir));
      const j = readJournal(dir);
      if (j.header.identity !== plan.identity) throw new FolderProblem(journalOfDifferentRun(dir, j.header.identity, plan.identity));
      for (const [d, l] of j.layouts) if (d < nDesigns) layouts[d] = l;
      for (const [d, byBlock] of j.blocks) if (d < nDesigns) for (const b of byBlock.values()) accept(d, b);
      writer = JournalWriter.reopen(dir);
    } else {
      if (journalExists(dir)) throw new Error(journalAlreadyThere(dir));
      const header: JournalHeader = { type: 'header', format: JOURNAL_FORMAT, identity: plan.identity, run: settings, shard };
      writer = JournalWriter.create(dir, header);
    }
  }

  try {
    for (let d = 0; d < nDesigns; d++) checkFailures(d);

    // Tasks: the missing blocks of each design, cut into runs of whole blocks, block-major.
    let missing = 0;
    for (let d = 0; d < nDesigns; d++) if (!isDone(d)) for (let b = owned.from; b < owned.to; b++) if (!finished[d].has(b)) missing++;
    // Guided sizes (Polychronopoulos & Kuck 1987): a task takes about a quarter of
    // a worker's share of the blocks from its first block to the end, at most
    // 16, so tasks shrink towards the end of the run and no worker idles long
    // while another finishes a large last task. Blocks, not tasks, fix the results.
    const perTask = (b: number): number =>
      plan.taskBlocks ?? Math.max(1, Math.min(16, Math.ceil(((owned.to - b) * nDesigns) / (plan.workers * 4)), Math.ceil(missing / (plan.workers * 4))));
    const tasks: TaskRange[] = [];
    for (let d = 0; d < nDesigns; d++) {
      if (isDone(d)) continue;
      let b = owned.from;
      while (b < owned.to) {
        if (finished[d].has(b)) {
          b++;
          continue;
        }
        const first = b;
        const size = perTask(first);
        while (b < owned.to && !finished[d].has(b) && b - first < size) b++;
        tasks.push({ design: d, firstBlock: first, lastBlock: b - 1 });
      }
    }
    tasks.sort((x, y) => x.firstBlock - y.firstBlock || x.design - y.design);

    const replicatesIn = (d: number): number => {
      let n = 0;
      for (const b of finished[d]) if (b >= owned.from && b < owned.to) n += blockReplicates(b, settings.replicates, settings.blockSize);
      return n;
    };
    const ownedReplicates = Math.min(settings.replicates, owned.to * settings.blockSize) - Math.min(settings.replicates, owned.from * settings.blockSize);
    let done = 0;
    for (let d = 0; d < nDesigns; d++) done += replicatesIn(d);
    const progress = o.progress ?? createProgressReporter();
    progress.start(ownedReplicates * nDesigns, done);

    const onResult = (range: TaskRange, result: TaskResult): void => {
      const d = range.design;
      const lines: string[] = [];
      if (layouts[d] === null) {
        layouts[d] = result.layout;
        lines.push(JSON.stringify({ type: 'layout', design: d, layout: result.layout }));
      }
      const blockLines = result.blocks.map((b) => JSON.stringify(encodeBlock(d, b)));
      writer?.append([...lines, ...blockLines]);
      // The in-memory block is the journalled one read back, so a resumed run folds the very same numbers.
      for (const text of blockLines) {
        const b = parseBlockLine(text);
        if (accept(d, b) && b.block >= owned.from && b.block < owned.to) done += blockReplicates(b.block, settings.replicates, settings.blockSize);
      }
      checkFailures(d);
      o.hooks?.onTaskComplete?.(range);
      progress.update(done);
    };
    const blocksDone = (): number => finished.reduce((n, f) => n + f.size, 0);
    try {
      await runTasks(plan, o, tasks, isDone, onResult, blocksDone);
    } finally {
      progress.finish(done);
    }

    if (shard === null) {
      for (let d = 0; d < nDesigns; d++) {
        if (!isDone(d)) throw new Error(`engine: internal error: design ${settings.designs[d].id} ended with blocks missing`);
      }
    }
    return { layouts, folds };
  } finally {
    writer?.close();
  }
}

/**
 * Run tasks on a lazily created pool, at most a window of them in flight,
 * calling `onResult` on the main thread as each finishes. On abort, waits for
 * the tasks in flight (keeping those that completed) and throws RunInterrupted.
 */
async function runTasks(
  plan: Plan,
  o: EngineOptions,
  tasks: readonly TaskRange[],
  designDone: (d: number) => boolean,
  onResult: (range: TaskRange, result: TaskResult) => void,
  blocksDone: () => number,
): Promise<void> {
  const controller = new AbortController();
  const onAbort = (): void => controller.abort();
  if (o.signal?.aborted === true) controller.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let poolError: unknown = null;
  const onPoolError = (e: unknown): void => {
    if (controller.signal.aborted) return; // a task that finished as it was cancelled: nothing lost, it is rerun on resume
    poolError = e;
    controller.abort();
  };
  const lent = o.pool;
  if (lent !== undefined && lent.threads !== plan.workers) throw new Error(`engine: the pool lent has ${lent.threads} threads, the run ${plan.workers} workers`);
  const pool = lent ?? new WorkerPool(plan.workers, onPoolError, tuningPays(plan.settings.replicates, plan.designs.length, plan.workers));
  lent?.listen(onPoolError);
  const inflight = new Map<number, Promise<Settled>>();
  const window = plan.workers * 2;
  let next = 0;
  let seq = 0;
  const submit = (range: TaskRange): void => {
    const d = plan.designs[range.design];
    const s = plan.settings;
    const task: BlockTask = {
      design: range.design,
      kernelModule: plan.kernelUrl,
      specKey: d.specKey,
      nullSpecKey: d.nullSpecKey,
      spec: d.spec,
      nullSpec: d.nullSpec,
      truth: s.designs[range.design].truth,
      nullTruth: s.designs[range.design].nullTruth,
      family: s.family,
      seed: s.seed,
      replicates: s.replicates,
      blockSize: s.blockSize,
      estimateSample: s.estimateSample,
      firstBlock: range.firstBlock,
      lastBlock: range.lastBlock,
      delayMs: o.hooks?.taskDelayMs?.(range) ?? 0,
    };
    const id = seq++;
    inflight.set(
      id,
      pool.run(task, controller.signal).then(
        (result): Settled => ({ id, range, result }),
        (error: unknown): Settled => ({ id, range, error }),
      ),
    );
  };
  try {
    while (!controller.signal.aborted) {
      while (inflight.size < window && next < tasks.length) {
        const range = tasks[next++];
        if (!designDone(range.design)) submit(range); // skip what the precision rule made unnecessary
      }
      if (inflight.size === 0) return;
      const s = await Promise.race(inflight.values());
      inflight.delete(s.id);
      if ('error' in s) {
        if (poolError !== null) throw poolError;
        if (controller.signal.aborted && isAbortError(s.error)) break;
        throw s.error;
      }
      onResult(s.range, s.result);
    }
    // Interrupted: keep whatever finished before the abort reached it.
    for (const s of await Promise.all(inflight.values())) if ('result' in s) onResult(s.range, s.result);
    inflight.clear();
    if (poolError !== null) throw poolError;
    const total = plan.nBlocks * plan.designs.length;
    throw new RunInterrupted(interrupted(o.outDir ?? null, blocksDone(), total), blocksDone(), total);
  } finally {
    controller.abort();
    o.signal?.removeEventListener('abort', onAbort);
    await Promise.all(inflight.values());
    if (lent === undefined) await pool.destroy();
    else lent.listen(() => {});
  }
}

/**
 * Start a pool's threads and have each load the first design's kernels (and
 * compile its trial) and run `replicates` of them to have them optimised, so
 * that a run lent this pool starts at full speed. Resolves when they are
 * done; a failure is left for the run to meet.
 */
export async function warmPool(pool: WorkerPool, o: RunDesignsOptions, replicates = 0): Promise<void> {
  const plan = planRun(o, o.designs.slice(0, 1));
  const d = plan.designs[0];
  const s = plan.settings;
  const task: BlockTask = {
    design: 0,
    kernelModule: plan.kernelUrl,
    specKey: d.specKey,
    nullSpecKey: d.nullSpecKey,
    spec: d.spec,
    nullSpec: d.nullSpec,
    truth: null,
    nullTruth: null,
    family: s.family,
    seed: s.seed,
    replicates: s.replicates,
    blockSize: s.blockSize,
    estimateSample: s.estimateSample,
    firstBlock: 0,
    lastBlock: -1, // no blocks: load (and exercise) the kernels only
    delayMs: 0,
    warm: replicates,
  };
  pool.start();
  await Promise.all(Array.from({ length: pool.threads }, () => pool.run(task).catch(() => undefined)));
}
