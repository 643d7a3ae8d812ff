// trialsim run / report / merge end to end, through the built CLI. The
// determinism claims are checked byte for byte on result.json: a run
// interrupted by SIGINT and resumed, and a run in two shards merged, against
// the same run done in one go.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliAsync, lastLine, removeDir, SMALL, tempDir, writeFile } from './helpers.js';

const cwd = tempDir('run');
after(() => removeDir(cwd));
const scenario = writeFile(cwd, 'small.yaml', SMALL);
const read = (path: string): string => readFileSync(path, 'utf8');

/** The flags every run of this file shares: small, no truth, 4 blocks of 50 per design. */
const COMMON = ['--replicates', '200', '--block-size', '50', '--no-truth'];

describe('trialsim run — end to end through the built CLI', () => {
  const out = join(cwd, 'plain');
  let r: ReturnType<typeof cli>;
  before(() => {
    r = cli(['run', scenario, ...COMMON, '--workers', '1', '--out', out], cwd);
  });

  it('exits 0 and its last line names the report', () => {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(lastLine(r.stdout), `Report: ${join(out, 'report.html')}`);
  });

  it('writes the journal, result, resolved scenario, run description, summaries and report', () => {
    for (const f of ['journal.jsonl', 'result.json', 'scenario.yaml', 'run.json', 'summary.json', 'summary.csv', 'report.html']) {
      assert.ok(existsSync(join(out, f)), `${f} written`);
    }
  });

  it('summary.json parses and holds both design points and analyses', () => {
    const s: unknown = JSON.parse(read(join(out, 'summary.json')));
    assert.ok(typeof s === 'object' && s !== null && 'designs' in s && Array.isArray(s.designs));
    assert.deepEqual(
      s.designs.map((d: { id: string; analyses: { id: string }[] }) => [d.id, d.analyses.map((a) => a.id)]),
      [
        ['design.n_per_arm=20', ['ttest', 'ancova']],
        ['design.n_per_arm=40', ['ttest', 'ancova']],
      ],
    );
  });

  it('prints power and type I error per design, and says the truth was skipped', () => {
    assert.match(r.stdout, /design\.n_per_arm=20 +ttest +0\.\d{3} ± 0\.\d{4} +0\.\d{3} ± 0\.\d{4}/);
    assert.match(r.stdout, /Truth skipped \(--no-truth\): bias, RMSE and coverage are not reported\./);
  });

  it('the same command again on the finished run recomputes nothing: same result.json, exit 0', () => {
    const before = read(join(out, 'result.json'));
    const journal = read(join(out, 'journal.jsonl'));
    const again = cli(['run', scenario, ...COMMON, '--out', out], cwd);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already holds this run, finished: nothing is recomputed/);
    assert.equal(read(join(out, 'result.json')), before);
    assert.equal(read(join(out, 'journal.jsonl')), journal, 'no block recomputed or appended');
  });

  it('a different run into that folder is refused (exit 2) and leaves its files alone', () => {
    const scenarioYaml = read(join(out, 'scenario.yaml'));
    const other = cli(['run', scenario, ...COMMON, '--seed', '99', '--out', out], cwd);
    assert.equal(other.code, 2);
    assert.match(other.stderr, /different run/);
    assert.equal(read(join(out, 'scenario.yaml')), scenarioYaml);
  });

  it('trialsim report re-renders byte-identical summary files from result.json and scenario.yaml', () => {
    const before = { json: read(join(out, 'summary.json')), csv: read(join(out, 'summary.csv')) };
    rmSync(join(out, 'summary.json'));
    rmSync(join(out, 'summary.csv'));
    const rep = cli(['report', out], cwd);
    assert.equal(rep.code, 0, rep.stderr);
    assert.equal(lastLine(rep.stdout), `Report: ${join(out, 'report.html')}`);
    assert.equal(read(join(out, 'summary.json')), before.json);
    assert.equal(read(join(out, 'summary.csv')), before.csv);
  });

  it('report on a folder without a result: one line, exit 2', () => {
    const rep = cli(['report', cwd], cwd);
    assert.equal(rep.code, 2);
    assert.match(rep.stderr, /holds no result\.json/);
  });

  it('the default output folder is results/<scenario name>-<hash>, and the truth is computed by default', () => {
    const d = cli(['run', scenario, '--replicates', '200', '--truth-population', '2000', '--set', 'sweep.design.n_per_arm=[30]'], cwd);
    assert.equal(d.code, 0, d.stderr);
    const runs = readdirSync(join(cwd, 'results'));
    assert.equal(runs.length, 1);
    assert.match(runs[0], /^small-[0-9a-f]{8}$/);
    assert.equal(lastLine(d.stdout), `Report: ${join('results', runs[0], 'report.html')}`);
    // The parametric model's mean difference is known exactly: no population is simulated.
    assert.doesNotMatch(d.stderr, /computing the true estimands/);
    assert.match(d.stdout, /Truth for bias, RMSE and coverage: exact \(closed form, or 0 under the null\) for every estimand/);
    const result = JSON.parse(read(join(cwd, 'results', runs[0], 'result.json')));
    assert.deepEqual(result.designs[0].alternative.analyses[0].estimation.truth, { value: -5, se: 0, source: 'closed_form' });
  });
});

describe('run interrupted by SIGINT, then --resume — byte-identical result.json to an uninterrupted run', () => {
  it('exits 130 saying how to resume, and the resumed result equals the plain one', async () => {
    const plain = join(cwd, 'plain-ref');
    const ref = cli(['run', scenario, ...COMMON, '--workers', '1', '--out', plain], cwd);
    assert.equal(ref.code, 0, ref.stderr);

    const out = join(cwd, 'interrupted');
    // Slow tasks (300 ms each) so the signal lands mid-run; sent once a block is journalled.
    const child = cliAsync(['run', scenario, ...COMMON, '--workers', '2', '--task-delay', '300', '--out', out], cwd);
    const journal = join(out, 'journal.jsonl');
    for (let i = 0; i < 300; i++) {
      if (existsSync(journal) && read(journal).includes('"type":"block"')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill('SIGINT');
    const r = await child.done;
    assert.equal(r.code, 130, r.stderr);
    assert.match(r.stderr, /interrupted; (\d+) of 8 blocks are journalled in /);
    const done = Number(/interrupted; (\d+) of 8/.exec(r.stderr)?.[1]);
    assert.ok(done >= 1 && done < 8, `interrupted mid-run (${done} of 8 blocks)`);
    assert.match(r.stderr, /To finish the run: trialsim run .* --resume$/m);
    assert.equal(existsSync(join(out, 'result.json')), false, 'no result before the run is finished');

    const resumed = cli(['run', scenario, ...COMMON, '--workers', '2', '--out', out, '--resume'], cwd);
    assert.equal(resumed.code, 0, resumed.stderr);
    assert.equal(read(join(out, 'result.json')), read(join(plain, 'result.json')));
  });

  it('--resume of a folder without a journal: one line, exit 2', () => {
    const r = cli(['run', scenario, ...COMMON, '--out', join(cwd, 'empty'), '--resume'], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /nothing to resume/);
  });
});

describe('shards 1/2 and 2/2, then merge — byte-identical result.json to the plain run', () => {
  it('merges into the run folder named in the shards, with the same summary', () => {
    const args = ['run', scenario, ...COMMON, '--workers', '1'];
    for (const k of [1, 2]) {
      const s = cli([...args, '--shard', `${k}/2`], cwd);
      assert.equal(s.code, 0, s.stderr);
      assert.match(s.stdout, new RegExp(`^Shard ${k}/2: blocks \\d–\\d journalled in results/small-[0-9a-f]{8}-shard-${k}-of-2`));
    }
    const shards = readdirSync(join(cwd, 'results'))
      .filter((d) => d.includes('-shard-'))
      .sort()
      .map((d) => join('results', d));
    assert.equal(shards.length, 2);
    assert.equal(existsSync(join(cwd, shards[0], 'result.json')), false, 'a shard writes no result');
    const m = cli(['merge', ...shards], cwd);
    assert.equal(m.code, 0, m.stderr);
    const merged = lastLine(m.stdout).replace(/^Report: /, '').replace(/\/report\.html$/, '');
    assert.equal(merged, shards[0].replace(/-shard-1-of-2$/, ''));
    assert.equal(read(join(cwd, merged, 'result.json')), read(join(cwd, 'plain', 'result.json')));
    assert.equal(read(join(cwd, merged, 'summary.json')), read(join(cwd, 'plain', 'summary.json')));
  });

  it('merge of one shard of two: exit 2, naming the missing blocks', () => {
    const shard2 = readdirSync(join(cwd, 'results')).find((d) => d.endsWith('-shard-2-of-2'));
    assert.ok(shard2 !== undefined);
    const r = cli(['merge', join('results', shard2), '--out', join(cwd, 'half')], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot merge: blocks are missing[\s\S]*design design\.n_per_arm=20: blocks 0-1/);
  });

  it('merge of folders that are not shards: one line, exit 2', () => {
    const r = cli(['merge', join(cwd, 'nowhere')], cwd);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /holds no run journal/);
  });
});
