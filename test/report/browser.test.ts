// report.html in a real browser: Debian's Chromium, headless, driven from
// the command line (no browser-automation package). Checked: the page renders
// to a DOM with every section and its inline SVG plots; a screenshot is a real
// render (text, tables and coloured plot marks, not a blank page); and no
// request leaves the machine (no remote URL in the page, a CSP that forbids
// loading, and Chromium's own network log of the page showing no request but
// file:, with a control page proving that the log would show one).
//
// Chromium is required: without it this test FAILS (it does not skip), with
// the command that installs it. Set TRIALSIM_CHROMIUM to use another binary.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fixtureReport, fixtureRun, removeDir, SWEEP_YAML, writeFiles } from './helpers.js';
import { inkShares, readPng } from './png.js';
import { findChromium, INSTALL, QUIET_FLAGS } from '../support/chromium.js';

const CHROMIUM = findChromium();
const dirs: string[] = [];
const scratch = (tag: string): string => {
  const d = mkdtempSync(join(tmpdir(), `trialsim-chromium-${tag}-`));
  dirs.push(d);
  return d;
};
after(() => dirs.forEach(removeDir));

/** Run headless Chromium on a file with the given extra flags; its stdout. Nothing resolves: every host maps to NOTFOUND. */
function chromium(file: string, extra: readonly string[]): Promise<string> {
  if (CHROMIUM === null) return Promise.reject(new Error(INSTALL));
  const args = [
    // The shared quiet flags, but no host excepted from NOTFOUND: a file: page has no server of its own.
    ...QUIET_FLAGS.filter((f) => !f.startsWith('--host-resolver-rules=')),
    '--hide-scrollbars',
    '--force-device-scale-factor=1',
    '--host-resolver-rules=MAP * ~NOTFOUND',
    `--user-data-dir=${scratch('profile')}`,
    ...extra,
    pathToFileURL(file).href,
  ];
  return new Promise((resolve, reject) => {
    execFile(CHROMIUM, args, { timeout: 90_000, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`${CHROMIUM} failed: ${err.message}\n${stderr.slice(-2000)}`));
      else resolve(stdout);
    });
  });
}

interface NetRequest {
  url: string;
  /** Made on behalf of a page loaded from a file (its network isolation key is file://), not by the browser itself. */
  fromPage: boolean;
}

/** URL requests in a Chromium net log (--log-net-log), and how many requests sent their headers anywhere. */
function netLog(path: string): { requests: NetRequest[]; sent: number } {
  const log = JSON.parse(readFileSync(path, 'utf8')) as { constants: { logEventTypes: Record<string, number> }; events: { type: number; params?: Record<string, unknown> }[] };
  const types = log.constants.logEventTypes;
  const requests: NetRequest[] = [];
  let sent = 0;
  for (const e of log.events) {
    if (e.type === types.HTTP_TRANSACTION_SEND_REQUEST_HEADERS) sent++;
    if (e.type !== types.URL_REQUEST_START_JOB || typeof e.params?.url !== 'string') continue;
    const nik = String(e.params.network_isolation_key ?? '');
    requests.push({ url: e.params.url, fromPage: nik.includes('file://') });
  }
  return { requests, sent };
}

const LOCAL = /^(file|data|about|blob):/;

describe('report.html — rendered in headless Chromium (Debian chromium)', () => {
  let dir = '';
  let html = '';
  let plots: string[] = [];
  before(async () => {
    const { files } = await fixtureReport(await fixtureRun(SWEEP_YAML));
    dir = writeFiles(files, 'browser');
    dirs.push(dir);
    html = files['report.html'];
    plots = Object.keys(files).filter((f) => f.endsWith('.svg'));
  });

  it('Chromium is installed', () => {
    assert.ok(CHROMIUM !== null, INSTALL);
  });

  it('renders: the DOM holds every section in order, the tables, and one inline SVG plot per plot file with its marks', async () => {
    const dom = await chromium(join(dir, 'report.html'), ['--dump-dom']);
    assert.match(dom, /<h1>sweep_fixture<\/h1>/);
    const sections = [...dom.matchAll(/<section id="([^"]+)"/g)].map((m) => m[1]);
    assert.deepEqual(sections, ['design', 'answer', 'headline', 'planning', 'familywise', 'strata', 'plots', 'scenario', 'reproducibility', 'not-estimable']);
    const svgs = [...dom.matchAll(/<svg\b[^>]*>/g)];
    assert.equal(svgs.length, plots.length);
    assert.equal(plots.length, 4);
    for (const [name, mark] of [
      ['plot-power', 'mark-line'],
      ['plot-type1-error', 'mark-symbol'],
      ['plot-strata-ci-half-width', 'mark-line'],
      ['plot-estimate-distribution', 'mark-rect'],
    ]) {
      const at = dom.indexOf(`<figure id="${name}"`);
      assert.ok(at >= 0, `figure ${name}`);
      const figure = dom.slice(at, dom.indexOf('</figure>', at));
      assert.match(figure, /<svg\b/, `${name} has its SVG`);
      assert.ok(figure.includes(`class="${mark} role-mark`), `${name} draws ${mark}`);
    }
    // 3 design points x 2 analyses in the headline table.
    const headline = dom.slice(dom.indexOf('<table class="headline">'), dom.indexOf('</table>', dom.indexOf('<table class="headline">')));
    assert.equal([...headline.matchAll(/<tr>/g)].length, 1 + 3 * 2);
    assert.match(dom, /424242/, 'the seed among the reproducibility facts');
    assert.doesNotMatch(dom, /<script\b/i);
  });

  it('a real render: the screenshot is a full page with text, tables and coloured plot marks (a blank page is not)', async () => {
    const shot = join(scratch('shot'), 'report.png');
    // Tall enough to reach the plots below the design, answer and headline tables.
    await chromium(join(dir, 'report.html'), [`--screenshot=${shot}`, '--window-size=1200,4000']);
    const img = readPng(readFileSync(shot));
    assert.equal(img.width, 1200);
    assert.equal(img.height, 4000);
    const { ink, colour } = inkShares(img);
    assert.ok(ink > 0.04, `share of non-white pixels ${ink}`);
    assert.ok(colour > 0.002, `share of coloured pixels ${colour}`);

    const blank = join(scratch('blank'), 'blank.html');
    writeFileSync(blank, '<!doctype html><title>blank</title>');
    const blankShot = join(scratch('shot'), 'blank.png');
    await chromium(blank, [`--screenshot=${blankShot}`, '--window-size=1200,4000']);
    const b = inkShares(readPng(readFileSync(blankShot)));
    assert.ok(b.ink < 0.001 && b.colour === 0, `a blank page measures blank: ${JSON.stringify(b)}`);
  });

  it('nothing to fetch: no remote URL in src, href or url(), no @import, and a CSP that forbids loading anything', () => {
    assert.deepEqual(html.match(/\b(?:src|href|srcset|action|data)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?\/\/[^"'\s>]*/gi), null);
    assert.deepEqual(html.match(/url\(\s*["']?\s*(?!#)[^)]*\)/gi), null);
    assert.doesNotMatch(html, /@import/i);
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">/);
  });

  it('no request leaves the machine: Chromium’s network log of the page (its CSP removed, so nothing is blocked before the network) shows no request but file:', async () => {
    // A control page with a remote image and style sheet: the log must show both, as requests of the page.
    const work = scratch('net');
    const control = join(work, 'control.html');
    writeFileSync(control, '<!doctype html><p>control</p><img src="http://example.invalid/x.png"><link rel="stylesheet" href="https://cdn.example.invalid/s.css">');
    const controlLog = join(work, 'control-net.json');
    await chromium(control, ['--dump-dom', `--log-net-log=${controlLog}`]);
    const c = netLog(controlLog);
    assert.deepEqual(c.requests.filter((r) => r.fromPage).map((r) => r.url).sort(), ['http://example.invalid/x.png', 'https://cdn.example.invalid/s.css']);

    const open = join(dir, 'report-without-csp.html');
    const withoutCsp = html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
    assert.notEqual(withoutCsp, html);
    writeFileSync(open, withoutCsp);
    const logPath = join(work, 'report-net.json');
    const dom = await chromium(open, ['--dump-dom', `--log-net-log=${logPath}`]);
    assert.match(dom, /<svg\b/);
    const r = netLog(logPath);
    assert.deepEqual(r.requests.filter((x) => x.fromPage && !LOCAL.test(x.url)).map((x) => x.url), []);
    // Chromium's own background requests (if any) never got past name resolution either: nothing was sent.
    assert.equal(r.sent, 0, 'no HTTP request headers were sent anywhere');
  });
});
