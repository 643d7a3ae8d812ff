// trialsim serve's server, over HTTP on 127.0.0.1 (no browser): the key,
// files outside the folder, the body limit, work it refuses before running,
// located problems for bad input with the server staying up, and the plots of
// a run under way folded from its journal as the final result is. Plain unit
// tests; the run is the engine's own (runScenario), small.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { JOURNAL_FILE } from '../../src/engine/journal.js';
import { insideFolder } from '../../src/serve/paths.js';
import { finishedPlots, partialPlots, partialResult, settingsDiff } from '../../src/serve/plots.js';
import { DEFAULT_MAX_PATIENTS, MAX_BODY_BYTES, startServer, TOKEN_HEADER, type RunningServer } from '../../src/serve/server.js';
import { validateScenario } from '../../src/api/validate.js';
import { removeDir, SCENARIOS, SMALL, tempDir } from '../cli/helpers.js';
import { patientsOf } from '../../src/serve/runs.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One raw HTTP request (the path sent as written: no client-side normalising of ../). */
function http(server: RunningServer, method: string, path: string, options: { key?: 'header' | 'cookie' | 'none' | string; body?: string | Buffer } = {}): Promise<Answer> {
  const url = new URL(server.origin);
  const headers: Record<string, string> = {};
  const key = options.key ?? 'header';
  if (key === 'header') headers[TOKEN_HEADER] = server.token;
  else if (key === 'cookie') headers.cookie = `trialsim_key=${server.token}`;
  else if (key !== 'none') headers[TOKEN_HEADER] = key;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(Buffer.byteLength(options.body));
  }
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

const json = (a: Answer): Record<string, unknown> => JSON.parse(a.body) as Record<string, unknown>;

/** Poll the run under way until it is no longer busy (the engine's run ends by itself; bounded by the test runner's timeout). */
async function untilSettled(server: RunningServer): Promise<Record<string, unknown>> {
  for (;;) {
    const state = json(await http(server, 'GET', '/api/run')) as { run: { status: string } };
    if (!['starting', 'truth', 'running', 'rendering'].includes(state.run.status)) return state;
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('trialsim serve — the server (unit tests over HTTP on 127.0.0.1)', () => {
  let dir = '';
  let server: RunningServer;
  before(async () => {
    dir = tempDir('serve');
    mkdirSync(join(dir, 'inside'));
    writeFileSync(join(dir, 'inside', 'note.txt'), 'inside the folder');
    writeFileSync(join(dir, '..', `outside-${dir.split('/').pop()}.txt`), 'outside the folder');
    symlinkSync('/etc', join(dir, 'inside', 'etc-link'));
    server = await startServer({ folder: dir, maxPatients: 50_000_000 });
  });
  after(async () => {
    await server.close();
    removeDir(dir);
    removeDir(join(dir, '..', `outside-${dir.split('/').pop()}.txt`));
  });

  it('listens on 127.0.0.1 only, on a free port, and prints an address with a key of 43 random characters', () => {
    assert.match(server.origin, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.match(server.url, new RegExp(`^${server.origin}/\\?key=[A-Za-z0-9_-]{43}$`));
  });

  it('refuses every request without the key (403), whatever the address; a wrong key too', async () => {
    for (const path of ['/', '/index.html', '/app.js', '/api/schema', '/api/run', '/api/runs', '/files/inside/note.txt', '/nothing']) {
      const a = await http(server, 'GET', path, { key: 'none' });
      assert.equal(a.status, 403, path);
      assert.match(json(a).error as string, /forbidden/);
      assert.equal((await http(server, 'GET', path, { key: 'x'.repeat(43) })).status, 403, `${path} with a wrong key`);
    }
    const post = await http(server, 'POST', '/api/run', { key: 'none', body: JSON.stringify({ text: SMALL }) });
    assert.equal(post.status, 403);
    assert.equal(existsSync(join(dir, 'results')), false, 'nothing ran');
  });

  it('the printed address sets the key as an HttpOnly, SameSite=Strict cookie and sends the page on without it; the cookie then opens the app', async () => {
    const a = await http(server, 'GET', `/?key=${server.token}`, { key: 'none' });
    assert.equal(a.status, 303);
    assert.equal(a.headers.location, '/');
    assert.deepEqual(a.headers['set-cookie'], [`trialsim_key=${server.token}; HttpOnly; SameSite=Strict; Path=/`]);
    const page = await http(server, 'GET', '/', { key: 'cookie' });
    assert.equal(page.status, 200);
    assert.match(page.body, /<div id="app">/);
  });

  it('a strict CSP on every answer: only its own scripts (no inline, no eval), nothing remote; the page loads nothing from elsewhere', async () => {
    const page = await http(server, 'GET', '/');
    const csp = page.headers['content-security-policy'] as string;
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self';/);
    assert.doesNotMatch(csp, /unsafe-eval|https?:|\*/);
    assert.doesNotMatch(page.body, /<script>|(src|href)="(https?:)?\/\//);
    const js = await http(server, 'GET', '/app.js');
    assert.equal(js.status, 200);
    assert.ok(js.body.length > 100_000, 'the bundle is served');
    assert.equal((await http(server, 'GET', '/api/schema')).headers['content-security-policy'], csp);
  });

  it('serves files of the folder, and nothing outside it: ../, encoded ../, absolute paths and links out are refused', async () => {
    const ok = await http(server, 'GET', '/files/inside/note.txt');
    assert.equal(ok.status, 200);
    assert.equal(ok.body, 'inside the folder');
    const outside = `outside-${dir.split('/').pop()}.txt`;
    for (const path of [
      `/files/../${outside}`,
      `/files/inside/../../${outside}`,
      `/files/%2e%2e/${outside}`,
      `/files/inside%2f..%2f..%2f${outside}`,
      `/files/..%5c${outside}`,
      '/files/%2fetc%2fpasswd',
      '/files//etc/passwd',
      '/files/inside/etc-link/passwd',
      '/files/inside/note.txt%00.html',
      '/../../../etc/passwd',
    ]) {
      const a = await http(server, 'GET', path);
      assert.ok(a.status === 404 || a.status === 400, `${path}: ${a.status}`);
      assert.doesNotMatch(a.body, /outside the folder|root:/, path);
    }
  });

  it('insideFolder: the same rule as a function', () => {
    assert.equal(insideFolder(dir, 'inside/note.txt'), join(dir, 'inside', 'note.txt'));
    assert.equal(insideFolder(dir, '../x'), null);
    assert.equal(insideFolder(dir, '%2e%2e/x'), null);
    assert.equal(insideFolder(dir, '/etc/passwd'), null);
    assert.equal(insideFolder(dir, 'inside/etc-link/passwd'), null);
    assert.equal(insideFolder(dir, 'a%00b'), null);
    assert.equal(insideFolder(dir, '%E0%A4%A'), null);
  });

  it('refuses a body over the limit (413) and keeps serving', async () => {
    const big = JSON.stringify({ text: `name: x\n# ${'y'.repeat(MAX_BODY_BYTES)}\n` });
    const a = await http(server, 'POST', '/api/validate', { body: big });
    assert.equal(a.status, 413);
    assert.match(json(a).error as string, /request body too large/);
    assert.equal((await http(server, 'GET', '/api/schema')).status, 200);
  });

  it('bad YAML: located problems from the CLI’s validator, the same as trialsim validate; bad JSON is a 400; the server stays up', async () => {
    const text = 'name: broken\nreplicates: [1\nseed: 3\n';
    const a = await http(server, 'POST', '/api/validate', { body: JSON.stringify({ text }) });
    assert.equal(a.status, 200);
    const v = validateScenario({ text, file: 'scenario.yaml' });
    assert.equal(v.ok, false);
    const body = json(a) as { ok: boolean; errors: { line: number; col: number }[]; messages: string[] };
    assert.equal(body.ok, false);
    assert.deepEqual(body.messages, v.ok ? [] : v.messages);
    assert.ok(body.errors.length > 0 && body.errors.every((e) => e.line >= 1 && e.col >= 1));

    const typo = SMALL.replace('seed: 11', 'seed: 11\ndescripton: a typo');
    const t = json(await http(server, 'POST', '/api/validate', { body: JSON.stringify({ text: typo }) })) as { messages: string[] };
    assert.deepEqual(t.messages, ['scenario.yaml:3:1 descripton: unknown key "descripton"; did you mean "description"?']);

    const run = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: typo }) });
    assert.equal(run.status, 400);
    assert.match(json(run).error as string, /^scenario\.yaml:3:1 descripton: unknown key/);
    for (const bad of ['{', '[]', '"x"', JSON.stringify({ text: 3 }), JSON.stringify({ text: SMALL, replicates: -1 })]) {
      assert.equal((await http(server, 'POST', '/api/run', { body: bad })).status, 400, bad);
    }
    assert.equal((await http(server, 'GET', '/api/schema')).status, 200);
    assert.equal(existsSync(join(dir, 'results')), false, 'nothing ran');
  });

  it('refuses unbounded work before it runs: more simulated patients than --max-patients, and what the memory limits refuse; nothing is written', async () => {
    const a = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: SMALL, replicates: 10_000_000, truth: false }) });
    assert.equal(a.status, 400);
    // 10^7 replicates x (40 + 80 patients) x 2 (null run)
    assert.match(json(a).error as string, /asks for 2,400,000,000 simulated patients .* more than this server runs \(50,000,000\)/);
    // The CLI's memory check (src/api/limits.ts), in runScenario itself, answered as a refusal: here with a budget of 1 MB.
    process.env.TRIALSIM_MEMORY_LIMIT = '1MB';
    let b: Answer;
    try {
      b = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: SMALL, replicates: 100, truth: false }) });
    } finally {
      delete process.env.TRIALSIM_MEMORY_LIMIT;
    }
    assert.equal(b.status, 400, b.body);
    assert.match(json(b).error as string, /1 MB|1,048,576|memory/i);
    assert.equal(existsSync(join(dir, 'results')), false, 'nothing written');
    assert.equal(json(await http(server, 'GET', '/api/run')), null, 'no run state');
  });

  it('runs through the engine into results/ as trialsim run does, with a report, plots and its saved scenario; a second start while one runs is refused', async () => {
    const a = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: SMALL, replicates: 300, truth: false }) });
    assert.equal(a.status, 202, a.body);
    const busy = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: SMALL, replicates: 100, truth: false }) });
    const settled = (await untilSettled(server)) as { run: { status: string; name: string; done: number; total: number; outDir: string } };
    assert.ok(busy.status === 409 || (busy.status === 202 && settled.run.status === 'done'), `${busy.status} ${busy.body}`);
    assert.equal(settled.run.status, 'done');
    const runDir = join(dir, 'results', settled.run.name);
    for (const f of ['journal.jsonl', 'result.json', 'scenario.yaml', 'run.json', 'summary.json', 'report.html']) assert.ok(existsSync(join(runDir, f)), f);
    const runs = json(await http(server, 'GET', '/api/runs')) as unknown as { name: string; finished: boolean; report: boolean }[];
    assert.ok(runs.some((r) => r.name === settled.run.name && r.finished && r.report));
    const report = await http(server, 'GET', `/files/results/${settled.run.name}/report.html`);
    assert.equal(report.status, 200);
    assert.match(report.headers['content-security-policy'] as string, /sandbox/);
    const plots = json(await http(server, 'GET', `/api/runs/${settled.run.name}/plots`)) as { power: { data: { values: unknown[] } } | null; designs: { drawn: number; total: number } };
    assert.deepEqual(plots.designs, { drawn: 2, total: 2 });
    assert.equal(plots.power?.data.values.length, 4, '2 design points x 2 analyses');
    const saved = await http(server, 'GET', `/api/runs/${settled.run.name}/scenario`);
    assert.match(saved.body, /name: small/);
    assert.equal((await http(server, 'GET', '/api/runs/..%2f..%2fetc/scenario')).status, 404);
  });

  it('compare: power of two runs overlaid (a colour per run) and the settings that differ', async () => {
    const a = await http(server, 'POST', '/api/run', { body: JSON.stringify({ text: SMALL.replace('seed: 11', 'seed: 12'), replicates: 300, truth: false }) });
    assert.equal(a.status, 202, a.body);
    await untilSettled(server);
    const names = (json(await http(server, 'GET', '/api/runs')) as unknown as { name: string; finished: boolean }[]).filter((r) => r.finished).map((r) => r.name);
    assert.equal(names.length, 2);
    const c = json(await http(server, 'GET', `/api/compare?runs=${names.join(',')}`)) as { power: { data: { values: { run: string }[] } }; diff: { key: string; values: string[] }[] };
    assert.deepEqual([...new Set(c.power.data.values.map((v) => v.run))].sort(), [...names].sort());
    assert.deepEqual(
      c.diff.map((d) => d.key),
      ['seed'],
    );
    assert.equal((await http(server, 'GET', `/api/compare?runs=${names[0]}`)).status, 400);
  });

  it('plots of a run under way: the journal’s finished prefix folded as the result is (a journal cut after the first design’s blocks draws 1 of 2 design points, with the same numbers)', async () => {
    const runsDir = join(dir, 'results');
    const name = readdirSync(runsDir)[0];
    const full = join(runsDir, name);
    const part = join(dir, 'partial');
    mkdirSync(part);
    const lines = readFileSync(join(full, JOURNAL_FILE), 'utf8').split('\n').filter((l) => l !== '');
    const kept = lines.filter((l) => {
      const x = JSON.parse(l) as { type: string; design?: number };
      return x.type === 'header' || x.design === 0;
    });
    assert.ok(kept.length < lines.length);
    writeFileSync(join(part, JOURNAL_FILE), kept.join('\n') + '\n');
    const v = validateScenario(join(full, 'scenario.yaml'));
    assert.ok(v.ok);
    const plots = partialPlots(part, v.scenario);
    assert.deepEqual(plots?.designs, { drawn: 1, total: 2 });
    const finalRows = (finishedPlots(full).power as unknown as { data: { values: { design: string; series: string; power: number }[] } }).data.values;
    const partRows = (plots?.power as unknown as { data: { values: { design: string; series: string; power: number }[] } }).data.values;
    assert.equal(partRows.length, 2);
    for (const r of partRows) assert.equal(r.power, finalRows.find((f) => f.design === r.design && f.series === r.series)?.power);
    // A torn last line (a block being written) is left out, not an error.
    writeFileSync(join(part, JOURNAL_FILE), kept.join('\n') + '\n{"type":"blo');
    assert.equal(partialResult(part)?.result.designs.length, 1);
    // Before the first block: nothing to draw.
    writeFileSync(join(part, JOURNAL_FILE), kept[0] + '\n');
    assert.equal(partialPlots(part, v.scenario), null);
  });

  it('the default cap on work admits every shipped scenario at its own replicates', () => {
    for (const f of readdirSync(SCENARIOS)) {
      const v = validateScenario(join(SCENARIOS, f));
      assert.ok(v.ok, f);
      const patients = patientsOf(v.designs, v.scenario.replicates);
      assert.ok(patients > 0 && patients * 100 <= DEFAULT_MAX_PATIENTS, `${f}: ${patients}`);
    }
  });

  it('settingsDiff: key paths whose values differ, a missing key as null', () => {
    assert.deepEqual(settingsDiff([{ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 3] }, d: 'x' }]), [
      { key: 'b.c', values: ['[1,2]', '[1,3]'] },
      { key: 'd', values: [null, '"x"'] },
    ]);
  });
});

/** Read the run's event stream (GET /api/run/events) until `enough` says so; the parsed events in order. */
function readEvents(server: RunningServer, key: 'cookie' | 'none', enough: (events: unknown[]) => boolean): Promise<{ status: number; type: string; events: unknown[] }> {
  const url = new URL(server.origin);
  const headers: Record<string, string> = key === 'cookie' ? { cookie: `trialsim_key=${server.token}` } : {};
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path: '/api/run/events', headers }, (res) => {
      const events: unknown[] = [];
      let buffer = '';
      const done = (): void => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), events });
      };
      if (res.statusCode !== 200) {
        res.resume();
        res.on('end', done);
        return;
      }
      res.setEncoding('utf8').on('data', (chunk: string) => {
        buffer += chunk;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const data = block.split('\n').filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
          events.push(JSON.parse(data));
          if (enough(events)) return done();
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe('trialsim serve — the run’s progress as Server-Sent Events (unit tests over HTTP)', () => {
  let dir = '';
  let server: RunningServer;
  before(async () => {
    dir = tempDir('serve-events');
    server = await startServer({ folder: dir, taskDelayMs: 50 });
  });
  after(async () => {
    await server.close();
    removeDir(dir);
  });

  type Event = { run: { status: string; done: number; total: number; name: string }; plots: { designs: { drawn: number; total: number } } | null } | null;

  it('the event stream needs the key as every address does (403 without it)', async () => {
    const refused = await readEvents(server, 'none', () => true);
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.events, []);
  });

  it('sends the state at once (null before a first run), then its changes: progress that only grows, to done with its plots', async () => {
    const first = await readEvents(server, 'cookie', () => true);
    assert.equal(first.status, 200);
    assert.match(first.type, /^text\/event-stream/);
    assert.deepEqual(first.events, [null]);
    const following = readEvents(server, 'cookie', (es) => {
      const last = es[es.length - 1] as Event;
      return last !== null && ['done', 'failed', 'cancelled'].includes(last.run.status);
    });
    const started = await server.runs.start({ text: SMALL, replicates: 400, truth: false });
    assert.ok(started.ok);
    const { events } = await following;
    const states = (events as Event[]).filter((e) => e !== null).map((e) => e!);
    const last = states[states.length - 1];
    assert.equal(last.run.status, 'done');
    assert.equal(last.run.done, last.run.total);
    assert.deepEqual(last.plots?.designs, { drawn: 2, total: 2 });
    assert.ok(states.some((s) => s.run.status === 'running' && s.run.done < s.run.total), 'seen under way');
    for (let i = 1; i < states.length; i++) assert.ok(states[i].run.done >= states[i - 1].run.done, 'progress only grows');
    // A page that comes (back) after the end is sent the last state at once.
    const after = await readEvents(server, 'cookie', () => true);
    assert.equal((after.events[0] as Event)?.run.status, 'done');
  });
});
