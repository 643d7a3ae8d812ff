// trialsim's programmatic API: `import { runScenario } from 'trialsim'`.
//
// The commands' API (src/api/) first, then the layers it is built from, for
// callers who want to go further: the scenario loader, the Monte Carlo
// engine, the analysis layer, the cohort models and the statistics.
export * from './api/index.js';
export * from './scenario/index.js';
export * from './engine/index.js';
export * from './analysis/index.js';
export * from './model/index.js';
export * from './stats/index.js';
// Two layers name their spec KernelSpec: the scenario's is the plain data
// createKernel takes; the analysis layer's is that spec parsed and compiled.
export type { KernelSpec } from './scenario/toKernelSpec.js';
export type { KernelSpec as ParsedKernelSpec } from './analysis/kernelSpec.js';
// ... and CalibrationRow: the analysis layer's is a published figure against
// simulated trials (calibrateModel); the model's, a target against its population.
export type { CalibrationRow } from './analysis/calibrationTable.js';
export type { CalibrationRow as ModelCalibrationRow } from './model/prodermCalibration.js';
export { streamFor, fromUniform, type RandomStream } from './random/stream.js';
export { sampleCsv, parseSampleCsv, type ParseResult as SampleCsvParseResult } from './report/sampleCsv.js';
export { VERSION } from './version.js';
// The trial loop (screening, randomization, the mechanisms, the observed trial).
export * from './design/trial.js';
