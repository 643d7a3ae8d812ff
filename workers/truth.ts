// A worker thread computing some of a run's truths (src/analysis/truth.ts)
// while the main thread computes the others: a design's population and its
// null's are simulated side by side. Plain data in (specs, options), plain
// data out (the truths).
import { parentPort, workerData } from 'node:worker_threads';
import { computeTruths, type TruthOptions } from '../src/analysis/truth.js';

const { specs, options } = workerData as { specs: unknown[]; options: TruthOptions };
parentPort?.postMessage(computeTruths(specs, options));
