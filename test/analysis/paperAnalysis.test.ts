import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { paperAnalysis } from '../../src/analysis/paperAnalysis.js';
import { assertClose } from '../support/fixtures.js';
import { cohortOf, loadPaperFixture, num } from './rFixture.js';

const fixture = loadPaperFixture();

// R writes 15 significant digits (jsonlite digits = NA); 1e-9 relative is far
// above that and far below any rule mistake. Values that are ~0 by
// construction (a Spearman rho or an ANCOVA difference near 0) get an
// absolute floor of 1e-12.
const REL = 1e-9;
const ABS = 1e-12;

describe('paperAnalysis — tested against R (lm + emmeans, t.test, cor(spearman), vcd::Kappa) on hand-made cohorts', () => {
  for (const ds of fixture.datasets) {
    it(ds.label, () => {
      const got = paperAnalysis(cohortOf(ds.cohort));
      const expectedKeys = Object.keys(ds.figures).sort();
      assert.deepEqual(Object.keys(got).filter((k) => expectedKeys.includes(k)).sort(), expectedKeys, 'every R figure is produced');
      let compared = 0;
      for (const key of expectedKeys) {
        const want = num(ds.figures[key]);
        const have = got[key];
        assert.ok(have !== undefined, `${key}: missing`);
        if (Number.isNaN(want)) {
          assert.ok(Number.isNaN(have), `${key}: R says not estimable (NA), got ${have}`);
          continue;
        }
        assertClose(have, want, REL, `${ds.label}: ${key}`, ABS);
        compared++;
      }
      assert.ok(compared > 200, `compared ${compared} figures`);
    });
  }

  it('produces no figure that R does not compute', () => {
    const got = paperAnalysis(cohortOf(fixture.datasets[0].cohort));
    const extra = Object.keys(got).filter((k) => !(k in fixture.datasets[0].figures));
    assert.deepEqual(extra, []);
  });
});
