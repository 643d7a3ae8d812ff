// `trialsim boundaries` through the built CLI. Tested against R: the issue's
// example (three looks at 1/3, 2/3, 1, one-sided 0.025, O'Brien–Fleming-like)
// prints rpact::getDesignGroupSequential's efficacy bounds and cumulative
// alpha to 1e-6 (test/fixtures/group-sequential.json, whose design is at
// exact thirds: the typed 10-digit thirds move the bounds by < 1e-8). Plain
// unit tests: bad input is one located line on stderr, exit 2, nothing on
// stdout.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cli, removeDir, tempDir } from './helpers.js';
import { loadFixture } from '../support/fixtures.js';

const cwd = tempDir('boundaries');
after(() => removeDir(cwd));

interface Fixture {
  designs: { information: number[]; sided: number; family: string; futility: string; betaFamily: string | null; binding: boolean; expected: { efficacy: number[]; alphaSpent: number[]; futility?: number[] | number; power?: number[] } }[];
}
const fixture = loadFixture<Fixture>('group-sequential.json');

function rpact(K: number, family: string, futility: string, binding = false, betaFamily: string | null = null) {
  const d = fixture.designs.find((x) => x.information.length === K && x.sided === 1 && x.family === family && x.futility === futility && x.binding === binding && x.betaFamily === betaFamily && Math.abs(x.information[0] - 1 / K) < 1e-12);
  assert.ok(d !== undefined, 'fixture design');
  return d.expected;
}

describe('trialsim boundaries — against rpact, through the built CLI', () => {
  it("the issue's example prints JSON with rpact's efficacy bounds and alphaSpent (1e-6)", () => {
    const r = cli(['boundaries', '--information', '0.3333333333,0.6666666667,1', '--alpha', '0.025', '--sided', '1', '--spending', 'obf', '--json'], cwd);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { efficacy: number[]; alphaSpent: number[]; futility: null };
    const e = rpact(3, 'obf', 'none');
    assert.equal(out.futility, null);
    for (let k = 0; k < 3; k++) {
      assert.ok(Math.abs(out.efficacy[k] - e.efficacy[k]) < 1e-6, `efficacy ${k}`);
      assert.ok(Math.abs(out.alphaSpent[k] - e.alphaSpent[k]) < 1e-6, `alphaSpent ${k}`);
    }
  });

  it('futility by beta spending: the futility bounds and power as rpact (1e-6)', () => {
    const r = cli(['boundaries', '--looks', '4', '--spending', 'obf', '--beta-spending', 'obf', '--beta', '0.2', '--json'], cwd);
    assert.equal(r.code, 0, r.stderr);
    const out = JSON.parse(r.stdout) as { futility: number[]; power: number[] };
    const e = rpact(4, 'obf', 'spending', false, 'obf');
    (e.futility as number[]).forEach((f, k) => assert.ok(Math.abs(out.futility[k] - f) < 1e-6, `futility ${k}`));
    (e.power as number[]).forEach((p, k) => assert.ok(Math.abs(out.power[k] - p) < 1e-6, `power ${k}`));
  });

  it('the table names the looks and bounds', () => {
    const r = cli(['boundaries', '--looks', '2', '--futility-bounds', '0', '--binding'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /2 looks, one-sided alpha 0\.025, efficacy obf, binding futility \(fixed\)/);
    assert.match(r.stdout, /look +information +efficacy z +futility z +cumulative alpha/);
    const e = rpact(2, 'obf', 'fixed', true);
    assert.match(r.stdout, new RegExp(`\\n +1 +0\\.5000 +${e.efficacy[0].toFixed(4)} +0\\.0000 `));
  });

  const bad: [string[], RegExp][] = [
    [['--information', '0.5,0.4,1'], /--information must increase: look 2 \(0\.4\) is not after look 1 \(0\.5\)/],
    [['--information', '0.3,0.6'], /--information must end at 1/],
    [['--information', '0.3,x,1'], /--information must be a comma-separated list of numbers/],
    [['--looks', '3', '--spending', 'kd'], /--spending kd needs its parameter: give --gamma/],
    [['--looks', '3', '--spending', 'obf', '--gamma', '2'], /--gamma is a parameter of the kd and hsd spending families only/],
    [['--looks', '3', '--spending', 'lan'], /--spending must be one of obf, pocock, kd, hsd, hp \(got "lan"\)/],
    [['--looks', '3', '--beta-spending', 'hsd'], /--beta-spending hsd needs its parameter: give --beta-gamma/],
    [['--looks', '3', '--futility-bounds', '0'], /--futility-bounds needs one bound per interim look: 2 \(got 1\)/],
    [['--looks', '3', '--futility-bounds', '0,0', '--futility-cp', '0.2'], /give one futility rule, not --futility-bounds and --futility-cp/],
    [['--looks', '3', '--sided', '2', '--futility-cp', '0.2'], /--sided 2 takes futility by --beta-spending only/],
    [['--looks', '3', '--binding'], /--binding applies to a futility rule/],
    [['--looks', '3', '--alpha', '0.7'], /--alpha must be between 0 and 0\.5 for a one-sided design \(got "0\.7"\)/],
    [['--looks', '2', '--futility-bounds', '3.5'], /the futility bound at look 1 \(3\.5000\) is at or above its efficacy bound/],
  ];
  for (const [args, message] of bad) {
    it(`refuses ${args.join(' ')}: one line, exit 2, nothing on stdout`, () => {
      const r = cli(['boundaries', ...args], cwd);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stdout, '');
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^trialsim boundaries: /);
      assert.match(r.stderr, message);
    });
  }
});
