// trialsim validate, and the exit codes of bad input: a scenario with
// problems exits 2 with every positioned message and runs nothing; an
// unreadable file or a bad option value is one line and exit 2.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, removeDir, SCENARIOS, SMALL, tempDir, writeFile } from './helpers.js';

const cwd = tempDir('validate');
after(() => removeDir(cwd));

// Line 7 "  n_per_arm: -3" (value at column 14); line 8 "  alocation: ..." (key at column 3).
const BAD = `name: bad
seed: 1
replicates: 10
model:
  kind: proderm
design:
  n_per_arm: -3
  alocation: {control: 1, treatment: 1}
analyses:
  - id: cdasi_a
    endpoint: {measure: cdasi_a, week: 16}
`;

describe('trialsim validate — unit tests through the built CLI', () => {
  it('a valid scenario: OK and a one-line summary of its design points', () => {
    const r = cli(['validate', join(SCENARIOS, 'parametric_textbook.yaml')], cwd);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^OK .*parametric_textbook\.yaml: parametric_textbook: 4 design points \(design\.n_per_arm: 32, 48, 64, 86\) × 4 analyses/);
  });

  it('--set overrides (repeated) are checked too: a swept key fixed leaves one design point', () => {
    const r = cli(['validate', join(SCENARIOS, 'parametric_textbook.yaml'), '--set', 'design.n_per_arm=50', '--set', 'seed=5', '--replicates', '100'], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /: 1 design point × 4 analyses .*100 replicates each with a null run, seed 5$/m);
  });

  it('an invalid scenario: every problem as file:line:col path: message on stderr, exit 2', () => {
    const file = writeFile(cwd, 'bad.yaml', BAD);
    const r = cli(['validate', file], cwd);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, 2), [
      `${file}:7:14 design.n_per_arm: must be at least 1 (got -3)`,
      `${file}:8:3 design.alocation: unknown key "alocation"; did you mean "allocation"?`,
    ]);
  });

  it('a problem in a --set is placed by its position on the command line', () => {
    const r = cli(['validate', join(SCENARIOS, 'proderm.yaml'), '--set', 'design.sample_size=1'], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^--set:1:\d+ design\.sample_size: must be at least 2 \(got 1\)/m);
  });

  it('run on an invalid scenario runs nothing: exit 2, the same messages, no output folder', () => {
    const file = writeFile(cwd, 'bad.yaml', BAD);
    const out = join(cwd, 'never');
    const r = cli(['run', file, '--out', out], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad\.yaml:7:14 design\.n_per_arm: must be at least 1 \(got -3\)/);
    assert.equal(existsSync(out), false);
    assert.equal(existsSync(join(cwd, 'results')), false);
  });

  it('an unreadable scenario file: one clear line, exit 2', () => {
    const r = cli(['validate', join(cwd, 'missing.yaml')], cwd);
    assert.equal(r.code, 2);
    assert.deepEqual(r.stderr.trim().split('\n'), [`trialsim validate: cannot read scenario ${join(cwd, 'missing.yaml')}: no such file`]);
  });

  const badOptions: [string, string[], RegExp][] = [
    ['--replicates ten', ['run', 'small.yaml', '--replicates', 'ten'], /--replicates must be a whole number from 1 to 10000000 \(got "ten"\)/],
    ['--workers 0', ['run', 'small.yaml', '--workers', '0'], /--workers must be a whole number from 1 to 1024 \(got "0"\)/],
    ['--shard 3/2', ['run', 'small.yaml', '--shard', '3/2'], /--shard must be k\/n with 1 ≤ k ≤ n/],
    ['--power 1.5', ['sample-size', 'small.yaml', '--analysis', 'ttest', '--power', '1.5'], /--power must be a number between 0 and 1/],
    ['--analysis nope', ['sample-size', 'small.yaml', '--analysis', 'nope', '--power', '0.8'], /--analysis "nope" is not an analysis of the scenario \(it has: ttest, ancova\)/],
    ['--point 7', ['sample', 'small.yaml', '--point', '7'], /--point "7" is not a design point/],
  ];
  for (const [what, args, message] of badOptions) {
    it(`a bad option value (${what}): one line, exit 2, nothing written`, () => {
      writeFile(cwd, 'small.yaml', SMALL);
      const r = cli(args, cwd);
      assert.equal(r.code, 2, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(existsSync(join(cwd, 'results')) && readdirSync(join(cwd, 'results')).length > 0, false);
    });
  }
});
