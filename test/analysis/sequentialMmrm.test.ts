// An MMRM analysis at the looks of a group-sequential design: the data cut
// keeps every visit on or before the look's date and the pipeline patients'
// earlier visits (issue 14, item 1). Plain unit tests: the cut on a small
// hand-made case; against an independent second computation: on the shipped
// scenario with method mmrm, the z of each interim look in the record equals
// that of stats/mmrm.ts fitted directly on a data cut made in the test
// (tolerance 1e-9 on z: the same fit on the same data).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { cutVisits } from '../../src/analysis/sequentialMmrm.js';
import { createKernel } from '../../src/analysis/kernel.js';
import { parseKernelSpec } from '../../src/analysis/kernelSpec.js';
import { analysedTrial } from '../../src/analysis/valueNeeds.js';
import { estimandVisits } from '../../src/analysis/estimand.js';
import { loadSource } from '../../src/api/source.js';
import { compileAccrual, entryMonths, WEEKS_PER_MONTH } from '../../src/design/accrual.js';
import { L, Q, STOP, lookOffset } from '../../src/engine/layout.js';
import { AleaStream, streamKey } from '../../src/random/stream.js';
import { qnorm } from '../../src/stats/distributions/normal.js';
import { mmrm } from '../../src/stats/mmrm.js';
import { ROOT } from '../support/fixtures.js';

describe('cutVisits (unit): the data cut of an MMRM at a look', () => {
  it('keeps the visits dated on or before the look, the pipeline patients’ earlier ones, and leaves out those not yet enrolled', () => {
    const weeks = [4, 8, 16];
    const y = Float64Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const base = Float64Array.from([20, 21, 22, 23]);
    const entry = Float64Array.from([0, 1, 3, 5]);
    const month = 3.5;
    const yCut = new Float64Array(12);
    const baseCut = new Float64Array(4);
    const enrolled = cutVisits(y, base, 4, weeks, entry, month, yCut, baseCut);
    assert.equal(enrolled, 3);
    // visit dates: entry + week / (weeks a month) = entry + 0.92, 1.84, 3.68 months
    assert.ok(4 / WEEKS_PER_MONTH < 1 && 16 / WEEKS_PER_MONTH > 3.5);
    const nan = NaN;
    // patient 0 (entry 0): weeks 4 and 8 by month 3.5, week 16 (month 3.68) not yet: in the pipeline
    // patient 1 (entry 1): weeks 4 (1.92) and 8 (2.84); patient 2 (entry 3): none yet (3.92), baseline only
    // patient 3 (entry 5): not enrolled
    assert.deepEqual([...yCut], [1, 2, nan, 4, 5, nan, nan, nan, nan, nan, nan, nan]);
    assert.deepEqual([...baseCut], [20, 21, 22, nan]);
    // a look after everyone's last visit keeps everything
    cutVisits(y, base, 4, weeks, entry, 9, yCut, baseCut);
    assert.deepEqual([...yCut], [...y]);
    assert.deepEqual([...baseCut], [...base]);
  });
});

describe('MMRM at the looks: the look’s z is that of a direct fit on the data cut', () => {
  it('shipped scenario, method mmrm: every interim look, 25 replicates, pipeline patients present with partial visits', () => {
    const l = loadSource(join(ROOT, 'scenarios', 'group_sequential.yaml'), { set: ['analyses.cdasi_a.method=mmrm'] });
    const spec = l.designs[1].spec;
    const kernel = createKernel(spec);
    const q = kernel.layout.sequential!;
    const rec = new Float64Array(kernel.layout.width);
    // The cohort and entry months as the kernel makes them (its streams), rebuilt here.
    const { compiled, plan } = parseKernelSpec(spec);
    const trial = analysedTrial(compiled, plan.analyses);
    const cohort = trial.newCohort();
    const draws = trial.newDraws();
    const accrual = compileAccrual(compiled.design.accrual!);
    const seed = 31;
    let looks = 0;
    let pipelineWithVisits = 0;
    let laterVisitsCut = 0;
    for (let i = 0; i < 25; i++) {
      rec.fill(NaN);
      kernel.run(seed, i, rec);
      const patients = new AleaStream(streamKey(seed, i, 'patients'));
      const allocation = new AleaStream(streamKey(seed, i, 'allocation'));
      trial.draw(patients, allocation, draws);
      const c = trial.fromDraws(draws, cohort);
      const n = c.n;
      const u = new Float64Array(n);
      new AleaStream(streamKey(seed, i, 'accrual')).uniforms(u, n);
      const entry = entryMonths(accrual, u, n, new Float64Array(n));
      const rules = plan.endpoints[0];
      const K = c.visits.indexOf(rules.week);
      const y = new Float64Array(n * K);
      const base = new Float64Array(n);
      assert.equal(estimandVisits(c, rules, plan.estimands![0]!, y, base), K);
      // the record's enrolled count at the stop checks the entry months rebuilt here
      const stopMonth = rec[q.offset + Q.month];
      assert.equal(rec[q.offset + Q.nEnrolled], [...entry].filter((e) => e <= stopMonth).length);
      for (let k = 0; k < q.looks - 1; k++) {
        const z = rec[lookOffset(q, k) + L.z];
        if (Number.isNaN(z)) continue; // not analysed (after an efficacy stop)
        const month = rec[lookOffset(q, k) + L.month];
        // the cut, made here: enrolled by the look, each visit on or before it
        const yCut = new Float64Array(n * K).fill(NaN);
        const baseCut = new Float64Array(n).fill(NaN);
        for (let p = 0; p < n; p++) {
          if (entry[p] > month) continue;
          baseCut[p] = base[p];
          let kept = 0;
          for (let j = 0; j < K; j++) {
            const date = entry[p] + c.visits[j + 1] / WEEKS_PER_MONTH;
            if (date <= month) {
              yCut[p * K + j] = y[p * K + j];
              kept += +!Number.isNaN(y[p * K + j]);
            } else if (!Number.isNaN(y[p * K + j])) laterVisitsCut++;
          }
          const atPrimary = entry[p] + rules.week / WEEKS_PER_MONTH <= month;
          if (!atPrimary && kept > 0) pipelineWithVisits++;
        }
        const fit = mmrm({ y: yCut, nVisits: K, arm: c.arm.subarray(0, n), baseline: baseCut, visit: K - 1, level: 0.95 });
        const d = fit.difference;
        assert.ok(d.estimable, `replicate ${i} look ${k + 1}`);
        // one-sided towards benefit (sidedness less: a fall in CDASI-A)
        const p1 = d.estimate < 0 ? d.p / 2 : 1 - d.p / 2;
        assert.ok(Math.abs(qnorm(p1, false) - z) <= 1e-9, `replicate ${i} look ${k + 1}: record z ${z} vs direct fit ${qnorm(p1, false)}`);
        if (rec[q.offset + Q.stage] === k && rec[q.offset + Q.reason] !== STOP.final) assert.ok(Math.abs(rec[q.offset + Q.estimate] - d.estimate) <= 1e-9);
        looks++;
      }
    }
    assert.ok(looks >= 20, `${looks} interim looks checked`);
    assert.ok(pipelineWithVisits > 100, `${pipelineWithVisits} pipeline patients with visits in the cuts`);
    assert.ok(laterVisitsCut > 100, `${laterVisitsCut} later visits cut`);
  });
});
