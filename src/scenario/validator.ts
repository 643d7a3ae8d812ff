// The structural check: the JSON Schema of schema.ts, compiled by ajv at build
// time into scenarioValidator.generated.js (see writeValidator.ts), so that
// starting trialsim compiles no schema. ajv fills the schema's defaults into
// the data it accepts, so a validated scenario carries every default the docs list.
import type { ErrorObject } from 'ajv';
import { SCENARIO_SCHEMA, type Scenario } from './schema.js';
import { schemaProblems, type SchemaProblem } from './schemaErrors.js';
import { clonePlain } from './keyPath.js';
import { GENERATED_VALIDATOR_FILE, validatorFingerprint } from './writeValidator.js';

export { AJV_OPTIONS, createScenarioAjv } from './writeValidator.js';

/** The generated validator: a type guard that leaves ajv's errors on itself. */
interface GeneratedValidator {
  (data: unknown): data is Scenario;
  errors?: ErrorObject[] | null;
}

/**
 * The generated module's shape: a `validate` function and the fingerprint of
 * the schema and options it was compiled from. That `validate` accepts exactly
 * the Scenario type cannot be checked here; the fingerprint is what ties it to
 * schema.ts.
 */
function isGeneratedModule(m: unknown): m is { validate: GeneratedValidator; fingerprint: string } {
  return (
    typeof m === 'object' &&
    m !== null &&
    'validate' in m &&
    typeof m.validate === 'function' &&
    'fingerprint' in m &&
    typeof m.fingerprint === 'string'
  );
}

async function loadValidator(): Promise<GeneratedValidator> {
  const rebuild = 'run `npm run build`, which compiles the TypeScript and then writes it';
  let loaded: unknown;
  try {
    loaded = await import(`./${GENERATED_VALIDATOR_FILE}`);
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(`the scenario validator ${GENERATED_VALIDATOR_FILE} is missing: ${rebuild}`, { cause: error });
    }
    throw error;
  }
  if (!isGeneratedModule(loaded)) {
    throw new Error(`${GENERATED_VALIDATOR_FILE} does not export a validator and its fingerprint: ${rebuild}`);
  }
  if (loaded.fingerprint !== validatorFingerprint(SCENARIO_SCHEMA)) {
    throw new Error(`${GENERATED_VALIDATOR_FILE} was built from another version of the schema: ${rebuild}`);
  }
  return loaded.validate;
}

const validateScenario: GeneratedValidator = await loadValidator();

export type Checked = { ok: true; scenario: Scenario } | { ok: false; problems: SchemaProblem[] };

/** Check plain data against the schema; on success, a copy with the defaults filled in. */
export function checkScenario(data: unknown): Checked {
  const copy = clonePlain(data);
  if (validateScenario(copy)) return { ok: true, scenario: copy };
  return { ok: false, problems: schemaProblems(validateScenario.errors ?? [], copy) };
}
