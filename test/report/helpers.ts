// Shared by the report tests: real runs of small scenarios through the whole
// pipeline (loadScenario → expandDesigns → computeTruth → the engine with the
// production kernel), memoised per process, and the report rendered from them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { computeTruth } from '../../src/analysis/truth.js';
import { silentProgress } from '../../src/engine/progress.js';
import { runDesigns } from '../../src/engine/run.js';
import type { RunResult } from '../../src/engine/runResult.js';
import { expandDesigns, type DesignPoint } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { renderReport, type RenderedFiles } from '../../src/report/renderReport.js';
import type { RunFacts } from '../../src/report/reportHtml.js';
import { ROOT } from '../support/fixtures.js';

/** The production kernel, compiled: dist/src/analysis/kernel.js. */
export const PRODUCTION_KERNEL = fileURLToPath(new URL('../../src/analysis/kernel.js', import.meta.url));

/**
 * A parametric scenario with a one-key sweep, a null run, two analyses under
 * Holm, and strata on the baseline with a rare first stratum (2% of patients:
 * often empty in an arm, so not estimable) and an .inf cut.
 */
export const SWEEP_YAML = `name: sweep_fixture
description: A normal change endpoint with a baseline, ANCOVA with strata and a t-test under Holm, for 20 to 60 per arm.
seed: 424242
replicates: 300
run_null: true
target_power: 0.8
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: -4}
        sd: 10
        baseline: {mean: 50, sd: 10, correlation: 0.5}
design:
  n_per_arm: 40
  block_size: 4
analyses:
  - id: ancova
    endpoint: {measure: score, week: 16, type: change}
    method: ancova
    strata: {cuts: [0, 30, 50, .inf]}
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
multiplicity:
  procedure: holm
sweep:
  design.n_per_arm: [20, 40, 60]
`;

/** A grid of two swept keys, no null run, no strata. */
export const GRID_YAML = `name: grid_fixture
seed: 99
replicates: 200
run_null: false
target_power: 0.9
model:
  kind: parametric
  params:
    endpoints:
      - {id: score, type: normal, mean: {control: 0, treatment: -5}, sd: 10}
design:
  n_per_arm: 30
analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
  - id: wilcoxon
    endpoint: {measure: score, week: 16, type: change}
    method: wilcoxon
sweep:
  design.n_per_arm: [20, 40]
  model.params.effect_scale: [0.5, 1]
`;

export interface FixtureRun {
  scenario: Scenario;
  points: DesignPoint[];
  result: RunResult;
}

const runs = new Map<string, Promise<FixtureRun>>();

/** Run a scenario (YAML text and --set arguments) with the production kernel; memoised. */
export function fixtureRun(yaml: string, sets: readonly string[] = [], options: { estimateSample?: number } = {}): Promise<FixtureRun> {
  const key = JSON.stringify([yaml, sets, options]);
  let run = runs.get(key);
  if (run === undefined) {
    run = execute(yaml, sets, options);
    runs.set(key, run);
  }
  return run;
}

async function execute(yaml: string, sets: readonly string[], options: { estimateSample?: number }): Promise<FixtureRun> {
  const loaded = loadScenario(yaml, 'fixture.yaml', sets);
  if (!loaded.ok) throw new Error(`fixture scenario does not load: ${JSON.stringify(loaded.errors)}`);
  const scenario = loaded.scenario;
  const points = expandDesigns(scenario);
  const nullRun = scenario.run_null !== false;
  const result = await runDesigns({
    kernelModule: PRODUCTION_KERNEL,
    kernelId: 'trialsim/analysis',
    seed: scenario.seed,
    replicates: scenario.replicates,
    blockSize: 50,
    workers: 2,
    progress: silentProgress,
    nullRun,
    ...(options.estimateSample === undefined ? {} : { estimateSample: options.estimateSample }),
    designs: points.map((p) => ({
      id: p.id,
      spec: p.spec,
      truth: computeTruth(p.spec, { patientsPerArm: 20_000 }),
      ...(nullRun && p.nullSpec !== null ? { nullSpec: p.nullSpec, nullTruth: computeTruth(p.nullSpec, { patientsPerArm: 20_000 }) } : {}),
    })),
  });
  return { scenario, points, result };
}

/** A shipped scenario's text. */
export function shipped(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8');
}

export const FACTS: RunFacts = {
  version: '0.1.0-test',
  commandLine: ['trialsim', 'run', 'scenarios/x.yaml', '--set', "description=it's a test"],
  date: '2024-06-01T12:00:00.000Z',
  nodeVersion: 'v20.0.0-test',
};

export async function fixtureReport(run: FixtureRun): Promise<RenderedFiles> {
  return renderReport({ scenario: run.scenario, designs: run.points, result: run.result, facts: FACTS });
}

/** Write rendered files into a new temporary folder; returns it. */
export function writeFiles(files: Record<string, string>, tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), `trialsim-report-${tag}-`));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
