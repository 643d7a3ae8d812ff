// The virtual cohort models: the patient (docs/model.md). The trial loop is src/design/trial.ts.
export * from './cohort.js';
export type { CompiledModel } from './compiledModel.js';
export {
  PRODERM_DEFAULTS,
  PRODERM_PARAMS,
  resolveProdermParams,
  prodermParamInfo,
  type ProdermParams,
  type ProdermParamName,
  type ProdermParamInfo,
  type ParamBasis,
} from './prodermParams.js';
export {
  resolveParametricParams,
  type ParametricParams,
  type ParametricEndpoint,
  type ParametricNormalEndpoint,
  type ParametricBinaryEndpoint,
  type PerArm,
  type ParametricBaseline,
} from './parametricParams.js';
export { populationEffects } from './prodermEffects.js';
export { prodermCalibrationReport, prodermPopulationStats, type CalibrationRow, type PopulationStats } from './prodermCalibration.js';
export { PRODERM_TARGETS, TABLE3_COUNTS, type CalibrationTarget, type TargetKind } from './prodermTargets.js';
