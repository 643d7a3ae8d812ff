// Calibration of the virtual cohort: simulate K trials of ProDERM as run
// (47 + 48, the model's defaults unless told otherwise), run the paper's full
// analysis on each, and set every published figure beside its distribution
// over the simulated trials (calibrationTable). Pure: the caller reads
// data/proderm-targets.yaml (with the `yaml` package) and writes the result.
import { parse } from 'yaml';
import { compileTrial } from '../design/trial.js';
import { streamFor } from '../random/stream.js';
import { calibrationTable, type CalibrationResult } from './calibrationTable.js';
import { parseTrialSpec } from './kernelSpec.js';
import { paperAnalysis, type PaperAnalysisOptions } from './paperAnalysis.js';
import { publishedTargets } from './publishedTargets.js';

export interface CalibrateOptions {
  /** Simulated trials (K). */
  readonly trials: number;
  readonly seed: number;
  /** data/proderm-targets.yaml: its text, or the document already parsed. */
  readonly targets: unknown;
  /** Model and design as for a kernel spec; default { model: { kind: 'proderm' } } with the ProDERM design. */
  readonly trial?: unknown;
  readonly paper?: PaperAnalysisOptions;
  /** Called after each simulated trial (progress for the CLI). */
  readonly onTrial?: (done: number) => void;
}

export function calibrate(options: CalibrateOptions): CalibrationResult {
  const doc: unknown = typeof options.targets === 'string' ? parse(options.targets) : options.targets;
  const { targets } = publishedTargets(doc);
  const compiled = compileTrial(parseTrialSpec(options.trial ?? { model: { kind: 'proderm' } }));
  const figures: Record<string, number>[] = [];
  for (let i = 0; i < options.trials; i++) {
    const cohort = compiled.simulate(streamFor(options.seed, i, 'patients'), streamFor(options.seed, i, 'allocation'));
    figures.push(paperAnalysis(cohort, options.paper));
    options.onTrial?.(i + 1);
  }
  return calibrationTable(targets, figures, options.seed);
}
