// `node dist/bench/group-sequential.js` (also part of `npm run bench`): the
// per-replicate cost of a 3-look group-sequential design against the same
// design with a single look (issue 14's target: at most 1.6 times).
//
// Three measures: warm (kernels that have seen the count tuples already),
// cold (the first 400 replicates of fresh kernels) and a run (the first
// 5,000 replicates of fresh kernels: what a run of ordinary length pays,
// every new tuple of observed counts computing its boundaries once).
//
// Both from scenarios/group_sequential.yaml at its 48-patient point (ProDERM
// model, CDASI-A > 14, 2:1, ANCOVA): A with looks at 1/3, 2/3 and 1 of the
// information, B with `accrual` and `interim` removed. A replicate is the
// design and its null, in process, as the engine runs them (createKernels).
// Rounds alternate A and B; the ratio is of the medians. Not a test: nothing
// here asserts a speed.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createKernels } from '../src/analysis/kernel.js';
import { loadSource } from '../src/api/source.js';

const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, '..', '..', 'scenarios', 'group_sequential.yaml');

export interface GroupSequentialBenchResult {
  /** µs per replicate (design + null), median of the rounds, with the rounds' min and max. */
  threeLooks: { median: number; min: number; max: number };
  singleLook: { median: number; min: number; max: number };
  /** threeLooks.median / singleLook.median: warm (the boundaries of the count tuples met so far are cached). */
  ratio: number;
  /**
   * The same from fresh kernels (an empty boundaries cache: the first
   * `replicatesPerRound` replicates of a run, each new tuple of observed
   * counts computing its boundaries).
   */
  cold: { threeLooks: { median: number; min: number; max: number }; singleLook: { median: number; min: number; max: number }; ratio: number };
  /** µs per replicate over the first `run.replicates` replicates of fresh kernels, cold start included; rounds alternate. */
  run: { replicates: number; rounds: number; threeLooks: { median: number; min: number; max: number }; singleLook: { median: number; min: number; max: number }; ratio: number };
  target: string;
  replicatesPerRound: number;
  rounds: number;
}

function replicateOf(text: string): (i: number) => void {
  const loaded = loadSource({ text, file: SCENARIO });
  const point = loaded.designs[1];
  const seed = loaded.scenario.seed;
  const [k, nk] = createKernels([point.spec, point.nullSpec]);
  const out = new Float64Array(k.layout.width);
  return (i) => {
    out.fill(NaN);
    k.run(seed, i, out);
    out.fill(NaN);
    nk.run(seed, i, out);
  };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

export function groupSequentialBench(rounds = 11, count = 400, runLength = 5000, runRounds = 5): GroupSequentialBenchResult {
  const text = readFileSync(SCENARIO, 'utf8');
  const three = text.replace('looks: [{information: 0.5}, {information: 1}]', 'looks: [{information: 0.3333333333}, {information: 0.6666666667}, {information: 1}]');
  if (three === text) throw new Error('bench: the looks line of scenarios/group_sequential.yaml has changed');
  const single = text.replace(/\n  accrual:.*\n  interim:\n(    .*\n)+/, '\n');
  if (single.includes('interim:') || single.includes('accrual:')) throw new Error('bench: could not remove the interim block');
  const a = replicateOf(three);
  const b = replicateOf(single);
  const time = (f: (i: number) => void, replicates = count): number => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < replicates; i++) f(i);
    return Number(process.hrtime.bigint() - t0) / 1000 / replicates;
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
  // Cold: new kernels every round (made before the clock starts), so every tuple of counts is new to the cache.
  const ca: number[] = [];
  const cb: number[] = [];
  for (let r = 0; r < Math.max(3, Math.ceil(rounds / 2)); r++) {
    const fa = replicateOf(three);
    ca.push(time(fa));
    const fb = replicateOf(single);
    cb.push(time(fb));
  }
  // A run: fresh kernels, the first runLength replicates, cold start included.
  const ra: number[] = [];
  const rb: number[] = [];
  for (let r = 0; r < runRounds; r++) {
    const fa = replicateOf(three);
    ra.push(time(fa, runLength));
    const fb = replicateOf(single);
    rb.push(time(fb, runLength));
  }
  return {
    threeLooks: spread(ta),
    singleLook: spread(tb),
    ratio: median(ta) / median(tb),
    cold: { threeLooks: spread(ca), singleLook: spread(cb), ratio: median(ca) / median(cb) },
    run: { replicates: runLength, rounds: runRounds, threeLooks: spread(ra), singleLook: spread(rb), ratio: median(ra) / median(rb) },
    target: 'at most 1.6 (issue 14)',
    replicatesPerRound: count,
    rounds,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const r = groupSequentialBench();
  const f = (s: { median: number; min: number; max: number }): string => `${s.median.toFixed(1)} µs (${s.min.toFixed(1)}–${s.max.toFixed(1)})`;
  process.stdout.write(`group-sequential: 3 looks ${f(r.threeLooks)}, 1 look ${f(r.singleLook)} per replicate (design + null); ratio ${r.ratio.toFixed(3)} (target ${r.target})\n`);
  process.stdout.write(`  cold (the first ${r.replicatesPerRound} replicates of fresh kernels): 3 looks ${f(r.cold.threeLooks)}, 1 look ${f(r.cold.singleLook)}; ratio ${r.cold.ratio.toFixed(3)}\n`);
  process.stdout.write(`  run (the first ${r.run.replicates} replicates of fresh kernels, ${r.run.rounds} rounds): 3 looks ${f(r.run.threeLooks)}, 1 look ${f(r.run.singleLook)}; ratio ${r.run.ratio.toFixed(3)}\n`);
}
