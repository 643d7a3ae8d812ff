// Distribution functions: time per call (the `cases` that `npm run bench`
// measures) and, when run directly, accuracy against the R fixture, for our
// kernels and for jstat 1.9.6 used the way the interim versions used it:
//
//   node dist/bench/stats-distributions.js
//
// prints the tables that docs/distributions.md quotes.
import { fileURLToPath } from 'node:url';
import jStat from 'jstat';
import { measure, type BenchCase } from './harness.js';
import { loadFixture } from '../test/support/fixtures.js';
import { pnorm, qnorm } from '../src/stats/distributions/normal.js';
import { pt, qt } from '../src/stats/distributions/studentT.js';
import { pchisq, qchisq } from '../src/stats/distributions/chiSquare.js';
import { pf, qf } from '../src/stats/distributions/fisherF.js';
import { dbinom, pbinom, qbinom } from '../src/stats/distributions/binomial.js';
import { dhyper, phyper, qhyper } from '../src/stats/distributions/hypergeometric.js';

/** The fifteen functions with the exported signatures, from one implementation. */
export interface DistributionImpl {
  pnorm(x: number, lowerTail: boolean): number;
  qnorm(p: number, lowerTail: boolean): number;
  pt(x: number, df: number, lowerTail: boolean): number;
  qt(p: number, df: number, lowerTail: boolean): number;
  pchisq(x: number, df: number, lowerTail: boolean): number;
  qchisq(p: number, df: number, lowerTail: boolean): number;
  pf(x: number, df1: number, df2: number, lowerTail: boolean): number;
  qf(p: number, df1: number, df2: number, lowerTail: boolean): number;
  dbinom(k: number, size: number, prob: number): number;
  pbinom(k: number, size: number, prob: number, lowerTail: boolean): number;
  qbinom(p: number, size: number, prob: number, lowerTail: boolean): number;
  dhyper(x: number, m: number, n: number, k: number): number;
  phyper(x: number, m: number, n: number, k: number, lowerTail: boolean): number;
  qhyper(p: number, m: number, n: number, k: number, lowerTail: boolean): number;
}

export const ours: DistributionImpl = { pnorm, qnorm, pt, qt, pchisq, qchisq, pf, qf, dbinom, pbinom, qbinom, dhyper, phyper, qhyper };

/**
 * jstat 1.9.6 as the interim versions called it: symmetric laws use the
 * reflection for the upper tail, the others 1 - cdf; discrete quantiles by a
 * linear search on the cdf.
 */
export const jstat: DistributionImpl = {
  pnorm: (x, lo) => jStat.normal.cdf(lo ? x : -x, 0, 1),
  qnorm: (p, lo) => jStat.normal.inv(lo ? p : 1 - p, 0, 1),
  pt: (x, df, lo) => jStat.studentt.cdf(lo ? x : -x, df),
  qt: (p, df, lo) => jStat.studentt.inv(lo ? p : 1 - p, df),
  pchisq: (x, df, lo) => (lo ? jStat.chisquare.cdf(x, df) : 1 - jStat.chisquare.cdf(x, df)),
  qchisq: (p, df, lo) => jStat.chisquare.inv(lo ? p : 1 - p, df),
  pf: (x, d1, d2, lo) => (lo ? jStat.centralF.cdf(x, d1, d2) : 1 - jStat.centralF.cdf(x, d1, d2)),
  qf: (p, d1, d2, lo) => jStat.centralF.inv(lo ? p : 1 - p, d1, d2),
  dbinom: (k, n, pr) => jStat.binomial.pdf(k, n, pr),
  pbinom: (k, n, pr, lo) => (lo ? jStat.binomial.cdf(k, n, pr) : 1 - jStat.binomial.cdf(k, n, pr)),
  qbinom: (p, n, pr, lo) => {
    const target = lo ? p : 1 - p;
    for (let k = 0; k <= n; k++) if (jStat.binomial.cdf(k, n, pr) >= target) return k;
    return n;
  },
  dhyper: (x, m, n, k) => jStat.hypgeom.pdf(x, m + n, m, k),
  phyper: (x, m, n, k, lo) => (lo ? jStat.hypgeom.cdf(x, m + n, m, k) : 1 - jStat.hypgeom.cdf(x, m + n, m, k)),
  qhyper: (p, m, n, k, lo) => {
    const target = lo ? p : 1 - p;
    for (let x = Math.max(0, k - n); x <= Math.min(k, m); x++) if (jStat.hypgeom.cdf(x, m + n, m, k) >= target) return x;
    return Math.min(k, m);
  },
};

// ---------------------------------------------------------------- speed

/** Inputs cycle through a small table so the call cannot be hoisted out of the loop. */
function cycling(name: string, inputs: readonly number[], f: (x: number) => number): BenchCase {
  let i = 0;
  const n = inputs.length;
  return {
    name,
    run: () => {
      i = i + 1 === n ? 0 : i + 1;
      return f(inputs[i]);
    },
  };
}

const T_STATS = [0.3, -1.1, 1.7, 2.05, -2.6, 3.4, 0.9, -4.2];
const CHI_STATS = [0.2, 1.3, 2.9, 3.84, 5.1, 7.7, 0.6, 11.2];
const F_STATS = [0.4, 1.1, 2.2, 3.1, 4.8, 0.9, 1.6, 6.3];
const Z_STATS = [0.3, -1.1, 1.96, 2.6, -3.3, 0.05, -0.8, 4.1];
const PS = [0.975, 0.95, 0.9, 0.995, 0.5, 0.8, 0.99, 0.999];

function caseSet(prefix: string, d: DistributionImpl): BenchCase[] {
  return [
    cycling(prefix + 'pnorm', Z_STATS, (x) => d.pnorm(x, true)),
    cycling(prefix + 'pt(df=92)', T_STATS, (x) => d.pt(x, 92, x <= 0)),
    cycling(prefix + 'pt(df=7.5)', T_STATS, (x) => d.pt(x, 7.5, true)),
    cycling(prefix + 'pchisq(1 df)', CHI_STATS, (x) => d.pchisq(x, 1, false)),
    cycling(prefix + 'pchisq(12 df)', CHI_STATS, (x) => d.pchisq(x * 3, 12, false)),
    cycling(prefix + 'pf(2, 90)', F_STATS, (x) => d.pf(x, 2, 90, false)),
    cycling(prefix + 'qnorm', PS, (p) => d.qnorm(p, true)),
    cycling(prefix + 'qt(0.975, 92)', [0.975, 0.9751, 0.9749, 0.97505, 0.97495, 0.9752, 0.9748, 0.97502], (p) => d.qt(p, 92, true)),
    cycling(prefix + 'qchisq(p, 3)', PS, (p) => d.qchisq(p, 3, true)),
    cycling(prefix + 'qf(p, 2, 90)', PS, (p) => d.qf(p, 2, 90, true)),
    cycling(prefix + 'pbinom(k, 100, 0.3)', [10, 20, 25, 30, 35, 40, 45, 50], (k) => d.pbinom(k, 100, 0.3, true)),
    cycling(prefix + 'phyper(x, 50, 50, 60)', [20, 25, 28, 30, 32, 35, 38, 40], (x) => d.phyper(x, 50, 50, 60, false)),
  ];
}

export const cases: BenchCase[] = [...caseSet('', ours), ...caseSet('jstat ', jstat)];

// ---------------------------------------------------------------- accuracy

type Cell = number | string | boolean;
type Row = Cell[];
const num = (v: Cell): number =>
  typeof v === 'number' ? v : v === 'Inf' ? Infinity : v === '-Inf' ? -Infinity : NaN;

/** Worst relative error against R, by function, tail and size of the reference value. */
export interface AccuracyLine {
  fn: string;
  bucket: string;
  n: number;
  worst: number;
  over1e10: number;
  where: string;
}

const P_BUCKETS: [string, number, number][] = [
  ['p >= 1e-3', 1e-3, Infinity],
  ['1e-8 <= p < 1e-3', 1e-8, 1e-3],
  ['1e-15 <= p < 1e-8', 1e-15, 1e-8],
  ['1e-300 <= p < 1e-15', 1e-300, 1e-15],
];

/** Relative error, or absolute where R's answer is 0; Infinity for a wrong NaN/Inf. */
function relErr(got: number, want: number): number {
  if (Number.isNaN(want)) return Number.isNaN(got) ? 0 : Infinity;
  if (!Number.isFinite(want)) return got === want ? 0 : Infinity;
  const e = want === 0 ? Math.abs(got) : Math.abs(got - want) / Math.abs(want);
  return Number.isNaN(e) ? Infinity : e;
}

/** Edge rows: a non-finite argument (x = ±Inf, df = Inf, NaN) or an invalid parameter (R says NaN). */
function isEdge(args: Row, want: number): boolean {
  return Number.isNaN(want) || !args.every((a) => typeof a === 'boolean' || Number.isFinite(num(a)));
}

function newLine(fn: string, bucket: string): AccuracyLine {
  return { fn, bucket, n: 0, worst: 0, over1e10: 0, where: '' };
}

function score(line: AccuracyLine, fn: string, args: Row, want: number, got: number): void {
  const e = relErr(got, want);
  line.n++;
  if (e > 1e-10) line.over1e10++;
  if (e > line.worst || line.n === 1) {
    line.worst = e;
    line.where = `${fn}(${args.join(', ')}) = ${want.toPrecision(8)}, got ${got.toPrecision(8)}`;
  }
}

function safe(f: () => number): number {
  try {
    return f();
  } catch {
    return NaN;
  }
}

export function accuracy(d: DistributionImpl): AccuracyLine[] {
  const fx = loadFixture<Record<string, Row[]>>('distributions.json');
  const lines: AccuracyLine[] = [];
  // p-value functions: bucket by the size of R's answer and tail.
  const pfns: [string, (r: Row) => number, number][] = [
    ['pnorm', (r) => d.pnorm(num(r[0]), r[1] as boolean), 1],
    ['pt', (r) => d.pt(num(r[0]), num(r[1]), r[2] as boolean), 2],
    ['pchisq', (r) => d.pchisq(num(r[0]), num(r[1]), r[2] as boolean), 2],
    ['pf', (r) => d.pf(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean), 3],
    ['pbinom', (r) => d.pbinom(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean), 3],
    ['phyper', (r) => d.phyper(num(r[0]), num(r[1]), num(r[2]), num(r[3]), r[4] as boolean), 4],
  ];
  for (const [fn, call, tailIdx] of pfns) {
    for (const tail of [true, false]) {
      for (const [bucket, lo, hi] of P_BUCKETS) {
        const line = newLine(`${fn} ${tail ? 'lower' : 'upper'}`, bucket);
        for (const r of fx[fn]) {
          const want = num(r[r.length - 1]);
          const args = r.slice(0, -1);
          if (r[tailIdx] !== tail || isEdge(args, want) || !(want >= lo && want < hi)) continue;
          score(line, fn, args, want, safe(() => call(r)));
        }
        if (line.n > 0) lines.push(line);
      }
    }
  }
  // densities and quantiles: one line each. Row layouts (see the R script):
  // densities and qnorm end with R's value; qt, qchisq, qf with [q, qRef, refined]
  // and qbinom, qhyper with [q, qExact, tie]; scored against qRef / qExact.
  const others: [string, (r: Row) => number, number][] = [
    ['dbinom', (r) => d.dbinom(num(r[0]), num(r[1]), num(r[2])), 3],
    ['dhyper', (r) => d.dhyper(num(r[0]), num(r[1]), num(r[2]), num(r[3])), 4],
    ['qnorm', (r) => d.qnorm(num(r[0]), r[1] as boolean), 2],
    ['qt', (r) => d.qt(num(r[0]), num(r[1]), r[2] as boolean), 3],
    ['qchisq', (r) => d.qchisq(num(r[0]), num(r[1]), r[2] as boolean), 3],
    ['qf', (r) => d.qf(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean), 4],
    ['qbinom', (r) => d.qbinom(num(r[0]), num(r[1]), num(r[2]), r[3] as boolean), 4],
    ['qhyper', (r) => d.qhyper(num(r[0]), num(r[1]), num(r[2]), num(r[3]), r[4] as boolean), 5],
  ];
  const reference = (fn: string, r: Row, nArgs: number): [number, number] => {
    if (r.length === nArgs + 1) return [num(r[nArgs]), 0];
    const tie = fn === 'qbinom' || fn === 'qhyper' ? (r[nArgs + 2] as number) : 0;
    return [num(r[nArgs + 1]), tie];
  };
  for (const edges of [false, true]) {
    for (const [fn, call, nArgs] of others) {
      const line = newLine(fn, edges ? 'edge cases' : 'finite arguments');
      for (const r of fx[fn]) {
        const args = r.slice(0, nArgs);
        const [want, tie] = reference(fn, r, nArgs);
        // for quantiles p = 0 and p = 1 count as edge cases too
        const boundary = fn[0] === 'q' && (num(r[0]) === 0 || num(r[0]) === 1);
        if ((isEdge(args, want) || boundary) !== edges) continue;
        if (want !== 0 && Math.abs(want) < 1e-300) continue;
        let got = safe(() => call(r));
        if (tie !== 0 && got === want + tie) got = want; // a tie: either neighbour is right
        if (fn[0] === 'q' && Math.abs(got - want) <= 1e-15) got = want; // R's qt(0.5, 0.5) = 2.6e-16
        score(line, fn, args, want, got);
      }
      if (line.n > 0) lines.push(line);
    }
  }
  // edge cases of the p-value functions
  for (const [fn, call] of pfns) {
    const line = newLine(fn, 'edge cases');
    for (const r of fx[fn]) {
      const want = num(r[r.length - 1]);
      const args = r.slice(0, -1);
      if (!isEdge(args, want)) continue;
      score(line, fn, args, want, safe(() => call(r)));
    }
    if (line.n > 0) lines.push(line);
  }
  return lines;
}

function fmt(e: number): string {
  return e === 0 ? '0' : e === Infinity ? 'wrong NaN/Inf' : e.toExponential(1);
}

function main(): void {
  for (const [label, impl] of [['ours', ours], ['jstat 1.9.6', jstat]] as const) {
    console.log(`\n### Accuracy against R 4.2: ${label}\n`);
    console.log('| function | R value | points | worst rel. error | points > 1e-10 | worst case |');
    console.log('| --- | --- | ---: | ---: | ---: | --- |');
    for (const l of accuracy(impl)) console.log(`| ${l.fn} | ${l.bucket} | ${l.n} | ${fmt(l.worst)} | ${l.over1e10} | ${l.where} |`);
  }
  console.log('\n### Time per call (median of 15 rounds of 10,000 calls, ns)\n');
  console.log('| case | ours | jstat |');
  console.log('| --- | ---: | ---: |');
  const a = caseSet('', ours);
  const b = caseSet('jstat ', jstat);
  for (let i = 0; i < a.length; i++) {
    const ra = measure(a[i]);
    const rb = measure(b[i]);
    console.log(`| ${a[i].name} | ${ra.nsPerCallMedian.toFixed(0)} | ${rb.nsPerCallMedian.toFixed(0)} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();
