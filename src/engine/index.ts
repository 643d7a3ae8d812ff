// The engine's public surface (for src/index.ts and the CLI).
export type { Kernel, CreateKernel } from './kernel.js';
export type { Truth, TruthValue, AnalysisTruth } from './truth.js';
export type { DesignInput, EngineOptions, EngineHooks, Shard } from './plan.js';
export { DEFAULT_BLOCK_SIZE, DEFAULT_MIN_REPLICATES } from './plan.js';
export { runDesign, runDesigns, runShard, type RunDesignOptions, type RunDesignsOptions, type ShardOptions, type ShardReport } from './run.js';
export { mergeShards, type MergeReport } from './merge.js';
export { summarize, type OperatingCharacteristics, type AnalysisCharacteristics, type StratumCharacteristics, type Estimation, type FamilyWise, type Rejection, type RejectionAtAlpha, type NotEstimableCount } from './summarize.js';
export { ALPHA_GRID } from './accumulator.js';
export { DEFAULT_ESTIMATE_SAMPLE, type EstimateSample } from './estimateSample.js';
export type { Metric } from './mcse.js';
export { RESULT_FILE, RESULT_FORMAT, resultJson, type RunResult, type DesignResult, type FailureRecord, type RunSettings } from './runResult.js';
export { JOURNAL_FILE } from './journal.js';
export { FolderBusy, FolderProblem, RunInterrupted, TooManyFailures, WriteFailed } from './errors.js';
export { createProgressReporter, silentProgress, type ProgressReporter, type ProgressOptions } from './progress.js';
export { interruptOnSignals, type Interrupt } from './interrupt.js';
export { replayReplicate } from './replay.js';
