// Exit codes of the new refusals (issues 18 and 19): a --set another key
// overrides, and a design that can never be estimable, exit 2 with the
// located message and write nothing (integration: the built CLI).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, SCENARIOS, tempDir } from './helpers.js';

describe('trialsim refuses designs that cannot answer (integration)', () => {
  it('--set design.sample_size on a scenario that sweeps n_per_arm: exit 2, both keys named', () => {
    const dir = tempDir('precedence');
    try {
      const r = cli(['validate', join(SCENARIOS, 'skin_primary_sample_size.yaml'), '--set', 'design.sample_size=60'], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /--set:1:1 design\.sample_size: has no effect: the sweep of design\.n_per_arm replaces design\.sample_size/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
  it('run with an eligibility rule nobody meets: exit 2, located, no output folder', () => {
    const dir = tempDir('eligibility');
    try {
      const file = join(dir, 'nobody.yaml');
      writeFileSync(file, 'name: nobody\nseed: 1\nreplicates: 10\nmodel: {kind: proderm}\ndesign:\n  eligibility: [{measure: cdasi_a, min: 1000000}]\nanalyses:\n  - id: a\n    endpoint: {measure: cdasi_a}\n');
      const r = cli(['run', file, '--no-truth', '--out', join(dir, 'out')], dir);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /nobody\.yaml:6:17 design\.eligibility\.0: no patient meets the eligibility rules/);
      assert.equal(existsSync(join(dir, 'out')), false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
