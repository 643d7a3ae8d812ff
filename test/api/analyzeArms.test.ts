// analyzeData's per-arm summaries against R: the R fixture's hand-made
// cohorts (test/fixtures/r/paper-analysis.R: lm(change ~ arm + baseline) and
// emmeans, the switched patients' last value carried forward, VAS <= 0.2
// excluded) written as sample CSV and analysed with the shipped ProDERM
// scenario, whose cdasi_a, cdasi_d and cutaneous_vas analyses are those
// ANCOVAs. Tested against R: each arm's LS mean to 1e-9 relative, and the
// patients analysed per arm against R's complete cases.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { analyzeData } from '../../src/api/analyze.js';
import { sampleCsv } from '../../src/report/sampleCsv.js';
import { cohortOf, loadPaperFixture, num } from '../analysis/rFixture.js';
import { closeTo, ROOT } from '../support/fixtures.js';

const PRODERM = join(ROOT, 'scenarios', 'proderm.yaml');
const fixture = loadPaperFixture();

describe("analyze: each arm's LS mean — tested against R (lm + emmeans, paper-analysis.json)", () => {
  for (const ds of fixture.datasets) {
    it(`${ds.label}: cdasi_a, cdasi_d, cutaneous_vas LS means per arm (1e-9 relative)`, () => {
      const cohort = cohortOf(ds.cohort);
      const out = analyzeData(PRODERM, { text: sampleCsv([cohort]), file: `${ds.label}.csv` });
      assert.equal(out.trials.length, 1);
      let compared = 0;
      for (const ms of ['cdasi_a', 'cdasi_d', 'cutaneous_vas']) {
        const a = out.trials[0].analyses.find((x) => x.id === ms);
        assert.ok(a !== undefined, ms);
        assert.equal(a.arms.kind, 'ls_mean');
        for (const [arm, label] of [
          ['control', 'placebo'],
          ['treatment', 'ivig'],
        ] as const) {
          const expected = num(ds.figures[`week16.${ms}.ancova.ls_mean.${label}`]);
          const got: number | null = a.arms[arm].estimate;
          if (Number.isNaN(expected)) {
            assert.equal(got, null, `${ms} ${label}: not estimable in R`);
            continue;
          }
          assert.ok(got !== null && closeTo(got, expected, 1e-9, 1e-12), `${ms} ${label}: ${got} against R ${expected}`);
          compared++;
        }
        if (a.estimate !== null) {
          const diff = num(ds.figures[`week16.${ms}.ancova.difference`]);
          assert.ok(closeTo(a.estimate, diff, 1e-9, 1e-12), `${ms} difference against R`);
        }
      }
      assert.ok(compared >= 4, `${ds.label}: ${compared} LS means compared`);
    });
  }

  it('the patients analysed per arm: those with the endpoint and its baseline (counted from the cohort independently)', () => {
    const ds = fixture.datasets[0];
    const cohort = cohortOf(ds.cohort);
    const out = analyzeData(PRODERM, { text: sampleCsv([cohort]), file: 'n.csv' });
    const a = out.trials[0].analyses.find((x) => x.id === 'cdasi_d');
    assert.ok(a !== undefined);
    // cdasi_d at week 16: a value (or, for a patient switched before week 16, the last one at or before the switch) and a baseline.
    const V = cohort.visits.length;
    const k16 = cohort.visits.indexOf(16);
    const values = cohort.measures.cdasi_d;
    const n = [0, 0];
    for (let i = 0; i < cohort.n; i++) {
      const base = values[i * V];
      let v = values[i * V + k16];
      const sw = cohort.crossoverWeek[i];
      if (sw < 16) {
        v = NaN;
        for (let k = k16; k >= 1; k--) if (cohort.visits[k] <= sw && !Number.isNaN(values[i * V + k])) {
          v = values[i * V + k];
          break;
        }
      }
      if (!Number.isNaN(base) && !Number.isNaN(v)) n[cohort.arm[i]]++;
    }
    assert.deepEqual([a.arms.control.n, a.arms.treatment.n], n);
  });
});
