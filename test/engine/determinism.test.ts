// "Identical to the last digit of the written JSON": every way of running the
// same run is compared byte for byte with a plain one-worker run.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RunInterrupted } from '../../src/engine/errors.js';
import { JOURNAL_FILE } from '../../src/engine/journal.js';
import { mergeShards } from '../../src/engine/merge.js';
import { runDesign, runShard } from '../../src/engine/run.js';
import { RESULT_FILE, resultJson } from '../../src/engine/runResult.js';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { determinismOptions, readText, removeDir, tempDir } from './helpers.js';

const base = determinismOptions();
const dirs: string[] = [];
const dir = (tag: string): string => {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
};

describe('determinism — result.json byte-identical to a plain 1-worker run', () => {
  let reference: string;
  before(async () => {
    const out = dir('plain');
    const r = await runDesign({ ...base, workers: 1, taskBlocks: 1, outDir: out });
    reference = readText(join(out, RESULT_FILE));
    assert.equal(resultJson(r), reference, 'returned result = written result');
    assert.equal(r.designs[0].failures.count, 4);
  });
  after(() => dirs.forEach(removeDir));

  it('2 workers, 7 blocks per task', async () => {
    const out = dir('w2');
    await runDesign({ ...base, workers: 2, taskBlocks: 7, outDir: out });
    assert.equal(readText(join(out, RESULT_FILE)), reference);
  });

  it('no output folder (nothing journalled), 2 workers, default task size', async () => {
    const r = await runDesign({ ...base, workers: 2 });
    assert.equal(resultJson(r), reference);
  });

  it('shuffled completion order: early tasks delayed so later ones finish first', async () => {
    const out = dir('shuffled');
    const order: number[] = [];
    await runDesign({
      ...base,
      workers: 2,
      taskBlocks: 3,
      outDir: out,
      hooks: {
        taskDelayMs: (t) => (t.firstBlock === 0 ? 400 : t.firstBlock < 12 ? 30 : 0), // the first task finishes well after later ones
        onTaskComplete: (t) => order.push(t.firstBlock),
      },
    });
    assert.ok(order.some((b, i) => i > 0 && b < order[i - 1]), `completion order was not shuffled: ${order.join(',')}`);
    assert.equal(readText(join(out, RESULT_FILE)), reference);
  });

  it('interrupted after some tasks (with a torn last journal line), then resumed with other settings for workers and task size', async () => {
    const out = dir('resume');
    const controller = new AbortController();
    let completed = 0;
    await assert.rejects(
      runDesign({
        ...base,
        workers: 2,
        taskBlocks: 2,
        outDir: out,
        signal: controller.signal,
        hooks: {
          onTaskComplete: () => {
            if (++completed === 4) controller.abort();
          },
        },
      }),
      (e: unknown) => e instanceof RunInterrupted && /Run again with resume/.test(e.message) && e.blocksDone >= 8 && e.blocksDone < 40,
    );
    const journal = readText(join(out, JOURNAL_FILE));
    const blockLines = journal.split('\n').filter((l) => l.includes('"type":"block"')).length;
    assert.ok(blockLines >= 8 && blockLines < 40, `${blockLines} blocks journalled`);
    appendFileSync(join(out, JOURNAL_FILE), '{"type":"block","design":0,"blo'); // a crash mid-write
    await runDesign({ ...base, workers: 1, taskBlocks: 5, outDir: out, resume: true });
    assert.equal(readText(join(out, RESULT_FILE)), reference);
    // Resuming a finished run recomputes nothing and rewrites the same result.
    await runDesign({ ...base, workers: 2, outDir: out, resume: true });
    assert.equal(readText(join(out, RESULT_FILE)), reference);
  });

  it('SIGINT to a running process (interruptOnSignals) stops it cleanly; resume finishes the run', async () => {
    const out = dir('sigint');
    const child = spawn(process.execPath, [fileURLToPath(new URL('./sigintChild.js', import.meta.url)), out], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        if (stdout.includes('progress')) resolve();
      }),
    );
    child.kill('SIGINT');
    assert.equal(await exited, 130, `child stdout: ${stdout}\nstderr: ${stderr}`);
    assert.match(stdout, /interrupted/);
    const blocks = readText(join(out, JOURNAL_FILE)).split('\n').filter((l) => l.includes('"type":"block"')).length;
    assert.ok(blocks >= 1 && blocks < 40, `${blocks} blocks journalled`);
    await runDesign({ ...base, workers: 2, outDir: out, resume: true });
    assert.equal(readText(join(out, RESULT_FILE)), reference);
  });

  it('resume refuses the journal of a different run, and a fresh run refuses a folder holding a journal', async () => {
    const out = dir('other');
    await runDesign({ ...base, replicates: 100, outDir: out });
    await assert.rejects(runDesign({ ...base, replicates: 100, seed: 1, outDir: out, resume: true }), /belongs to a different run/);
    await assert.rejects(runDesign({ ...base, replicates: 100, outDir: out }), /already holds a run journal/);
    await assert.rejects(runDesign({ ...base, outDir: dir('empty'), resume: true }), /nothing to resume/);
  });

  it('shards 1/3, 2/3, 3/3 merged; missing, duplicated and foreign shards reported', async () => {
    const shards = [1, 2, 3].map((k) => dir(`shard${k}`));
    const reports = await Promise.all(
      shards.map((out, i) => runShard({ ...base, designs: [{ id: 'design', spec: base.spec, nullSpec: base.nullSpec, truth: base.truth, nullTruth: base.nullTruth }], shard: { k: i + 1, n: 3 }, outDir: out, workers: 1, taskBlocks: 4 })),
    );
    assert.deepEqual(reports.map((r) => r.blocks), [{ from: 0, to: 13 }, { from: 13, to: 26 }, { from: 26, to: 40 }]);
    const merged = dir('merged');
    const m = await mergeShards(shards, { outDir: merged });
    assert.deepEqual(m.warnings, []);
    assert.equal(readText(join(merged, RESULT_FILE)), reference);

    await assert.rejects(mergeShards([shards[0], shards[2]]), /blocks are missing[\s\S]*design design: blocks 13-25/);
    const copy = dir('copy');
    cpSync(shards[1], copy, { recursive: true });
    const dup = await mergeShards([...shards, copy]);
    assert.equal(dup.warnings.length, 13);
    assert.match(dup.warnings[0], /block 13 is in more than one folder/);
    assert.equal(resultJson(dup.result), reference);

    const foreign = dir('foreign');
    await runShard({ ...base, seed: 99, designs: [{ id: 'design', spec: base.spec, nullSpec: base.nullSpec }], shard: { k: 2, n: 3 }, outDir: foreign, replicates: 200 });
    await assert.rejects(mergeShards([shards[0], foreign, shards[2]]), /cannot merge shards of different runs/);
  });

  it('the journal is JSON lines whose first line is the run identity', () => {
    const first = JSON.parse(readFileSync(join(dirs[0], JOURNAL_FILE), 'utf8').split('\n')[0]) as { type: string; identity: string };
    assert.equal(first.type, 'header');
    assert.equal(first.identity, (JSON.parse(reference) as { identity: string }).identity);
  });
});
