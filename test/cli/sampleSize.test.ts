// trialsim sample-size against the closed form: the parametric textbook
// scenario's t test (difference 5, SD 10, two-sided 5%) needs 86 per arm for
// 90% power (R: power.t.test(n = 86, delta = 5, sd = 10)$power = 0.9032).
// The search must land where the exact power curve is within Monte Carlo
// error of the target, and every power it estimated must agree with the
// exact power within 4 MCSE.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tTestPower, tTestSampleSize } from '../api/closedForm.js';
import { cli, removeDir, SCENARIOS, tempDir } from './helpers.js';

const cwd = tempDir('sample-size');
after(() => removeDir(cwd));

const DELTA = 5;
const SD = 10;
const TARGET = 0.9;
const R = 4000;

describe('closed-form t-test power — tested against R (power.t.test)', () => {
  it('matches R to 1e-5 at 63, 64, 85 and 86 per arm', () => {
    // R 4.2: power.t.test(n = n, delta = 5, sd = 10)$power
    const r: [number, number][] = [
      [63, 0.7951672942],
      [64, 0.8014586234],
      [85, 0.8998939804],
      [86, 0.9032298907],
    ];
    for (const [n, p] of r) assert.ok(Math.abs(tTestPower(n, DELTA, SD) - p) < 1e-5, `n = ${n}: ${tTestPower(n, DELTA, SD)} vs R ${p}`);
    assert.equal(tTestSampleSize(TARGET, DELTA, SD), 86);
  });
});

describe('trialsim sample-size — against the closed-form power of the textbook t test', () => {
  interface Point {
    n: number;
    power: number;
    mcse: number;
    replicates: number;
  }
  let s: { found: boolean; n: number; unit: string; at: Point; below: Point; evaluated: Point[]; withinTwoMcse: boolean; verdict: string };
  before(() => {
    const r = cli(['sample-size', join(SCENARIOS, 'parametric_textbook.yaml'), '--analysis', 'ttest', '--power', String(TARGET), '--replicates', String(R), '--json'], cwd);
    assert.equal(r.code, 0, r.stderr);
    s = JSON.parse(r.stdout);
  });

  it('finds an n per arm where the exact power is within Monte Carlo error of the target', () => {
    assert.equal(s.found, true);
    assert.equal(s.unit, 'per_arm');
    // |exact power(n) − target| ≤ 4 MCSE of a power near the target: n lies in this band.
    const tol = 4 * Math.sqrt((TARGET * (1 - TARGET)) / R);
    const band: number[] = [];
    for (let n = 60; n <= 120; n++) if (Math.abs(tTestPower(n, DELTA, SD) - TARGET) <= tol) band.push(n);
    assert.ok(band.includes(s.n), `n = ${s.n}; the band of n within 4 MCSE of the target is ${band[0]}–${band[band.length - 1]}`);
    assert.ok(band.includes(tTestSampleSize(TARGET, DELTA, SD)));
  });

  it('reports power ≥ target at n and < target at n − 1, each with its MCSE', () => {
    assert.equal(s.at.n, s.n);
    assert.equal(s.below.n, s.n - 1);
    assert.ok(s.at.power >= TARGET && s.below.power < TARGET);
    for (const p of [s.at, s.below]) {
      assert.equal(p.replicates, R);
      assert.ok(Math.abs(p.mcse - Math.sqrt((p.power * (1 - p.power)) / R)) < 1e-15);
    }
    assert.equal(s.withinTwoMcse, Math.abs(s.at.power - TARGET) <= 2 * s.at.mcse || Math.abs(s.below.power - TARGET) <= 2 * s.below.mcse);
    assert.match(s.verdict, /Monte Carlo error/);
  });

  it('every size it evaluated has the exact power within 4 MCSE', () => {
    assert.ok(s.evaluated.length >= 4);
    for (const p of s.evaluated) {
      const exact = tTestPower(p.n, DELTA, SD);
      assert.ok(Math.abs(p.power - exact) <= 4 * Math.max(p.mcse, 1 / R), `n = ${p.n}: ${p.power} ± ${p.mcse}, exact ${exact}`);
    }
  });
});

describe('trialsim sample-size — its result as JSON in a folder', () => {
  it('writes sample-size.json (the --json outcome, with its format and version) into its default folder or --out; bad input writes nothing', () => {
    const dir = tempDir('sample-size-out');
    try {
      const args = ['sample-size', join(SCENARIOS, 'parametric_textbook.yaml'), '-a', 'ttest', '-p', '0.8', '-r', '200', '--min', '56', '--max', '72'];
      const r = cli([...args, '--json'], dir);
      assert.equal(r.code, 0, r.stderr);
      const printed = JSON.parse(r.stdout) as Record<string, unknown>;
      const folders = readdirSync(join(dir, 'results'));
      assert.equal(folders.length, 1);
      assert.match(folders[0], /^parametric_textbook-sample-size-ttest-[0-9a-f]{8}$/);
      const saved = JSON.parse(readFileSync(join(dir, 'results', folders[0], 'sample-size.json'), 'utf8')) as Record<string, unknown>;
      const { format, trialsimVersion, ...rest } = saved;
      assert.equal(format, 'trialsim-sample-size/1');
      assert.equal(typeof trialsimVersion, 'string');
      assert.deepEqual(rest, printed);
      const o = cli([...args, '--out', 'mine'], dir);
      assert.equal(o.code, 0, o.stderr);
      assert.match(o.stdout, /Result: mine\/sample-size\.json/);
      assert.deepEqual(JSON.parse(readFileSync(join(dir, 'mine', 'sample-size.json'), 'utf8')), saved);
      const bad = cli([...args.slice(0, 3), 'nope', ...args.slice(4), '--out', 'bad'], dir);
      assert.equal(bad.code, 2, bad.stderr);
      assert.equal(existsSync(join(dir, 'bad')), false, 'nothing written on bad input');
    } finally {
      removeDir(dir);
    }
  });
});
