// Results folders through the built CLI, as a hostile user or an unlucky
// operator meets them (issue 19, items 7-11; issue 18's folder rough edges):
// concurrent runs into one folder, a full disk, merge onto another run, a
// damaged or empty journal, folders that cannot be used, Ctrl-C while the
// truth is computed. Each case is checked by its exit code, its one message,
// and what is left in the folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.js';
import { cli, cliAsync, MAIN, removeDir, SMALL, tempDir, writeFile, type CliResult } from './helpers.js';

const cwd = tempDir('folders');
after(() => removeDir(cwd));
// SMALL with an eligibility rule: its truth is simulated (a closed form
// would leave no truth computation to interrupt or to find before it).
const scenario = writeFile(cwd, 'small.yaml', SMALL.replace('design:\n', 'design:\n  eligibility: [{measure: score, min: 40}]\n'));
assert.ok(readFileSync(scenario, 'utf8').includes('eligibility'), 'the scenario has its eligibility rule');
const read = (path: string): string => readFileSync(path, 'utf8');

/** Small, no truth, 4 blocks of 50 per design. */
const COMMON = ['--replicates', '200', '--block-size', '50', '--no-truth', '--workers', '1'];
/** The same with the truth computed (on a small population). */
const WITH_TRUTH = ['--replicates', '200', '--block-size', '50', '--truth-population', '2000', '--workers', '1'];
const LOCK = '.trialsim.lock';
const COMPUTING = /computing the true estimands/;
/** Node's own error text ("EEXIST: file already exists, mkdir 'x'"), which a user should never see. */
const RAW_ERRNO = /\b[A-Z]{4,}: [a-z ]+, [a-z]+ '/;

/** A finished run of SMALL (seed 11), made once; `finishedRun` copies it. */
let reference: string | null = null;
function finishedRun(out: string): void {
  if (reference === null) {
    reference = join(cwd, 'finished-reference');
    const r = cli(['run', scenario, ...COMMON, '--out', reference], cwd);
    assert.equal(r.code, 0, r.stderr);
  }
  cpSync(reference, out, { recursive: true });
}

const journalLines = (dir: string): string[] => read(join(dir, 'journal.jsonl')).split('\n').filter((l) => l !== '');
const seedIn = (dir: string): { scenario: number; result: number; journal: number } => ({
  scenario: Number(/^seed: (\d+)$/m.exec(read(join(dir, 'scenario.yaml')))?.[1]),
  result: (JSON.parse(read(join(dir, 'result.json'))) as { seed: number }).seed,
  journal: (JSON.parse(journalLines(dir)[0]) as { run: { seed: number } }).run.seed,
});
const leftovers = (dir: string): string[] => readdirSync(dir).filter((f) => f === LOCK || f.endsWith('.tmp'));

async function waitFor(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`gave up waiting for ${what}`);
}

describe('the folder lock: two runs into one folder (item 7)', () => {
  /** Two runs started together into `out`, slowed down (1 s a task, four tasks) so that they overlap. */
  async function race(out: string, seeds: [number, number]): Promise<{ winner: CliResult & { seed: number; pid: number }; loser: CliResult & { seed: number; pid: number } }> {
    const runs = seeds.map((seed) => ({ seed, child: cliAsync(['run', scenario, ...COMMON, '--task-delay', '1000', '--seed', String(seed), '--out', out], cwd) }));
    const done = await Promise.all(runs.map(async (r) => ({ ...(await r.child.done), seed: r.seed, pid: r.child.pid })));
    assert.deepEqual(done.map((d) => d.code).sort(), [0, 2], `exactly one wins: ${done.map((d) => `exit ${d.code}: ${d.stderr}`).join('\n')}`);
    const winner = done.find((d) => d.code === 0);
    const loser = done.find((d) => d.code === 2);
    assert.ok(winner !== undefined && loser !== undefined);
    return { winner, loser };
  }

  it('different seeds: one wins, the other exits 2 naming the winner; the folder is the winner\'s run throughout', async () => {
    const out = join(cwd, 'race');
    const { winner, loser } = await race(out, [1111111, 2222222]);
    assert.match(loser.stderr, new RegExp(`${out} is in use by another trialsim, pid ${winner.pid} on ${hostname()} since `));
    assert.doesNotMatch(loser.stderr, COMPUTING);
    assert.deepEqual(seedIn(out), { scenario: winner.seed, result: winner.seed, journal: winner.seed });
    const report = read(join(out, 'report.html'));
    assert.ok(report.includes(String(winner.seed)) && !report.includes(String(loser.seed)), 'the report shows one run');
    assert.deepEqual(leftovers(out), [], 'no lock file or temporary left');
  });

  it('the loser of two identical runs exits 2 too', async () => {
    const out = join(cwd, 'twins');
    const { loser } = await race(out, [11, 11]);
    assert.match(loser.stderr, /is in use by another trialsim, pid \d+/);
    assert.deepEqual(leftovers(out), []);
  });

  it('a stale lock, whose process is gone, is taken over with a note', () => {
    const out = join(cwd, 'stale');
    mkdirSync(out);
    const gone = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    writeFileSync(join(out, LOCK), JSON.stringify({ pid: gone, host: hostname(), started: '2026-01-01T00:00:00.000Z', processStart: null, command: 'trialsim run' }));
    const r = cli(['run', scenario, ...COMMON, '--out', out], cwd);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, new RegExp(`taking over its lock, left by pid ${gone} .* which is no longer running`));
    assert.deepEqual(leftovers(out), []);
  });

  it('SIGTERM mid-run exits 130 with the resume command and releases the lock', async () => {
    const out = join(cwd, 'sigterm');
    const child = cliAsync(['run', scenario, ...COMMON, '--task-delay', '300', '--out', out], cwd);
    await waitFor(() => existsSync(join(out, 'journal.jsonl')) && read(join(out, 'journal.jsonl')).includes('"type":"block"'), 'a journalled block');
    assert.ok(existsSync(join(out, LOCK)), 'the lock is held while the run writes');
    child.kill('SIGTERM');
    const r = await child.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /To finish the run: trialsim run .* --resume$/m);
    assert.deepEqual(leftovers(out), []);
  });
});

describe('Ctrl-C while the truth is computed (issue 18)', () => {
  it('exits 130 saying what was stopped and the command that runs it; nothing is left behind', async () => {
    const out = join(cwd, 'truth-sigint');
    // A large truth population (1,000,000 per arm: many seconds), stopped as soon as the run says it computes it.
    const child = start(['run', scenario, '--replicates', '200', '--truth-population', '1000000', '--workers', '2', '--out', out]);
    await waitFor(() => COMPUTING.test(child.stderr()), 'the truth computation');
    child.kill('SIGINT');
    const r = await child.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted while computing the truth, before any replicate ran; nothing was written in /);
    assert.match(r.stderr, /To run it: trialsim run \S+small\.yaml --replicates 200 --truth-population 1000000 --workers 2 --out \S+$/m);
    assert.equal(existsSync(out), false, 'the folder the run created is removed again');
  });

  it('kill -9 before the journal existed: --resume says there is nothing to resume', async () => {
    const out = join(cwd, 'truth-kill9');
    const child = start(['run', scenario, '--replicates', '200', '--truth-population', '1000000', '--workers', '2', '--out', out]);
    await waitFor(() => COMPUTING.test(child.stderr()), 'the truth computation');
    child.kill('SIGKILL');
    await child.done;
    const r = cli(['run', scenario, '--replicates', '200', '--truth-population', '1000000', '--workers', '2', '--out', out, '--resume'], cwd);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /nothing to resume/);
    assert.doesNotMatch(r.stderr, COMPUTING);
  });
});

/** `trialsim <args>` in the test's folder, started without waiting. */
const start = (args: readonly string[]) => cliAsync(args, cwd);

describe('a full disk (item 8)', () => {
  let disk: Tmpfs;
  before(() => {
    disk = mountTmpfs('cli', 1024 * 1024);
  });
  after(() => disk?.unmount());

  it("result.json's write fails: exit 1 saying the disk is full and how to resume; the old file is intact, no temporary is left", () => {
    const out = join(disk.dir, 'run');
    finishedRun(out);
    const old = read(join(out, 'result.json'));
    disk.fill(8192); // room for the lock file, not for result.json (54 kB)
    const r = cli(['run', scenario, ...COMMON, '--seed', '11', '--out', out], cwd);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /cannot write \S+result\.json: the disk is full \(ENOSPC\)/);
    assert.match(r.stderr, /then run again with --resume/);
    assert.match(r.stderr, /^Then: trialsim run .* --resume$/m);
    assert.equal(read(join(out, 'result.json')), old, 'the old result.json is intact');
    assert.deepEqual(leftovers(out), [], 'no temporary or lock file is left');
  });
});

describe('merge --out onto a finished run (item 9)', () => {
  it('is refused (exit 2), and the run there keeps its result', () => {
    const target = join(cwd, 'merge-target');
    finishedRun(target);
    const shard = join(cwd, 'merge-shard');
    const s = cli(['run', scenario, ...COMMON, '--seed', '5', '--shard', '1/1', '--out', shard], cwd);
    assert.equal(s.code, 0, s.stderr);
    const before = read(join(target, 'result.json'));
    const m = cli(['merge', shard, '--out', target], cwd);
    assert.equal(m.code, 2, m.stderr);
    assert.match(m.stderr, /holds a different run .*; merging there would mix two runs/);
    assert.equal(read(join(target, 'result.json')), before);
    assert.deepEqual(leftovers(target), []);
  });
});

describe('resume checks the journal as merge does (item 10)', () => {
  /** A copy of the finished run, unfinished again (no result.json), its journal edited. */
  function altered(tag: string, edit: (lines: string[]) => string[]): string {
    const out = join(cwd, tag);
    finishedRun(out);
    writeFileSync(join(out, 'journal.jsonl'), edit(journalLines(out)).join('\n') + '\n');
    for (const f of ['result.json', 'summary.json', 'summary.csv', 'report.html']) writeFileSync(join(out, f), '');
    return out;
  }
  const firstBlock = (lines: string[]): number => lines.findIndex((l) => l.includes('"type":"block"'));

  /** Resume refuses the folder, as merge does (test/engine/folders.test.ts: the same message from both). */
  function refusedAlike(out: string, pattern: RegExp, merge = false): void {
    const resumed = cli(['run', scenario, ...COMMON, '--out', out, '--resume'], cwd);
    assert.equal(resumed.code, 2, resumed.stderr);
    assert.match(resumed.stderr, pattern);
    if (merge) {
      const merged = cli(['merge', out, '--out', join(out, 'merged')], cwd);
      assert.equal(merged.code, 2, merged.stderr);
      const engineMessage = merged.stderr.replace('trialsim merge: ', '').trim();
      assert.ok(resumed.stderr.startsWith(`trialsim run: ${engineMessage} (--force does: `), `the same message:\n${resumed.stderr}\n${merged.stderr}`);
    }
    assert.equal(read(join(out, 'result.json')), '', 'nothing written');
  }

  it('an altered duplicate block is refused by resume as by merge', () => {
    const out = altered('journal-dup', (lines) => {
      const b = JSON.parse(lines[firstBlock(lines)]);
      b.acc[b.acc.length - 1] += 1;
      return [...lines, JSON.stringify(b)];
    });
    refusedAlike(out, /journal\.jsonl:\d+: design \d, block 0 is journalled again \(first at line \d+\) with different contents/, true);
  });

  it('tallies of 1e308 and -5 are refused by resume as by merge', () => {
    const huge = altered('journal-huge', (lines) => lines.map((l, i) => (i === firstBlock(lines) ? l.replace(/"acc":\[(\d+),(\d+),/, '"acc":[$1,1e308,') : l)));
    refusedAlike(huge, /block 0: tally 1 is 1e\+308, not a count from 0 to 50/);
    const minus = altered('journal-minus', (lines) => lines.map((l, i) => (i === firstBlock(lines) ? l.replace(/"acc":\[(\d+),(\d+),/, '"acc":[$1,-5,') : l)));
    refusedAlike(minus, /block 0: tally 1 is -5, not a count from 0 to 50/);
  });
});

describe('an empty journal.jsonl (item 11)', () => {
  it('a plain run and --resume both say what to do; --force starts over', () => {
    const out = join(cwd, 'empty-journal');
    mkdirSync(out);
    writeFileSync(join(out, 'journal.jsonl'), '');
    for (const extra of [[], ['--resume']]) {
      const r = cli(['run', scenario, ...COMMON, '--out', out, ...extra], cwd);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stderr, /journal\.jsonl is empty: .*nothing to resume\. Start over with --force, or delete \S+journal\.jsonl/);
    }
    const forced = cli(['run', scenario, ...COMMON, '--out', out, '--force'], cwd);
    assert.equal(forced.code, 0, forced.stderr);
    assert.ok(existsSync(join(out, 'result.json')));
    const both = cli(['run', scenario, ...COMMON, '--out', out, '--force', '--resume'], cwd);
    assert.equal(both.code, 2);
    assert.match(both.stderr, /--force starts the run over and --resume continues it: give one of them/);
  });
});

describe('folder problems exit 2 with a message, before the truth is computed', () => {
  /** Run with the truth on; exit 2, one message matching `pattern`, no errno text, no truth computed. */
  function refused(out: string, pattern: RegExp, extra: readonly string[] = []): void {
    const r = cli(['run', scenario, ...WITH_TRUTH, '--out', out, ...extra], cwd);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.doesNotMatch(r.stderr, RAW_ERRNO);
    assert.doesNotMatch(r.stderr, COMPUTING, 'the folder is checked before the truth is computed');
  }

  it('--out pointing at a file, --out "", a path through a file', () => {
    const file = writeFile(cwd, 'a-file', 'x');
    refused(file, /a-file is a file, not a folder/);
    refused('', /--out must name a folder \(got ""\)/);
    refused(join(file, 'sub'), /cannot use \S+ as the output folder: a part of the path is a file, not a folder/);
    assert.equal(read(file), 'x');
  });

  it('a journal that is a folder', () => {
    const out = join(cwd, 'journal-folder');
    mkdirSync(join(out, 'journal.jsonl'), { recursive: true });
    refused(out, /journal\.jsonl is a folder, not a run journal/);
    refused(out, /journal\.jsonl is a folder, not a run journal/, ['--resume']);
  });

  it('a read-only output folder (a read-only tmpfs)', () => {
    const disk = mountTmpfs('ro', 64 * 1024);
    try {
      mkdirSync(join(disk.dir, 'there'));
      disk.readOnly();
      refused(join(disk.dir, 'there'), /cannot write in \S+there: the file system is read-only/);
      refused(join(disk.dir, 'new'), /cannot use \S+new as the output folder: the file system is read-only/);
    } finally {
      disk.unmount();
    }
  });

  it('a different run pointed at a finished folder: one message, before the truth, nothing touched', () => {
    const out = join(cwd, 'other-run');
    finishedRun(out);
    const before = read(join(out, 'result.json'));
    const r = cli(['run', scenario, ...WITH_TRUTH, '--seed', '99', '--out', out], cwd);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /holds a different run, run small-[0-9a-f]{8} \(seed 11, 200 replicates, block size 50, the whole run\); this is run small-[0-9a-f]{8} \(seed 99, .*\)\. Nothing was computed/);
    assert.doesNotMatch(r.stderr, /already holds this run/);
    assert.doesNotMatch(r.stderr, COMPUTING);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one message');
    assert.equal(read(join(out, 'result.json')), before);
    assert.deepEqual(leftovers(out), []);
  });
});

describe('report with a scenario.yaml that is not the run\'s', () => {
  it('exits 2 with a message for a user', () => {
    const out = join(cwd, 'report-mismatch');
    finishedRun(out);
    const original = read(join(out, 'scenario.yaml'));
    writeFileSync(join(out, 'scenario.yaml'), original.replace(/- 40$/m, '- 60'));
    const r = cli(['report', out], cwd);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /scenario\.yaml is not the scenario of the run in \S+result\.json \(its design points are .*n_per_arm=60.*; the run's are .*n_per_arm=40.*\)/);
    assert.doesNotMatch(r.stderr, /expandDesigns/);
    writeFileSync(join(out, 'scenario.yaml'), original.replace(/^seed: 11$/m, 'seed: 12'));
    const seed = cli(['report', out], cwd);
    assert.equal(seed.code, 2, seed.stderr);
    assert.match(seed.stderr, /it says seed 12 and 200 replicates; the run had seed 11 and 200/);
  });
});
