// validateScenario: load and check a scenario without running it.
import { MSG } from '../scenario/messages.js';
import { formatError, type ScenarioError } from '../scenario/scenarioError.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import type { Scenario } from '../scenario/schema.js';
import { ScenarioInvalid } from './errors.js';
import { loadSource, readSource, type ScenarioOptions, type ScenarioSource } from './source.js';

export type ValidationOutcome =
  | {
      readonly ok: true;
      readonly file: string;
      /** Resolved: overrides applied, defaults filled in. */
      readonly scenario: Scenario;
      readonly designs: readonly DesignPoint[];
      /** scenarioHash of the resolved scenario. */
      readonly hash: string;
      /** One line: the design points, analyses, replicates, seed. */
      readonly summary: string;
    }
  | {
      readonly ok: false;
      readonly file: string;
      /** The problems in file order (the first 50; `omitted` counts the rest). */
      readonly errors: readonly ScenarioError[];
      /** How many problems there were beyond `errors`. */
      readonly omitted: number;
      /** The same, formatted `file:line:col path: message`, then a line counting the omitted ones, if any. */
      readonly messages: readonly string[];
    };

function valueText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** "4 design points (design.n_per_arm: 32, 48, 64, 86) × 4 analyses, 2000 replicates each with a null run, seed 20240107". */
export function describeScenario(scenario: Scenario, designs: readonly DesignPoint[]): string {
  const axes = designs[0]?.values.map((v) => v.key) ?? [];
  const grid = axes.map((key, i) => `${key}: ${[...new Set(designs.map((d) => valueText(d.values[i].value)))].join(', ')}`);
  const points = designs.length === 1 ? '1 design point' : `${designs.length} design points (${grid.join('; ')})`;
  const analyses = scenario.analyses.map((a) => a.id);
  const runNull = scenario.run_null !== false ? ' with a null run' : '';
  const mcse = scenario.target_mcse !== undefined ? ` (fewer once every power has MCSE ≤ ${scenario.target_mcse})` : '';
  return (
    `${scenario.name}: ${points} × ${analyses.length} ${analyses.length === 1 ? 'analysis' : 'analyses'} (${analyses.join(', ')}), ` +
    `${scenario.replicates} replicates each${runNull}${mcse}, seed ${scenario.seed}`
  );
}

/**
 * Check a scenario as `run` would (overrides included) without running it.
 * Problems come back in the outcome; only an unreadable file throws (UsageError).
 *
 * @example
 * const v = validateScenario('scenarios/proderm.yaml', { set: ['design.n_per_arm=40'] });
 * if (!v.ok) console.error(v.messages.join('\n'));
 */
export function validateScenario(source: ScenarioSource, options: ScenarioOptions = {}): ValidationOutcome {
  const text = readSource(source);
  const file = text.file;
  try {
    const loaded = loadSource(text, options);
    return { ok: true, file, scenario: loaded.scenario, designs: loaded.designs, hash: loaded.hash, summary: describeScenario(loaded.scenario, loaded.designs) };
  } catch (e) {
    if (!(e instanceof ScenarioInvalid)) throw e;
    const more = e.omitted > 0 ? [MSG.tooManyProblems(e.omitted, e.errors.length)] : [];
    return { ok: false, file, errors: e.errors, omitted: e.omitted, messages: [...e.errors.map(formatError), ...more] };
  }
}
