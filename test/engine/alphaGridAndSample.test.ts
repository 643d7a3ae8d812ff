// The two tallies the report needs from the engine: counts of p < α over a
// fixed grid of α (type I error against α) and the estimate sample of the
// first K replicates (the estimate's distribution). Checked against direct
// counting over the test kernel's records, computed here in this thread,
// and for independence of workers, task size, shards and resume.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { accumulatorLayout, addRecord, ALPHA_GRID, emptyAccumulator, mergeInto } from '../../src/engine/accumulator.js';
import { A, buildLayout } from '../../src/engine/layout.js';
import { mergeShards } from '../../src/engine/merge.js';
import { runDesign, runShard } from '../../src/engine/run.js';
import { resultJson, type RunResult } from '../../src/engine/runResult.js';
import { summarize } from '../../src/engine/summarize.js';
import { truthVector } from '../../src/engine/truth.js';
import { RunInterrupted } from '../../src/engine/errors.js';
import { streamFor } from '../../src/random/stream.js';
import { createKernel, nullOf, type NormalSpec } from './normalKernel.js';
import { designOptions, determinismOptions, normalSpec, removeDir, tempDir } from './helpers.js';

const dirs: string[] = [];
const dir = (tag: string): string => {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
};
after(() => dirs.forEach(removeDir));

/** Every record of replicates 0 … n − 1 of the test kernel, computed directly (null where the kernel throws). */
function directRecords(spec: NormalSpec, seed: number, n: number): (Float64Array | null)[] {
  const k = createKernel(spec);
  const out: (Float64Array | null)[] = [];
  for (let i = 0; i < n; i++) {
    const rec = new Float64Array(k.layout.width).fill(NaN);
    try {
      k.run(seed, i, rec);
      out.push(rec);
    } catch {
      out.push(null);
    }
  }
  return out;
}

describe('ALPHA_GRID counts — unit tests against direct counting', () => {
  const layout = buildLayout([
    { id: 'a', strata: [] },
    { id: 'b', strata: [] },
  ]);
  const slots = accumulatorLayout(layout);
  const tv = truthVector(null, layout);
  // p-values spread over [0, 0.3], exact grid values included (p = α does not reject), NaN p and non-estimable records.
  const recs: Float64Array[] = [];
  for (let i = 0; i < 400; i++) {
    const r = streamFor(11, i, 'p');
    const rec = new Float64Array(layout.width).fill(NaN);
    for (const an of layout.analyses) {
      const o = an.offset;
      const u = r.uniform();
      rec[o + A.estimable] = u < 0.9 ? 1 : 0;
      rec[o + A.reason] = u < 0.9 ? -1 : 0;
      const v = r.uniform();
      rec[o + A.p] = v < 0.05 ? ALPHA_GRID[i % ALPHA_GRID.length] : v < 0.08 ? NaN : 0.3 * r.uniform() ** 2;
      rec[o + A.reject] = rec[o + A.p] < 0.05 ? 1 : 0;
      rec[o + A.rejectAdjusted] = 0;
      rec[o + A.estimate] = 0;
    }
    recs.push(rec);
  }
  const accumulate = (rs: readonly Float64Array[]): Float64Array => {
    const acc = emptyAccumulator(slots);
    for (const rec of rs) addRecord(acc, slots, layout, rec, tv, [0, 1]);
    return acc;
  };
  const acc = accumulate(recs);

  it('counts replicates with p < α_j exactly, for every α of the grid (estimable interval or not)', () => {
    layout.analyses.forEach((an, i) => {
      ALPHA_GRID.forEach((alpha, j) => {
        const direct = recs.filter((r) => r[an.offset + A.p] < alpha).length;
        assert.equal(acc[slots.analyses[i].rejectAtAlpha + j], direct, `analysis ${an.id}, α = ${alpha}`);
      });
      assert.ok(recs.some((r) => r[an.offset + A.p] === 0.05 && r[an.offset + A.estimable] === 1), 'a p exactly at a grid value is in the test data');
    });
  });

  it('summarize: the rate at α = 0.05 is the unadjusted rejection rate (same rule p < α, same denominator)', () => {
    const oc = summarize(acc, layout, null, null, 'null');
    for (const a of oc.analyses) {
      assert.deepEqual(a.rejectionByAlpha.map((r) => r.alpha), [...ALPHA_GRID]);
      const at05 = a.rejectionByAlpha.find((r) => r.alpha === 0.05);
      assert.deepEqual(at05?.rate, a.rejection.unadjusted);
      const rates = a.rejectionByAlpha.map((r) => r.rate.estimate ?? NaN);
      assert.ok(rates.every((x, k) => k === 0 || x >= rates[k - 1]), `non-decreasing in α: ${rates.join(', ')}`);
    }
  });

  it('merging block accumulators gives the same counts exactly, in any order', () => {
    for (const cut of [1, 137, 399]) {
      const ab = accumulate(recs.slice(0, cut));
      mergeInto(ab, accumulate(recs.slice(cut)), slots);
      const ba = accumulate(recs.slice(cut));
      mergeInto(ba, accumulate(recs.slice(0, cut)), slots);
      for (const s of slots.analyses) {
        for (let j = 0; j < ALPHA_GRID.length; j++) {
          assert.equal(ab[s.rejectAtAlpha + j], acc[s.rejectAtAlpha + j]);
          assert.equal(ba[s.rejectAtAlpha + j], acc[s.rejectAtAlpha + j]);
        }
      }
    }
  });
});

describe('ALPHA_GRID counts and the estimate sample in a run — against direct counting over the kernel records', () => {
  const base = determinismOptions(); // throws at 5 and 1234; y2 not estimable when index % 17 = 4
  const spec = base.spec as NormalSpec;
  const R = 600;
  const K = 130; // not a multiple of the block size (50): the third block is sampled in part
  let result: RunResult;
  let alt: (Float64Array | null)[];
  let nul: (Float64Array | null)[];
  before(async () => {
    result = await runDesign({ ...base, replicates: R, estimateSample: K, workers: 1, taskBlocks: 1 });
    alt = directRecords(spec, base.seed, R);
    nul = directRecords(nullOf(spec), base.seed, R);
  });

  it('rejectionByAlpha: under the design and under the null, count / all replicates of the direct records', () => {
    const d = result.designs[0];
    const layout = createKernel(spec).layout;
    for (const [oc, recs] of [
      [d.alternative, alt],
      [d.null, nul],
    ] as const) {
      assert.ok(oc !== null);
      layout.analyses.forEach((an, i) => {
        const all = recs.filter((r): r is Float64Array => r !== null);
        oc.analyses[i].rejectionByAlpha.forEach(({ alpha, rate }) => {
          const hits = all.filter((r) => r[an.offset + A.p] < alpha).length;
          assert.equal(rate.n, all.length);
          assert.equal(rate.estimate, hits / all.length, `${oc.kind} ${an.id} α = ${alpha}`);
        });
      });
    }
  });

  it('estimate sample: replicate i at position i, its estimate exactly; null when not estimable or when it threw', () => {
    const d = result.designs[0];
    assert.equal(result.estimateSample, K);
    assert.equal(d.estimateSample.replicates, K);
    const layout = createKernel(spec).layout;
    layout.analyses.forEach((an, a) => {
      const s = d.estimateSample.analyses[a];
      assert.equal(s.id, an.id);
      assert.equal(s.estimates.length, K);
      s.estimates.forEach((x, i) => {
        const rec = alt[i];
        const expected = rec !== null && rec[an.offset + A.estimable] === 1 ? rec[an.offset + A.estimate] : null;
        assert.equal(x, expected, `${an.id} replicate ${i}`);
      });
    });
    assert.equal(d.estimateSample.analyses[0].estimates[5], null, 'replicate 5 throws');
    assert.equal(d.estimateSample.analyses[1].estimates[4], null, 'y2 is not estimable at index 4');
    assert.equal(typeof d.estimateSample.analyses[0].estimates[4], 'number');
  });

  it('identical for 2 workers and any task size, shards merged, and a resumed run', async () => {
    const reference = resultJson(result);
    const opts = { ...base, replicates: R, estimateSample: K };
    assert.equal(resultJson(await runDesign({ ...opts, workers: 2, taskBlocks: 5, hooks: { taskDelayMs: (t) => (t.firstBlock === 0 ? 150 : 0) } })), reference);
    const shards = [1, 2, 3].map((k) => dir(`sample-shard${k}`));
    const design = { id: 'design', spec: base.spec, nullSpec: base.nullSpec, truth: base.truth, nullTruth: base.nullTruth };
    for (const [i, out] of shards.entries()) await runShard({ ...opts, designs: [design], shard: { k: i + 1, n: 3 }, outDir: out, workers: 1 });
    assert.equal(resultJson((await mergeShards(shards)).result), reference);
    const out = dir('sample-resume');
    const controller = new AbortController();
    let done = 0;
    await assert.rejects(
      runDesign({ ...opts, workers: 1, taskBlocks: 1, outDir: out, signal: controller.signal, hooks: { onTaskComplete: () => (++done === 2 ? controller.abort() : undefined) } }),
      RunInterrupted,
    );
    assert.equal(resultJson(await runDesign({ ...opts, workers: 2, taskBlocks: 3, outDir: out, resume: true })), reference);
  });

  it('estimateSample is part of the run identity; 0 keeps none', async () => {
    const none = await runDesign({ ...base, replicates: 100, estimateSample: 0, workers: 1 });
    assert.equal(none.designs[0].estimateSample.replicates, 0);
    assert.deepEqual(none.designs[0].estimateSample.analyses.map((a) => a.estimates), [[], []]);
    const some = await runDesign({ ...base, replicates: 100, estimateSample: 10, workers: 1 });
    assert.notEqual(none.identity, some.identity);
    await assert.rejects(runDesign({ ...base, replicates: 100, estimateSample: -1 }), /estimateSample must be a non-negative integer/);
  });
});

describe('ALPHA_GRID counts — the null run of exact z tests against α, 4·MCSE tolerances (closed form: rate = α)', () => {
  it('type I error at every α of the grid', async () => {
    const spec = normalSpec({ bonferroni: false });
    const r = await runDesign(designOptions(spec, { replicates: 4000, blockSize: 200, workers: 2 }));
    const oc = r.designs[0].null;
    assert.ok(oc !== null);
    for (const a of oc.analyses) {
      for (const { alpha, rate } of a.rejectionByAlpha) {
        const tol = 4 * Math.sqrt((alpha * (1 - alpha)) / rate.n);
        assert.ok(rate.estimate !== null && Math.abs(rate.estimate - alpha) <= tol, `${a.id} α = ${alpha}: ${rate.estimate} (tolerance ${tol})`);
      }
    }
  });

  it('stopped by precision: the sample holds exactly the replicates used when fewer than K', async () => {
    const spec = normalSpec();
    const r = await runDesign(designOptions(spec, { replicates: 4000, blockSize: 50, targetMcse: 0.03, minReplicates: 0, estimateSample: 4000, workers: 2 }));
    const d = r.designs[0];
    assert.equal(d.replicates.stoppedBy, 'targetMcse');
    assert.equal(d.estimateSample.replicates, d.replicates.used);
    for (const a of d.estimateSample.analyses) assert.equal(a.estimates.length, d.replicates.used);
  });
});
