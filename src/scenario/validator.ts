// The structural check: the JSON Schema of schema.ts, compiled once by ajv.
// ajv fills the schema's defaults into the data it accepts, so a validated
// scenario carries every default the docs list.
import { Ajv, type Options, type ValidateFunction } from 'ajv';
import { DEFAULT_TEXT, scenarioJsonSchema, type Scenario } from './schema.js';
import { schemaProblems, type SchemaProblem } from './schemaErrors.js';
import { clonePlain } from './keyPath.js';

/**
 * The ajv options a scenario is checked with; editors and tests that load
 * schemas/scenario.schema.json should use the same. strictNumbers is off so
 * that YAML's .inf passes where the schema sets no bound (the last stratum
 * cut); every other number has finite bounds, which .inf and .nan fail.
 */
export const AJV_OPTIONS: Options = {
  allErrors: true,
  verbose: true,
  strict: true,
  strictNumbers: false,
  discriminator: true,
  useDefaults: true,
};

/** An ajv instance that knows the scenario schema's documentation keyword. */
export function createScenarioAjv(options: Options = {}): Ajv {
  const ajv = new Ajv({ ...AJV_OPTIONS, ...options });
  ajv.addVocabulary([DEFAULT_TEXT]);
  return ajv;
}

const validateScenario: ValidateFunction<Scenario> = createScenarioAjv().compile<Scenario>(scenarioJsonSchema());

export type Checked = { ok: true; scenario: Scenario } | { ok: false; problems: SchemaProblem[] };

/** Check plain data against the schema; on success, a copy with the defaults filled in. */
export function checkScenario(data: unknown): Checked {
  const copy = clonePlain(data);
  if (validateScenario(copy)) return { ok: true, scenario: copy };
  return { ok: false, problems: schemaProblems(validateScenario.errors ?? [], copy) };
}
