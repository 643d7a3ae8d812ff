// The worker pool: piscina threads running workers/replicate.js. The engine
// creates its own lazily (a run with nothing left to do starts no thread);
// runScenario lends it one started as soon as the scenario is loaded. The
// caller destroys it in `finally`. Only plain data crosses: a BlockTask in, a
// TaskResult out.
import { fileURLToPath } from 'node:url';
import { Piscina } from 'piscina';
import { tuneCompilerForKernels } from './compilerTuning.js';
import type { BlockTask, TaskResult } from './task.js';

// Compiled layout: dist/src/engine/pool.js → dist/workers/replicate.js.
const WORKER = fileURLToPath(new URL('../../workers/replicate.js', import.meta.url));

export class WorkerPool {
  private pool: Piscina | null = null;

  /**
   * `onError` hears pool-level errors. Piscina emits one ("Unexpected message
   * from Worker") when a task finishes in the instant it is aborted; unheard,
   * an EventEmitter 'error' would crash the process.
   */
  constructor(
    readonly threads: number,
    private onError: (error: unknown) => void,
    /** Raise V8's inlining budget (compilerTuning.ts) before the threads start: for a run long enough to pay for it (tuningPays). */
    private readonly tuneCompiler = false,
  ) {}

  /** Who hears pool-level errors from now on (a run lends the pool its own handler). */
  listen(onError: (error: unknown) => void): void {
    this.onError = onError;
  }

  /** Start the threads now rather than at the first task. */
  start(): void {
    if (this.pool !== null) return;
    if (this.tuneCompiler) tuneCompilerForKernels(); // before the threads compile anything
    this.pool = new Piscina({
      filename: WORKER,
      minThreads: this.threads,
      maxThreads: this.threads,
      concurrentTasksPerWorker: 1,
      idleTimeout: 60_000,
    });
    this.pool.on('error', (e: unknown) => this.onError(e)); // once per pool, not per task
  }

  run(task: BlockTask, signal?: AbortSignal): Promise<TaskResult> {
    this.start();
    return (this.pool as Piscina).run(task, signal === undefined ? {} : { signal }) as Promise<TaskResult>;
  }

  /**
   * Another function exported by the worker file (by name), on the same
   * threads: the truth of a run's populations is computed here while nothing
   * else runs. `transferList`: buffers of `task` moved to the thread, not copied.
   */
  runNamed<T>(name: string, task: unknown, transferList?: ArrayBuffer[]): Promise<T> {
    this.start();
    return (this.pool as Piscina).run(task, transferList === undefined ? { name } : { name, transferList }) as Promise<T>;
  }

  async destroy(): Promise<void> {
    const p = this.pool;
    this.pool = null;
    if (p !== null) await p.destroy();
  }
}
