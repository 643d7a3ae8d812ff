// Spearman, agreement and multiplicity: time per call (the `cases` that
// `npm run bench` measures), on fixed data the size of the paper's trial.
import type { BenchCase } from './harness.js';
import { streamFor } from '../src/random/stream.js';
import { spearman } from '../src/stats/spearman.js';
import { cohensKappa, weightedKappa } from '../src/stats/kappa.js';
import { holm } from '../src/stats/multiplicity/holm.js';
import { compileGraph, graphicalTest } from '../src/stats/multiplicity/graphical.js';

const N = 95;
const rng = streamFor(2024, 0, 'bench/stats-agreement');
// Five correlated scores recorded to one decimal (so ranks have ties).
const latent = Array.from({ length: N }, () => rng.normal());
const columns = Array.from({ length: 5 }, () =>
  Float64Array.from(latent, (z) => Math.round(10 * (z + rng.normal())) / 10),
);

// Table 3 of the paper (TIS vs CDASI-A category at week 16).
const table3 = Float64Array.of(21, 4, 0, 3, 8, 3, 2, 3, 4, 6, 5, 9, 1, 0, 3, 15);

const p5 = Float64Array.of(0.012, 0.04, 0.003, 0.2, 0.025);
const p4 = Float64Array.of(0.01, 0.005, 0.015, 0.022);
const compiled = compileGraph([0.5, 0.5, 0, 0], [
  [0, 0, 1, 0],
  [0, 0, 0, 1],
  [0, 1, 0, 0],
  [1, 0, 0, 0],
]);
if (!compiled.ok) throw new Error(compiled.error);
const graph = compiled.graph;

export const cases: BenchCase[] = [
  { name: 'spearman 5 vars n=95', run: () => spearman(columns).rho[1], callsPerRound: 2_000 },
  { name: 'kappa 4x4', run: () => cohensKappa(table3, 4).se },
  { name: 'weighted kappa 4x4', run: () => weightedKappa(table3, 4).se },
  { name: 'holm 5', run: () => holm(p5, 0.05).adjusted[0] },
  { name: 'graphical 4', run: () => graphicalTest(graph, p4, 0.05).adjusted[3] },
];
