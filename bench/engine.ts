// The engine's own cost, run directly:
//
//   node dist/bench/engine.js
//
// 1. addRecord per replicate for a ProDERM-sized record (5 analyses × 6 strata),
//    the per-replicate overhead the engine adds to a kernel (also exported as `cases`);
// 2. replicates per second of the test kernel (two outcomes, 60 patients, 4 strata):
//    a bare in-process loop of kernel.run, then runDesign with 1 and 2 workers
//    (design + null, so two kernel runs per replicate), median of 3 runs.
// Not a test: nothing here asserts a speed.
import { fileURLToPath } from 'node:url';
import { measure, sinkValue, type BenchCase } from './harness.js';
import { accumulatorLayout, addRecord, emptyAccumulator } from '../src/engine/accumulator.js';
import { A, S, buildLayout } from '../src/engine/layout.js';
import { truthVector } from '../src/engine/truth.js';
import { runDesign } from '../src/engine/run.js';
import { silentProgress } from '../src/engine/progress.js';
import { createKernel, nullOf } from '../test/engine/normalKernel.js';
import { normalSpec } from '../test/engine/helpers.js';

const strata = ['(0,6]', '(6,12]', '(12,24]', '(24,48]', '(48,96]', '>96'];
const layout = buildLayout(['a1', 'a2', 'a3', 'a4', 'a5'].map((id) => ({ id, strata })));
const slots = accumulatorLayout(layout);
const truth = truthVector(Object.fromEntries(layout.analyses.map((a) => [a.id, { value: 0.3, se: 0 }])), layout);
const records = Array.from({ length: 16 }, (_, r) => {
  const rec = new Float64Array(layout.width);
  for (const a of layout.analyses) {
    const e = 0.3 + 0.05 * (r - 8);
    rec.set([1, -1, e, 0.1, e - 0.2, e + 0.2, 0.01, 1, r % 2, 1, 0.4, 0], a.offset);
    for (const s of a.strata) rec.set([1, -1, 7, 8, e, 0.3, e - 0.6, e + 0.6, 0], s.offset);
  }
  rec[A.estimable + layout.analyses[4].offset] = r % 5 === 0 ? 0 : 1;
  rec[S.estimable + layout.analyses[0].strata[5].offset] = r % 3 === 0 ? 0 : 1;
  return rec;
});

export const cases: BenchCase[] = [
  (() => {
    const acc = emptyAccumulator(slots);
    let i = 0;
    return {
      name: 'engine addRecord (5 analyses × 6 strata)',
      run: () => {
        i = (i + 1) & 15;
        addRecord(acc, slots, layout, records[i], truth, [0, 1, 2, 3, 4]);
        return acc[0];
      },
    };
  })(),
];

async function main(): Promise<void> {
  for (const c of cases) {
    const r = measure(c);
    process.stdout.write(`${r.name}: ${r.nsPerCallMedian.toFixed(0)} ns median (min ${r.nsPerCallMin.toFixed(0)}, max ${r.nsPerCallMax.toFixed(0)})\n`);
  }
  const spec = normalSpec();
  const R = 20_000;
  const kernel = createKernel(spec);
  const out = new Float64Array(kernel.layout.width);
  const bare: number[] = [];
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    for (let i = 0; i < R; i++) kernel.run(1, i, out);
    bare.push(performance.now() - t0);
  }
  const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  process.stdout.write(`bare kernel.run loop: ${((R * 1000) / median(bare)).toFixed(0)} runs/s (median of 3)\n`);
  for (const workers of [1, 2]) {
    const times: number[] = [];
    for (let round = 0; round < 3; round++) {
      const t0 = performance.now();
      await runDesign({
        kernelModule: fileURLToPath(new URL('../test/engine/normalKernel.js', import.meta.url)),
        spec,
        nullSpec: nullOf(spec),
        seed: 1,
        replicates: R,
        workers,
        progress: silentProgress,
      });
      times.push(performance.now() - t0);
    }
    const t = median(times);
    process.stdout.write(
      `runDesign, ${workers} worker(s): ${((R * 1000) / t).toFixed(0)} replicates/s = ${((2 * R * 1000) / t).toFixed(0)} kernel runs/s (median of 3, ${t.toFixed(0)} ms incl. pool start)\n`,
    );
  }
  if (sinkValue() === 42) process.stdout.write('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
