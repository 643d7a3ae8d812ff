// `trialsim analyze` under an estimand: the data's stop_week column carries
// treatment discontinuation, the arms' LS means come from the endpoint the
// analysis derived under its estimand, and an estimand that needs stop_week
// is refused when the data lack it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as api from '../../src/api/index.js';

const SCENARIO = `
name: analyze-estimand
seed: 41
replicates: 10
model: {kind: proderm}
design:
  sample_size: 120
  discontinuation: {hazard: {mechanism: mar, share: 0.3, measure: cdasi_a, slope: 0.1}, waning: 0.1}
analyses:
  - id: had_treatment_continued
    endpoint: {measure: cdasi_a, week: 16, type: change}
    method: ancova
    estimand: {switch: hypothetical, discontinuation: hypothetical}
`;

const dropColumn = (csv: string, name: string): string => {
  const lines = csv.trimEnd().split('\n');
  const j = lines[0].split(',').indexOf(name);
  assert.ok(j >= 0, `the sample has ${name}`);
  return lines.map((l) => l.split(',').filter((_, k) => k !== j).join(',')).join('\n') + '\n';
};
const blankColumn = (csv: string, name: string): string => {
  const lines = csv.trimEnd().split('\n');
  const j = lines[0].split(',').indexOf(name);
  return [lines[0], ...lines.slice(1).map((l) => l.split(',').map((c, k) => (k === j ? '' : c)).join(','))].join('\n') + '\n';
};

describe('trialsim analyze under an estimand with a discontinuation strategy', () => {
  const { csv } = api.sampleTrials(SCENARIO, { trials: 4 });
  const stops = csv.trimEnd().split('\n').slice(1).filter((l) => l.split(',')[7] !== '').length;

  it('the sample records stops (stop_week filled for some patients)', () => {
    assert.equal(csv.split('\n')[0].split(',')[7], 'stop_week');
    assert.ok(stops > 10, `${stops} stops in 4 × 120 patients at a 30% share`);
  });

  it("the arms' LS means are those of the analysed endpoint: their difference is the analysis' estimate", () => {
    const { trials } = api.analyzeData(SCENARIO, csv);
    for (const t of trials) {
      const a = t.analyses[0];
      assert.equal(a.arms.kind, 'ls_mean');
      assert.ok(a.estimate !== null && a.arms.treatment.estimate !== null && a.arms.control.estimate !== null);
      assert.ok(Math.abs(a.arms.treatment.estimate - a.arms.control.estimate - a.estimate) < 1e-9, `trial ${t.trial}`);
    }
  });

  it('the stops change the analysis (the hypothetical strategy sets the visits after a stop missing)', () => {
    const withStops = api.analyzeData(SCENARIO, csv).trials;
    const noStops = api.analyzeData(SCENARIO, blankColumn(csv, 'stop_week')).trials;
    const differ = withStops.filter((t, k) => t.analyses[0].estimate !== noStops[k].analyses[0].estimate).length;
    assert.ok(differ >= 3, `${differ} of 4 trials changed`);
  });

  it('data without stop_week is refused, naming the analysis, the strategy and the column', () => {
    assert.throws(
      () => api.analyzeData(SCENARIO, dropColumn(csv, 'stop_week')),
      (e: unknown) => e instanceof api.UsageError && /no column stop_week/.test(e.message) && /had_treatment_continued/.test(e.message) && /hypothetical/.test(e.message),
    );
  });
});
