// Perfectly separated and degenerate 2x2 tables through the per-replicate
// analysis (estimateAnalysis): the test's p-value is written whenever the test
// is defined, and the interval's estimability apart. Tested against R
// (chisq.test, fisher.test, the CMH statistic; test/fixtures/r/binary-exact.R).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { estimateAnalysis, type AnalysisData } from '../../src/analysis/analyseTrial.js';
import { compileAnalysisPlan } from '../../src/analysis/analysisPlan.js';
import { parseAnalysisSpecs, parseMultiplicitySpec } from '../../src/analysis/spec.js';
import { createWorkspace } from '../../src/analysis/workspace.js';
import { A, REASON_CODES, T } from '../../src/engine/layout.js';
import { NOT_ESTIMABLE } from '../../src/stats/result.js';
import { assertClose, loadFixture } from '../support/fixtures.js';

interface Table {
  x1: number;
  n1: number;
  x0: number;
  n0: number;
  chisq: number | 'NaN';
  chisq_yates: number | 'NaN';
  fisher: number | 'NaN';
  cmh: number | 'NaN';
  wald: number | 'NaN';
  wald_se_zero: boolean;
}

const TABLES = loadFixture<{ tables: Table[] }>('binary-exact.json').tables;
const METHODS = [
  ['responder_chisq', 'chisq'],
  ['responder_chisq_yates', 'chisq_yates'],
  ['responder_fisher', 'fisher'],
  ['responder_cmh', 'cmh'],
  ['responder_wald', 'wald'],
  ['responder_newcombe', 'wald'],
] as const;

/** One trial with this table: treated patients first, one randomization stratum. */
function data(t: Table): AnalysisData {
  const n = t.n1 + t.n0;
  const arm = new Uint8Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < t.n1; i++) {
    arm[i] = 1;
    y[i] = i < t.x1 ? 1 : 0;
  }
  for (let i = 0; i < t.n0; i++) y[t.n1 + i] = i < t.x0 ? 1 : 0;
  return { n, arm, stratum: new Uint8Array(n), y, base: new Float64Array(n), strataBase: null };
}

describe('separated and degenerate 2x2 tables — tested against R: the test stands apart from the interval', () => {
  for (const t of TABLES) {
    for (const [method, column] of METHODS) {
      it(`${t.x1}/${t.n1} vs ${t.x0}/${t.n0}, ${method}`, () => {
        const specs = parseAnalysisSpecs([{ id: 'r', endpoint: { measure: 'resp', week: 16, type: 'threshold_responder', threshold: 1 }, method }], 'analyses', null);
        const plan = compileAnalysisPlan(specs, parseMultiplicitySpec(undefined, specs));
        const d = data(t);
        const out = new Float64Array(plan.layout.width).fill(NaN);
        const p = estimateAnalysis(specs[0], d, createWorkspace(d.n, 1, 1), out, plan.layout.analyses[0]);
        const want = t[column];
        if (want === 'NaN') {
          assert.ok(Number.isNaN(out[A.p]), `no p-value (R gives none): ${out[A.p]}`);
          assert.equal(out[A.reject], 0);
        } else {
          assertClose(out[A.p], want, 1e-9, `${method} p`, 1e-15);
          // R's rejection, on the side of the observed difference: towards benefit (more responders on treatment) or harm.
          const tail = plan.layout.analyses[0].tail!;
          const benefit = t.x1 / t.n1 > t.x0 / t.n0 ? 1 : 0;
          assert.equal(out[A.reject] + out[tail + T.rejectHarm], want < 0.05 ? 1 : 0, 'rejects at 0.05 as R');
          assert.equal(out[A.reject], want < 0.05 ? benefit : 0, 'towards benefit only when treatment has more responders');
          assert.equal(out[A.rejectAdjusted], out[A.reject]);
        }
        assert.equal(Object.is(p, out[A.p]) || (Number.isNaN(p) && Number.isNaN(out[A.p])), true, 'returns the p it wrote');
        // The interval: Wald (and Sato's MH, equal to it on one stratum) has no SE on these tables; Newcombe's stands.
        const intervalEstimable = method === 'responder_newcombe' ? 1 : t.wald_se_zero ? 0 : 1;
        assert.equal(out[A.estimable], intervalEstimable, 'interval estimable');
        if (intervalEstimable === 0) {
          assert.equal(REASON_CODES[out[A.reason]], NOT_ESTIMABLE.zeroVariance);
          assert.ok(Number.isNaN(out[A.estimate]));
        } else {
          assertClose(out[A.estimate], t.x1 / t.n1 - t.x0 / t.n0, 1e-15, 'risk difference', 1e-15);
        }
      });
    }
  }
});
