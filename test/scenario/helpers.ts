// Shared by the scenario tests: a small valid scenario and a loader that
// returns the formatted messages, so tests compare exactly what a user sees.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { formatError } from '../../src/scenario/scenarioError.js';
import type { Scenario } from '../../src/scenario/schema.js';
import { ROOT } from '../support/fixtures.js';

/** Valid. Lines: 1 name, 2 seed, 3 replicates, 4 model:, 5 kind, 6 design:, 7 n_per_arm, 8 allocation, 9 analyses:, 10 - id, 11 endpoint, 12 method. */
export const BASE = `name: t
seed: 1
replicates: 10
model:
  kind: proderm
design:
  n_per_arm: 20
  allocation: {control: 1, treatment: 1}
analyses:
  - id: cdasi_a
    endpoint: {measure: cdasi_a, week: 16}
    method: ancova
`;

export const FILE = 'scenarios/x.yaml';

/** The formatted errors of loading `text` (empty when it loads). */
export function errorsOf(text: string, sets: string[] = []): string[] {
  const r = loadScenario(text, FILE, sets);
  return r.ok ? [] : r.errors.map(formatError);
}

/** Load or fail the test with the messages. */
export function load(text: string, sets: string[] = []): Scenario {
  const r = loadScenario(text, FILE, sets);
  if (!r.ok) throw new Error(`expected a valid scenario:\n${r.errors.map(formatError).join('\n')}`);
  return r.scenario;
}

/** `text` with `from` replaced by `to`, failing loudly if `from` is not there (a test must not silently test BASE). */
export function edit(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`edit: ${JSON.stringify(from)} not in the text`);
  return text.replace(from, to);
}

export const SCENARIOS_DIR = join(ROOT, 'scenarios');

/** The shipped scenario files: [repo-relative path, text]. */
export function shippedScenarios(): [string, string][] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => [`scenarios/${f}`, readFileSync(join(SCENARIOS_DIR, f), 'utf8')]);
}
