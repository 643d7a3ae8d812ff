// The analysis layer: from one simulated trial to the engine's record, the
// truth of each estimand, the paper's full analysis and its calibration
// (docs/analysis.md).
export * from './spec.js';
export { SpecReader } from './specReader.js';
export { deriveEndpoint, baselineOf, lastObserved, visitIndex } from './endpoint.js';
export { stratumLabels, stratumOf, validCuts } from './strata.js';
export { createWorkspace, ensureCapacity, type Workspace } from './workspace.js';
export { compileAnalysisPlan, type AnalysisPlan } from './analysisPlan.js';
export { analyseTrial, estimateAnalysis, sidedP, type AnalysisData } from './analyseTrial.js';
export { parseKernelSpec, parseTrialSpec, MODEL_KINDS, type KernelSpec } from './kernelSpec.js';
export { createKernel, createKernels } from './kernel.js';
export { computeTruth, type TruthOptions } from './truth.js';
export { paperAnalysis, median, NOT_PRODUCED, notProducedReason, type PaperAnalysisOptions } from './paperAnalysis.js';
export { publishedTargets, isHeldOut, RELATIONS, type Relation, type PublishedTarget, type PublishedTargets } from './publishedTargets.js';
export {
  calibrationTable,
  calibrationRow,
  quantileSorted,
  isHeadline,
  HEADLINE_PREFIXES,
  type CalibrationRow,
  type CalibrationResult,
} from './calibrationTable.js';
export { calibrate, type CalibrateOptions } from './calibrate.js';
export { calibrationPlotSpec } from './calibrationPlotSpec.js';
