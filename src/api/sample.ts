// sampleTrials: simulated patients of one design point as the wide sample CSV
// (src/report/sampleCsv.ts). Trial k is replicate k − 1 of a run with the same
// seed: the same streams, so the same patients, as the engine's kernel sees.
import { writeFileAtomic } from '../engine/folderFiles.js';
import { parseKernelSpec } from '../analysis/kernelSpec.js';
import type { Cohort } from '../model/cohort.js';
import { streamFor } from '../random/stream.js';
import { sampleCsv } from '../report/sampleCsv.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import { checkSampleFits } from './limits.js';
import { integerOption } from './options.js';
import { loadSource, pickPoint, type ScenarioOptions, type ScenarioSource } from './source.js';

export interface SampleOptions extends ScenarioOptions {
  /** Simulated trials (default 1). */
  readonly trials?: number;
  /** The design point (index from 0, or id); needed when the scenario sweeps. */
  readonly point?: number | string;
  /** Simulate under the null (effect scale 0) instead of the design. */
  readonly null?: boolean;
  /** Write the CSV to this file. */
  readonly out?: string;
}

export interface SampleOutcome {
  /** The CSV text (header, one line per patient). */
  readonly csv: string;
  readonly cohorts: readonly Cohort[];
  readonly point: DesignPoint;
  /** The seed the trials were drawn with (the scenario's, or the override). */
  readonly seed: number;
  readonly patients: number;
  /** The file written, or null. */
  readonly out: string | null;
}

/**
 * Simulate `trials` trials of a design point and lay them out as sample CSV,
 * trials numbered from 1 (trial k = replicate index k − 1).
 *
 * @example
 * const { csv } = sampleTrials('scenarios/proderm.yaml', { trials: 5, seed: 7 });
 */
export function sampleTrials(source: ScenarioSource, options: SampleOptions = {}): SampleOutcome {
  // The null is the same design with the effect switched off, as the engine's null run.
  const loaded = loadSource(source, options, options.null === true ? ['model.params.effect_scale=0'] : []);
  const point = pickPoint(loaded, options.point);
  const trials = integerOption('trials', options.trials ?? 1, 1, 1_000_000);
  const seed = loaded.scenario.seed;
  const { compiled } = parseKernelSpec(point.spec);
  const cohorts: Cohort[] = [];
  for (let i = 0; i < trials; i++) {
    cohorts.push(compiled.simulate(streamFor(seed, i, 'patients'), streamFor(seed, i, 'allocation')));
    // the first trial, written out, gives the size of all of them
    if (i === 0 && trials > 1) checkSampleFits(trials, Buffer.byteLength(sampleCsv(cohorts, 1)), cohortBytes(cohorts[0]!));
  }
  const csv = sampleCsv(cohorts, 1);
  const out = options.out ?? null;
  // whole or not at all: an interrupted or failed write leaves no half CSV (nor an old one half overwritten)
  if (out !== null) writeFileAtomic(out, csv);
  return { csv, cohorts, point, seed, patients: cohorts.reduce((n, c) => n + c.n, 0), out };
}


/** Bytes a cohort holds in typed arrays (what each sampled trial keeps in memory). */
function cohortBytes(cohort: Cohort): number {
  let n = 0;
  const add = (x: unknown): void => {
    if (ArrayBuffer.isView(x)) n += x.byteLength;
    else if (Array.isArray(x)) x.forEach(add);
    else if (typeof x === 'object' && x !== null) Object.values(x).forEach(add);
  };
  add(cohort);
  return n;
}
