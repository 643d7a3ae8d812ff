// Golden records: any change to what a replicate produces is caught here.
//
// The fixture (test/fixtures/golden/*.json) holds, bit for bit, the full
// replicate records of the first 20 replicates of shipped scenarios' kernels
// (the design and its null), the truth of each on a small population, and the
// sample CSV of one simulated trial. Speed work on the model, the analyses or
// the streams must leave every one of them identical. A change that is meant
// to alter results (a fix) regenerates the fixture, and says so in its note:
//
//   npx tsc -p . && TRIALSIM_WRITE_GOLDEN=1 node --test dist/test/perf/golden.test.js
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createKernel, createKernels } from '../../src/analysis/kernel.js';
import { computeTruth, computeTruths, finishTruth, gatherTruthParts } from '../../src/analysis/truth.js';
import { createTruthCache } from '../../src/api/truth.js';
import { exactTruth, withExactTruth } from '../../src/analysis/exactTruth.js';
import { parseKernelSpec } from '../../src/analysis/kernelSpec.js';
import { streamFor } from '../../src/random/stream.js';
import { WorkerPool } from '../../src/engine/pool.js';
import { loadSource } from '../../src/api/source.js';
import { sampleTrials } from '../../src/api/sample.js';
import { ROOT, loadFixture } from '../support/fixtures.js';

const REPLICATES = 20;
const TRUTH_PER_ARM = 2_000;
const TRUTH_CHUNK = 1_000;

/** Scenario, design point, and the seed its replicates are drawn with. */
const CASES = [
  { name: 'proderm', file: 'scenarios/proderm.yaml', point: 0, seed: 20230964 },
  { name: 'parametric_textbook', file: 'scenarios/parametric_textbook.yaml', point: 0, seed: 20240107 },
  { name: 'enriched_cdasi_a_over_14', file: 'scenarios/enriched_cdasi_a_over_14.yaml', point: 2, seed: 20240102 },
] as const;

/** Every double as text that parses back to the same bits (NaN, ±Infinity and −0 included). */
function encode(x: number): string {
  return Object.is(x, -0) ? '-0' : String(x);
}

interface GoldenCase {
  scenario: string;
  point: number;
  seed: number;
  width: number;
  /** records[i] = the design's record of replicate i, encoded. */
  records: string[][];
  /** The null spec's records of the same indices (empty without a null run). */
  nullRecords: string[][];
  /** computeTruth on a small population, as JSON. */
  truth: unknown;
  /** Sample CSV of trial 1 (= replicate 0) of the design point. */
  csv: string;
}

function produce(c: (typeof CASES)[number]): GoldenCase {
  const loaded = loadSource(join(ROOT, c.file));
  const point = loaded.designs[c.point];
  const records = (spec: unknown): string[][] => {
    const k = createKernel(spec);
    const out = new Float64Array(k.layout.width);
    const rows: string[][] = [];
    for (let i = 0; i < REPLICATES; i++) {
      out.fill(NaN);
      k.run(c.seed, i, out);
      rows.push(Array.from(out, encode));
    }
    return rows;
  };
  const truth = computeTruth(point.spec, { patientsPerArm: TRUTH_PER_ARM, seed: 20231, chunk: TRUTH_CHUNK });
  const csv = sampleTrials(join(ROOT, c.file), { trials: 1, point: c.point, seed: c.seed }).csv;
  return {
    scenario: c.file,
    point: c.point,
    seed: c.seed,
    width: createKernel(point.spec).layout.width,
    records: records(point.spec),
    nullRecords: point.nullSpec === null ? [] : records(point.nullSpec),
    truth: JSON.parse(JSON.stringify(truth, (_k, v: unknown) => (typeof v === 'number' ? encode(v) : v))),
    csv,
  };
}

const WRITE = process.env.TRIALSIM_WRITE_GOLDEN === '1';

describe('golden records — bit-identical to the committed fixture (regression)', () => {
  for (const c of CASES) {
    it(`${c.name}: ${REPLICATES} replicate records of the design and its null, truth, one sample trial`, () => {
      const got = produce(c);
      if (WRITE) {
        const dir = join(ROOT, 'test', 'fixtures', 'golden');
        mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, `${c.name}.json`), JSON.stringify(got) + '\n');
        return;
      }
      const want = loadFixture<GoldenCase>(`golden/${c.name}.json`);
      assert.equal(got.width, want.width, 'record width');
      assert.equal(got.records.length, REPLICATES);
      for (let i = 0; i < REPLICATES; i++) {
        assert.deepEqual(got.records[i], want.records[i], `design record of replicate ${i}`);
        if (want.nullRecords.length > 0) assert.deepEqual(got.nullRecords[i], want.nullRecords[i], `null record of replicate ${i}`);
      }
      assert.equal(got.nullRecords.length, want.nullRecords.length);
      assert.deepEqual(got.truth, want.truth, 'truth on a small population');
      assert.equal(got.csv, want.csv, 'sample CSV of trial 1');
    });
  }
});

describe('shared patients — kernels made together (createKernels) equal each alone (unit)', () => {
  const point = loadSource(join(ROOT, 'scenarios/proderm.yaml')).designs[0];
  const nullSpec = point.nullSpec;

  it('kernels run in the engine\'s order (design i, null i, design i + 1, ...) give the fixture\'s records', () => {
    if (WRITE) return;
    const want = loadFixture<GoldenCase>('golden/proderm.json');
    const [k, kn] = createKernels([point.spec, nullSpec]);
    const out = new Float64Array(k.layout.width);
    for (let i = 0; i < REPLICATES; i++) {
      out.fill(NaN);
      k.run(want.seed, i, out);
      assert.deepEqual(Array.from(out, encode), want.records[i], `design ${i}`);
      out.fill(NaN);
      kn.run(want.seed, i, out);
      assert.deepEqual(Array.from(out, encode), want.nullRecords[i], `null ${i}`);
      out.fill(NaN);
      kn.run(want.seed, REPLICATES - 1 - i, out); // another index in between: the draws are redrawn
      assert.deepEqual(Array.from(out, encode), want.nullRecords[REPLICATES - 1 - i], `null ${REPLICATES - 1 - i}`);
    }
  });

  it('kernels sharing patients give their own records whatever ran before them at the same index (placebo potential outcomes computed once)', () => {
    // Three effect sizes drawn from the same latents; the placebo deterioration
    // verdict and primary-week values one kernel computes are read by the
    // next. The design and its null once more with crossover 'observed', whose
    // analyses read a switched patient's week-16 value (not the placebo
    // path's: never remembered). Each kernel's records must be those it gives
    // alone, in every order.
    const observed = (spec: unknown): unknown => {
      const copy = structuredClone(spec) as { analyses: { endpoint: { crossover: string } }[] };
      for (const a of copy.analyses) a.endpoint.crossover = 'observed';
      return copy;
    };
    const specs = [
      point.spec,
      nullSpec,
      loadSource(join(ROOT, 'scenarios/proderm.yaml'), { set: ['model.params.effect_scale=0.5'] }).designs[0].spec,
      observed(point.spec),
      observed(nullSpec),
    ];
    const seed = 20230964;
    const alone = specs.map((spec) => {
      const rows: string[][] = [];
      for (let i = 0; i < REPLICATES; i++) {
        const k = createKernel(spec);
        const other = createKernel(specs[0]);
        const out = new Float64Array(k.layout.width).fill(NaN);
        other.run(seed, REPLICATES + i, out); // any other index first: this one is drawn afresh
        out.fill(NaN);
        k.run(seed, i, out);
        rows.push(Array.from(out, encode));
      }
      return rows;
    });
    const kernels = createKernels(specs);
    for (const order of [[0, 1, 2, 3, 4], [1, 0, 2, 4, 3], [2, 1, 0, 3, 4], [1, 2, 0, 4, 3], [0, 4, 3, 2, 1], [3, 4, 1, 2, 0]]) {
      for (let i = 0; i < REPLICATES; i++) {
        for (const j of order) {
          const out = new Float64Array(kernels[j].layout.width).fill(NaN);
          kernels[j].run(seed, i, out);
          assert.deepEqual(Array.from(out, encode), alone[j][i], `order ${order.join(',')}, kernel ${j}, replicate ${i}`);
        }
      }
    }
    // The check means something only if patients deteriorate, and placebo patients switch, in these replicates.
    const { compiled } = parseKernelSpec(point.spec);
    let switchedPlacebo = 0;
    let deterioratedIvig = 0;
    for (let i = 0; i < REPLICATES; i++) {
      const c = compiled.simulate(streamFor(seed, i, 'patients'), streamFor(seed, i, 'allocation'));
      for (let r = 0; r < c.n; r++) {
        if (c.arm[r] === 0 && c.crossoverWeek[r] === c.crossoverWeek[r]) switchedPlacebo++;
        if (c.arm[r] === 1 && c.deteriorationWeek[r] === c.deteriorationWeek[r]) deterioratedIvig++;
      }
    }
    assert.ok(switchedPlacebo >= 10, `placebo switches in ${REPLICATES} trials: ${switchedPlacebo}`);
    assert.ok(deterioratedIvig >= 1, `IVIg deteriorations in ${REPLICATES} trials: ${deterioratedIvig}`);
  });

  it('computeTruths of a design and its null equals computeTruth of each', () => {
    const options = { patientsPerArm: TRUTH_PER_ARM, seed: 20231, chunk: TRUTH_CHUNK };
    const both = computeTruths([point.spec, nullSpec], options);
    assert.deepEqual(both, [computeTruth(point.spec, options), computeTruth(nullSpec, options)]);
  });

  it('a truth gathered in chunk ranges (as on the pool threads) equals the truth gathered at once', () => {
    const options = { patientsPerArm: TRUTH_PER_ARM, seed: 20231, chunk: TRUTH_CHUNK }; // 4 chunks
    const want = computeTruths([point.spec, nullSpec], options);
    const ranges = [[0, 1], [1, 3], [3, 4]].map(([a, b]) => gatherTruthParts([point.spec, nullSpec], options, a, b));
    assert.equal(ranges[1][0].n, 2 * TRUTH_CHUNK);
    assert.deepEqual([finishTruth(point.spec, ranges.map((r) => r[0])), finishTruth(nullSpec, ranges.map((r) => r[1]))], want);
    // In the wrong order the population differs, and so does the truth: the order is what is checked above.
    assert.notDeepEqual(finishTruth(point.spec, [ranges[2][0], ranges[1][0], ranges[0][0]]), want[0]);
  });

  it('the truth computed on the worker pool equals computeTruths, bit for bit', async () => {
    const perArm = 20_000; // 4 chunks of the default 10,000 patients
    const want = computeTruths([point.spec, nullSpec], { patientsPerArm: perArm, seed: 20231 });
    const pool = new WorkerPool(2, () => {});
    try {
      const cache = createTruthCache(perArm);
      assert.ok(nullSpec !== null);
      const specs = [point.spec, nullSpec];
      await cache.prefetch(specs, pool);
      assert.equal(cache.computed, 2);
      // The simulated values bit for bit; the cache lays the exact ones (the null's, where crossover rules allow) over them.
      assert.deepEqual(specs.map((s) => cache.of(s)), want.map((t, i) => withExactTruth(t, exactTruth(specs[i]).truth)));
    } finally {
      await pool.destroy();
    }
  });
});
