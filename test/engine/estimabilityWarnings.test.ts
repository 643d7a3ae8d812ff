// The warning a run ends with when an analysis was often not estimable
// (issue 19): unit tests on summarised counts, and the whole path through
// `trialsim run` (stderr and summary.json) on a 4-patient design.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { estimabilityWarnings, NOT_ESTIMABLE_WARN_SHARE } from '../../src/engine/estimabilityWarnings.js';
import type { DesignResult } from '../../src/engine/runResult.js';
import type { OperatingCharacteristics } from '../../src/engine/summarize.js';
import { cli, tempDir } from '../cli/helpers.js';

/** Summarised counts as summarize() gives them; only the fields the warning reads matter. */
function oc(replicates: number, analyses: { id: string; count: number; reasons: Record<string, number> }[]): OperatingCharacteristics {
  return {
    kind: 'alternative',
    replicates,
    analyses: analyses.map((a) => ({ id: a.id, notEstimable: { count: a.count, reasons: a.reasons } })),
  } as unknown as OperatingCharacteristics;
}
const design = (id: string, alt: OperatingCharacteristics, nul: OperatingCharacteristics | null): DesignResult =>
  ({ id, alternative: alt, null: nul }) as unknown as DesignResult;

describe('estimabilityWarnings — unit', () => {
  it(`the share is ${NOT_ESTIMABLE_WARN_SHARE}: exactly 10% is not warned about, one replicate more is`, () => {
    assert.equal(NOT_ESTIMABLE_WARN_SHARE, 0.1);
    assert.deepEqual(estimabilityWarnings({ designs: [design('d', oc(1000, [{ id: 'a', count: 100, reasons: { 'zero variance': 100 } }]), null)] }), []);
    assert.deepEqual(estimabilityWarnings({ designs: [design('d', oc(1000, [{ id: 'a', count: 101, reasons: { 'too few observations': 30, 'zero variance': 71 } }]), null)] }), [
      'design point "d": analysis a was not estimable in 10.1% of the replicates under the design (101 of 1000); main reason: zero variance (71)',
    ]);
  });
  it('names the design point, the analysis and the run (design or null), each on its own line', () => {
    const w = estimabilityWarnings({
      designs: [
        design('n=2', oc(200, [{ id: 'x', count: 0, reasons: {} }, { id: 'y', count: 150, reasons: { 'empty arm': 150 } }]), oc(200, [{ id: 'x', count: 40, reasons: { 'zero variance': 40 } }, { id: 'y', count: 0, reasons: {} }])),
      ],
    });
    assert.deepEqual(w, [
      'design point "n=2": analysis y was not estimable in 75.0% of the replicates under the design (150 of 200); main reason: empty arm (150)',
      'design point "n=2": analysis x was not estimable in 20.0% of the replicates under the null (40 of 200); main reason: zero variance (40)',
    ]);
  });
});

describe('estimabilityWarnings — trialsim run on 4 patients (integration)', () => {
  it('ends with the warning on stderr and in summary.json, exit 0', () => {
    const dir = tempDir('estimable');
    try {
      const file = join(dir, 'tiny.yaml');
      writeFileSync(
        file,
        'name: tiny\nseed: 1\nreplicates: 200\nmodel: {kind: proderm}\ndesign:\n  sample_size: 4\nanalyses:\n  - id: cdasi_a\n    endpoint: {measure: cdasi_a, week: 16}\n    method: ancova\n',
      );
      const r = cli(['run', file, '--workers', '1', '--no-truth', '--out', join(dir, 'out')], dir);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stderr.split('\n').filter((l) => l.includes('warning:'));
      assert.equal(lines.length, 2, r.stderr);
      assert.match(lines[0]!, /^trialsim run: warning: design point "tiny": analysis cdasi_a was not estimable in \d+\.\d% of the replicates under the design \(\d+ of 200\); main reason: too few observations \(\d+\)$/);
      assert.match(lines[1]!, /under the null/);
      const summary = JSON.parse(readFileSync(join(dir, 'out', 'summary.json'), 'utf8')) as { warnings: string[] };
      assert.deepEqual(summary.warnings, lines.map((l) => l.replace('trialsim run: warning: ', '')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
