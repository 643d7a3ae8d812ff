// The multiplicity procedure is directional. Plain unit tests on the
// paper-analysis fixture's first trial: MMT-8 rises clearly with IVIg there
// (p < 1e-20), so an analysis that names `benefit: lower` for it finds
// harm, not benefit. In a fixed sequence that tests it first, that harmful
// finding must not pass alpha on: CDASI-A, second, is not rejected by the
// procedure although its own p is below 1e-3. The harmful finding itself is
// counted by the two-sided procedure (rejectHarmAdjusted). With Holm it does
// not change CDASI-A's fate (it is tested at alpha/2 either way).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { analyseTrial } from '../../src/analysis/analyseTrial.js';
import { compileAnalysisPlan } from '../../src/analysis/analysisPlan.js';
import { parseAnalysisSpecs, parseMultiplicitySpec } from '../../src/analysis/spec.js';
import { createWorkspace } from '../../src/analysis/workspace.js';
import { A, T } from '../../src/engine/layout.js';
import { cohortOf, loadPaperFixture } from './rFixture.js';

const cohort = cohortOf(loadPaperFixture().datasets[0].cohort);
const SPECS = [
  { id: 'mmt8_wrong_way', endpoint: { measure: 'mmt8' }, method: 'ttest', benefit: 'lower' },
  { id: 'cdasi_a', endpoint: { measure: 'cdasi_a' }, method: 'ancova' },
];

function run(procedure: string) {
  const specs = parseAnalysisSpecs(SPECS);
  const plan = compileAnalysisPlan(specs, parseMultiplicitySpec({ procedure, alpha: 0.05 }, specs));
  const out = new Float64Array(plan.layout.width).fill(NaN);
  analyseTrial(cohort, plan, createWorkspace(cohort.n, specs.length, plan.family.length), out);
  const at = (i: number) => {
    const lay = plan.layout.analyses[i];
    return {
      p: out[lay.offset + A.p],
      reject: out[lay.offset + A.reject],
      rejectAdjusted: out[lay.offset + A.rejectAdjusted],
      harm: out[lay.tail! + T.rejectHarm],
      harmAdjusted: out[lay.tail! + T.rejectHarmAdjusted],
      side: out[lay.tail! + T.benefitSide],
    };
  };
  return [at(0), at(1)];
}

describe('multiplicity — directional gatekeeping (unit)', () => {
  it('fixed sequence: a harmful-side rejection first stops the sequence; it is a harmful finding under the two-sided procedure', () => {
    const [mmt8, cdasi] = run('fixed_sequence');
    assert.ok(mmt8.p < 1e-20 && mmt8.side === 0, 'MMT-8 is significant on the harmful side');
    assert.deepEqual([mmt8.reject, mmt8.harm, mmt8.rejectAdjusted, mmt8.harmAdjusted], [0, 1, 0, 1]);
    assert.ok(cdasi.p < 1e-3 && cdasi.side === 1 && cdasi.reject === 1, `CDASI-A is significant towards benefit on its own: ${JSON.stringify(cdasi)}`);
    assert.equal(cdasi.rejectAdjusted, 0, 'but the sequence stopped at the harmful finding');
  });

  it('Holm: the harmful finding does not count as a rejection to step down on; CDASI-A at alpha/2 is still rejected', () => {
    const [mmt8, cdasi] = run('holm');
    assert.deepEqual([mmt8.rejectAdjusted, mmt8.harmAdjusted], [0, 1]);
    assert.equal(cdasi.rejectAdjusted, 1);
  });
});
