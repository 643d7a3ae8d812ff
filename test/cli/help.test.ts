// Every command answers --help with its usage and at least one example.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { commands } from '../../src/cli/commands/index.js';
import { cli, removeDir, tempDir } from './helpers.js';

const cwd = tempDir('help');
after(() => removeDir(cwd));

/** The command names as registered ("run <scenario>" -> "run"). */
const names = commands.map((c) => String(c.command).split(' ')[0]);

describe('trialsim --help — unit tests through the built CLI', () => {
  it('registers the eight commands of the issue, slurm (issue 17), boundaries (issue 14) and serve (issue 16)', () => {
    assert.deepEqual([...names].sort(), ['analyze', 'boundaries', 'calibrate', 'merge', 'report', 'run', 'sample', 'sample-size', 'serve', 'slurm', 'validate']);
  });

  it('lists every command at the top level, with the exit codes', () => {
    const r = cli(['--help'], cwd);
    assert.equal(r.code, 0, r.stderr);
    for (const name of names) assert.match(r.stdout, new RegExp(`trialsim ${name}\\b`), `--help lists ${name}`);
    assert.match(r.stdout, /Exit codes: 0 done, 1 runtime failure, 2 invalid scenario or options, 130 interrupted/);
  });

  for (const name of names) {
    it(`${name} --help shows its usage and an example`, () => {
      const r = cli([name, '--help'], cwd);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, new RegExp(`^trialsim ${name}\\b`), 'usage line first');
      assert.match(r.stdout, /Examples:\n {2}trialsim /, 'an example');
      assert.equal(r.stderr, '');
    });
  }

  it('no command: one line on stderr and exit 2', () => {
    const r = cli([], cwd);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /name a command/);
  });

  it('an unknown option: one line on stderr naming it, exit 2', () => {
    const r = cli(['validate', 'x.yaml', '--replicatse', '3'], cwd);
    assert.equal(r.code, 2);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /^trialsim validate: Unknown argument: replicatse/);
  });
});
