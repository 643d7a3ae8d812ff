// trialsim calibrate: the calibration table of the analysis layer
// (calibrate(), tested in test/analysis/) printed and written as it is:
// unit tests through the built CLI, the written numbers compared with an
// in-process calibrate() of the same trials and seed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrate } from '../../src/analysis/calibrate.js';
import type { CalibrationResult } from '../../src/analysis/calibrationTable.js';
import { summarizeCalibration, type CalibrationSummary } from '../../src/api/calibrate.js';
import { TARGETS_FILE } from '../../src/api/kernel.js';
import { cli, removeDir, tempDir } from './helpers.js';

const cwd = tempDir('calibrate');
after(() => removeDir(cwd));
const TRIALS = 60;
const SEED = 3;

describe('trialsim calibrate — unit tests through the built CLI', () => {
  const out = join(cwd, 'calib');
  let r: ReturnType<typeof cli>;
  let written: { trials: number; seed: number; rows: unknown[]; skipped: unknown[] };
  let direct: CalibrationResult;
  let summary: CalibrationSummary;
  before(() => {
    r = cli(['calibrate', '--trials', String(TRIALS), '--seed', String(SEED), '--out', out], cwd);
    written = JSON.parse(readFileSync(join(out, 'calibration.json'), 'utf8'));
    direct = calibrate({ trials: TRIALS, seed: SEED, targets: readFileSync(TARGETS_FILE, 'utf8') });
    summary = summarizeCalibration(direct);
  });

  it('exits 0 and writes calibration.json, calibration.csv and the plot', () => {
    assert.equal(r.code, 0, r.stderr);
    for (const f of ['calibration.csv', 'calibration.vl.json', 'calibration.svg']) assert.ok(existsSync(join(out, f)), f);
    assert.match(readFileSync(join(out, 'calibration.svg'), 'utf8'), /^<svg /);
    assert.equal(written.trials, TRIALS);
    assert.equal(written.seed, SEED);
  });

  it('writes the rows and skipped figures of calibrate() for the same trials and seed', () => {
    // calibration.json spells NaN as null and ±Infinity as strings.
    const spelled = (x: unknown): unknown => JSON.parse(JSON.stringify(x, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) && !Number.isNaN(v) ? (v > 0 ? 'Infinity' : '-Infinity') : v)));
    assert.deepEqual(written.rows, spelled(direct.rows));
    assert.deepEqual(written.skipped, spelled(direct.skipped));
  });

  it('summarises the rows it was given: calibration, validation and headline counts', () => {
    const rows = direct.rows.filter((x) => x.trials > 0);
    const s = summary;
    assert.equal(s.calibration.figures, rows.filter((x) => !x.heldOut).length);
    assert.equal(s.validation.figures, rows.filter((x) => x.heldOut).length);
    assert.equal(s.validation.inside, rows.filter((x) => x.heldOut && x.inside).length);
    const headline = rows.filter((x) => x.headline && x.relation === '=' && Number.isFinite(x.z));
    assert.equal(s.headline.figures, headline.length);
    assert.equal(s.headline.maxAbsZ, Math.max(...headline.map((x) => Math.abs(x.z))));
  });

  it('prints the calibration figures, the held-out validation figures in a section of their own, and the headline closeness', () => {
    const s = summary;
    assert.match(r.stdout, new RegExp(`^Calibration: ${TRIALS} simulated ProDERM trials as run`, 'm'));
    assert.match(r.stdout, new RegExp(`^Calibration figures \\(${s.calibration.inside} of ${s.calibration.figures} inside\\)$`, 'm'));
    assert.match(r.stdout, new RegExp(`^Validation figures, held out of the calibration \\(validation_only; ${s.validation.inside} of ${s.validation.figures} inside\\)$`, 'm'));
    assert.match(r.stdout, new RegExp(`^Headline figures: ${s.headline.inside} of ${s.headline.figures} inside; .*largest \\|z\\| ${s.headline.maxAbsZ.toFixed(2)} simulated SDs`, 'm'));
    // A held-out figure is listed after the validation heading, not before it.
    const at = r.stdout.indexOf('Validation figures');
    assert.ok(r.stdout.indexOf('week40.cdasi_a.mean_score') > at);
  });

  it('the published value, the simulated mean and central 95% of a figure are those of calibration.json', () => {
    const row = (written.rows as { path: string; published: number; mean: number; lower: number; upper: number; inside: boolean }[]).find(
      (x) => x.path === 'trial.completed_week40.value',
    );
    assert.ok(row !== undefined);
    const line = r.stdout.split('\n').find((l) => l.includes(' trial.completed_week40.value '));
    assert.ok(line !== undefined);
    const sig = (x: number): string => String(Number(x.toPrecision(4)));
    assert.match(line, new RegExp(`\\s${row.published}\\s+${sig(row.mean).replace('.', '\\.')}\\s+\\[${sig(row.lower)}, ${sig(row.upper)}\\]\\s+${row.inside ? 'yes' : 'NO'}`));
  });

  it('a bad --trials: one line, exit 2', () => {
    const bad = cli(['calibrate', '--trials', '1', '--out', join(cwd, 'x')], cwd);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--trials must be a whole number from 2 to/);
  });
});
