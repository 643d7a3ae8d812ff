import { describe, it, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TooManyFailures } from '../../src/engine/errors.js';
import { mergeShards } from '../../src/engine/merge.js';
import { replayReplicate } from '../../src/engine/replay.js';
import { runDesign, runShard } from '../../src/engine/run.js';
import { RESULT_FILE, resultJson } from '../../src/engine/runResult.js';
import { designOptions, KERNEL, normalSpec, readText, removeDir, tempDir } from './helpers.js';

const dirs: string[] = [];
after(() => dirs.forEach(removeDir));

describe('stopping by precision — unit tests of the deterministic stopping block', () => {
  const spec = normalSpec();
  const target = 0.015; // every power's MCSE ≤ 0.015 needs at most 0.25/0.015² ≈ 1,112 replicates
  const base = designOptions(spec, { replicates: 4000, blockSize: 50, targetMcse: target });

  it('stops at the same block for 1 and 2 workers, any task size and completion order, and when sharded and merged', async () => {
    const one = await runDesign({ ...base, workers: 1, taskBlocks: 1 });
    const text = resultJson(one);
    const d = one.designs[0];
    assert.equal(d.replicates.stoppedBy, 'targetMcse');
    assert.ok(d.replicates.used < 4000 && d.replicates.used % 50 === 0, `used ${d.replicates.used}`);
    assert.equal(d.alternative.replicates, d.replicates.used);
    assert.equal(d.null?.replicates, d.replicates.used, 'the null run stops with its design');

    const two = await runDesign({
      ...base,
      workers: 2,
      taskBlocks: 5,
      hooks: { taskDelayMs: (t) => (t.firstBlock < 10 ? 100 : 0) },
    });
    assert.equal(resultJson(two), text);

    const shards = [1, 2].map((k) => {
      const out = tempDir(`mcse-shard${k}`);
      dirs.push(out);
      return out;
    });
    for (const [i, out] of shards.entries()) {
      await runShard({ ...base, designs: [{ id: 'design', spec, nullSpec: base.nullSpec, truth: base.truth, nullTruth: base.nullTruth }], shard: { k: i + 1, n: 2 }, outDir: out });
    }
    assert.equal(resultJson((await mergeShards(shards)).result), text);
  });

  it('the stopping block is the first whose prefix meets the target: one block fewer does not', async () => {
    const stopped = (await runDesign({ ...base, workers: 2 })).designs[0];
    const powers = (oc: typeof stopped.alternative) => [
      ...oc.analyses.map((a) => a.rejection.adjusted.mcse ?? Infinity),
      oc.familyWise.any.mcse ?? Infinity,
      oc.familyWise.all.mcse ?? Infinity,
    ];
    assert.ok(powers(stopped.alternative).every((m) => m <= target));
    const shorter = (await runDesign({ ...base, targetMcse: undefined, replicates: stopped.replicates.used - 50, workers: 2 })).designs[0];
    assert.equal(shorter.replicates.stoppedBy, 'replicates');
    assert.ok(powers(shorter.alternative).some((m) => m > target));
  });
});

describe('failing replicates — unit tests', () => {
  it('a replicate that throws is recorded with its index and seed, excluded and counted; the run goes on; replay reproduces it', async () => {
    const spec = normalSpec({ throwAt: [3, 777] });
    const out = tempDir('failures');
    dirs.push(out);
    const r = await runDesign(designOptions(spec, { replicates: 1000, outDir: out }));
    const d = r.designs[0];
    assert.equal(d.failures.count, 4);
    assert.deepEqual(d.failures.list, [
      { run: 'alternative', index: 3, seed: 20240611, message: 'planned failure at replicate 3' },
      { run: 'null', index: 3, seed: 20240611, message: 'planned failure at replicate 3' },
      { run: 'alternative', index: 777, seed: 20240611, message: 'planned failure at replicate 777' },
      { run: 'null', index: 777, seed: 20240611, message: 'planned failure at replicate 777' },
    ]);
    assert.equal(d.alternative.replicates, 998);
    assert.equal(d.null?.replicates, 998);
    assert.equal(d.alternative.analyses[0].estimable, 998);
    assert.equal(d.replicates.used, 1000);
    assert.ok(readText(join(out, RESULT_FILE)).includes('"index": 777'));
    await assert.rejects(replayReplicate(KERNEL, spec, 20240611, 777), /planned failure at replicate 777/);
    const rec = await replayReplicate(KERNEL, spec, 20240611, 778);
    assert.equal(rec.length, 2 * (12 + 4 * 9) + 2 * 5 + 8, "two analyses of 4 strata, their tails and the trial block (8 slots)");
    assert.equal(rec[0], 1, 'y1 estimable in replicate 778');
  });

  it('too many failures abort with a clear message naming indices and seed', async () => {
    const spec = normalSpec({ throwEvery: 7 });
    await assert.rejects(
      runDesign(designOptions(spec, { replicates: 1000, workers: 1 })),
      (e: unknown) =>
        e instanceof TooManyFailures &&
        /design design: \d+ replicates failed, more than maxFailures = 10; aborting/.test(e.message) &&
        /replicate 0 \(seed 20240611, alternative run\): planned failure at replicate 0/.test(e.message),
    );
  });

  it('a kernel module without createKernel, or a family naming an unknown analysis, fails with a clear message', async () => {
    const notAKernel = fileURLToPath(new URL('../../src/engine/mcse.js', import.meta.url));
    await assert.rejects(runDesign(designOptions(normalSpec(), { kernelModule: notAKernel, replicates: 10 })), /does not export a function createKernel/);
    await assert.rejects(runDesign(designOptions(normalSpec(), { family: ['y1', 'y9'], replicates: 10 })), /family names analysis "y9"/);
    await assert.rejects(runDesign(designOptions(normalSpec(), { nullSpec: undefined, replicates: 10 })), /the null run needs nullSpec/);
    await assert.rejects(runDesign(designOptions(normalSpec(), { replicates: 0 })), /option replicates must be a positive integer/);
  });

  it('nullRun: false runs the design alone (null section is null)', async () => {
    const r = await runDesign(designOptions(normalSpec(), { replicates: 200, nullRun: false, nullSpec: undefined, nullTruth: undefined }));
    assert.equal(r.designs[0].null, null);
    assert.equal(r.designs[0].alternative.replicates, 200);
  });
});
