// `npm run bench`: first the full ProDERM replicate (bench/replicate.ts:
// replicates per second with 1 and 2 workers, time to first result, the
// generation / analysis split, growth in n), then the time per call of the hot
// statistics (median of repeated rounds, with min and max). Printed, and
// written to results/bench.json. Every bench/stats-*.ts module exports `cases`.
// Not a test: nothing here asserts a speed; the issues' targets are printed beside.
//
//   npm run bench                          everything (a few minutes)
//   npm run bench -- --memory              also the 10-million-replicate memory check (about ten minutes more)
//   npm run bench -- --only replicate      or --only stats, or --only group-sequential, or --only assurance
//   npm run bench -- --replicates 20000 --runs 5   engine run size and repeats
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { measure, sinkValue, type BenchCase, type BenchResult } from './harness.js';
import { VERSION } from '../src/version.js';
import { replicateBench, type ReplicateBenchResult } from './replicate.js';
import { groupSequentialBench, type GroupSequentialBenchResult } from './group-sequential.js';
import { assuranceBench, formatAssuranceBench, type AssuranceBenchResult } from './assurance.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function flag(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : (process.argv[i + 1] ?? '');
}

async function main(): Promise<void> {
  const only = flag('--only');
  const num = (name: string): number | undefined => (flag(name) === undefined ? undefined : Number(flag(name)));
  let replicate: ReplicateBenchResult | null = null;
  if (only === undefined || only === 'replicate') {
    replicate = await replicateBench({
      replicates: num('--replicates'),
      runs: num('--runs'),
      memory: process.argv.includes('--memory'),
      memoryReplicates: num('--memory-replicates'),
    });
    process.stdout.write('\n');
  }
  let groupSequential: GroupSequentialBenchResult | null = null;
  if (only === undefined || only === 'group-sequential') {
    groupSequential = groupSequentialBench();
    process.stdout.write(`group-sequential: 3 looks ${groupSequential.threeLooks.median.toFixed(1)} µs, 1 look ${groupSequential.singleLook.median.toFixed(1)} µs per replicate; ratio ${groupSequential.ratio.toFixed(3)} (${groupSequential.target}); cold ${groupSequential.cold.ratio.toFixed(3)}; run of ${groupSequential.run.replicates} from cold ${groupSequential.run.ratio.toFixed(3)}\n`);
  }
  let assurance: AssuranceBenchResult[] | null = null;
  if (only === undefined || only === 'assurance') {
    assurance = [assuranceBench(11, 300, false), assuranceBench(11, 300, true)];
    for (const r of assurance) process.stdout.write(formatAssuranceBench(r));
  }
  const results = only === 'replicate' || only === 'group-sequential' || only === 'assurance' ? [] : statsBench();
  const out = {
    trialsim: VERSION,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.availableParallelism(),
    date: new Date().toISOString(),
    replicate,
    groupSequential,
    assurance,
    stats: {
      aims: 'ANCOVA n=95 under 2 µs; each p-value under 0.5 µs (issue 2); MMRM n=95, 4 visits, 15% dropout under 100 µs (issue 13)',
      results: await results,
      sink: sinkValue() === 42 ? 1 : 0,
    },
  };
  mkdirSync(join(root, 'results'), { recursive: true });
  writeFileSync(join(root, 'results', 'bench.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwritten: results/bench.json\n`);
}

async function statsBench(): Promise<(BenchResult & { module: string })[]> {
  const modules = readdirSync(here).filter((f) => /^stats-.*\.js$/.test(f)).sort();
  const results: (BenchResult & { module: string })[] = [];
  for (const file of modules) {
    const mod: unknown = await import(pathToFileURL(join(here, file)).href);
    if (typeof mod !== 'object' || mod === null || !('cases' in mod) || !Array.isArray(mod.cases)) continue;
    for (const c of mod.cases as BenchCase[]) {
      const r = measure(c);
      results.push({ module: file.replace(/\.js$/, ''), ...r });
      process.stdout.write(
        `${r.name.padEnd(34)} ${fmt(r.nsPerCallMedian)} median  (min ${fmt(r.nsPerCallMin)}, max ${fmt(r.nsPerCallMax)}, ${r.rounds} rounds)\n`,
      );
    }
  }
  return results;
}

function fmt(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2).padStart(8)} µs` : `${ns.toFixed(0).padStart(8)} ns`;
}

await main();
