// V8's inlining budget for the kernels' hot code, raised once per process
// before the worker threads start.
//
// TurboFan inlines a callee of at most 460 bytes of bytecode, and at most 920
// bytes in all into one function (V8 11, Node 20). The simulation's
// per-patient functions exceed that: the ProDERM model's baseline and latents
// (called once per patient by the trial's draw) are each over the per-callee
// limit, and the draw's budget is spent on the stream and allocation calls.
// Called rather than inlined, each per-patient call reloads the compiled
// model's tables and Cholesky factors from its closure, with their checks;
// inlined, they are constants of the compiled code. Measured on the shipped
// scenario (npm run bench prints the A/B): a replicate about 1.13 times as fast.
//
// The price is compile time: each worker's warm-up (its first few thousand
// replicates) takes about 0.15-0.25 s longer, and so does the main thread's
// compilation of whatever it runs next (the report). Measured break-even:
// some 20,000 replicates per worker. So a run raises the budget only when it
// has that many (tuningPays); a 1,000-replicate run starts sooner without.
//
// The flags change which functions are compiled inline, nothing a program
// computes: test/perf/compilerTuning.test.ts runs thousands of replicates,
// optimised, with and without them and compares the records' bits. V8's flags
// are process-wide and read when code is compiled; they are set before the
// pool starts its threads, so no worker exists yet to read them as they
// change. (Node keeps V8's flags writable after start-up for
// v8.setFlagsFromString; V8 alone would freeze them.)
// A flag the user gave node on the command line is left as given.
import { setFlagsFromString } from 'node:v8';

export const KERNEL_V8_FLAGS: readonly string[] = ['--max-inlined-bytecode-size=1000', '--max-inlined-bytecode-size-cumulative=4000'];

/** Replicates per worker from which the raised budget pays for its compile time. */
export const TUNING_MIN_REPLICATES_PER_WORKER = 20_000;

/** Whether a run of `replicates` of `designs` designs on `workers` threads is large enough to raise the budget. */
export function tuningPays(replicates: number, designs: number, workers: number): boolean {
  return replicates * designs >= TUNING_MIN_REPLICATES_PER_WORKER * workers;
}

let tuned = false;

/** Set KERNEL_V8_FLAGS (once; those the command line sets itself are kept). */
export function tuneCompilerForKernels(): void {
  if (tuned) return;
  tuned = true;
  for (const flag of KERNEL_V8_FLAGS) {
    const name = flag.slice(0, flag.indexOf('='));
    const given = process.execArgv.some((arg) => {
      const a = arg.replace(/_/g, '-');
      return a === name || a.startsWith(`${name}=`);
    });
    if (!given) setFlagsFromString(flag);
  }
}
