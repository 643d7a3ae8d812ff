import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTrial } from '../../src/analysis/analyseTrial.js';
import { compileAnalysisPlan } from '../../src/analysis/analysisPlan.js';
import { parseAnalysisSpecs, parseMultiplicitySpec } from '../../src/analysis/spec.js';
import { createWorkspace } from '../../src/analysis/workspace.js';
import { A, S, T } from '../../src/engine/layout.js';
import { assertClose } from '../support/fixtures.js';
import { cohortOf, loadPaperFixture, num } from './rFixture.js';

const fixture = loadPaperFixture();
const specs = parseAnalysisSpecs(fixture.specs);
const plan = compileAnalysisPlan(specs, parseMultiplicitySpec(fixture.multiplicity, specs));

// R writes 15 significant digits; see paperAnalysis.test.ts.
const REL = 1e-9;
const ABS = 1e-12;

describe('analyseTrial — tested against R (emmeans, t.test, wilcox.test, prop.test, fisher.test, mantelhaen.test, anova, p.adjust)', () => {
  for (const ds of fixture.datasets) {
    it(ds.label, () => {
      const cohort = cohortOf(ds.cohort);
      const out = new Float64Array(plan.layout.width).fill(NaN);
      analyseTrial(cohort, plan, createWorkspace(cohort.n, specs.length, plan.family.length), out);
      for (const flag of [A.estimable, A.reject, A.rejectAdjusted, A.interactionEstimable, A.interactionReject]) {
        for (const a of plan.layout.analyses) assert.ok(out[a.offset + flag] === 0 || out[a.offset + flag] === 1, `${a.id}: flag ${flag} is 0/1`);
      }
      ds.records.forEach((rec, i) => {
        const lay = plan.layout.analyses[i];
        const o = lay.offset;
        const at = `${ds.label}: ${rec.id}`;
        assert.equal(lay.id, rec.id);
        assert.equal(out[o + A.estimable], rec.estimable, `${at} estimable (${rec.error ?? ''})`);
        if (rec.estimable === 1) {
          assertClose(out[o + A.estimate], num(rec.estimate), REL, `${at} estimate`, ABS);
          assertClose(out[o + A.se], num(rec.se), REL, `${at} se`, ABS);
          assertClose(out[o + A.ciLower], num(rec.ciLower), REL, `${at} ciLower`, ABS);
          assertClose(out[o + A.ciUpper], num(rec.ciUpper), REL, `${at} ciUpper`, ABS);
          assertClose(out[o + A.p], num(rec.p), REL, `${at} p`, 1e-15);
          // R's rejection (p < alpha), split by the side of R's estimate: towards the analysis' benefit, or harm.
          const spec = specs[i];
          const side = spec.sidedness !== 'two_sided' || (spec.benefit === 'lower' ? num(rec.estimate) < 0 : num(rec.estimate) > 0) ? 1 : 0;
          assert.equal(out[lay.tail! + T.benefitSide], side, `${at} benefit side`);
          assert.equal(out[o + A.reject], rec.reject! * side, `${at} reject`);
          assert.equal(out[lay.tail! + T.rejectHarm], rec.reject! * (1 - side), `${at} rejectHarm`);
          assert.equal(out[o + A.rejectAdjusted], rec.rejectAdjusted! * side, `${at} rejectAdjusted (Holm)`);
          assert.equal(out[lay.tail! + T.rejectHarmAdjusted], rec.rejectAdjusted! * (1 - side), `${at} rejectHarmAdjusted (Holm)`);
          assert.equal(out[o + A.reason], -1);
        } else {
          assert.ok(out[o + A.reason] >= 0, `${at} has a reason code`);
        }
        if (rec.estimable !== 1) assert.equal(out[o + A.rejectAdjusted] + out[lay.tail! + T.rejectHarmAdjusted], rec.rejectAdjusted, `${at} rejectAdjusted (Holm), either side`);
        assert.equal(out[o + A.interactionEstimable], rec.interactionEstimable, `${at} interaction estimable`);
        if (rec.interactionEstimable === 1) {
          assertClose(out[o + A.interactionP], num(rec.interactionP), REL, `${at} interaction p`, 1e-15);
          assert.equal(out[o + A.interactionReject], rec.interactionReject);
        }
        assert.equal(lay.strata.length, rec.strata.length, `${at} strata`);
        rec.strata.forEach((st, j) => {
          const so = lay.strata[j].offset;
          const sat = `${at} stratum ${lay.strata[j].label}`;
          assert.equal(out[so + S.n0], st.n0, `${sat} n0`);
          assert.equal(out[so + S.n1], st.n1, `${sat} n1`);
          assert.equal(out[so + S.estimable], st.estimable, `${sat} estimable`);
          if (st.estimable === 1) {
            assertClose(out[so + S.estimate], num(st.estimate), REL, `${sat} estimate`, ABS);
            assertClose(out[so + S.se], num(st.se), REL, `${sat} se`, ABS);
            assertClose(out[so + S.ciLower], num(st.ciLower), REL, `${sat} ciLower`, ABS);
            assertClose(out[so + S.ciUpper], num(st.ciUpper), REL, `${sat} ciUpper`, ABS);
            assert.equal(out[so + S.excludesZero], st.excludesZero, `${sat} excludesZero`);
          } else {
            assert.equal(out[so + S.excludesZero], 0);
            assert.ok(out[so + S.reason] >= 0);
          }
        });
      });
    });
  }
});
