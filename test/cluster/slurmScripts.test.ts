// trialsim slurm without a cluster: the scripts it writes, run by bash as
// Slurm would run them (SLURM_ARRAY_TASK_ID set per task), status from the
// shards' journals, resubmission of the unfinished shards, and the merged
// result against a single-machine run, byte for byte. The same flow on a real
// Slurm is test/cluster/slurm.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { arraySpec, parseQueue, parseSbatchId, shellWord } from '../../src/api/slurm.js';
import { cli, MAIN, removeDir, SMALL, tempDir, writeFile } from '../cli/helpers.js';

describe('slurm helpers — unit tests', () => {
  it('arraySpec writes runs of indices as Slurm ranges', () => {
    assert.equal(arraySpec([1, 2, 3, 4]), '1-4');
    assert.equal(arraySpec([2, 4]), '2,4');
    assert.equal(arraySpec([1, 2, 3, 5, 7, 8]), '1-3,5,7-8');
    assert.equal(arraySpec([6]), '6');
  });

  it('parseSbatchId reads sbatch --parsable output, with or without a cluster name', () => {
    assert.equal(parseSbatchId('1234\n'), '1234');
    assert.equal(parseSbatchId('77;cluster-a\n'), '77');
    assert.equal(parseSbatchId('sbatch: warning: x\n88\n'), '88');
    assert.equal(parseSbatchId('Submitted batch job 12\n'), null);
    assert.equal(parseSbatchId(''), null);
  });

  it("parseQueue reads squeue --array's lines of one job: task index -> state", () => {
    const q = parseQueue('77', ['77_1 RUNNING', ' 77_3 PENDING ', '78_2 RUNNING', '77 RUNNING', '', 'garbage']);
    assert.deepEqual([...q], [[1, 'RUNNING'], [3, 'PENDING']]);
  });

  it('shellWord leaves plain paths alone and quotes the rest', () => {
    assert.equal(shellWord('/a/b-c_d.yaml'), '/a/b-c_d.yaml');
    assert.equal(shellWord("it's here"), `'it'\\''s here'`);
    assert.equal(shellWord('design.n_per_arm=40'), 'design.n_per_arm=40');
    assert.equal(shellWord('a b'), "'a b'");
  });
});

describe('trialsim slurm — scripts run by bash as Slurm runs them, through the built CLI', () => {
  const cwd = tempDir('slurm-scripts');
  after(() => removeDir(cwd));
  const scenario = writeFile(cwd, 'small.yaml', SMALL);
  /** 200 replicates in 50s: 4 blocks per design point, 2 design points; no truth (quick). */
  const COMMON = ['--replicates', '200', '--block-size', '50', '--no-truth', '--set', 'design.block_size=4'];
  const out = join(cwd, 'cluster run');
  const read = (path: string): string => readFileSync(path, 'utf8');
  const bash = (script: string, env: Record<string, string>) =>
    spawnSync('bash', [script], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env }, timeout: 120_000 });
  const shardTask = (k: number) => bash(join(out, 'slurm', 'array.sbatch'), { SLURM_ARRAY_TASK_ID: String(k) });
  let written: ReturnType<typeof cli>;
  before(() => {
    written = cli(['slurm', scenario, '--tasks', '3', '--time', '0:10:00', '--mem', '1G', '--partition', 'short', '--account', 'lab', '--cpus-per-task', '2', ...COMMON, '--out', out], cwd);
  });

  it('writes the array and merge scripts and slurm.json, and prints the sbatch commands', () => {
    assert.equal(written.code, 0, written.stderr);
    assert.deepEqual(readdirSync(join(out, 'slurm')).sort(), ['array.sbatch', 'logs', 'merge.sbatch', 'slurm.json']);
    const q = `'${out}/slurm/array.sbatch'`;
    assert.match(written.stdout, new RegExp(`^  jobid=\\$\\(sbatch --parsable ${q.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\)$`, 'm'));
    assert.match(written.stdout, /^ {2}sbatch --dependency=afterok:\$\{jobid%%;\*\} '.*\/merge\.sbatch'$/m);
  });

  it('the array script: one task per shard, the sbatch options, this node and this trialsim by absolute path, the run options passed on', () => {
    const s = read(join(out, 'slurm', 'array.sbatch'));
    for (const line of ['#SBATCH --array=1-3', '#SBATCH --cpus-per-task=2', '#SBATCH --partition=short', '#SBATCH --account=lab', '#SBATCH --time=0:10:00', '#SBATCH --mem=1G']) {
      assert.ok(s.split('\n').includes(line), `${line} in\n${s}`);
    }
    assert.ok(s.includes(`exec ${process.execPath} ${MAIN} run ${scenario} --shard "$shard/3" --out "$out" --workers "\${SLURM_CPUS_PER_TASK:-2}" --set design.block_size=4 --replicates 200 --no-truth --block-size 50 $resume`), s);
  });

  it('the merge script merges the three shard folders into the run folder', () => {
    const s = read(join(out, 'slurm', 'merge.sbatch'));
    const shards = [1, 2, 3].map((k) => `'${out}/shard-${k}-of-3'`).join(' ');
    assert.ok(s.includes(`exec ${process.execPath} ${MAIN} merge ${shards} --out '${out}'`), s);
  });

  it('status before any task: every shard missing, not submitted', () => {
    const r = cli(['slurm', 'status', out], cwd);
    assert.equal(r.code, 0, r.stderr);
    // 4 blocks in 3 shards: blocks 0, 1 and 2-3, for each of the 2 design points.
    assert.match(r.stdout, /^ +1 +missing +0\/2$/m);
    assert.match(r.stdout, /^ +3 +missing +0\/4$/m);
    assert.match(r.stdout, /not submitted/);
  });

  it('tasks run, one partly (its journal cut short as a cancelled task leaves it); status says done, running n/total, missing', () => {
    for (const k of [1, 2]) {
      const r = shardTask(k);
      assert.equal(r.status, 0, r.stderr);
      assert.match(r.stdout, /^When every shard is done: trialsim merge '.*\/shard-1-of-3' '.*\/shard-2-of-3' '.*\/shard-3-of-3'$/m);
    }
    // Shard 2 owns block 1 of each of the two design points. Keep the header, the layouts and one block.
    const journal = join(out, 'shard-2-of-3', 'journal.jsonl');
    const lines = read(journal).split('\n').filter((l) => l !== '');
    const kept = lines.filter((l) => !l.includes('"type":"block"')).concat(lines.filter((l) => l.includes('"type":"block"')).slice(0, 1));
    writeFileSync(journal, kept.join('\n') + '\n');
    const r = cli(['slurm', 'status', out], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^ +1 +done +2\/2$/m);
    assert.match(r.stdout, /^ +2 +running +1\/2$/m);
    assert.match(r.stdout, /^ +3 +missing +0\/4$/m);
    assert.match(r.stdout, /1 of 3 shards done; not submitted/);
  });

  it('resubmit prints an array of just the unfinished indices and a merge job after it', () => {
    const r = cli(['slurm', 'resubmit', out], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^Shards to rerun: 2, 3 of 3 \(each resumes its journal\)\.$/m);
    assert.match(r.stdout, /^ {2}jobid=\$\(sbatch --parsable --array=2-3 '.*\/array\.sbatch'\)$/m);
  });

  it('rerun, the cut shard resumes its journal (its first block is not recomputed); the merge job gives the result of a single-machine run, byte for byte', () => {
    const journal = join(out, 'shard-2-of-3', 'journal.jsonl');
    const firstBlock = read(journal).split('\n').find((l) => l.includes('"type":"block"'));
    for (const k of [2, 3]) {
      const r = shardTask(k);
      assert.equal(r.status, 0, r.stderr);
    }
    assert.equal(read(journal).split('\n').filter((l) => l === firstBlock).length, 1, 'the journalled block is kept, not written again');
    const m = bash(join(out, 'slurm', 'merge.sbatch'), {});
    assert.equal(m.status, 0, m.stderr);
    const single = join(cwd, 'single');
    const r = cli(['run', scenario, ...COMMON, '--out', single], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(read(join(out, 'result.json')), read(join(single, 'result.json')));
    assert.equal(read(join(out, 'summary.csv')), read(join(single, 'summary.csv')));
    const s = cli(['slurm', 'status', out], cwd);
    assert.match(s.stdout, /3 of 3 shards done; merged:/);
    const again = cli(['slurm', 'resubmit', out], cwd);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /Nothing to resubmit/);
  });

  it('the same command again on its folder is harmless (same scripts); other settings there are refused (exit 2)', () => {
    const before = read(join(out, 'slurm', 'array.sbatch'));
    const same = cli(['slurm', scenario, '--tasks', '3', '--time', '0:10:00', '--mem', '1G', '--partition', 'short', '--account', 'lab', '--cpus-per-task', '2', ...COMMON, '--out', out], cwd);
    assert.equal(same.code, 0, same.stderr);
    assert.equal(read(join(out, 'slurm', 'array.sbatch')), before);
    const other = cli(['slurm', scenario, '--tasks', '2', ...COMMON, '--out', out], cwd);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /already holds a Slurm run made with other settings/);
  });
});

describe('trialsim slurm — bad input: exit 2, one located line, nothing written', () => {
  const cwd = tempDir('slurm-bad');
  after(() => removeDir(cwd));
  // 2000 replicates: 8 blocks of 250 per design point.
  const scenario = writeFile(cwd, 'small.yaml', SMALL.replace('replicates: 200', 'replicates: 2000'));
  const cases: [string, string[], RegExp][] = [
    ['too many tasks', ['--tasks', '9', '--replicates', '200', '--block-size', '50'], /--tasks 9 is more than the run's 4 blocks \(200 replicates in blocks of 50\)/],
    ['no tasks', ['--tasks', '0'], /--tasks must be a whole number from 1 to 100000 \(got "0"\)/],
    ['a bad --time', ['--tasks', '2', '--time', '2 hours'], /--time must be minutes, MM:SS, HH:MM:SS, D-HH or D-HH:MM:SS \(got "2 hours"\)/],
    ['a bad --mem', ['--tasks', '2', '--mem', 'lots'], /--mem must be a size such as 4000, 4G or 512M \(got "lots"\)/],
    ['a bad --partition', ['--tasks', '2', '--partition', 'a b'], /--partition must be a partition name/],
    ['a bad --cpus-per-task', ['--tasks', '2', '--cpus-per-task', 'x'], /--cpus-per-task must be a whole number from 1 to 1024 \(got "x"\)/],
    ['a bad --set', ['--tasks', '2', '--set', 'design.n_per_arm=-3'], /^--set:1:\d+ design\.n_per_arm: /],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = cli(['slurm', scenario, ...args, '--out', join(cwd, 'out')], cwd);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, message);
      assert.equal(existsSync(join(cwd, 'out')), false, 'nothing written');
    });
  }

  it('--submit where sbatch is not installed: exit 2 saying so, nothing written', () => {
    const r = spawnSync(process.execPath, [MAIN, 'slurm', scenario, '--tasks', '2', '--out', join(cwd, 'out'), '--submit'], {
      cwd,
      encoding: 'utf8',
      env: { PATH: join(cwd, 'no-such-bin') },
    });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /^trialsim slurm: sbatch is not installed here \(or not on PATH\)/);
    assert.equal(existsSync(join(cwd, 'out')), false);
  });

  it('status of a folder that is not a Slurm run: exit 2', () => {
    const r = cli(['slurm', 'status', cwd], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not the folder of a Slurm run: it has no slurm\/slurm\.json/);
  });
});

describe('trialsim slurm --submit and resubmit against stand-in sbatch, squeue and scancel — through the built CLI', () => {
  // Shell scripts named sbatch, squeue and scancel first on PATH: they log their
  // arguments, sbatch answers as `sbatch --parsable` does (an id, then ";cluster"
  // on the second call), squeue prints the file QUEUE. The real ones: slurm.test.ts.
  const cwd = tempDir('slurm-fake');
  after(() => removeDir(cwd));
  const scenario = writeFile(cwd, 'small.yaml', SMALL);
  const bin = join(cwd, 'bin');
  const calls = join(cwd, 'calls.log');
  const queue = join(cwd, 'queue');
  const fake = (name: string, body: string): void => {
    writeFile(cwd, join('bin', name), `#!/bin/sh\necho "${name} $*" >> '${calls}'\n${body}\n`);
    spawnSync('chmod', ['+x', join(bin, name)]);
  };
  const out = join(cwd, 'run');
  const ARGS = ['slurm', scenario, '--tasks', '2', '--replicates', '200', '--block-size', '50', '--no-truth', '--out', out, '--submit'];
  const trialsim = (args: string[]) =>
    spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { PATH: `${bin}:${process.env.PATH ?? '/usr/bin:/bin'}` }, timeout: 120_000 });
  const logged = (): string[] => (existsSync(calls) ? read(calls).split('\n').filter((l) => l !== '') : []);
  const read = (path: string): string => readFileSync(path, 'utf8');
  before(() => {
    spawnSync('mkdir', ['-p', bin]);
    fake('sbatch', `case "$1" in --version) echo "slurm 22.05.8"; exit 0;; esac\nn=$(cat '${cwd}/next' 2>/dev/null || echo 100)\necho $((n + 1)) > '${cwd}/next'\nif [ "$n" = 101 ]; then echo "$n;cluster"; else echo "$n"; fi`);
    fake('squeue', `cat '${queue}' 2>/dev/null; exit 0`);
    fake('scancel', 'exit 0');
  });

  it('--submit: sbatch --parsable of the array, then of the merge job with afterok on its id; the ids printed and kept in slurm.json', () => {
    const r = trialsim(ARGS);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Submitted array job 100 \(tasks 1-2\)$/m);
    assert.match(r.stdout, /^Submitted merge job 101 \(after 100\)$/m);
    assert.deepEqual(logged(), ['sbatch --version', `sbatch --parsable ${out}/slurm/array.sbatch`, `sbatch --parsable --dependency=afterok:100 ${out}/slurm/merge.sbatch`]);
    const saved = JSON.parse(read(join(out, 'slurm', 'slurm.json'))) as { submissions: { indices: number[]; arrayJob: string; mergeJob: string }[] };
    assert.deepEqual(saved.submissions.map((s) => [s.indices, s.arrayJob, s.mergeJob]), [[[1, 2], '100', '101']]);
  });

  it('resubmit --submit while a task of the array is still queued: refused (exit 2), nothing submitted', () => {
    writeFileSync(queue, '100_2 RUNNING\n');
    writeFileSync(calls, '');
    const r = trialsim(['slurm', 'resubmit', out, '--submit']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /tasks of job 100 are still queued or running \(100_2 RUNNING\): wait for them to end, or scancel 100, then resubmit/);
    assert.deepEqual(logged().filter((l) => l.startsWith('sbatch')), []);
  });

  it('the first command again with --submit, shard 1 done and shard 2 missing: the old merge job cancelled, an array of index 2 and a merge after it', () => {
    const task = spawnSync('bash', [join(out, 'slurm', 'array.sbatch')], { cwd, encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SLURM_ARRAY_TASK_ID: '1' } });
    assert.equal(task.status, 0, task.stderr);
    writeFileSync(calls, '');
    // The array job's tasks are gone (squeue lists nothing of job 100); the merge job 101 still waits.
    writeFile(cwd, join('bin', 'squeue'), `#!/bin/sh\necho "squeue $*" >> '${calls}'\ncase "$*" in *101*) echo "101 PENDING";; esac\nexit 0\n`);
    const r = trialsim(ARGS);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^Shards to rerun: 2 of 2 \(each resumes its journal\)\.$/m);
    assert.match(r.stdout, /^Cancelled the earlier merge job 101 /m);
    assert.match(r.stdout, /^Submitted array job 102 \(tasks 2\)$/m);
    assert.match(r.stdout, /^Submitted merge job 103 \(after 102\)$/m);
    assert.deepEqual(
      logged().filter((l) => !l.startsWith('squeue')),
      ['scancel 101', `sbatch --parsable --array=2 ${out}/slurm/array.sbatch`, `sbatch --parsable --dependency=afterok:102 ${out}/slurm/merge.sbatch`],
    );
  });

  it('resubmit --submit while the last merge job runs: refused (exit 2), it is not cancelled', () => {
    writeFileSync(calls, '');
    writeFile(cwd, join('bin', 'squeue'), `#!/bin/sh\necho "squeue $*" >> '${calls}'\ncase "$*" in *103*) echo "103 RUNNING";; esac\nexit 0\n`);
    const r = trialsim(['slurm', 'resubmit', out, '--submit']);
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /job 103 are still queued or running \(103 RUNNING\)/);
    assert.deepEqual(logged().filter((l) => !l.startsWith('squeue')), []);
  });
});

describe('trialsim slurm status with the queue — squeue and sbatch stand-ins on PATH, through the built CLI', () => {
  // Two shell scripts play Slurm: sbatch prints job ids (4242 for the array, 4243 for the merge), squeue
  // prints the lines of $FAKE_QUEUE for job 4242. Status then tells queued, running and stopped apart.
  const cwd = tempDir('slurm-queue');
  after(() => removeDir(cwd));
  const bin = join(cwd, 'bin');
  mkdirSync(bin);
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script('sbatch', 'case "$*" in *merge.sbatch*) echo 4243;; *) echo 4242;; esac');
  script('squeue', 'case "$*" in *4242*) printf "%b" "$FAKE_QUEUE";; esac');
  const scenario = writeFile(cwd, 'small.yaml', SMALL);
  const out = join(cwd, 'run');
  const run = (args: string[], queue = '') =>
    spawnSync(process.execPath, [MAIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_QUEUE: queue }, timeout: 120_000 });

  it('submitted: pending tasks are queued, running ones running; gone from the queue and not done, stopped', () => {
    const w = run(['slurm', scenario, '--tasks', '3', '--replicates', '200', '--block-size', '50', '--no-truth', '--out', out, '--submit']);
    assert.equal(w.status, 0, w.stderr);
    assert.match(w.stdout, /4242/);
    const a = run(['slurm', 'status', out], '4242_1 RUNNING\n4242_2 PENDING\n4242_3 PENDING\n');
    assert.equal(a.status, 0, a.stderr);
    assert.match(a.stdout, /^ +1 +running +0\/2$/m);
    assert.match(a.stdout, /^ +2 +queued +0\/2$/m);
    assert.match(a.stdout, /^ +3 +queued +0\/4$/m);
    const b = run(['slurm', 'status', out], '4242_3 RUNNING\n');
    assert.equal(b.status, 0, b.stderr);
    assert.match(b.stdout, /^ +1 +stopped +0\/2$/m);
    assert.match(b.stdout, /^ +2 +stopped +0\/2$/m);
    assert.match(b.stdout, /^ +3 +running +0\/4$/m);
    assert.match(b.stdout, /Stopped \(not done, no longer in the queue: failed, timed out or cancelled\): shards 1, 2; their logs are in /);
  });

  it('without squeue on PATH: states from the journals, and a line that says what is not known', () => {
    const r = spawnSync(process.execPath, [MAIN, 'slurm', 'status', out], { cwd, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' }, timeout: 120_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^ +1 +missing +0\/2$/m);
    assert.match(r.stdout, /squeue is not here: "running" means some blocks are journalled/);
  });
});
