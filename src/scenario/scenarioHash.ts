// A scenario's fingerprint, for naming and matching results.
import { hashOf } from '../engine/identity.js';
import type { Scenario } from './schema.js';

/**
 * sha256 (hex) of the canonical JSON (keys sorted at every level) of the
 * resolved scenario: after --set, with the schema's defaults filled in. Equal
 * for files that differ only in key order, layout, comments, or in writing
 * out a default; different for any change of value, name and description included.
 */
export function scenarioHash(scenario: Scenario): string {
  return hashOf(scenario);
}
