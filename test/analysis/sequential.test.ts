// Group-sequential looks in the replicate kernel (src/analysis/sequential.ts).
//
// Tested against R: on the parametric model (a normal change, SD 10, 1:1, no
// dropout, so the observed information fractions are the planned ones),
// simulated power, the probability of stopping for efficacy and for futility
// at each look, and the expected number of patients at the stop agree with
// rpact::getPowerMeans (normalApproximation = TRUE) for the same design
// (one-sided, and a two-sided Pocock design: rejections on either side),
// under the alternative and the null, within 4 Monte Carlo SEs
// (test/fixtures/r/group-sequential-simulation.R). The simulation analyses
// each look with the pooled t test (its one-sided p turned into z); rpact's
// normal approximation differs from it by a few thousandths at the 500+
// patients of a first look here (by 0.018 at 64: the fixture's sizes are
// chosen for this).
//
// Plain unit tests: the record's block (stage, reason, look months in
// calendar order, information), the accrual stream leaves the other streams
// (and so the analyses' own record) untouched, and the located errors.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createKernel, createKernels } from '../../src/analysis/kernel.js';
import { accumulatorLayout, addRecord, emptyAccumulator } from '../../src/engine/accumulator.js';
import { A, L, Q, STOP, T, lookOffset } from '../../src/engine/layout.js';
import { summarize } from '../../src/engine/summarize.js';
import { truthVector } from '../../src/engine/truth.js';
import { loadFixture } from '../support/fixtures.js';

interface Characteristics {
  power: number;
  efficacyPerStage: number[];
  futilityPerStage: number[] | number;
  expectedN: number;
}
interface Case {
  id: string;
  information: number[];
  family: string;
  futility: 'none' | 'spending' | 'fixed';
  betaFamily?: string;
  beta?: number;
  futilityBounds?: number[] | number;
  binding?: boolean;
  sided: 1 | 2;
  alpha: number;
  n: number;
  delta: number;
  alternative: Characteristics;
  null: Characteristics;
}
const fixture = loadFixture<{ cases: Case[] }>('group-sequential-simulation.json');

const list = (x: number[] | number): number[] => (Array.isArray(x) ? x : [x]);

function interimOf(c: Case): Record<string, unknown> {
  const futility =
    c.futility === 'spending'
      ? { betaSpending: c.betaFamily, beta: c.beta }
      : c.futility === 'fixed'
        ? { bounds: list(c.futilityBounds ?? []) }
        : undefined;
  return {
    looks: c.information.map((f, k) => ({ information: k === c.information.length - 1 ? 1 : f })),
    alpha: c.alpha,
    sided: c.sided,
    efficacy: { spending: c.family },
    ...(futility !== undefined ? { futility, binding: c.binding === true } : {}),
  };
}

function specOf(
  c: Case,
  effectScale: number,
  interim: Record<string, unknown> | null = interimOf(c),
  analysis: Record<string, unknown> = { method: 'ttest', sidedness: 'less', alpha: 0.025 },
): Record<string, unknown> {
  return {
    model: {
      kind: 'parametric',
      params: {
        primaryWeek: 16,
        effectScale,
        dropout: 0,
        endpoints: [{ id: 'score', type: 'normal', scale: 'change', mean: { control: 0, treatment: -c.delta }, sd: 10 }],
      },
    },
    design: {
      sampleSize: c.n,
      allocationRatio: [1, 1],
      blockSize: 4,
      stratification: null,
      crossover: false,
      accrual: { perMonth: 8, rampUpMonths: 2 },
      ...(interim !== null ? { interim } : {}),
    },
    analyses: [{ id: 'score', endpoint: { measure: 'score', week: 16, type: 'change' }, ...analysis }],
  };
}

const REPLICATES = 10000;

function simulate(c: Case) {
  const [alt, nul] = createKernels([specOf(c, 1), specOf(c, 0)]);
  const slots = accumulatorLayout(alt.layout);
  const accs = [emptyAccumulator(slots), emptyAccumulator(slots)];
  const tv = [truthVector({ score: { value: -c.delta, se: 0 } }, alt.layout), truthVector({ score: { value: 0, se: 0 } }, nul.layout)];
  const rec = new Float64Array(alt.layout.width);
  for (let i = 0; i < REPLICATES; i++) {
    [alt, nul].forEach((k, j) => {
      rec.fill(NaN);
      k.run(20261202, i, rec);
      addRecord(accs[j], slots, k.layout, rec, tv[j], [0]);
    });
  }
  return {
    alternative: summarize(accs[0], alt.layout, null, null, 'alternative', slots).sequential!,
    null: summarize(accs[1], nul.layout, null, null, 'null', slots).sequential!,
  };
}

/** |simulated − expected| within 4 MCSE of a proportion at the expected value. */
function withinProportion(what: string, simulated: number, expected: number): void {
  const mcse = Math.sqrt(Math.max(expected * (1 - expected), 1e-4) / REPLICATES);
  assert.ok(Math.abs(simulated - expected) <= 4 * mcse, `${what}: simulated ${simulated} vs rpact ${expected} (4 MCSE = ${4 * mcse})`);
}

describe('group-sequential looks — simulated operating characteristics against rpact::getPowerMeans (within 4 MCSE)', () => {
  for (const c of fixture.cases) {
    it(c.id, () => {
      const sim = simulate(c);
      for (const run of ['alternative', 'null'] as const) {
        const s = sim[run];
        const r = c[run];
        const K = c.information.length;
        assert.equal(s.trials, REPLICATES);
        withinProportion(`${run} power`, s.rejection.estimate!, r.power);
        const futility = list(r.futilityPerStage);
        for (let k = 0; k < K; k++) {
          withinProportion(`${run} efficacy stop at look ${k + 1}`, s.looks[k].stopEfficacy.estimate!, r.efficacyPerStage[k]);
          if (k < K - 1) withinProportion(`${run} futility stop at look ${k + 1}`, s.looks[k].stopFutility.estimate!, futility[k] ?? 0);
          // No dropout: the observed fraction is the planned one, ⌈f n⌉ / n.
          assert.equal(s.looks[k].information.estimate, Math.ceil(c.information[k] * c.n - 1e-9) / c.n);
        }
        const en = s.expectedAnalysed;
        assert.ok(Math.abs(en.estimate! - r.expectedN) <= 4 * en.mcse!, `${run} expected N: simulated ${en.estimate} ± ${en.mcse} vs rpact ${r.expectedN}`);
        // Futility ignored rejects at least as often as run.
        assert.ok(s.rejectionIgnoringFutility.estimate! >= s.rejection.estimate!);
      }
    });
  }
});

describe('group-sequential looks — the record (unit tests)', () => {
  const c = fixture.cases[0];
  it('writes a stop per replicate: stage, reason, N and month at the stop, looks in calendar order', () => {
    const k = createKernel(specOf(c, 1));
    const q = k.layout.sequential!;
    assert.equal(q.looks, 2);
    const rec = new Float64Array(k.layout.width);
    const reasons = new Set<number>();
    for (let i = 0; i < 100; i++) {
      rec.fill(NaN);
      k.run(5, i, rec);
      const stage = rec[q.offset + Q.stage];
      const reason = rec[q.offset + Q.reason];
      reasons.add(reason);
      assert.ok(stage === 0 || stage === 1);
      const m0 = rec[lookOffset(q, 0) + L.month];
      const m1 = rec[lookOffset(q, 1) + L.month];
      assert.ok(m0 > 16 / (365.25 / 12 / 7) && m1 > m0, `look months ${m0}, ${m1}`);
      assert.equal(rec[q.offset + Q.duration], m1);
      assert.equal(rec[q.offset + Q.month], stage === 0 ? m0 : m1);
      assert.equal(rec[q.offset + Q.nAnalysed], stage === 0 ? c.n / 2 : c.n);
      assert.ok(rec[q.offset + Q.nEnrolled] >= rec[q.offset + Q.nAnalysed]);
      if (stage === 1) assert.equal(rec[q.offset + Q.estimate], rec[A.estimate]);
      if (reason === STOP.efficacy) assert.equal(rec[q.offset + Q.reject], 1);
      else assert.equal(rec[q.offset + Q.reject], 0);
      if (reason === STOP.futility) assert.equal(stage, 0);
    }
    assert.deepEqual([...reasons].sort(), [STOP.efficacy, STOP.futility, STOP.final].sort());
  });

  it('leaves the analyses’ record as it is without looks (its own accrual stream)', () => {
    const plain = createKernel(specOf(c, 1, null));
    const seq = createKernel(specOf(c, 1));
    assert.equal(plain.layout.sequential, undefined);
    const a = new Float64Array(plain.layout.width);
    const b = new Float64Array(seq.layout.width);
    for (let i = 0; i < 20; i++) {
      plain.run(9, i, a);
      seq.run(9, i, b);
      assert.deepEqual([...b.subarray(0, plain.layout.width)], [...a]);
    }
  });

  it('rejects bad looks with a located error', () => {
    const bad = (interim: Record<string, unknown>, pattern: RegExp): void =>
      assert.throws(() => createKernel(specOf(c, 1, { ...interimOf(c), ...interim })), pattern);
    bad({ looks: [{ information: 0.6 }, { information: 0.5 }, { information: 1 }] }, /design\.interim\.looks\[1\]\.information: information fractions must increase/);
    bad({ looks: [{ information: 0.5 }, { information: 0.9 }] }, /design\.interim\.looks\[1\]: .*must end at 1/);
    bad({ efficacy: { spending: 'hsd' } }, /design\.interim\.efficacy\.gamma: hsd spending needs its parameter/);
    bad({ looks: [{ month: 2 }, { information: 1 }] }, /design\.interim\.looks\[0\]\.month: month 2 is before anyone reaches week 16/);
  });
});

describe('group-sequential looks — the boundaries cache (unit)', () => {
  it('keys on each kept look and its count: the same counts at other looks are another entry', async () => {
    const { newBoundsCache, cacheBounds, cachedBounds } = await import('../../src/analysis/sequential.js');
    const cache = newBoundsCache();
    // Looks 0, 2 and 3 kept with 30, 60, 90 patients; then looks 0, 1, 3 with the same counts.
    const counts = Int32Array.from([30, 30, 60, 90]);
    const other = Int32Array.from([30, 60, 60, 90]);
    const a = { efficacy: [3, 2.5, 2], futility: [0, 0.5] };
    cacheBounds(cache, [0, 2, 3], counts, a);
    assert.equal(cachedBounds(cache, [0, 2, 3], counts), a);
    assert.equal(cachedBounds(cache, [0, 1, 3], other), undefined, 'fixed futility bounds belong to the looks kept, not only to the counts');
    assert.equal(cachedBounds(cache, [0, 3], counts), undefined);
    const b = { efficacy: [3.1, 2.4, 2], futility: [0.2, 0.5] };
    cacheBounds(cache, [0, 1, 3], other, b);
    assert.equal(cachedBounds(cache, [0, 1, 3], other), b);
    assert.equal(cachedBounds(cache, [0, 2, 3], counts), a);
    assert.equal(cache.size, 2);
  });
});

describe('group-sequential looks — the looks derive the endpoint as the analysis does (unit)', () => {
  it('under an estimand (hypothetical), a trial stopped at the final look has the analysis’ own N', async () => {
    const { loadSource } = await import('../../src/api/source.js');
    const { ROOT } = await import('../support/fixtures.js');
    const { join } = await import('node:path');
    // The shipped group-sequential scenario with a hypothetical estimand: post-deterioration values are missing,
    // so the analysis has fewer patients than the endpoint's legacy rules (LOCF) would give. The looks, before
    // they derived with the analysis' own rule, counted the legacy endpoint (63 of 64 such trials differed).
    const l = loadSource(join(ROOT, 'scenarios', 'group_sequential.yaml'), { set: ['analyses.cdasi_a.estimand={switch: hypothetical}', 'analyses.cdasi_a.endpoint.crossover=locf'] });
    const k = createKernel(l.designs[1].spec);
    const q = k.layout.sequential!;
    const tail = k.layout.analyses[0].tail!;
    const rec = new Float64Array(k.layout.width);
    let checked = 0;
    for (let i = 0; i < 300; i++) {
      rec.fill(NaN);
      k.run(7, i, rec);
      if (rec[q.offset + Q.reason] !== STOP.final) continue;
      checked++;
      assert.equal(rec[q.offset + Q.nAnalysed], rec[tail + T.n0] + rec[tail + T.n1], `replicate ${i}`);
    }
    assert.ok(checked > 30, `${checked} trials reached the final look`);
  });

  it('accepts looks on an MMRM analysis (its looks use the pipeline patients’ visits: sequentialMmrm.test.ts)', async () => {
    const { validateScenario } = await import('../../src/api/validate.js');
    const { ROOT } = await import('../support/fixtures.js');
    const { join } = await import('node:path');
    const v = validateScenario(join(ROOT, 'scenarios', 'group_sequential.yaml'), { set: ['analyses.cdasi_a.method=mmrm'] });
    assert.equal(v.ok, true, v.ok ? '' : v.messages.join('\n'));
  });
});

describe('group-sequential looks — a two-sided analysis with a symmetric test (unit)', () => {
  // The looks run a two-sided analysis one-sided towards its benefit: p1 = p2/2 when the estimate is on the
  // benefit side, 1 − p2/2 when not. Against the same analysis run one-sided ('less'): the same z at every look,
  // the same stops, bit for bit, on a design with stops of every kind.
  const c = fixture.cases[0];
  for (const method of ['ttest', 'welch']) {
    it(`${method}: two-sided (benefit lower) gives the one-sided analysis' z at every look and the same stops`, () => {
      const oneSided = createKernel(specOf(c, 0.6, interimOf(c), { method, sidedness: 'less', alpha: 0.025 }));
      const twoSided = createKernel(specOf(c, 0.6, interimOf(c), { method, sidedness: 'two_sided', benefit: 'lower', alpha: 0.05 }));
      const q = oneSided.layout.sequential!;
      const q2 = twoSided.layout.sequential!;
      assert.equal(q2.looks, q.looks);
      const a = new Float64Array(oneSided.layout.width);
      const b = new Float64Array(twoSided.layout.width);
      const reasons = new Set<number>();
      let harmful = 0;
      for (let i = 0; i < 200; i++) {
        a.fill(NaN);
        b.fill(NaN);
        oneSided.run(11, i, a);
        twoSided.run(11, i, b);
        // the analyses' own p's differ (one- and two-sided) ...
        assert.notEqual(a[A.p], b[A.p]);
        if (b[A.estimate] > 0) harmful++;
        // ... the looks' do not: the whole group-sequential block is the same
        const width = a.length - q.offset;
        assert.equal(b.length - q2.offset, width);
        for (let j = 0; j < width; j++) assert.ok(Object.is(a[q.offset + j], b[q2.offset + j]), `replicate ${i}, slot ${j}: ${a[q.offset + j]} vs ${b[q2.offset + j]}`);
        reasons.add(a[q.offset + Q.reason]);
      }
      assert.deepEqual([...reasons].sort(), [STOP.efficacy, STOP.futility, STOP.final].sort());
      assert.ok(harmful > 0, 'some final estimates on the harmful side (p1 = 1 − p2/2 exercised)');
    });
  }

  it('refuses a two-sided analysis whose test is not symmetric (Fisher, Yates, rank-sum): a located error', () => {
    assert.throws(() => createKernel(specOf(c, 1, interimOf(c), { method: 'wilcoxon', sidedness: 'two_sided', benefit: 'lower', alpha: 0.05 })), /design\.interim\.analysis: a two-sided analysis at the looks needs a test symmetric in the estimate's sign .*'score' is two-sided wilcoxon/);
  });
});
