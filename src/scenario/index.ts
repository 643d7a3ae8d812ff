// Scenario files: YAML in, a validated Scenario and its design points out.
export { loadScenario, type LoadResult } from './loadScenario.js';
export { expandDesigns, type DesignPoint, type SweptValue } from './expandDesigns.js';
export { scenarioHash } from './scenarioHash.js';
export { formatError, type ScenarioError } from './scenarioError.js';
export { ScenarioSchema, scenarioJsonSchema, type Scenario } from './schema.js';
export { AJV_OPTIONS, createScenarioAjv } from './validator.js';
export type { KernelSpec, AnalysisInput, MultiplicityInput } from './toKernelSpec.js';
