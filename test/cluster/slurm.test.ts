// trialsim slurm against a real Slurm: a one-node cluster started on this
// machine (test/cluster/localSlurm.ts), a 4-task job array of shards and the
// merge job submitted by `trialsim slurm --submit`; the merged result against
// a single-machine run, byte for byte; then a second submission with one task
// cancelled by scancel mid-run, resubmitted (`trialsim slurm resubmit
// --submit`: only that shard reruns, resuming its journal), identical again.
// Where the machine cannot run the daemons the test fails saying why.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAIN, removeDir, SCENARIOS, tempDir } from '../cli/helpers.js';
import { startLocalSlurm, type LocalSlurm } from './localSlurm.js';

const scenario = join(SCENARIOS, 'parametric_textbook.yaml');
/** 2,000 replicates of 4 design points (and their null runs) in blocks of 100: 20 blocks per point, 5 per shard. */
const RUN = ['--no-truth', '--block-size', '100'];
/** The files of a finished run that must not depend on how it was run. */
const SAME = ['result.json', 'summary.json', 'summary.csv'];

const read = (path: string): string => readFileSync(path, 'utf8');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('trialsim slurm on a real one-node Slurm (slurm-wlm, munge) — end to end', { timeout: 600_000 }, () => {
  const cwd = tempDir('slurm-real');
  let slurm: LocalSlurm | null = null;
  let single = '';

  const trialsim = (args: readonly string[]) => {
    const r = spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: slurm?.env ?? process.env, timeout: 300_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  /** The job ids a submission printed ("Submitted array job 12 ...", "Submitted merge job 13 ..."). */
  const jobIds = (stdout: string): { array: string; merge: string } => {
    const array = /^Submitted array job (\d+)/m.exec(stdout)?.[1];
    const merge = /^Submitted merge job (\d+)/m.exec(stdout)?.[1];
    assert.ok(array !== undefined && merge !== undefined, `job ids printed:\n${stdout}`);
    return { array, merge };
  };
  const queued = (job: string): string[] => {
    const r = slurm!.run('squeue', ['--noheader', '--array', '--jobs', job, '--format', '%i %T']);
    return r.stdout.split('\n').filter((l) => l.trim() !== '');
  };
  /** Wait (at most `seconds`) until nothing of `job` is queued or running. */
  const waitGone = async (job: string, seconds: number): Promise<void> => {
    const end = Date.now() + seconds * 1000;
    while (queued(job).length > 0) {
      if (Date.now() > end) assert.fail(`job ${job} still queued after ${seconds} s: ${queued(job).join('; ')}\n${slurm!.logs()}`);
      await sleep(250);
    }
  };
  /** JobState of each task of an array job (by task id), or of a plain job (key ''). */
  const states = (job: string): Map<string, string> => {
    const out = slurm!.run('scontrol', ['--oneliner', 'show', 'job', job]).stdout;
    const m = new Map<string, string>();
    for (const line of out.split('\n').filter((l) => l.trim() !== '')) {
      m.set(/ArrayTaskId=(\d+)/.exec(line)?.[1] ?? '', /JobState=(\S+)/.exec(line)?.[1] ?? '?');
    }
    return m;
  };
  const logsOf = (dir: string): string => {
    const r = spawnSync('sh', ['-c', `tail -n 5 ${join(dir, 'slurm', 'logs')}/*`], { encoding: 'utf8' });
    return r.stdout;
  };

  before(async () => {
    slurm = await startLocalSlurm();
    single = join(cwd, 'single');
    const r = trialsim(['run', scenario, ...RUN, '--workers', '2', '--out', single]);
    assert.equal(r.code, 0, r.stderr);
  });
  after(() => {
    try {
      slurm?.stop();
    } finally {
      removeDir(cwd);
    }
  });

  it('a 4-task array and the merge job after it: every task and the merge complete; the result is that of a single-machine run, byte for byte', async () => {
    const out = join(cwd, 'first');
    const r = trialsim(['slurm', scenario, '--tasks', '4', ...RUN, '--time', '0:10:00', '--out', out, '--submit']);
    assert.equal(r.code, 0, r.stderr);
    const jobs = jobIds(r.stdout);
    await waitGone(jobs.merge, 150);
    assert.deepEqual([...states(jobs.array)].sort(), [['1', 'COMPLETED'], ['2', 'COMPLETED'], ['3', 'COMPLETED'], ['4', 'COMPLETED']], logsOf(out));
    assert.deepEqual([...states(jobs.merge)], [['', 'COMPLETED']], logsOf(out));
    for (const f of SAME) assert.equal(read(join(out, f)), read(join(single, f)), `${f} identical`);
    const s = trialsim(['slurm', 'status', out]);
    assert.equal(s.code, 0, s.stderr);
    assert.match(s.stdout, /4 of 4 shards done; merged:/);
  });

  it('one task cancelled with scancel mid-run, resubmitted: only its shard reruns, from its journal, and the result is identical again', async () => {
    const out = join(cwd, 'second');
    // Each engine task of a shard waits 1.5 s (run's test hook), so a shard takes several seconds
    // after its first block: time enough to cancel task 2 between its first block and its last.
    const r = trialsim(['slurm', scenario, '--tasks', '4', ...RUN, '--task-delay', '1500', '--out', out, '--submit']);
    assert.equal(r.code, 0, r.stderr);
    const jobs = jobIds(r.stdout);
    const journal = join(out, 'shard-2-of-4', 'journal.jsonl');
    const blockLines = (): string[] => (existsSync(journal) ? read(journal).split('\n').filter((l) => l.includes('"type":"block"')) : []);
    const end = Date.now() + 120_000;
    while (blockLines().length === 0) {
      if (Date.now() > end) assert.fail(`shard 2 journalled no block within 120 s\n${logsOf(out)}\n${slurm!.logs()}`);
      await sleep(50);
    }
    const c = slurm!.run('scancel', [`${jobs.array}_2`]);
    assert.equal(c.status, 0, c.stderr);
    await waitGone(jobs.array, 150);
    assert.deepEqual([...states(jobs.array)].sort(), [['1', 'COMPLETED'], ['2', 'CANCELLED'], ['3', 'COMPLETED'], ['4', 'COMPLETED']], logsOf(out));
    assert.equal(existsSync(join(out, 'result.json')), false, 'nothing merged');
    const kept = blockLines();
    const st = trialsim(['slurm', 'status', out]);
    assert.equal(st.code, 0, st.stderr);
    assert.match(st.stdout, new RegExp(`^ +2 +stopped +${kept.length}/20$`, 'm'), `shard 2 was cancelled part-way (it must not have finished first), and squeue no longer lists it:\n${st.stdout}`);
    assert.ok(kept.length < 20);
    assert.match(st.stdout, /^ +1 +done +20\/20$/m);

    const again = trialsim(['slurm', 'resubmit', out, '--submit']);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Shards to rerun: 2 of 4 \(each resumes its journal\)\.$/m);
    assert.match(again.stdout, new RegExp(`^Cancelled the earlier merge job ${jobs.merge} `, 'm'));
    const rerun = jobIds(again.stdout);
    await waitGone(rerun.merge, 150);
    assert.deepEqual([...states(rerun.array)], [['2', 'COMPLETED']], logsOf(out));
    assert.deepEqual([...states(rerun.merge)], [['', 'COMPLETED']], logsOf(out));
    assert.equal(states(jobs.merge).get(''), 'CANCELLED');
    // The blocks journalled before the cancel are kept as they were, and none is written twice.
    const lines = blockLines();
    for (const l of kept) assert.equal(lines.filter((x) => x === l).length, 1);
    assert.equal(lines.length, 20);
    for (const f of SAME) assert.equal(read(join(out, f)), read(join(single, f)), `${f} identical`);
    const done = trialsim(['slurm', 'status', out]);
    assert.match(done.stdout, /4 of 4 shards done; merged:/);
  });
});
