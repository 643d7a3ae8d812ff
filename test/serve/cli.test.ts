// trialsim serve from the command line, and a run the app stopped taken up by
// the CLI: unit tests through the built CLI (child processes that end by
// themselves), and an in-process server whose engine tasks are slowed so the
// run can be cancelled part-way.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, TOKEN_HEADER } from '../../src/serve/server.js';
import { cli, cliAsync, removeDir, SMALL, tempDir } from '../cli/helpers.js';

const dirs: string[] = [];
const fresh = (tag: string): string => {
  const d = tempDir(tag);
  dirs.push(d);
  return d;
};
after(() => dirs.forEach(removeDir));

describe('trialsim serve — the command (unit tests through the built CLI)', () => {
  it('--check: starts on 127.0.0.1, loads the page, bundle, schema and scenarios with the key, stops, exit 0', () => {
    const r = cli(['serve', '.', '--check'], fresh('serve-check'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^trialsim serve --check: the app loads \(the page, its bundle, the schema and the shipped scenarios: [\d,]+ bytes from http:\/\/127\.0\.0\.1:\d+\); stopped\n$/);
    assert.equal(r.stderr, '');
  });

  it('--host elsewhere than loopback: a warning on stderr (the key is checked whatever the host: server.test.ts)', () => {
    const r = cli(['serve', '.', '--host', '0.0.0.0', '--check'], fresh('serve-host'));
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^trialsim serve: warning: listening on 0\.0\.0\.0, not only on this machine/);
  });

  it('bad options and folders: one line, exit 2', () => {
    const cwd = fresh('serve-bad');
    for (const args of [['serve', 'no-such-folder'], ['serve', '.', '--port', '70000'], ['serve', '.', '--max-patients', '0']]) {
      const r = cli(args, cwd);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    }
  });

  it('without --check: prints the address with its key and serves until SIGTERM, then exits 0', async () => {
    const cwd = fresh('serve-run');
    const child = cliAsync(['serve', '.'], cwd);
    let url = '';
    // The address is printed once it listens (bounded: the test runner's timeout).
    while (url === '') {
      await new Promise((r) => setTimeout(r, 100));
      const m = /open (http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/.exec(child.stdout());
      if (m?.[1] !== undefined) url = m[1];
    }
    const origin = new URL(url).origin;
    const key = new URL(url).searchParams.get('key') ?? '';
    assert.equal((await fetch(`${origin}/api/runs`)).status, 403);
    const ok = await fetch(`${origin}/api/runs`, { headers: { [TOKEN_HEADER]: key } });
    assert.equal(ok.status, 200);
    assert.deepEqual(await ok.json(), []);
    child.kill('SIGTERM');
    const r = await child.done;
    assert.equal(r.code, 0, r.stderr);
  });
});

describe('trialsim serve --open', () => {
  it('runs the opener with the printed address (TRIALSIM_OPEN names the program: here a script that writes its arguments down)', async () => {
    const cwd = fresh('serve-open');
    const opener = join(cwd, 'opener.sh');
    const written = join(cwd, 'opened.txt');
    writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$@" > "${written}.part" && mv "${written}.part" "${written}"\n`);
    chmodSync(opener, 0o755);
    const child = cliAsync(['serve', '.', '--open'], cwd, { TRIALSIM_OPEN: opener });
    try {
      // Written once the server listens and has started the opener (bounded: the test runner's timeout).
      while (!existsSync(written)) await new Promise((r) => setTimeout(r, 100));
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/.exec(child.stdout())?.[1];
      assert.ok(url !== undefined, child.stdout());
      assert.equal(readFileSync(written, 'utf8'), `${url}\n`, 'one argument: the address with its key');
    } finally {
      child.kill('SIGTERM');
    }
    const r = await child.done;
    assert.equal(r.code, 0, r.stderr);
  });

  it('an opener that cannot be started: a line on stderr, and the server goes on', async () => {
    const cwd = fresh('serve-open-missing');
    const child = cliAsync(['serve', '.', '--open'], cwd, { TRIALSIM_OPEN: join(cwd, 'no-such-program') });
    try {
      while (!/could not start/.test(child.stderr())) await new Promise((r) => setTimeout(r, 100));
      const url = /open (http:\/\/127\.0\.0\.1:\d+\/\?key=\S+)/.exec(child.stdout())?.[1] ?? '';
      const key = new URL(url).searchParams.get('key') ?? '';
      assert.equal((await fetch(`${new URL(url).origin}/api/runs`, { headers: { [TOKEN_HEADER]: key } })).status, 200);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal((await child.done).code, 0);
  });
});

describe('a run the app cancelled, resumed by the app and finished by trialsim run --resume; trialsim report renders it', () => {
  it('the journal kept by Cancel is the CLI’s: run --resume finishes it and report renders it', async () => {
    const dir = fresh('serve-resume');
    const server = await startServer({ folder: dir, taskDelayMs: 300 });
    try {
      const start = await server.runs.start({ text: SMALL, replicates: 2000, truth: false });
      assert.ok(start.ok);
      // Wait for a first block in the journal, then cancel.
      while ((server.runs.state()?.run.done ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
      assert.ok(server.runs.cancel());
      await server.runs.close();
      assert.equal(server.runs.state()?.run.status, 'cancelled');
    } finally {
      await server.close();
    }
    const name = readdirSync(join(dir, 'results'))[0];
    const out = join('results', name);
    assert.ok(existsSync(join(dir, out, 'journal.jsonl')));
    assert.equal(existsSync(join(dir, out, 'result.json')), false);
    const r = cli(['run', join(out, 'scenario.yaml'), '--no-truth', '--out', out, '--resume'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(existsSync(join(dir, out, 'result.json')));
    const rep = cli(['report', out], dir);
    assert.equal(rep.code, 0, rep.stderr);
    assert.ok(existsSync(join(dir, out, 'report.html')));
  });

  it('a run that fails part-way (its folder removed under it) is reported as failed, with the engine’s message; the server goes on', async () => {
    const dir = fresh('serve-fail');
    const server = await startServer({ folder: dir, taskDelayMs: 300 });
    try {
      const start = await server.runs.start({ text: SMALL, replicates: 1000, truth: false });
      assert.ok(start.ok);
      while ((server.runs.state()?.run.done ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
      rmSync(join(dir, 'results'), { recursive: true, force: true });
      while (server.runs.busy()) await new Promise((r) => setTimeout(r, 50));
      const run = server.runs.state()?.run;
      assert.equal(run?.status, 'failed');
      assert.match(run?.message ?? '', /could not (be )?writ|ENOENT|no such file/i);
      const again = await server.runs.start({ text: SMALL, replicates: 100, truth: false });
      assert.ok(again.ok);
      while (server.runs.busy()) await new Promise((r) => setTimeout(r, 50));
      assert.equal(server.runs.state()?.run.status, 'done');
    } finally {
      await server.close();
    }
  });

  it('started again in the app, a cancelled run resumes in its folder (no second folder)', async () => {
    const dir = fresh('serve-resume-app');
    const server = await startServer({ folder: dir, taskDelayMs: 300 });
    try {
      assert.ok((await server.runs.start({ text: SMALL, replicates: 1000, truth: false })).ok);
      while ((server.runs.state()?.run.done ?? 0) === 0) await new Promise((r) => setTimeout(r, 50));
      server.runs.cancel();
      await server.runs.close();
      const again = await server.runs.start({ text: SMALL, replicates: 1000, truth: false });
      assert.ok(again.ok);
      while (server.runs.busy()) await new Promise((r) => setTimeout(r, 50));
      assert.equal(server.runs.state()?.run.status, 'done', server.runs.state()?.run.message ?? '');
      assert.equal(readdirSync(join(dir, 'results')).length, 1);
    } finally {
      await server.close();
    }
  });
});
