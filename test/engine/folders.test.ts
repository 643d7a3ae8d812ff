// Results folders as the engine writes them: atomic files on a full disk, the
// journal's appends on a full disk, the folder lock, and the one check of a
// journal that resume and merge share. Plain unit tests; the full-disk cases
// run on a small tmpfs (mounted as root, as these tests run here and in CI).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { accumulatorLayout } from '../../src/engine/accumulator.js';
import { FolderBusy, FolderProblem, WriteFailed } from '../../src/engine/errors.js';
import { LOCK_FILE, lockFolder, writeFileAtomic } from '../../src/engine/folderFiles.js';
import { JOURNAL_FILE, JOURNAL_FORMAT, JournalWriter, readJournal } from '../../src/engine/journal.js';
import { mergeShards } from '../../src/engine/merge.js';
import { runDesign } from '../../src/engine/run.js';
import { RESULT_FILE } from '../../src/engine/runResult.js';
import { mountTmpfs, type Tmpfs } from '../support/tmpfs.js';
import { determinismOptions, readText, removeDir, tempDir } from './helpers.js';

const dirs: string[] = [];
const dir = (tag: string): string => {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
};
after(() => dirs.forEach(removeDir));

const temporaries = (d: string): string[] => readdirSync(d).filter((f) => f.endsWith('.tmp'));

describe('writeFileAtomic and the journal on a full disk (a 256 KiB tmpfs)', () => {
  let disk: Tmpfs;
  before(() => {
    disk = mountTmpfs('atomic', 256 * 1024);
  });
  after(() => disk?.unmount());

  it('writes and replaces a file whole, leaving no temporary', () => {
    const path = join(disk.dir, 'result.json');
    writeFileAtomic(path, 'first\n');
    writeFileAtomic(path, 'second\n');
    assert.equal(readFileSync(path, 'utf8'), 'second\n');
    assert.deepEqual(temporaries(disk.dir), []);
  });

  it('a write that does not fit fails saying the disk is full, and leaves the old file and no temporary', () => {
    const path = join(disk.dir, 'old.json');
    const old = '{"old":true}\n';
    writeFileAtomic(path, old);
    disk.fill(8192);
    const big = 'x'.repeat(64 * 1024);
    assert.throws(
      () => writeFileAtomic(path, big),
      (e: unknown) => e instanceof WriteFailed && e.code === 'ENOSPC' && e.path === path && /cannot write .*old\.json: the disk is full \(ENOSPC\)/.test(e.message),
    );
    assert.equal(readFileSync(path, 'utf8'), old, 'the old file is intact');
    assert.deepEqual(temporaries(disk.dir), [], 'no temporary is left');
  });

  it('a journal append that does not fit fails whole: the journal is as it was, with no torn line', () => {
    const d = join(disk.dir, 'run');
    mkdirSync(d);
    // The disk is nearly full (above): room for the header, not for what follows.
    let w: JournalWriter | null = null;
    try {
      w = JournalWriter.create(d, { type: 'header', format: JOURNAL_FORMAT, identity: 'x', run: {}, shard: null });
    } catch (e) {
      assert.fail(`the header should fit on the nearly full disk: ${String(e)}`);
    }
    const before = readFileSync(join(d, JOURNAL_FILE), 'utf8');
    const line = JSON.stringify({ type: 'block', pad: 'y'.repeat(32 * 1024) });
    assert.throws(
      () => w?.append([line, line]),
      (e: unknown) => e instanceof WriteFailed && e.code === 'ENOSPC' && /journal\.jsonl: the disk is full/.test(e.message),
    );
    w?.close();
    assert.equal(readFileSync(join(d, JOURNAL_FILE), 'utf8'), before);
  });
});

describe('lockFolder — one writer per folder', () => {
  it('a second lock is refused naming the holder; released, the folder can be locked again', () => {
    const d = dir('lock');
    const lock = lockFolder(d, { command: ['trialsim', 'run', 'x.yaml'] });
    const holder = JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as { pid: number; host: string; started: string; command: string };
    assert.equal(holder.pid, process.pid);
    assert.equal(holder.host, hostname());
    assert.ok(!Number.isNaN(Date.parse(holder.started)));
    assert.equal(holder.command, 'trialsim run x.yaml');
    assert.throws(
      () => lockFolder(d),
      (e: unknown) => e instanceof FolderBusy && new RegExp(`is in use by another trialsim, pid ${process.pid} on ${hostname()} since .*trialsim run x\\.yaml`).test(e.message),
    );
    lock.release();
    assert.equal(existsSync(join(d, LOCK_FILE)), false);
    lock.release(); // twice is harmless
    lockFolder(d).release();
  });

  it('a lock whose process is gone is taken over, with a note naming it', () => {
    const d = dir('stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const pid = Number(gone.stdout);
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z', processStart: null, command: 'trialsim run old.yaml' }));
    const notes: string[] = [];
    const lock = lockFolder(d, { onNote: (n) => notes.push(n) });
    assert.equal(notes.length, 1);
    assert.match(notes[0], new RegExp(`taking over its lock, left by pid ${pid} .*trialsim run old\\.yaml.*no longer running`));
    assert.equal((JSON.parse(readFileSync(join(d, LOCK_FILE), 'utf8')) as { pid: number }).pid, process.pid);
    lock.release();
  });

  it('a live pid that started after the lock was taken (a reused pid) is not the holder: taken over', () => {
    const d = dir('reused');
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: process.ppid, host: hostname(), started: '2026-01-01T00:00:00.000Z', processStart: '1', command: '' }));
    const notes: string[] = [];
    lockFolder(d, { onNote: (n) => notes.push(n) }).release();
    assert.equal(notes.length, 1);
  });

  it("a lock held on another machine, or unreadable, is refused, saying which file to delete if its process is gone", () => {
    const d = dir('elsewhere');
    writeFileSync(join(d, LOCK_FILE), JSON.stringify({ pid: 1, host: 'another-host', started: '2026-01-01T00:00:00.000Z', processStart: null, command: '' }));
    assert.throws(() => lockFolder(d), (e: unknown) => e instanceof FolderBusy && /pid 1 on another-host/.test(e.message) && e.message.includes(`delete ${join(d, LOCK_FILE)}`));
    writeFileSync(join(d, LOCK_FILE), 'not json');
    assert.throws(() => lockFolder(d), (e: unknown) => e instanceof FolderBusy && /unreadable lock file/.test(e.message));
  });

  it('a folder that is a file, or missing, is a FolderProblem, not a raw system error', () => {
    const d = dir('notdir');
    writeFileSync(join(d, 'file'), '');
    assert.throws(() => lockFolder(join(d, 'file')), (e: unknown) => e instanceof FolderProblem && /is a file, not a folder/.test(e.message));
    assert.throws(() => lockFolder(join(d, 'missing')), (e: unknown) => e instanceof FolderProblem && /the folder does not exist \(ENOENT\)/.test(e.message));
  });
});

describe('the journal check that resume and merge share', () => {
  // 4 blocks of 50 replicates, with a null run and strata, one replicate failing.
  const base = { ...determinismOptions(), replicates: 200 };
  let finished: string;
  let reference: string;
  before(async () => {
    finished = dir('finished');
    await runDesign({ ...base, outDir: finished });
    reference = readText(join(finished, RESULT_FILE));
  });

  /** A copy of the finished run with its result removed and its journal lines edited. */
  const altered = (tag: string, edit: (lines: string[]) => string[]): string => {
    const d = dir(tag);
    cpSync(finished, d, { recursive: true });
    const lines = readText(join(d, JOURNAL_FILE)).split('\n').filter((l) => l !== '');
    writeFileSync(join(d, JOURNAL_FILE), edit(lines).join('\n') + '\n');
    writeFileSync(join(d, RESULT_FILE), '');
    return d;
  };
  const firstBlock = (lines: string[]): number => lines.findIndex((l) => l.includes('"type":"block"'));
  const withBlock = (lines: string[], change: (b: { acc: number[]; nullAcc: number[] | null; failures: { run: string; index: number; message: string }[] }) => void): string[] => {
    const i = firstBlock(lines);
    const b = JSON.parse(lines[i]);
    change(b);
    return lines.map((l, k) => (k === i ? JSON.stringify(b) : l));
  };

  /** Resume and merge both refuse the folder, with the same message, matching `pattern`. */
  async function bothRefuse(d: string, pattern: RegExp): Promise<void> {
    let resumeMessage = '';
    await assert.rejects(runDesign({ ...base, outDir: d, resume: true }), (e: unknown) => {
      resumeMessage = e instanceof Error ? e.message : '';
      return e instanceof FolderProblem && pattern.test(resumeMessage);
    });
    await assert.rejects(mergeShards([d]), (e: unknown) => e instanceof FolderProblem && e.message === resumeMessage);
    assert.equal(readText(join(d, RESULT_FILE)), '', 'nothing written');
  }

  it('an altered copy of a journalled block is refused, naming both lines', async () => {
    const d = altered('dup', (lines) => {
      const b = JSON.parse(lines[firstBlock(lines)]);
      b.acc[b.acc.length - 1] += 1;
      return [...lines, JSON.stringify(b)];
    });
    await bothRefuse(d, /journal\.jsonl:\d+: design 0, block 0 is journalled again \(first at line \d+\) with different contents; .*Delete that line and resume/);
  });

  it('an identical copy of a block is accepted, and the resumed result is the plain one', async () => {
    const d = altered('same', (lines) => [...lines, lines[firstBlock(lines)]]);
    await runDesign({ ...base, outDir: d, resume: true });
    assert.equal(readText(join(d, RESULT_FILE)), reference);
  });

  it('a tally of -5 is refused', async () => {
    const d = altered('minus5', (lines) => withBlock(lines, (b) => (b.acc[2] = -5)));
    await bothRefuse(d, /design 0, block 0: tally 2 is -5, not a count from 0 to 50/);
  });

  it('a tally of 1e308 is refused, as a count and as a mean', async () => {
    await bothRefuse(
      altered('huge', (lines) => withBlock(lines, (b) => (b.acc[1] = 1e308))),
      /design 0, block 0: tally 1 is 1e\+308, not a count from 0 to 50/,
    );
    // The first moment triple (n, mean, M2) with values: its mean.
    await bothRefuse(
      altered('hugeMean', (lines) => {
        const slots = accumulatorLayout(JSON.parse(lines.find((l) => l.includes('"type":"layout"')) ?? '').layout);
        return withBlock(lines, (b) => {
          const n = b.acc.findIndex((x, k) => slots.kinds[k] === 1 && x > 0);
          b.acc[n + 1] = 1e308;
        });
      }),
      /design 0, block 0: tally \d+ is 1e\+308, not the mean of \d+ estimates/,
    );
  });

  it('a block whose replicates do not add up, or whose null tallies are missing, or with a failure from another block, is refused', async () => {
    await bothRefuse(
      altered('count', (lines) => withBlock(lines, (b) => (b.acc[0] -= 1))),
      /design 0, block 0: 48 replicates accumulated and 1 failed, where the block has 50/,
    );
    await bothRefuse(altered('nonull', (lines) => withBlock(lines, (b) => (b.nullAcc = null))), /design 0, block 0: the null run's tallies are missing/);
    await bothRefuse(
      altered('elsewhere', (lines) => withBlock(lines, (b) => (b.failures = [{ run: 'alternative', index: 120, message: 'x' }]))),
      /design 0, block 0: a failure of replicate 120, which is not in this block \(0 to 49\)/,
    );
  });

  it('readJournal itself is the check: the same folder read directly is refused the same way', () => {
    const d = altered('direct', (lines) => withBlock(lines, (b) => (b.acc[2] = -5)));
    assert.throws(() => readJournal(d), /tally 2 is -5/);
  });
});
