// `npm run bench`: time per call of the hot statistics (median of repeated
// rounds, with min and max), printed as a table and written to
// results/bench.json. Every bench/stats-*.ts module exports `cases`.
// Not a test: nothing here asserts a speed; the aims are printed beside.
import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import os from 'node:os';
import { measure, sinkValue, type BenchCase, type BenchResult } from './harness.js';
import { VERSION } from '../src/version.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

async function main(): Promise<void> {
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
  const out = {
    trialsim: VERSION,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    date: new Date().toISOString(),
    aims: 'ANCOVA n=95 under 2 µs; each p-value under 0.5 µs (issue 2)',
    results,
    sink: sinkValue() === 42 ? 1 : 0,
  };
  mkdirSync(join(root, 'results'), { recursive: true });
  writeFileSync(join(root, 'results', 'bench.json'), JSON.stringify(out, null, 2) + '\n');
  process.stdout.write(`\nwritten: results/bench.json\n`);
}

function fmt(ns: number): string {
  return ns >= 1000 ? `${(ns / 1000).toFixed(2).padStart(8)} µs` : `${ns.toFixed(0).padStart(8)} ns`;
}

await main();
