// --shard auto: the shard of a Slurm array task from its variables (plain
// unit tests of the parsing, the environment passed in), and the run command
// reading them, through the built CLI.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../../src/api/errors.js';
import { shardFromSlurm } from '../../src/api/slurmEnv.js';
import { MAIN, removeDir, SMALL, tempDir, writeFile } from '../cli/helpers.js';

const task = (id: string, min: string, count: string, extra: Record<string, string> = {}): Record<string, string> => ({
  SLURM_ARRAY_TASK_ID: id,
  SLURM_ARRAY_TASK_MIN: min,
  SLURM_ARRAY_TASK_COUNT: count,
  ...extra,
});

describe('shardFromSlurm — unit tests', () => {
  it('an array 1-4: task ID 1..4 is shard 1..4 of 4', () => {
    for (const id of [1, 2, 3, 4]) assert.deepEqual(shardFromSlurm(task(String(id), '1', '4')), { shard: { k: id, n: 4 }, workers: undefined });
  });

  it('an array 0-2: the index is ID − MIN, so task 0 is shard 1 of 3', () => {
    assert.deepEqual(shardFromSlurm(task('0', '0', '3')).shard, { k: 1, n: 3 });
    assert.deepEqual(shardFromSlurm(task('2', '0', '3')).shard, { k: 3, n: 3 });
  });

  it('an array 10-16:2 (SLURM_ARRAY_TASK_STEP 2): task 14 is shard 3 of 4', () => {
    assert.deepEqual(shardFromSlurm(task('14', '10', '4', { SLURM_ARRAY_TASK_STEP: '2' })).shard, { k: 3, n: 4 });
  });

  it('the workers default to SLURM_CPUS_PER_TASK', () => {
    assert.equal(shardFromSlurm(task('1', '1', '2', { SLURM_CPUS_PER_TASK: '8' })).workers, 8);
    assert.equal(shardFromSlurm(task('1', '1', '2')).workers, undefined);
  });

  it('no Slurm variables at all: a UsageError that says what --shard auto reads and what to do instead', () => {
    assert.throws(() => shardFromSlurm({}), (e: unknown) => e instanceof UsageError && /reads SLURM_ARRAY_TASK_ID.*give --shard k\/n outside a job array/.test(e.message));
    assert.throws(() => shardFromSlurm({ PATH: '/bin', SLURM_JOB_ID: '7' }), UsageError);
  });

  it('some variables missing: names them', () => {
    assert.throws(() => shardFromSlurm({ SLURM_ARRAY_TASK_ID: '2' }), /SLURM_ARRAY_TASK_MIN, SLURM_ARRAY_TASK_COUNT are not set/);
  });

  it('values that are not whole numbers, or a task outside the array: named with the value', () => {
    assert.throws(() => shardFromSlurm(task('two', '1', '4')), /SLURM_ARRAY_TASK_ID must be a whole number ≥ 0 \(got "two"\)/);
    assert.throws(() => shardFromSlurm(task('1', '1', '0')), /SLURM_ARRAY_TASK_COUNT must be a whole number ≥ 1 \(got "0"\)/);
    assert.throws(() => shardFromSlurm(task('5', '1', '4')), /SLURM_ARRAY_TASK_ID 5 is not one of the 4 indices from SLURM_ARRAY_TASK_MIN 1/);
    assert.throws(() => shardFromSlurm(task('0', '1', '4')), /SLURM_ARRAY_TASK_ID 0 is not one of/);
    assert.throws(() => shardFromSlurm(task('11', '10', '4', { SLURM_ARRAY_TASK_STEP: '2' })), /in steps of 2/);
    assert.throws(() => shardFromSlurm(task('1', '1', '4', { SLURM_CPUS_PER_TASK: '0' })), /SLURM_CPUS_PER_TASK must be a whole number ≥ 1 \(got "0"\)/);
  });
});

describe('trialsim run --shard auto — through the built CLI', () => {
  const cwd = tempDir('shard-auto');
  after(() => removeDir(cwd));
  const scenario = writeFile(cwd, 'small.yaml', SMALL);
  // The child gets only the variables given (and PATH): the test's own environment cannot leak a Slurm task into it.
  const run = (env: Record<string, string>, args: string[]) =>
    spawnSync(process.execPath, [MAIN, 'run', scenario, '--replicates', '200', '--block-size', '50', '--no-truth', '--shard', 'auto', ...args], {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      timeout: 120_000,
    });

  it('outside a job array: exit 2, one line naming the variables, nothing written', () => {
    const r = run({}, []);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^trialsim run: --shard auto reads SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT/);
    assert.equal(r.stderr.trim().split('\n').length, 1);
    assert.equal(existsSync(join(cwd, 'results')), false);
  });

  it('array task 3 of 1-4 with 1 CPU runs shard 3/4 into the default shard folder', () => {
    const r = run(task('3', '1', '4', { SLURM_CPUS_PER_TASK: '1' }), []);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Shard 3\/4: blocks 2–2 journalled in results\/small-[0-9a-f]{8}-shard-3-of-4$/m);
    assert.deepEqual(
      readdirSync(join(cwd, 'results')).map((d) => d.replace(/-[0-9a-f]{8}-/, '-<hash>-')),
      ['small-<hash>-shard-3-of-4'],
    );
  });
});
