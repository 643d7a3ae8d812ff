// `node dist/bench/assurance.js` (also `npm run bench -- --only assurance`):
// the per-replicate cost of a ProDERM trial under a design prior against the
// same trial at a fixed effect.
//
// Both from scenarios/assurance.yaml at its 36-patient point (CDASI-A > 14,
// 2:1, ANCOVA, success beyond −5): A as shipped (from_paper on the CDASI-A
// difference: each replicate draws θ and moves IVIg's response), B with the
// prior replaced by the fixed difference at the prior's mean
// (model.effects.cdasi_a: −8 in everyone screened) and the same success
// criterion. A replicate is the design alone (run_null: false), in process,
// as the engine runs it (createKernels). Rounds alternate A and B; the ratio
// is of the medians. `--placebo` adds a placebo prior to A. Not a test:
// nothing here asserts a speed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKernels } from '../src/analysis/kernel.js';
import { loadSource } from '../src/api/source.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, '..', '..', 'scenarios', 'assurance.yaml');

export interface AssuranceBenchResult {
  /** µs per replicate, median of the rounds, with the rounds' min and max. */
  prior: { median: number; min: number; max: number };
  fixed: { median: number; min: number; max: number };
  /** prior.median / fixed.median. */
  ratio: number;
  placebo: boolean;
  replicatesPerRound: number;
  rounds: number;
}

function replicateOf(text: string): (i: number) => void {
  const loaded = loadSource({ text, file: SCENARIO });
  const point = loaded.designs[2];
  const seed = loaded.scenario.seed;
  const [k] = createKernels([point.spec]);
  const out = new Float64Array(k.layout.width);
  return (i) => {
    out.fill(NaN);
    k.run(seed, i, out);
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function assuranceBench(rounds = 11, count = 300, placebo = false): AssuranceBenchResult {
  const text = readFileSync(SCENARIO, 'utf8').replace('run_null: true', 'run_null: false');
  const priorLine = '    cdasi_a: {from_paper: true}\n';
  if (!text.includes(priorLine)) throw new Error('bench: the prior of scenarios/assurance.yaml has changed');
  const withPrior = placebo ? text.replace(priorLine, '    cdasi_a:\n      from_paper: true\n      placebo: {normal: {mean: -1.1, sd: 1}}\n') : text;
  const fixed = text.replace('  prior:\n' + priorLine, '  effects:\n    cdasi_a: {difference: -8, population: unrestricted}\n');
  const a = replicateOf(withPrior);
  const b = replicateOf(fixed);
  const time = (f: (i: number) => void): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < count; i++) f(i);
    return Number(process.hrtime.bigint() - t0) / 1000 / count;
  };
  time(a); // warm-up
  time(b);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let r = 0; r < rounds; r++) {
    ta.push(time(a));
    tb.push(time(b));
  }
  const spread = (xs: number[]) => ({ median: median(xs), min: Math.min(...xs), max: Math.max(...xs) });
  return { prior: spread(ta), fixed: spread(tb), ratio: median(ta) / median(tb), placebo, replicatesPerRound: count, rounds };
}

export function formatAssuranceBench(r: AssuranceBenchResult): string {
  const f = (s: { median: number; min: number; max: number }): string => `${s.median.toFixed(1)} µs (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  return `assurance: under the prior${r.placebo ? ' (with a placebo prior)' : ''} ${f(r.prior)}, at a fixed effect ${f(r.fixed)} per replicate; ratio ${r.ratio.toFixed(3)}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  process.stdout.write(formatAssuranceBench(assuranceBench(11, 300, process.argv.includes('--placebo'))));
}
