// Errors the API throws that a caller may want to tell apart. The CLI maps
// them to exit codes: a problem with what was asked (a scenario with errors,
// an unreadable file, a bad option value) exits 2; an interrupted run 130;
// anything else is a runtime failure and exits 1.
import { formatError, type ScenarioError } from '../scenario/scenarioError.js';

/** What was asked cannot be done as asked: a bad option value, an unreadable file, a folder that is not a run. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The scenario (with its --set overrides) has problems; nothing was run. */
export class ScenarioInvalid extends Error {
  override readonly name = 'ScenarioInvalid';
  /** Every problem, in file order. */
  readonly errors: readonly ScenarioError[];
  constructor(errors: readonly ScenarioError[]) {
    super(errors.map(formatError).join('\n'));
    this.errors = errors;
  }
}

/**
 * Engine errors that are about the folders a caller named, not failures of
 * the run: a journal of another run, shards that do not belong together or
 * miss blocks. They become UsageErrors (exit 2); anything else is left as is.
 */
const FOLDER_PROBLEMS = [
  'belongs to a different run',
  'cannot merge',
  'with different contents; these folders were not produced by the same run',
  'no shard journal holds its record layout',
  'not a trialsim journal line',
];

export function folderProblem(e: unknown): unknown {
  if (!(e instanceof Error) || e instanceof UsageError) return e;
  return FOLDER_PROBLEMS.some((m) => e.message.includes(m)) ? new UsageError(e.message) : e;
}
