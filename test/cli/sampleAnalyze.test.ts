// trialsim sample writes the documented wide CSV; trialsim analyze on it
// reproduces, to the last bit, the kernel's record of the same replicate —
// an independent path (CSV out and back in, analyseTrial outside the engine)
// against replayReplicate (the engine's own computation).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { KERNEL_MODULE } from '../../src/api/kernel.js';
import { replayReplicate } from '../../src/engine/replay.js';
import { A, S, T, TAIL_WIDTH, TRIAL_WIDTH } from '../../src/engine/layout.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { PRODERM_MEASURE_IDS, PRODERM_VISITS } from '../../src/model/cohort.js';
import { cli, removeDir, SCENARIOS, tempDir } from './helpers.js';

const cwd = tempDir('sample');
after(() => removeDir(cwd));
const PRODERM = join(SCENARIOS, 'proderm.yaml');
const SEED = 7;
const K = 3;

describe('trialsim sample — the documented wide CSV (unit tests through the built CLI)', () => {
  let csv: string;
  before(() => {
    const r = cli(['sample', PRODERM, '--trials', String(K), '--seed', String(SEED), '--out', join(cwd, 'trials.csv')], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote 3 trials \(\d+ patients\) of proderm, seed 7, to /);
    csv = readFileSync(join(cwd, 'trials.csv'), 'utf8');
  });

  it('has the fixed columns, then <measure>_w<week> for every ProDERM measure and visit', () => {
    const header = csv.split('\n')[0].split(',');
    const expected = [
      'trial',
      'patient',
      'arm',
      'stratum',
      'crossover_week',
      'dropout_week',
      'deterioration_week',
      'stop_week',
      ...PRODERM_MEASURE_IDS.flatMap((m) => PRODERM_VISITS.map((w) => `${m}_w${w}`)),
    ];
    assert.deepEqual(header, expected);
  });

  it('one row per patient, trials numbered 1..K, arms labelled placebo/ivig', () => {
    const rows = csv.trim().split('\n').slice(1).map((l) => l.split(','));
    assert.deepEqual([...new Set(rows.map((r) => r[0]))], ['1', '2', '3']);
    for (const t of ['1', '2', '3']) assert.equal(rows.filter((r) => r[0] === t).length, 95, `trial ${t}: 95 randomized`);
    assert.deepEqual([...new Set(rows.map((r) => r[2]))].sort(), ['ivig', 'placebo']);
  });

  it('to standard output without --out, the same text', () => {
    const r = cli(['sample', PRODERM, '--trials', String(K), '--seed', String(SEED)], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, csv);
  });

  it('a sweep needs --point, which picks a design point by index', () => {
    const textbook = join(SCENARIOS, 'parametric_textbook.yaml');
    const none = cli(['sample', textbook], cwd);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /the scenario has 4 design points; choose one with --point/);
    const r = cli(['sample', textbook, '--point', '1'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim().split('\n').length, 1 + 2 * 48);
    assert.equal(r.stdout.split('\n')[0], 'trial,patient,arm,stratum,crossover_week,dropout_week,deterioration_week,stop_week,score_w0,score_w16');
  });
});

describe("trialsim analyze — reproduces the kernel's record of the same replicate (replayReplicate), exactly", () => {
  it('every analysis and stratum of every trial: estimate, SE, CI, p and rejections', async () => {
    const file = join(cwd, 'trials.csv');
    const r = cli(['analyze', PRODERM, '--data', file, '--json'], cwd);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const loaded = loadScenario(readFileSync(PRODERM, 'utf8'), PRODERM);
    assert.ok(loaded.ok);
    const spec = expandDesigns(loaded.scenario)[0].spec;
    assert.equal(out.trials.length, K);
    let compared = 0;
    for (let t = 0; t < K; t++) {
      // Trial t + 1 of the sample is replicate t of a run with the same seed.
      const rec = await replayReplicate(KERNEL_MODULE, spec, SEED, t);
      const analyses = out.trials[t].analyses;
      assert.equal(analyses.length, spec.analyses.length);
      let offset = 0;
      for (const a of analyses) {
        const o = offset;
        const num = (x: number): number | null => (Number.isFinite(x) ? x : null);
        assert.equal(a.estimable, rec[o + A.estimable] === 1, `${a.id} estimable`);
        assert.equal(a.estimate, num(rec[o + A.estimate]), `${a.id} estimate`);
        assert.equal(a.se, num(rec[o + A.se]), `${a.id} se`);
        assert.deepEqual(a.ci, [num(rec[o + A.ciLower]), num(rec[o + A.ciUpper])], `${a.id} ci`);
        assert.equal(a.p, num(rec[o + A.p]), `${a.id} p`);
        assert.equal(a.reject, rec[o + A.reject] === 1);
        assert.equal(a.rejectAdjusted, rec[o + A.rejectAdjusted] === 1);
        assert.equal(a.interaction === null ? null : a.interaction.p, rec[o + A.interactionEstimable] === 1 ? rec[o + A.interactionP] : null);
        offset += Object.keys(A).length;
        for (const s of a.strata) {
          assert.equal(s.estimate, num(rec[offset + S.estimate]), `${a.id} ${s.label} estimate`);
          assert.equal(s.se, num(rec[offset + S.se]), `${a.id} ${s.label} se`);
          assert.deepEqual(s.n, { control: rec[offset + S.n0], treatment: rec[offset + S.n1] });
          offset += Object.keys(S).length;
          compared++;
        }
        compared++;
      }
      // After the analyses and strata: each analysis' tail, then the trial block (layout.ts).
      analyses.forEach((a: { id: string; reject: boolean; rejectHarm: boolean; p: number | null; alpha: number }, i: number) => {
        const tail = offset + i * TAIL_WIDTH;
        assert.equal(a.rejectHarm, rec[tail + T.rejectHarm] === 1, `${a.id} rejectHarm`);
        assert.equal(a.reject || a.rejectHarm, a.p !== null && a.p < a.alpha, `${a.id}: a rejection is on one side or the other`);
      });
      offset += analyses.length * TAIL_WIDTH + TRIAL_WIDTH;
      assert.equal(offset, rec.length, 'the whole record compared');
    }
    assert.ok(compared >= K * 5);
  });

  it('prints a table by default: each analysis with its estimate, SE, CI and p, strata indented', () => {
    const r = cli(['analyze', PRODERM, '--data', join(cwd, 'trials.csv')], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^trial 1: 95 patients \(\d+ control, \d+ treatment\); .*estimates are treatment − control$/m);
    assert.match(r.stdout, /^analysis +method +control +treatment +estimate +SE +95% CI +p +reject +adjusted$/m);
    assert.match(r.stdout, /^cdasi_a +ancova +-?[\d.]+ \(n \d+\) +-?[\d.]+ \(n \d+\) +-?\d/m);
    assert.match(r.stdout, /^ {2}\(6,14\] +n \d+ +n \d+ /m);
  });

  it("each arm's LS mean (ancova), mean or proportion with n analysed: the LS means' difference is the estimate, the n the patients analysed", () => {
    const file = join(cwd, 'trials.csv');
    const r = cli(['analyze', PRODERM, '--data', file, '--json'], cwd);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout);
    const rows = readFileSync(file, 'utf8').trim().split('\n');
    const header = rows[0].split(',');
    const cells = rows.slice(1).map((l) => l.split(','));
    const col = (name: string): number => header.indexOf(name);
    for (const trial of out.trials) {
      const mine = cells.filter((c) => c[0] === String(trial.trial));
      for (const a of trial.analyses) {
        assert.equal(a.arms.kind, a.method === 'ancova' ? 'ls_mean' : 'proportion', a.id);
        const { control, treatment } = a.arms;
        assert.ok(control.n > 0 && treatment.n > 0 && control.n <= trial.patients.control && treatment.n <= trial.patients.treatment, `${a.id} n`);
        if (a.method === 'ancova') {
          // emmeans' LS means of the same fit: their difference is the analysis' estimate (to rounding).
          assert.ok(Math.abs(treatment.estimate - control.estimate - a.estimate) < 1e-9 * (1 + Math.abs(a.estimate)), `${a.id}: LS means against the difference`);
          assert.ok(control.se > 0 && treatment.se > 0);
        } else {
          assert.ok(Math.abs(treatment.estimate - control.estimate - a.estimate) < 1e-12, `${a.id}: proportions against the risk difference`);
        }
      }
      // cutaneous_vas excludes baselines <= 0.2: its n is the patients above it with a week-16 value (no crossover before week 16 in the LOCF sense aside).
      const vas = trial.analyses.find((a: { id: string }) => a.id === 'cutaneous_vas');
      const above = mine.filter((c) => Number(c[col('cutaneous_vas_w0')]) > 0.2 && c[col('cutaneous_vas_w0')] !== '');
      assert.ok(vas.arms.control.n + vas.arms.treatment.n <= above.length, 'cutaneous_vas: only baselines above 0.2 analysed');
    }
  });

  it('data missing only the one column an analysis needs (cdasi_a_w16): one line naming it, exit 2, nothing on stdout', () => {
    const rows = readFileSync(join(cwd, 'trials.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const j = rows[0].indexOf('cdasi_a_w16');
    assert.ok(j > 0);
    const path = join(cwd, 'no_cdasi_a_w16.csv');
    writeFileSync(path, rows.map((r) => r.filter((_, k) => k !== j).join(',')).join('\n') + '\n');
    const r = cli(['analyze', PRODERM, '--data', path], cwd);
    assert.equal(r.code, 2, r.stdout);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'trialsim analyze: the data has no column cdasi_a_w16, which analysis cdasi_a needs\n');
  });

  it('data without a column an analysis needs: one line naming it, exit 2', () => {
    const r = cli(['analyze', join(SCENARIOS, 'parametric_textbook.yaml'), '--point', '0', '--data', join(cwd, 'trials.csv')], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /the data has no column score_w0, score_w16, which analysis ttest needs/);
  });
});
