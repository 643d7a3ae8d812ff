// The full-replicate benchmark of `npm run bench` (issue 6): the shipped
// ProDERM scenario, every analysis of the paper on every replicate, and its
// null run (run_null: true), as `trialsim run scenarios/proderm.yaml` runs it.
//
//   engine      replicates per second with 1 and with 2 workers: each run a
//               fresh child process (runScenario, journal in a temporary
//               folder, no truth, no report), median over repeated runs with
//               min and max; the 1 -> 2 worker scaling; peak RSS of the child
//               (process.resourceUsage().maxRSS: worker threads included). The
//               scenario as shipped (design + null per replicate), and the
//               design alone (run_null: false: one trial per replicate).
//   start-up    time to first result: `trialsim run scenarios/proderm.yaml
//               --replicates 1000` as a child process, start to exit: with the
//               truth computed (an empty truth cache), the same command again
//               (the truth remembered), and with --no-truth.
//   split       one replicate's time in process: kernel.run of the design,
//               the analysis alone (analyseTrial over simulated cohorts), and
//               the difference, generation. Compiled as the workers compile
//               (the engine's V8 inlining flags, src/engine/compilerTuning.ts).
//   inlining    the same design + null replicate in two child processes, with
//               and without those flags, alternately: what they buy.
//   growth      per-replicate cost (design + null, in process) at n per arm
//               25, 50, 100, 200, 400, and per patient.
//   memory      opt-in (--memory): 10 million replicates with 2 workers, RSS
//               sampled every second (flat in the number of replicates?).
//
// Not a test: nothing here asserts a speed. The targets are printed beside.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyseTrial } from '../src/analysis/analyseTrial.js';
import { createKernels } from '../src/analysis/kernel.js';
import type { Kernel } from '../src/engine/kernel.js';
import { parseKernelSpec } from '../src/analysis/kernelSpec.js';
import { createWorkspace } from '../src/analysis/workspace.js';
import { runScenario } from '../src/api/run.js';
import { KERNEL_V8_FLAGS, tuneCompilerForKernels } from '../src/engine/compilerTuning.js';
import { loadSource } from '../src/api/source.js';
import type { ProgressReporter } from '../src/engine/progress.js';
import type { Cohort } from '../src/model/cohort.js';
import { streamFor } from '../src/random/stream.js';

const here = dirname(fileURLToPath(import.meta.url));
const ROOT = join(here, '..', '..');
const SCENARIO = join(ROOT, 'scenarios', 'proderm.yaml');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const SELF = fileURLToPath(import.meta.url);

export const TARGETS = {
  oneWorker: 10_000,
  twoWorkers: 18_000,
  timeToFirstResultSeconds: 2,
  memoryReplicates: 10_000_000,
  memoryMB: 300,
};

export interface Spread {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function spread(xs: readonly number[]): Spread {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length;
  const median = m % 2 === 1 ? s[(m - 1) / 2] : (s[m / 2 - 1] + s[m / 2]) / 2;
  return { median, min: s[0], max: s[m - 1], runs: m };
}

// ---------------------------------------------------------------- child modes

interface EngineChildReport {
  replicates: number;
  workers: number;
  /** From the call of runScenario to its result: loading the scenario and starting the pool included. */
  seconds: number;
  /** Between the first and the last completed task: the pool's steady rate. */
  steadyRate: number;
  maxRssMB: number;
  /** RSS (MB) sampled each second, with the replicates done by then. */
  rssSeries: { seconds: number; done: number; rssMB: number }[];
}

async function engineChild(workers: number, replicates: number, sample: boolean, withNull: boolean): Promise<EngineChildReport> {
  const dir = mkdtempSync(join(tmpdir(), 'trialsim-bench-'));
  const seen: { t: number; done: number }[] = [];
  let done = 0;
  const progress: ProgressReporter = {
    start() {},
    update(d) {
      done = d;
      seen.push({ t: performance.now(), done: d });
    },
    finish() {},
  };
  const series: EngineChildReport['rssSeries'] = [];
  const t0 = performance.now();
  const timer = sample
    ? setInterval(() => series.push({ seconds: (performance.now() - t0) / 1000, done, rssMB: process.memoryUsage().rss / 2 ** 20 }), 1000)
    : null;
  try {
    await runScenario(SCENARIO, {
      replicates,
      workers,
      set: withNull ? [] : ['run_null=false'],
      truth: false,
      render: false,
      outDir: join(dir, 'run'),
      progress,
    });
  } finally {
    if (timer !== null) clearInterval(timer);
    rmSync(dir, { recursive: true, force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  const first = seen[0];
  const last = seen[seen.length - 1];
  const steadyRate = seen.length > 1 ? ((last.done - first.done) * 1000) / (last.t - first.t) : NaN;
  return { replicates, workers, seconds, steadyRate, maxRssMB: process.resourceUsage().maxRSS / 1024, rssSeries: series };
}

function runChild(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ stdout: string; seconds: number; code: number | null }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - t0) / 1000;
      if (code !== 0) reject(new Error(`${args.join(' ')} exited with ${code}:\n${stderr.slice(-2000)}`));
      else resolve({ stdout, seconds, code });
    });
  });
}

async function engineRun(workers: number, replicates: number, sample = false, withNull = true): Promise<EngineChildReport> {
  const { stdout } = await runChild([SELF, '--child-engine', String(workers), String(replicates), sample ? '1' : '0', withNull ? '1' : '0']);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as EngineChildReport;
}

// ---------------------------------------------------------------- in-process parts

function timeLoop(count: number, body: (i: number) => void): number {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < count; i++) body(i);
  return Number(process.hrtime.bigint() - t0) / 1000 / count; // µs per call
}

interface SplitResult {
  /** kernel.run of the design: generation + analysis (µs). */
  kernelMicros: Spread;
  /** analyseTrial alone on simulated cohorts (µs). */
  analysisMicros: Spread;
  /** kernel − analysis (µs). */
  generationMicros: Spread;
  /** design + null, in process (µs): one full replicate on one core without the engine. */
  replicateMicros: Spread;
}

/** The shipped scenario's design and null kernels (with `set` overrides), and one design + null replicate. */
function shippedKernels(set: string[] = []): { spec: unknown; seed: number; kernel: Kernel; out: Float64Array; both: (i: number) => void } {
  const loaded = loadSource(SCENARIO, { set });
  const point = loaded.designs[0];
  const seed = loaded.scenario.seed;
  const [kernel, nullKernel] = createKernels([point.spec, point.nullSpec]); // as the engine makes them: sharing their patients
  const out = new Float64Array(kernel.layout.width);
  const both = (i: number): void => {
    out.fill(NaN);
    kernel.run(seed, i, out);
    out.fill(NaN);
    nullKernel.run(seed, i, out);
  };
  return { spec: point.spec, seed, kernel, out, both };
}

function split(rounds: number, count: number): SplitResult {
  const { spec, seed, kernel, out, both: runBoth } = shippedKernels();
  const { compiled, plan } = parseKernelSpec(spec);
  const ws = createWorkspace(compiled.design.sampleSize, plan.analyses.length, plan.family.length);
  const cohorts: Cohort[] = [];
  for (let i = 0; i < 256; i++) cohorts.push(compiled.simulate(streamFor(seed, i, 'patients'), streamFor(seed, i, 'allocation')));
  const k: number[] = [];
  const a: number[] = [];
  const g: number[] = [];
  const r: number[] = [];
  const runKernel = (i: number): void => {
    out.fill(NaN);
    kernel.run(seed, i, out);
  };
  const analyse = (i: number): void => {
    out.fill(NaN);
    analyseTrial(cohorts[i & 255], plan, ws, out);
  };
  timeLoop(count, runBoth); // warm-up
  timeLoop(count, analyse);
  for (let round = 0; round < rounds; round++) {
    const kernelMicros = timeLoop(count, runKernel);
    const analysisMicros = timeLoop(count, analyse);
    k.push(kernelMicros);
    a.push(analysisMicros);
    g.push(kernelMicros - analysisMicros);
    r.push(timeLoop(count, runBoth));
  }
  return { kernelMicros: spread(k), analysisMicros: spread(a), generationMicros: spread(g), replicateMicros: spread(r) };
}

/** µs per design + null replicate in this process (a child: compiled with or without the engine's V8 flags). */
function loopChild(tuned: boolean): number {
  if (tuned) tuneCompilerForKernels();
  const { both: body } = shippedKernels();
  timeLoop(20_000, body);
  const xs: number[] = [];
  for (let round = 0; round < 3; round++) xs.push(timeLoop(20_000, body));
  return spread(xs).median;
}

interface InliningResult {
  flags: readonly string[];
  /** Design + null, in process (µs), each run a fresh child. */
  withFlagsMicros: Spread;
  withoutFlagsMicros: Spread;
  /** Median without / median with. */
  speedup: number;
}

async function inlining(runs: number): Promise<InliningResult> {
  const on: number[] = [];
  const off: number[] = [];
  for (let r = 0; r < runs; r++) {
    on.push(Number((await runChild([SELF, '--child-loop', '1'])).stdout.trim()));
    off.push(Number((await runChild([SELF, '--child-loop', '0'])).stdout.trim()));
  }
  const withFlagsMicros = spread(on);
  const withoutFlagsMicros = spread(off);
  return { flags: KERNEL_V8_FLAGS, withFlagsMicros, withoutFlagsMicros, speedup: withoutFlagsMicros.median / withFlagsMicros.median };
}

interface GrowthRow {
  nPerArm: number;
  /** Design + null, in process (µs). */
  replicateMicros: Spread;
  microsPerPatient: number;
}

function growth(rounds: number): GrowthRow[] {
  const rows: GrowthRow[] = [];
  for (const nPerArm of [25, 50, 100, 200, 400]) {
    const { both: body } = shippedKernels([`design.sample_size=${2 * nPerArm}`]);
    const count = Math.max(200, Math.round(100_000 / nPerArm));
    timeLoop(count, body);
    const xs: number[] = [];
    for (let round = 0; round < rounds; round++) xs.push(timeLoop(count, body));
    const s = spread(xs);
    rows.push({ nPerArm, replicateMicros: s, microsPerPatient: s.median / (2 * nPerArm) });
  }
  return rows;
}

// ---------------------------------------------------------------- the benchmark

export interface ReplicateBenchOptions {
  /** Replicates per engine run (default 100,000). */
  replicates?: number;
  /** Repeated runs per measurement (default 5). */
  runs?: number;
  /** Run the 10-million-replicate memory check. */
  memory?: boolean;
  memoryReplicates?: number;
  log?: (line: string) => void;
}

interface EngineEntry {
  /** Replicates / seconds from the engine's start (pool start-up included) to its result. */
  replicatesPerSecond: Spread;
  /** After the first task completed: the rate once the workers are up and compiled. */
  steadyReplicatesPerSecond: Spread;
  peakRssMB: Spread;
}

export interface EngineResult {
  replicates: number;
  workers1: EngineEntry;
  workers2: EngineEntry;
  /** Median 2-worker rate / median 1-worker rate. */
  scaling: number;
}

export interface ReplicateBenchResult {
  scenario: string;
  replicateIncludes: string;
  targets: typeof TARGETS;
  /** The scenario as shipped: each replicate is the design and its null run. */
  engine: EngineResult;
  /** The same with run_null: false, one simulated trial per replicate. */
  engineDesignOnly: EngineResult;
  timeToFirstResult: {
    command: string;
    /** With the truth computed (an empty truth cache). */
    withTruthSeconds: Spread;
    /** The same command again with TRIALSIM_TRUTH_CACHE set: the truth read from the cache. */
    withCachedTruthSeconds: Spread;
    withoutTruthSeconds: Spread;
  };
  split: SplitResult;
  inlining: InliningResult;
  growth: GrowthRow[];
  memory: null | { replicates: number; workers: number; seconds: number; maxRssMB: number; rssSeries: EngineChildReport['rssSeries'] };
}

const f0 = (x: number): string => Math.round(x).toLocaleString('en-US');
const f1 = (x: number): string => x.toFixed(1);
const f2 = (x: number): string => x.toFixed(2);
const show = (s: Spread, f: (x: number) => string, unit: string): string => `${f(s.median)}${unit} (min ${f(s.min)}, max ${f(s.max)}, ${s.runs} runs)`;

export async function replicateBench(o: ReplicateBenchOptions = {}): Promise<ReplicateBenchResult> {
  const log = o.log ?? ((line: string): void => void process.stdout.write(line + '\n'));
  const R = o.replicates ?? 100_000;
  const runs = o.runs ?? 5;
  log(`Full ProDERM replicates (scenarios/proderm.yaml: 5 analyses, design + null run per replicate)`);

  tuneCompilerForKernels(); // the in-process figures compiled as the workers compile
  const split1 = split(runs, 2000);
  log(
    `  one replicate in process: design ${f1(split1.kernelMicros.median)} µs = generation ${f1(split1.generationMicros.median)} + analysis ${f1(split1.analysisMicros.median)} µs;` +
      ` design + null ${show(split1.replicateMicros, f1, ' µs')}`,
  );

  const inl = await inlining(runs);
  log(
    `  V8 inlining flags of the workers (${inl.flags.join(' ')}), design + null in a fresh process:` +
      ` with ${show(inl.withFlagsMicros, f1, ' µs')}, without ${show(inl.withoutFlagsMicros, f1, ' µs')}; ${f2(inl.speedup)}x`,
  );

  const grow = growth(runs);
  log(`  per replicate (design + null) as n grows:`);
  for (const g of grow) log(`    n per arm ${String(g.nPerArm).padStart(3)}: ${show(g.replicateMicros, f1, ' µs')}, ${f2(g.microsPerPatient)} µs per patient`);
  log(`    per-patient cost at n 400 / n 25: ${f2(grow[grow.length - 1].microsPerPatient / grow[0].microsPerPatient)} (1 = linear)`);

  const engineOf = async (withNull: boolean): Promise<EngineResult> => {
    log(withNull ? `  engine, the scenario as shipped (each replicate: the design and its null run, two simulated trials):` : `  engine, the design only (--set run_null=false: one simulated trial per replicate):`);
    const e = { replicates: R } as EngineResult;
    for (const workers of [1, 2] as const) {
      const reports: EngineChildReport[] = [];
      for (let r = 0; r < runs; r++) reports.push(await engineRun(workers, R, false, withNull));
      const rate = spread(reports.map((x) => x.replicates / x.seconds));
      const entry = { replicatesPerSecond: rate, steadyReplicatesPerSecond: spread(reports.map((x) => x.steadyRate)), peakRssMB: spread(reports.map((x) => x.maxRssMB)) };
      if (workers === 1) e.workers1 = entry;
      else e.workers2 = entry;
      const target = workers === 1 ? TARGETS.oneWorker : TARGETS.twoWorkers;
      log(
        `    ${workers} worker${workers === 1 ? ' ' : 's'}: ${show(rate, f0, ' replicates/s')} over ${f0(R)} replicates, start-up included (target ${f0(target)});` +
          ` after the first task ${f0(entry.steadyReplicatesPerSecond.median)}/s; peak RSS ${show(entry.peakRssMB, f0, ' MB')}`,
      );
    }
    e.scaling = e.workers2.replicatesPerSecond.median / e.workers1.replicatesPerSecond.median;
    log(`    scaling 1 -> 2 workers: ${f2(e.scaling)}`);
    return e;
  };
  const engine = await engineOf(true);
  const engineDesignOnly = await engineOf(false);

  // Each run in a fresh folder with its own truth cache (TRIALSIM_TRUTH_CACHE): "cold" computes
  // the truth, "cached" runs the same command again and finds it remembered.
  const ttfrArgs = (truth: boolean, dir: string): string[] => [CLI, 'run', SCENARIO, '--replicates', '1000', '--out', dir, ...(truth ? [] : ['--no-truth'])];
  const cold: number[] = [];
  const cached: number[] = [];
  const noTruth: number[] = [];
  for (let r = 0; r < runs; r++) {
    const dir = mkdtempSync(join(tmpdir(), 'trialsim-ttfr-'));
    const env = { ...process.env, TRIALSIM_TRUTH_CACHE: join(dir, 'cache') };
    try {
      cold.push((await runChild(ttfrArgs(true, join(dir, 'run1')), env)).seconds);
      cached.push((await runChild(ttfrArgs(true, join(dir, 'run2')), env)).seconds);
      noTruth.push((await runChild(ttfrArgs(false, join(dir, 'run3')), env)).seconds);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const withTruth = spread(cold);
  const withCachedTruth = spread(cached);
  const withoutTruth = spread(noTruth);
  log(`  time to first result, trialsim run scenarios/proderm.yaml --replicates 1000 (process start to exit, report included; target ${TARGETS.timeToFirstResultSeconds} s):`);
  log(`    truth computed: ${show(withTruth, f2, ' s')}`);
  log(`    truth remembered from an earlier run (TRIALSIM_TRUTH_CACHE): ${show(withCachedTruth, f2, ' s')}`);
  log(`    --no-truth: ${show(withoutTruth, f2, ' s')}`);

  let memory: ReplicateBenchResult['memory'] = null;
  if (o.memory === true) {
    const M = o.memoryReplicates ?? TARGETS.memoryReplicates;
    log(`  memory: ${f0(M)} replicates with 2 workers (takes a while) ...`);
    const m = await engineRun(2, M, true);
    memory = { replicates: M, workers: 2, seconds: m.seconds, maxRssMB: m.maxRssMB, rssSeries: m.rssSeries };
    const at = (share: number): string => {
      const s = m.rssSeries.find((x) => x.done >= share * M) ?? m.rssSeries[m.rssSeries.length - 1];
      return s === undefined ? '-' : `${f0(s.rssMB)} MB at ${f0(s.done)}`;
    };
    log(`    peak RSS ${f0(m.maxRssMB)} MB (target < ${TARGETS.memoryMB} MB) in ${f1(m.seconds)} s; RSS ${at(0.1)}, ${at(0.5)}, ${at(0.9)}`);
  }

  return {
    scenario: 'scenarios/proderm.yaml',
    replicateIncludes: 'the design and its null run (run_null: true), 5 analyses each',
    targets: TARGETS,
    engine,
    engineDesignOnly,
    timeToFirstResult: {
      command: 'trialsim run scenarios/proderm.yaml --replicates 1000 --out <tmp> [--no-truth]',
      withTruthSeconds: withTruth,
      withCachedTruthSeconds: withCachedTruth,
      withoutTruthSeconds: withoutTruth,
    },
    split: split1,
    inlining: inl,
    growth: grow,
    memory,
  };
}

if (process.argv[1] === SELF && process.argv[2] === '--child-loop') {
  process.stdout.write(`${loopChild(process.argv[3] === '1')}\n`);
}

if (process.argv[1] === SELF && process.argv[2] === '--child-engine') {
  const report = await engineChild(Number(process.argv[3]), Number(process.argv[4]), process.argv[5] === '1', process.argv[6] !== '0');
  process.stdout.write(JSON.stringify(report) + '\n');
}
