// trialsim serve: a local web server for the planning app.
//
//   browser ──token (cookie from the printed address, or header)──▶ this server
//      GET  /                 the app (dist/app: bundled at build time, nothing remote)
//      GET  /api/…            schema, shipped scenarios, past runs, plots, a run's other summary blocks, the run under way
//      POST /api/validate     the editor's text through the CLI's own loader: located problems
//      POST /api/run          a run through runScenario (runs.ts), one at a time; /api/run/cancel
//      GET  /api/run/events   the run's state as Server-Sent Events (progress, plots so far, its end)
//      GET  /files/…          files of the served folder (a run's report.html), nothing outside it
//
// Every answer carries a strict Content-Security-Policy; every request
// without the session's key is refused (403); request bodies are capped.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateScenario } from '../api/validate.js';
import { SERVE_MSG } from './messages.js';
import { insideFolder } from './paths.js';
import { comparePowerSpec, finishedPlots, finishedSummary, settingsDiff } from './plots.js';
import { EDITOR_FILE, RunManager, type StartRequest } from './runs.js';
import { extraBlocks } from './summaryBlocks.js';

/** The built app (dist/app), beside dist/src/serve/. */
export const APP_DIR = fileURLToPath(new URL('../../app/', import.meta.url));
/** The package's files: shipped scenarios and the scenario schema. */
const PACKAGE_DIR = fileURLToPath(new URL('../../../', import.meta.url));
export const SCENARIOS_DIR = join(PACKAGE_DIR, 'scenarios');
export const SCHEMA_FILE = join(PACKAGE_DIR, 'schemas', 'scenario.schema.json');

/** A request body is a scenario (at most 1 MB, MAX_SCENARIO_BYTES) and a few options. */
export const MAX_BODY_BYTES = 1024 * 1024 + 4096;
/**
 * Simulated patients a run may ask for, by default: a hundred times the most
 * a shipped scenario asks for (parametric_textbook, 1.84 million): 15 to 45
 * minutes on 2 cores (measured: about 200,000 patients a second for the
 * parametric model, 80,000 for ProDERM, without the truth).
 */
export const DEFAULT_MAX_PATIENTS = 200_000_000;

/** The run's event stream sends a state at most this often (progress of every block would be more than a page needs). */
export const EVENT_INTERVAL_MS = 200;

const COOKIE = 'trialsim_key';
export const TOKEN_HEADER = 'x-trialsim-key';

/** The app's policy: its own scripts only (no inline, no eval), styles its own or injected by the editor and the plots, nothing remote. */
export const APP_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; font-src 'self'; " +
  "frame-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";
/** Files of the folder (report.html): no script at all, as the report's own policy. */
const FILE_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; sandbox";

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.yaml': 'text/plain; charset=utf-8',
  '.jsonl': 'text/plain; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

export interface ServeOptions {
  /** The folder served: runs go to its results/, files are read from it only. */
  readonly folder: string;
  readonly host?: string;
  /** 0: a free port. */
  readonly port?: number;
  /** The session key (default: 32 random bytes); tests may give their own. */
  readonly token?: string;
  readonly maxPatients?: number;
  readonly maxBodyBytes?: number;
  /** Slow each engine task (tests that cancel a run mid-way). */
  readonly taskDelayMs?: number;
}

export interface RunningServer {
  /** The address to open, with the key. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  readonly server: Server;
  readonly runs: RunManager;
  /** Stop the run under way (journal kept), then the server. */
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const sameKey = (given: string | undefined, token: string): boolean => {
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
};

function cookieValue(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, csp = APP_CSP, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

const sendJson = (res: ServerResponse, status: number, value: unknown): void => send(res, status, JSON.stringify(value), TYPES['.json']);

/** The body as JSON, refused past `limit` bytes (counted as they arrive, not by Content-Length alone). */
function readJsonBody(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(413, SERVE_MSG.bodyTooLarge(limit)));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (c: Buffer) => {
      if (refused) return;
      size += c.length;
      if (size > limit) {
        refused = true;
        reject(new HttpError(413, SERVE_MSG.bodyTooLarge(limit)));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (refused) return;
      try {
        const x: unknown = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('not an object');
        resolve(x as Record<string, unknown>);
      } catch {
        reject(new HttpError(400, SERVE_MSG.badJson));
      }
    });
    req.on('error', reject);
  });
}

const optionalInteger = (x: unknown, name: string, min: number, max: number): number | undefined => {
  if (x === undefined || x === null || x === '') return undefined;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < min || x > max) throw new HttpError(400, SERVE_MSG.badInteger(name, min, max, x));
  return x;
};

function startRequest(body: Record<string, unknown>): StartRequest {
  if (typeof body.text !== 'string') throw new HttpError(400, SERVE_MSG.badJson);
  return {
    text: body.text,
    replicates: optionalInteger(body.replicates, 'replicates', 1, 10_000_000),
    seed: optionalInteger(body.seed, 'seed', 0, 4294967295),
    truth: body.truth === false ? false : true,
  };
}

/** The shipped scenarios: name and text. */
function shippedScenarios(): string[] {
  return existsSync(SCENARIOS_DIR) ? readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.yaml')).sort() : [];
}

/** Start the server; resolves once it listens. */
export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const folder = realpathSync(options.folder);
  const token = options.token ?? randomBytes(32).toString('base64url');
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  const runs = new RunManager({ folder, maxPatients: options.maxPatients ?? DEFAULT_MAX_PATIENTS, taskDelayMs: options.taskDelayMs });
  const app = realpathSync(APP_DIR);

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const fromQuery = url.searchParams.get('key') ?? undefined;
    const authorised = sameKey(cookieValue(req, COOKIE), token) || sameKey(req.headers[TOKEN_HEADER] as string | undefined, token) || sameKey(fromQuery, token);
    if (!authorised) {
      req.resume();
      throw new HttpError(403, SERVE_MSG.forbidden);
    }
    if (fromQuery !== undefined && method === 'GET' && path === '/') {
      // The printed address: the key moves into a cookie of this origin only, and out of the address bar.
      res.writeHead(303, { Location: '/', 'Set-Cookie': `${COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`, 'Content-Security-Policy': APP_CSP, 'Cache-Control': 'no-store' });
      res.end();
      return;
    }
    const get = method === 'GET' || method === 'HEAD';
    if (get && (path === '/' || path === '/index.html')) return sendFile(res, app, 'index.html', APP_CSP);
    if (get && /^\/app\.[\w.]+$/.test(path)) return sendFile(res, app, path.slice(1), APP_CSP);
    if (get && path === '/favicon.ico') {
      res.writeHead(204, { 'Content-Security-Policy': APP_CSP });
      res.end();
      return;
    }
    if (get && path.startsWith('/files/')) return sendFile(res, folder, path.slice('/files/'.length), FILE_CSP);
    if (path.startsWith('/api/')) return api(req, res, method, path.slice('/api/'.length), url);
    throw new HttpError(404, SERVE_MSG.notFound(path));
  }

  function sendFile(res: ServerResponse, root: string, rel: string, csp: string): void {
    const file = insideFolder(root, rel);
    if (file === null || !statSync(file).isFile()) throw new HttpError(404, SERVE_MSG.notFound(rel));
    send(res, 200, readFileSync(file), TYPES[extname(file)] ?? 'application/octet-stream', csp);
  }

  async function api(req: IncomingMessage, res: ServerResponse, method: string, path: string, url: URL): Promise<void> {
    const segments = path.split('/').map((s) => decodeURIComponent(s));
    const [head, name, sub] = segments;
    if (method === 'POST') {
      const body = await readJsonBody(req, maxBody);
      if (path === 'validate') {
        if (typeof body.text !== 'string') throw new HttpError(400, SERVE_MSG.badJson);
        const v = validateScenario({ text: body.text, file: EDITOR_FILE });
        return sendJson(res, 200, v.ok ? { ok: true, summary: v.summary, designs: v.designs.length, replicates: v.scenario.replicates } : { ok: false, errors: v.errors, messages: v.messages });
      }
      if (path === 'run') {
        const answer = await runs.start(startRequest(body));
        if (!answer.ok) throw new HttpError(answer.status, answer.message, answer.errors === undefined ? {} : { errors: answer.errors });
        return sendJson(res, 202, { run: answer.run });
      }
      if (path === 'run/cancel') {
        if (!runs.cancel()) throw new HttpError(409, SERVE_MSG.noRun);
        return sendJson(res, 202, runs.state());
      }
      throw new HttpError(404, SERVE_MSG.notFound(`/api/${path}`));
    }
    req.resume();
    if (method !== 'GET') throw new HttpError(405, SERVE_MSG.methodNotAllowed(method, `/api/${path}`));
    if (path === 'schema') return send(res, 200, readFileSync(SCHEMA_FILE), TYPES['.json']);
    if (path === 'scenarios') return sendJson(res, 200, shippedScenarios());
    if (head === 'scenarios' && name !== undefined && sub === undefined) {
      if (!shippedScenarios().includes(name)) throw new HttpError(404, SERVE_MSG.notFound(name));
      return send(res, 200, readFileSync(join(SCENARIOS_DIR, name)), TYPES['.yaml']);
    }
    if (path === 'run') return sendJson(res, 200, runs.state());
    if (path === 'run/events') return runEvents(res);
    if (path === 'runs') return sendJson(res, 200, runs.listRuns());
    if (head === 'runs' && name !== undefined) {
      const dir = runs.runDir(name);
      if (dir === null) throw new HttpError(404, SERVE_MSG.notARun(name));
      if (sub === 'scenario') {
        const text = runs.savedScenarioText(name);
        if (text === null) throw new HttpError(404, SERVE_MSG.notFound(`${name}/scenario.yaml`));
        return send(res, 200, text, TYPES['.yaml']);
      }
      if (sub === 'plots') return sendJson(res, 200, finishedPlots(dir));
      if (sub === 'blocks') {
        const file = join(dir, 'summary.json');
        if (!existsSync(file)) throw new HttpError(404, SERVE_MSG.notFound(`${name}/summary.json`));
        return sendJson(res, 200, extraBlocks(JSON.parse(readFileSync(file, 'utf8')) as unknown));
      }
    }
    if (path === 'compare') {
      const names = (url.searchParams.get('runs') ?? '').split(',').filter((n) => n !== '');
      if (names.length < 2) throw new HttpError(400, SERVE_MSG.compareNeedsTwo);
      const picked = names.map((n) => {
        const dir = runs.runDir(n);
        if (dir === null) throw new HttpError(404, SERVE_MSG.notARun(n));
        return { name: n, summary: finishedSummary(dir) };
      });
      return sendJson(res, 200, { power: comparePowerSpec(picked), diff: settingsDiff(picked.map((p) => p.summary.scenario)), runs: names });
    }
    throw new HttpError(404, SERVE_MSG.notFound(`/api/${path}`));
  }

  /**
   * The run's state as Server-Sent Events (what the app follows a run by, and
   * re-attaches with after a reload): the state at once, then after each
   * change, at most every EVENT_INTERVAL_MS (a change in between is sent at
   * the end of the interval, so the last state is never held back). The key
   * is checked as for every request; the stream ends when the page goes.
   */
  function runEvents(res: ServerResponse): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Content-Security-Policy': APP_CSP,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    let last = -Infinity;
    let timer: NodeJS.Timeout | null = null;
    const emit = (): void => {
      timer = null;
      last = performance.now();
      res.write(`data: ${JSON.stringify(runs.state())}\n\n`);
    };
    const changed = (): void => {
      if (timer !== null) return;
      const wait = last + EVENT_INTERVAL_MS - performance.now();
      if (wait <= 0) emit();
      else timer = setTimeout(emit, wait);
    };
    const unsubscribe = runs.subscribe(changed);
    // The response's close (the page gone): the request's comes as soon as its (empty) body is read.
    res.on('close', () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
    });
    emit();
  }

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      // Whatever goes wrong answers this request only; the server stays up.
      const status = e instanceof HttpError ? e.status : 500;
      const extra = e instanceof HttpError ? e.extra : {};
      const message = e instanceof Error ? e.message : String(e);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // A body refused part-way without a declared length: the connection ends once the answer is out.
      if (status === 413 && req.headers['content-length'] === undefined) res.on('finish', () => req.destroy());
      sendJson(res, status, { error: message, ...extra });
    });
  });
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const origin = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost === '[::]' ? '[::1]' : shownHost}:${address.port}`;
  return {
    url: `${origin}/?key=${token}`,
    origin,
    token,
    server,
    runs,
    async close() {
      await runs.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

export const isLoopback = (host: string): boolean => host === 'localhost' || host === '::1' || /^127\./.test(host);
