// trialsim's programmatic API: what the CLI commands do, as typed functions.
// Each command of the CLI is a thin wrapper over one of these (docs/cli.md).
export { runScenario, type RunOptions, type RunOutcome } from './run.js';
export { validateScenario, describeScenario, type ValidationOutcome } from './validate.js';
export { sampleTrials, type SampleOptions, type SampleOutcome } from './sample.js';
export {
  analyzeData,
  type AnalyzeOptions,
  type AnalyzeOutcome,
  type AnalysisEstimate,
  type StratumEstimate,
  type TrialAnalysis,
  type DataSource,
  type Interval,
} from './analyze.js';
export {
  calibrateModel,
  summarizeCalibration,
  calibrationCsv,
  DEFAULT_CALIBRATION_TRIALS,
  DEFAULT_CALIBRATION_SEED,
  type CalibrateModelOptions,
  type CalibrationOutcome,
  type CalibrationSummary,
  type CalibrationGroup,
} from './calibrate.js';
export { findSampleSize, type SampleSizeOptions, type SampleSizeOutcome, type PowerAt } from './sampleSize.js';
export { mergeRuns, type MergeOptions, type MergeOutcome } from './merge.js';
export { renderResults, readRunResult, readSavedScenario, type RenderedResults } from './render.js';
export { UsageError, ScenarioInvalid } from './errors.js';
export { KERNEL_MODULE, KERNEL_ID, TARGETS_FILE } from './kernel.js';
export { SCENARIO_FILE, RUN_FILE, DEFAULT_RESULTS_ROOT, readRunInfo, type RunInfo, type RunFacts, type TruthSetting } from './runFolder.js';
export { DEFAULT_TRUTH_POPULATION, TRUTH_SEED } from './truth.js';
export type { ScenarioSource, ScenarioOptions } from './source.js';
export {
  prepareSlurmRun,
  slurmStatus,
  resubmitSlurm,
  readSlurmRun,
  type SlurmOptions,
  type SlurmPrepared,
  type SlurmRun,
  type SlurmStatus,
  type ShardProgress,
  type ResubmitOutcome,
  type Submission,
} from './slurm.js';
export { shardFromSlurm, type SlurmEnv, type SlurmTask } from './slurmEnv.js';
export { boundaries, boundariesDesign, type BoundariesOptions, type BoundariesResult } from './boundaries.js';
