// Child process of the SIGINT test (determinism.test.ts): runs the determinism
// run slowly into the folder given as argument, with Ctrl-C wired by
// interruptOnSignals; prints "progress" after its first task, and exits 130 when
// interrupted. Without an argument (as when the test runner loads it) it does nothing.
import { RunInterrupted } from '../../src/engine/errors.js';
import { interruptOnSignals } from '../../src/engine/interrupt.js';
import { runDesign } from '../../src/engine/run.js';
import { determinismOptions } from './helpers.js';

const out = process.argv[2];
if (out !== undefined) {
  const interrupt = interruptOnSignals();
  let first = true;
  try {
    await runDesign({
      ...determinismOptions(),
      workers: 2,
      taskBlocks: 1,
      outDir: out,
      signal: interrupt.signal,
      hooks: {
        taskDelayMs: () => 250, // slow enough that SIGINT lands mid-run even on a loaded machine
        onTaskComplete: () => {
          if (first) process.stdout.write('progress\n');
          first = false;
        },
      },
    });
    process.stdout.write('finished\n');
  } catch (e) {
    if (!(e instanceof RunInterrupted)) throw e;
    process.stdout.write(`interrupted: ${e.message}\n`);
    process.exitCode = 130;
  } finally {
    interrupt.dispose();
  }
}
