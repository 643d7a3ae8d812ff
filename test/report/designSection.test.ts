// The report opens with the design (settings with their true effects), then
// the answer (power, the sample size at the target), then per-trial counts;
// a null run that is the same for every swept effect is drawn once; a power
// of 1 reads "> 0.999". Unit tests on fixture runs of the parametric model.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { buildSummary } from '../../src/report/summary.js';
import { formatRate } from '../../src/report/format.js';
import { nullPanels } from '../../src/report/typeIErrorSpec.js';
import type { Summary } from '../../src/report/summarySchema.js';
import { fixtureReport, fixtureRun, SWEEP_YAML, type FixtureRun } from './helpers.js';

/** A sweep over the effect: every point's null run is the same run (effect scale 0). */
const EFFECT_YAML = SWEEP_YAML.replace('design.n_per_arm: [20, 40, 60]', 'model.params.effect_scale: [0.5, 1]').replace('replicates: 300', 'replicates: 100');

const summaryOf = (r: FixtureRun): Summary => buildSummary({ scenario: r.scenario, designs: r.points, result: r.result, version: 't' });

describe('report — the design first, then the answer', () => {
  let run: FixtureRun;
  before(async () => {
    run = await fixtureRun(SWEEP_YAML);
  });

  it('sections in order: design, answer, headline, per trial; the settings and each analysis’ true effect', async () => {
    const html = (await fixtureReport(run)).files['report.html'];
    const at = (id: string): number => html.indexOf(`<section id="${id}"`);
    assert.ok(at('design') > 0 && at('design') < at('answer') && at('answer') < at('headline') && at('headline') < at('planning'), 'order');
    const design = html.slice(at('design'), at('answer'));
    assert.match(design, /patients per arm, allocation<\/th><td>swept: 20, 40, 60; 1:1/);
    assert.match(design, /permuted blocks of 4/);
    assert.match(design, /everyone screened \(no eligibility rule\)/);
    assert.match(design, /change mean: control 0, treatment -4; SD 10/);
    // The fixture's truth is simulated (a population of 20,000 per arm): −4 within its SE, shown with it.
    const truth = run.result.designs[0].alternative.analyses[0].estimation.truth!;
    assert.ok(Math.abs(truth.value + 4) < 4 * truth.se, `${truth.value} ± ${truth.se}`);
    assert.match(design, /true effect, ancova<\/th><td>−4\.\d+ ± 0\.\d+<\/td>/);
    assert.match(design, /benefit: treatment − control below 0/);
    const answer = html.slice(at('answer'), at('headline'));
    const s = summaryOf(run);
    assert.equal(s.sample_size.length, 2);
    for (const r of s.sample_size) assert.ok(answer.includes(`<strong>${r.analysis}</strong>`), r.analysis);
    assert.match(answer, /read off the swept power curve \(design\.n_per_arm/);
  });

  it('per trial: screened, enrolled and analysed per design point, the counts the run recorded', async () => {
    const s = summaryOf(run);
    for (const d of s.designs) {
      const n = d.swept['design.n_per_arm'] as number;
      // No eligibility rule and no dropout: every trial screens and enrols exactly 2n, n per arm (complete blocks of 4).
      assert.deepEqual([d.planning.screened.mean.estimate, d.planning.screened.min, d.planning.screened.max], [2 * n, 2 * n, 2 * n]);
      assert.equal(d.planning.enrolled.control.mean.estimate, n);
      assert.equal(d.planning.dropouts.treatment.max, 0);
      assert.equal(d.planning.switches.max, 0);
      // Every patient has a change, so each analysis analyses everyone.
      for (const a of d.analyses) assert.deepEqual([a.analysed.control.min, a.analysed.treatment.max], [n, n]);
    }
    const html = (await fixtureReport(run)).files['report.html'];
    assert.match(html, /<section id="planning">/);
  });

  it('a null run that is the same for every swept effect is drawn once, titled by what its points share', async () => {
    const s = summaryOf(await fixtureRun(EFFECT_YAML));
    assert.equal(s.designs.length, 2);
    assert.deepEqual(
      s.designs.map((d) => d.analyses[0].type1_error),
      [s.designs[0].analyses[0].type1_error, s.designs[0].analyses[0].type1_error],
      'the same null run',
    );
    assert.deepEqual(nullPanels(s), [{ di: 0, title: 'every design point: one null run for every effect_scale' }]);
    // The n sweep's nulls differ (another size, other trials): a panel each, titled by the value.
    assert.deepEqual(
      nullPanels(summaryOf(run)).map((p) => p.title),
      ['n_per_arm = 20', 'n_per_arm = 40', 'n_per_arm = 60'],
    );
  });

  it('a rate of 1 reads "> 0.999", any other as formatMetric', () => {
    assert.equal(formatRate({ estimate: 1, mcse: 0, n: 500 }), '> 0.999');
    assert.equal(formatRate({ estimate: 0.8, mcse: 0.01, n: 1600 }), '0.800 ± 0.010');
    assert.equal(formatRate(null), '—');
  });
});
