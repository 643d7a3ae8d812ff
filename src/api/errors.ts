// Errors the API throws that a caller may want to tell apart. The CLI maps
// them to exit codes: a problem with what was asked (a scenario with errors,
// an unreadable file, a bad option value) exits 2; an interrupted run 130;
// anything else is a runtime failure and exits 1.
import { FolderProblem } from '../engine/errors.js';
import { MSG as SCENARIO_MSG } from '../scenario/messages.js';
import { formatError, type ScenarioError } from '../scenario/scenarioError.js';

/** What was asked cannot be done as asked: a bad option value, an unreadable file, a folder that is not a run. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The scenario (with its --set overrides) has problems; nothing was run. */
export class ScenarioInvalid extends Error {
  override readonly name = 'ScenarioInvalid';
  /** The problems in file order: the first MAX_LISTED_ERRORS of them (loadScenario). */
  readonly errors: readonly ScenarioError[];
  /** How many more problems there were beyond `errors`. */
  readonly omitted: number;
  constructor(errors: readonly ScenarioError[], omitted = 0) {
    super([...errors.map(formatError), ...(omitted > 0 ? [SCENARIO_MSG.tooManyProblems(omitted, errors.length)] : [])].join('\n'));
    this.errors = errors;
    this.omitted = omitted;
  }
}

/** The engine's folder problems (another run's journal, shards that do not fit) are usage errors: exit 2. */
export function folderProblem(e: unknown): unknown {
  return e instanceof FolderProblem ? new UsageError(e.message) : e;
}
