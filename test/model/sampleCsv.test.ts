import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { PARAMETRIC_DESIGN, PRODERM_DESIGN } from '../../src/design/designSpec.js';
import { resolveParametricParams } from '../../src/model/parametricParams.js';
import { resolveProdermParams } from '../../src/model/prodermParams.js';
import { compileTrial } from '../../src/design/trial.js';
import { streamFor } from '../../src/random/stream.js';
import { parseSampleCsv, sampleCsv } from '../../src/report/sampleCsv.js';

const proderm = resolveProdermParams({});
if (!proderm.ok) throw new Error('defaults');

describe('sample CSV — round trip (unit)', () => {
  it('ProDERM cohorts: header, labels, missing values, and parse gives back the same cohorts', () => {
    const trial = compileTrial({ model: { kind: 'proderm', params: proderm.params }, design: { ...PRODERM_DESIGN, sampleSize: 120 } });
    const cohorts = [0, 1, 2].map((r) => trial.simulate(streamFor(4, r, 'patients'), streamFor(4, r, 'allocation')));
    const text = sampleCsv(cohorts, 10);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines.length, 1 + 3 * 120);
    const header = lines[0].split(',');
    assert.deepEqual(header.slice(0, 9), ['trial', 'patient', 'arm', 'stratum', 'crossover_week', 'dropout_week', 'deterioration_week', 'stop_week', 'cdasi_a_w0']);
    assert.ok(header.includes('tis_w16') && header.includes('mmt8_w40'));
    assert.equal(header.length, 8 + 6 * 11);
    assert.match(lines[1], /^10,1,(placebo|ivig),[0-2],/);
    const tisW0 = header.indexOf('tis_w0');
    assert.equal(lines[1].split(',')[tisW0], '');
    const parsed = parseSampleCsv(text);
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n'));
    if (!parsed.ok) return;
    assert.deepEqual(parsed.trials, [10, 11, 12]);
    parsed.cohorts.forEach((c, t) => {
      const o = cohorts[t];
      assert.equal(c.n, o.n);
      assert.deepEqual(c.visits, o.visits);
      assert.deepEqual(c.arm, o.arm);
      assert.deepEqual(c.armLabels, o.armLabels);
      assert.deepEqual(c.stratum, o.stratum);
      assert.deepEqual(c.crossoverWeek, o.crossoverWeek);
      assert.deepEqual(c.dropoutWeek, o.dropoutWeek);
      assert.deepEqual(c.deteriorationWeek, o.deteriorationWeek);
      assert.deepEqual(c.stopWeek, o.stopWeek);
      assert.deepEqual(c.measures, o.measures);
    });
  });

  it('stop_week (treatment discontinuation) round-trips; without the column the cohort has no stopWeek', () => {
    const trial = compileTrial({ model: { kind: 'proderm', params: proderm.params }, design: { ...PRODERM_DESIGN, sampleSize: 40 } });
    const c = trial.simulate(streamFor(5, 0, 'patients'), streamFor(5, 0, 'allocation'));
    assert.ok(c.stopWeek !== undefined);
    // Stops as design.discontinuation would record them (weeks of the last visit on treatment).
    c.stopWeek[0] = 4;
    c.stopWeek[7] = 12;
    const parsed = parseSampleCsv(sampleCsv([c]));
    assert.ok(parsed.ok, parsed.ok ? '' : parsed.errors.join('\n'));
    if (!parsed.ok) return;
    const back = parsed.cohorts[0].stopWeek;
    assert.ok(back !== undefined);
    assert.equal(back[0], 4);
    assert.equal(back[7], 12);
    assert.deepEqual(back, c.stopWeek);
    const without = parseSampleCsv('trial,patient,arm,stratum,crossover_week,dropout_week,cdasi_a_w0,cdasi_a_w16\n1,1,ivig,0,,,10,8\n');
    assert.ok(without.ok);
    if (!without.ok) return;
    assert.equal(without.cohorts[0].stopWeek, undefined);
  });

  it('parametric cohorts keep full-precision values and control/treatment labels', () => {
    const r = resolveParametricParams({ endpoints: [{ id: 'y', type: 'normal', mean: { control: 0, treatment: 1 }, sd: 1, baseline: { mean: 3, sd: 1, correlation: 0.5 } }] });
    assert.ok(r.ok);
    if (!r.ok) return;
    const c = compileTrial({ model: { kind: 'parametric', params: r.params }, design: { ...PARAMETRIC_DESIGN, sampleSize: 40 } }).simulate(streamFor(1, 0, 'patients'), streamFor(1, 0, 'allocation'));
    const parsed = parseSampleCsv(sampleCsv([c]));
    assert.ok(parsed.ok);
    if (!parsed.ok) return;
    assert.deepEqual(parsed.cohorts[0].measures.y, c.measures.y);
    assert.deepEqual(parsed.cohorts[0].armLabels, ['control', 'treatment']);
  });

  it('errors name the line and the column', () => {
    const text = [
      'trial,patient,arm,stratum,crossover_week,dropout_week,cdasi_a_w0,cdasi_a_w16,extra',
      '1,1,placebo,0,,,10,8,',
    ].join('\n');
    const a = parseSampleCsv(text);
    assert.ok(!a.ok && a.errors[0].startsWith("line 1: column 'extra'"));
    const b = parseSampleCsv(
      ['trial,patient,arm,stratum,crossover_week,dropout_week,cdasi_a_w0,cdasi_a_w16', '1,1,placebo,0,,,10,8', '1,2,drug,0,,,10,x', '1,3,control,0,,,10,8', '1,4,ivig,0,,'].join('\n'),
    );
    assert.ok(!b.ok);
    if (b.ok) return;
    assert.deepEqual(b.errors, [
      "line 3, column arm: expected placebo/ivig or control/treatment (got 'drug')",
      "line 3, column cdasi_a_w16: expected a number or empty (got 'x')",
      "line 4, column arm: 'control' mixes control/treatment with placebo/ivig labels",
      'line 5, column -: expected 8 fields, found 6',
    ]);
    const c = parseSampleCsv('trial,patient,arm,stratum,crossover_week,dropout_week,cdasi_a_w16\n1,1,ivig,0,,,3\n');
    assert.ok(!c.ok && c.errors[0].includes('week-0'));
  });
});
