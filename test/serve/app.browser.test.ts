// The planning app in a real browser: Debian's Chromium driven by
// playwright-core (no browser download; TRIALSIM_CHROMIUM or chromium on
// PATH, else this test FAILS with the command that installs it). The server
// runs in this process on 127.0.0.1 with its engine tasks slowed (the
// --task-delay hook the CLI's Ctrl-C tests use), so that a run is still under
// way when the page looks at it. Checked as a person would use it: open the
// app; type a misspelt key and see the located error (the CLI's message, in
// the editor and under it); fix it, run, see progress and then the power
// plot; start a second run, reload the page (it re-attaches) and cancel it;
// compare two finished runs; a run whose results folder is removed under it
// fails and shows the engine's message. Progress comes by Server-Sent Events
// (GET /api/run/events), never by polling. No request leaves the server's origin.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/serve/server.js';
import { findChromium, INSTALL, QUIET_FLAGS } from '../support/chromium.js';
import { cli, removeDir, SCENARIOS } from '../cli/helpers.js';

const CHROMIUM = findChromium();
/** Long enough that a run of a few tasks is seen under way by the page (its event stream sends at most every 0.2 s). */
const TASK_DELAY_MS = 1500;
const WAIT = { timeout: 120_000 };

describe('trialsim serve — the app in headless Chromium (playwright-core)', () => {
  let dir = '';
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const requests: string[] = [];
  /** GET /api/run: the state asked for once per page load, never polled. */
  let stateGets = 0;
  const pageErrors: string[] = [];

  before(async () => {
    assert.ok(CHROMIUM !== null, INSTALL);
    dir = mkdtempSync(join(tmpdir(), 'trialsim-serve-app-'));
    // A calibration in results/ for the calibration view, written by the CLI.
    const calibrated = cli(['calibrate', '--trials', '20', '--out', 'results/calibration'], dir);
    assert.equal(calibrated.code, 0, calibrated.stderr);
    server = await startServer({ folder: dir, taskDelayMs: TASK_DELAY_MS });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...QUIET_FLAGS] });
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on('request', (r) => {
      requests.push(r.url());
      if (r.method() === 'GET' && r.url() === `${server.origin}/api/run`) stateGets += 1;
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // A CSP violation (an inline script, eval, a remote load) is reported as a console error.
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(`console: ${m.text()}`);
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    if (dir !== '') removeDir(dir);
  });

  const status = (): Promise<string | null> => page.getAttribute('#run-status', 'data-status');

  it('opens the app from the printed address: the editor holds a shipped scenario that validates', async () => {
    await page.goto(server.url);
    assert.equal(new URL(page.url()).search, '', 'the key leaves the address bar (it is a cookie now)');
    await page.waitForSelector('body[data-ready="1"]', WAIT);
    await page.waitForSelector('#validity.ok', WAIT);
    assert.match(await page.textContent('#validity') ?? '', /^OK: parametric_textbook: 4 design points/);
    assert.match(await page.textContent('.cm-content') ?? '', /name: parametric_textbook/);
    const options = await page.$$eval('#start-from option', (os) => os.map((o) => o.getAttribute('value') ?? ''));
    assert.ok(options.includes('scenario:proderm.yaml'));
  });

  it('completion and hover come from the schema', async () => {
    await page.click('.cm-line:has-text("seed: 20240107")');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.type('target_m');
    const option = await page.waitForSelector('.cm-tooltip-autocomplete li', WAIT);
    assert.match((await option.textContent()) ?? '', /^target_mcse/);
    await page.keyboard.press('Escape');
    // The line typed is taken out again: the scenario as shipped.
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Backspace');
    assert.doesNotMatch((await page.textContent('.cm-content')) ?? '', /target_m/);
    const key = await page.$('.cm-line:has-text("target_power") >> text=target_power');
    assert.ok(key !== null);
    await key.hover();
    const hover = await page.waitForSelector('.cm-tooltip-hover', WAIT);
    assert.match(await hover.textContent() ?? '', /power/i);
    await page.mouse.move(0, 0);
    await page.waitForSelector('#validity.ok', WAIT);
  });

  it('the form writes into the same YAML, keeping its comments: effect scale and the sweep', async () => {
    await page.fill('#form input[data-key="model.params.effect_scale"]', '0.5');
    await page.press('#form input[data-key="model.params.effect_scale"]', 'Enter');
    await page.fill('#sweep [data-sweep="0"] .sweep-values', '40, 60');
    await page.press('#sweep [data-sweep="0"] .sweep-values', 'Enter');
    await page.waitForSelector('.cm-content:has-text("design.n_per_arm: [ 40, 60 ]")', WAIT);
    const text = (await page.$$eval('.cm-line', (ls) => ls.map((l) => l.textContent ?? ''))).join('\n');
    assert.match(text, /^ {4}effect_scale: 0\.5$/m);
    assert.match(text, /^# A textbook check: the parametric model against closed-form power\.$/m, 'comments survive');
    await page.waitForSelector('#validity.ok:has-text("2 design points")', WAIT);
    // An analysis' method from the schema's list: a responder test on a continuous endpoint is the validator's located error.
    await page.selectOption('#analyses label[data-analysis="welch"] select', 'responder_fisher');
    await page.waitForSelector('#validity.bad', WAIT);
    assert.match((await page.textContent('#problems')) ?? '', /^scenario\.yaml:\d+:13 analyses\.welch\.method: responder_fisher does not fit a change endpoint/);
    await page.selectOption('#analyses label[data-analysis="welch"] select', 'welch');
    await page.waitForSelector('#validity.ok', WAIT);
    // Back to the scenario as shipped.
    await page.selectOption('#start-from', 'scenario:proderm.yaml');
    await page.waitForSelector('#validity.ok:has-text("proderm")', WAIT);
    await page.selectOption('#start-from', 'scenario:parametric_textbook.yaml');
    await page.waitForSelector('#validity.ok:has-text("parametric_textbook: 4 design points")', WAIT);
  });

  it('a grid (power_surface): editing one swept key in the form keeps the other key’s values, and the scenario still validates', async () => {
    await page.selectOption('#start-from', 'scenario:power_surface.yaml');
    await page.waitForSelector('#validity.ok:has-text("power_surface: 25 design points")', WAIT);
    await page.waitForSelector('#sweep [data-sweep="1"][data-key="design.n_per_arm"]', WAIT);
    assert.equal(await page.inputValue('#sweep [data-sweep="0"] .sweep-key'), 'model.params.effect_scale');
    assert.equal(await page.inputValue('#sweep [data-sweep="0"] .sweep-values'), '0, 0.25, 0.5, 0.75, 1');
    await page.fill('#sweep [data-sweep="1"] .sweep-values', '40, 60');
    await page.press('#sweep [data-sweep="1"] .sweep-values', 'Enter');
    await page.waitForSelector('.cm-content:has-text("design.n_per_arm: [ 40, 60 ]")', WAIT);
    const text = (await page.$$eval('.cm-line', (ls) => ls.map((l) => l.textContent ?? ''))).join('\n');
    assert.match(text, /^sweep:\n {2}model\.params\.effect_scale: \[ 0, 0\.25, 0\.5, 0\.75, 1 \]\n {2}design\.n_per_arm: \[ 40, 60 \]$/m);
    assert.match(text, /^run_null: false +# the effect_scale: 0 row is the null$/m, 'comments survive');
    await page.waitForSelector('#validity.ok:has-text("power_surface: 10 design points (model.params.effect_scale: 0, 0.25, 0.5, 0.75, 1; design.n_per_arm: 40, 60)")', WAIT);
    // A key added in the blank row, at the end of the sweep.
    await page.fill('#sweep [data-sweep="new"] .sweep-key', 'design.dropout.before_primary');
    await page.fill('#sweep [data-sweep="new"] .sweep-values', '0, 0.2');
    await page.press('#sweep [data-sweep="new"] .sweep-values', 'Enter');
    await page.waitForSelector('.cm-content:has-text("design.dropout.before_primary: [ 0, 0.2 ]")', WAIT);
    await page.waitForSelector('#validity.ok:has-text("power_surface: 20 design points")', WAIT);
  });

  it('the form adds an analysis (measure, type and method from the schema’s lists), written into the same YAML', async () => {
    const methods = await page.$$eval('#new-analysis-method option', (os) => os.map((o) => o.getAttribute("value") ?? ""));
    assert.ok(methods.includes('welch') && methods.includes('responder_fisher'), methods.join(','));
    const types = await page.$$eval('#new-analysis-type option', (os) => os.map((o) => o.getAttribute("value") ?? ""));
    assert.deepEqual(types.slice(1), ['change', 'value', 'reduction_responder', 'threshold_responder']);
    assert.deepEqual(await page.$$eval('#measures option', (os) => os.map((o) => o.getAttribute("value") ?? "")), ['cdasi_a']);
    await page.fill('#new-analysis-measure', 'cdasi_a');
    await page.fill('#new-analysis-week', '16');
    await page.selectOption('#new-analysis-type', 'value');
    await page.selectOption('#new-analysis-method', 'welch');
    await page.click('#add-analysis-button');
    await page.waitForSelector('.cm-content:has-text("endpoint: { measure: cdasi_a, week: 16, type: value }")', WAIT);
    await page.waitForSelector('#analyses label[data-analysis="welch"]', WAIT);
    await page.waitForSelector('#validity.ok:has-text("× 2 analyses (cdasi_a, welch)")', WAIT);
    const text = (await page.$$eval('.cm-line', (ls) => ls.map((l) => l.textContent ?? ''))).join('\n');
    assert.match(text, /^ {2}- id: welch\n {4}endpoint: \{ measure: cdasi_a, week: 16, type: value \}\n {4}method: welch$/m);
    assert.match(text, /^# An effect-size x sample-size grid/m, 'comments survive');
    // A field edited (Enter keeps the focus in it) still shows the next scenario's value once another is chosen.
    await page.fill('#form input[data-key="replicates"]', '300');
    await page.press('#form input[data-key="replicates"]', 'Enter');
    await page.waitForSelector('.cm-content:has-text("replicates: 300")', WAIT);
    await page.selectOption('#start-from', 'scenario:parametric_textbook.yaml');
    await page.waitForSelector('#validity.ok:has-text("parametric_textbook: 4 design points")', WAIT);
    assert.equal(await page.inputValue('#form input[data-key="replicates"]'), '2000');
  });

  it('a misspelt key: the located error of the CLI’s validator, in the editor (line 1) and under it', async () => {
    await page.click('.cm-content');
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('descripton: a typo');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#validity.bad', WAIT);
    const problems = await page.$$eval('#problems li', (ls) => ls.map((l) => l.textContent));
    assert.deepEqual(problems, ['scenario.yaml:1:1 descripton: unknown key "descripton"; did you mean "description"?']);
    const marked = await page.$$eval('.cm-lintRange-error', (es) => es.map((e) => e.textContent));
    assert.deepEqual(marked, ['descripton']);
    assert.ok((await page.$('.cm-lint-marker-error')) !== null, 'a marker in the gutter');
  });

  it('fixed, then run: progress with an ETA while it runs, then the power plot and the report; results/ holds the run', async () => {
    await page.click('.cm-content');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+End');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Delete');
    await page.waitForSelector('#validity.ok', WAIT);
    await page.fill('#run-replicates', '200');
    await page.click('#run');
    await page.waitForSelector('#run-status[data-status="running"]', WAIT);
    await page.waitForSelector('#run-text:text-matches("^[0-9,]+/800 replicates [(].*ETA")', WAIT);
    assert.equal(await page.isDisabled('#run'), true);
    await page.waitForSelector('#run-status[data-status="done"]', WAIT);
    assert.match((await page.textContent('#run-text')) ?? '', /^800\/800 replicates \(100\.0%\).*plotted 4 of 4 design points/);
    await page.waitForSelector('#plot-power svg .mark-line.role-mark', WAIT);
    assert.match((await page.textContent('#plot-power')) ?? '', /Power against patients per arm/);
    await page.waitForSelector('#plot-typeI svg', WAIT);
    assert.ok((await page.getAttribute('#report-link', 'href'))?.endsWith('/report.html'));
    const runs = readdirSync(join(dir, 'results')).filter((n) => n !== 'calibration');
    assert.equal(runs.length, 1);
    assert.ok(existsSync(join(dir, 'results', runs[0], 'report.html')));
    // Followed by its event stream, not by polling: the state was asked for once, at the page's load.
    assert.ok(requests.includes(`${server.origin}/api/run/events`));
    assert.equal(stateGets, 1);
    // The summary's blocks the app has no view of its own for, as tables (here the planning figures, a row per design point).
    await page.waitForSelector('#run-blocks details[data-block="planning"] table tbody tr', { ...WAIT, state: 'attached' });
    assert.equal((await page.$$('#run-blocks details[data-block="planning"] tbody tr')).length, 4);
    // The run just finished is one to start from, without reloading the page.
    await page.waitForSelector(`#start-from-runs option[value="run:${runs[0]}"]`, { ...WAIT, state: 'attached' });
  });

  it('a second run: a reloaded page re-attaches to it, and Cancel stops it (journal kept)', async () => {
    // 64 blocks per design point: 16 tasks of 16 blocks, each held 1.5 s, so the run is still going after the reload.
    await page.fill('#run-replicates', '16000');
    await page.click('#run');
    await page.waitForSelector('#run-status[data-status="running"]', WAIT);
    await page.reload();
    await page.waitForSelector('body[data-ready="1"]', WAIT);
    await page.waitForSelector('#run-status[data-status="running"]', WAIT);
    assert.equal(await page.isEnabled('#cancel'), true);
    await page.click('#cancel');
    await page.waitForSelector('#run-status[data-status="cancelled"]', WAIT);
    assert.match((await page.textContent('#run-status')) ?? '', /cancelled/);
    assert.equal(stateGets, 2, 'one state request per page load (the first and the reload): the rest came by the event stream');
    const folder = readdirSync(join(dir, 'results')).find((n) => n !== 'calibration' && !existsSync(join(dir, 'results', n, 'result.json')));
    assert.ok(folder !== undefined, 'an unfinished run folder');
    assert.ok(existsSync(join(dir, 'results', folder, 'journal.jsonl')));
    assert.equal(await status(), 'cancelled');
  });

  it('compares two runs: their power curves overlaid and the settings that differ', async () => {
    await page.fill('#run-replicates', '100');
    await page.click('#run');
    await page.waitForSelector('#run-status[data-status="done"]', WAIT);
    await page.click('nav button[data-tab="runs"]');
    await page.waitForSelector('#runs-table tbody tr', WAIT);
    const boxes = await page.$$('#runs-table input[type=checkbox]:not([disabled])');
    assert.equal(boxes.length, 2, 'two finished runs (the cancelled one cannot be ticked)');
    for (const b of boxes) await b.check();
    await page.click('#compare-selected');
    await page.waitForSelector('#compare-plot svg .mark-line.role-mark', WAIT);
    assert.match((await page.textContent('#compare-plot')) ?? '', /Power of 2 runs/);
    const rows = await page.$$eval('#compare-diff tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
    assert.equal(rows.length, 1);
    assert.equal(rows[0][0], 'replicates');
    assert.deepEqual([...rows[0].slice(1)].sort(), ['100', '200']);
  });

  it('the calibration view draws the calibration trialsim calibrate wrote', async () => {
    await page.click('nav button[data-tab="calibration"]');
    await page.waitForSelector('#calibrations h2:has-text("calibration")', WAIT);
    await page.waitForSelector('#calibrations svg .role-mark', WAIT);
    assert.equal(await page.getAttribute('#calibrations a', 'href'), '/files/results/calibration/calibration.csv');
    // Its table: a row per compared quantity, as calibration.json has them.
    const written = JSON.parse(readFileSync(join(dir, 'results', 'calibration', 'calibration.json'), 'utf8')) as { rows: { path: string; published: number }[] };
    await page.waitForSelector('#calibrations table.calibration-table tbody tr', WAIT);
    const rows = await page.$$eval('#calibrations table.calibration-table tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.equal(rows.length, written.rows.length);
    assert.ok(rows.length > 5);
    assert.equal(rows[0][0], written.rows[0].path);
    assert.match(rows[0][1], new RegExp(`${written.rows[0].published}$`));
  });

  it('past runs open their report, served from the run folder', async () => {
    await page.click('nav button[data-tab="runs"]');
    const href = await page.getAttribute('#runs-table a:has-text("report")', 'href');
    assert.ok(href !== null && /^\/files\/results\/parametric_textbook-[0-9a-f]{8}\/report\.html$/.test(href), String(href));
    await page.goto(new URL(href, server.origin).href);
    assert.match((await page.textContent('h1')) ?? '', /parametric_textbook/);
    assert.ok((await page.$('svg .role-mark')) !== null, 'its plots');
  });

  it('the strata plot is drawn for a run whose analyses report strata (proderm)', async () => {
    await page.goto(server.origin + '/');
    await page.waitForSelector('body[data-ready="1"]', WAIT);
    await page.selectOption('#start-from', 'scenario:proderm.yaml');
    await page.waitForSelector('#validity.ok:has-text("proderm")', WAIT);
    await page.fill('#run-replicates', '40');
    await page.uncheck('#run-truth');
    await page.click('#run');
    await page.waitForSelector('#run-status[data-status="done"]', WAIT);
    await page.waitForSelector('#plot-strata svg .role-mark', WAIT);
    assert.match((await page.textContent('#plot-strata')) ?? '', /cdasi_a/);
  });

  it('a run made outside the app (trialsim run) is listed to start from once the list is opened', async () => {
    const made = cli(['run', join(SCENARIOS, 'parametric_textbook.yaml'), '--replicates', '10', '--no-truth', '--out', 'results/by-the-cli'], dir);
    assert.equal(made.code, 0, made.stderr);
    assert.equal(await page.$('#start-from-runs option[value="run:by-the-cli"]'), null);
    await page.focus('#start-from');
    await page.waitForSelector('#start-from-runs option[value="run:by-the-cli"]', { ...WAIT, state: 'attached' });
    await page.selectOption('#start-from', 'run:by-the-cli');
    await page.waitForSelector('#validity.ok:has-text("parametric_textbook: 4 design points")', WAIT);
  });

  it('a run that fails part-way (its results folder removed under it) shows the engine’s message; the app goes on', async () => {
    await page.selectOption('#start-from', 'scenario:parametric_textbook.yaml');
    await page.waitForSelector('#validity.ok:has-text("parametric_textbook")', WAIT);
    await page.fill('#run-replicates', '16000');
    await page.click('#run');
    // Once a first block is in its journal: the folder goes, as a user's clean-up or a lost disk would take it.
    await page.waitForSelector('#run-text:text-matches("^[1-9][0-9,]*/")', WAIT);
    rmSync(join(dir, 'results'), { recursive: true, force: true });
    await page.waitForSelector('#run-status[data-status="failed"]', WAIT);
    const shown = (await page.textContent('#run-status')) ?? '';
    assert.match(shown, /failed\n.*(could not (be )?writ|ENOENT|no such file)/is, shown);
    assert.equal(await page.isEnabled('#run'), true, 'another run can start');
  });

  it('asked nothing of any address but the server’s own, and logged no error (no CSP violation)', () => {
    const foreign = requests.filter((u) => !u.startsWith(`${server.origin}/`) && !/^(data|blob):/.test(u));
    assert.deepEqual(foreign, []);
    assert.ok(requests.length > 10);
    assert.deepEqual(pageErrors, []);
  });
});
