// The engine raises V8's inlining budget for long runs (src/engine/compilerTuning.ts).
// It must change how fast the kernels run, never what they compute: the
// records of thousands of replicates, run long enough to be optimised, are
// the same bits with the raised budget and without.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { TUNING_MIN_REPLICATES_PER_WORKER, tuningPays } from '../../src/engine/compilerTuning.js';
import { ROOT } from '../support/fixtures.js';

const CHILD = join(ROOT, 'dist', 'test', 'support', 'recordDigest.js');

function digest(replicates: number, tune: boolean): { replicates: number; width: number; digest: string } {
  const out = execFileSync(process.execPath, [CHILD, String(replicates), ...(tune ? ['tune'] : [])], { encoding: 'utf8' });
  return JSON.parse(out.trim()) as { replicates: number; width: number; digest: string };
}

describe('compiler tuning — the raised inlining budget changes no result', () => {
  it('3,000 ProDERM replicates (design and null, optimised code) give the same record bits with the budget raised and without', () => {
    const tuned = digest(3000, true);
    const plain = digest(3000, false);
    assert.equal(tuned.replicates, 3000);
    assert.ok(tuned.width > 0);
    assert.equal(tuned.digest, plain.digest);
    // The digest covers the records: one replicate fewer is another digest.
    assert.notEqual(digest(2999, false).digest, plain.digest);
  });

  it('a run raises the budget only from 20,000 replicates per worker', () => {
    assert.equal(TUNING_MIN_REPLICATES_PER_WORKER, 20_000);
    assert.equal(tuningPays(1000, 1, 2), false); // trialsim run --replicates 1000: starts sooner without
    assert.equal(tuningPays(39_999, 1, 2), false);
    assert.equal(tuningPays(40_000, 1, 2), true);
    assert.equal(tuningPays(20_000, 2, 2), true); // two designs of a sweep share the workers
    assert.equal(tuningPays(100_000, 1, 1), true);
  });
});
