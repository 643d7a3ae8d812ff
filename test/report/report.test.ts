// renderReport: the files of a results folder from real runs, and report.html's
// content (unit tests on the text; browser.test.ts opens it in Chromium).
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'yaml';
import type { RunResult } from '../../src/engine/runResult.js';
import { formatMetric } from '../../src/report/format.js';
import { renderReport } from '../../src/report/renderReport.js';
import { scenarioHash } from '../../src/scenario/scenarioHash.js';
import type { Summary } from '../../src/report/summarySchema.js';
import { FACTS, fixtureReport, fixtureRun, GRID_YAML, SWEEP_YAML, type FixtureRun } from './helpers.js';

const unescape = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

describe('renderReport — the files of a results folder (real runs of the production kernel)', () => {
  let run: FixtureRun;
  let files: Record<string, string>;
  let html: string;
  before(async () => {
    run = await fixtureRun(SWEEP_YAML);
    files = (await fixtureReport(run)).files;
    html = files['report.html'];
  });

  it('summary.json, summary.csv, report.html and a spec and an SVG per plot', () => {
    assert.deepEqual(Object.keys(files).sort(), [
      'plots/estimate-distribution.svg',
      'plots/estimate-distribution.vl.json',
      'plots/power.svg',
      'plots/power.vl.json',
      'plots/strata-ci-half-width.svg',
      'plots/strata-ci-half-width.vl.json',
      'plots/type1-error.svg',
      'plots/type1-error.vl.json',
      'report.html',
      'summary.csv',
      'summary.json',
    ]);
  });

  it('deterministic: the same run renders to the same files, byte for byte', async () => {
    const again = (await renderReport({ scenario: run.scenario, designs: run.points, result: run.result, facts: FACTS })).files;
    assert.deepEqual(again, files);
  });

  it('sections in the order of the brief; the headline shows each design × analysis with summary.json’s numbers', () => {
    const order = ['<h1>', 'id="headline"', 'id="familywise"', 'id="strata"', 'id="plots"', 'id="scenario"', 'id="reproducibility"', 'id="not-estimable"'].map((x) => html.indexOf(x));
    assert.ok(order.every((x, i) => x >= 0 && (i === 0 || x > order[i - 1])), `positions ${order.join(', ')}`);
    const s = JSON.parse(files['summary.json']) as Summary;
    const headline = html.slice(html.indexOf('id="headline"'), html.indexOf('id="familywise"'));
    for (const d of s.designs) {
      for (const a of d.analyses) {
        for (const m of [a.power, a.type1_error, a.estimation.bias, a.estimation.coverage]) assert.ok(headline.includes(formatMetric(m)), `${d.id} ${a.id}: ${formatMetric(m)}`);
      }
    }
    assert.match(html, /<p class="description">A normal change endpoint/);
  });

  it('every id in the page (sections, figures and the SVGs’ own) is unique', () => {
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    assert.equal(new Set(ids).size, ids.length, `repeated: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(', ')}`);
  });

  it('the scenario YAML in the page parses back to the resolved scenario (.inf included)', () => {
    const m = /<section id="scenario">[\s\S]*?<pre><code>([\s\S]*?)<\/code><\/pre>/.exec(html);
    assert.ok(m !== null);
    const back: unknown = parse(unescape(m[1]));
    assert.deepEqual(back, run.scenario);
    assert.equal(scenarioHash(back as typeof run.scenario), scenarioHash(run.scenario));
  });

  it('the reproducibility facts: version, seed, scenario hash, replicates, command line (shell-quoted), date, Node.js', () => {
    const facts = html.slice(html.indexOf('id="reproducibility"'), html.indexOf('id="not-estimable"'));
    for (const text of ['0.1.0-test', '424242', scenarioHash(run.scenario), '300 per design point requested', 'trialsim run scenarios/x.yaml --set &#39;description=it&#39;\\&#39;&#39;s a test&#39;', '2024-06-01T12:00:00.000Z', 'v20.0.0-test', run.result.identity]) {
      assert.ok(facts.includes(text), text);
    }
  });

  it('not estimable: the rare stratum, by design point and reason; no failures', () => {
    const part = html.slice(html.indexOf('id="not-estimable"'));
    assert.match(part, /<tr><td>design\.n_per_arm=20<\/td><td>ancova<\/td><td>\(0,30\]<\/td><td>design<\/td><td class="num">\d+<\/td><td>[^<]*a group is empty: \d+/);
    assert.match(part, /No replicate failed\./);
  });
});

describe('report.html — unit tests on special cases', () => {
  it('failed replicates are listed with the seed and index that replay them; text from the run is escaped', async () => {
    const run = await fixtureRun(SWEEP_YAML);
    const result: RunResult = structuredClone(run.result);
    const d = result.designs[1];
    d.failures = { count: 1, list: [{ run: 'null', index: 7, seed: result.seed, message: 'boom <b>&</b>' }] };
    const { files } = await renderReport({ scenario: run.scenario, designs: run.points, result, facts: FACTS });
    const html = files['report.html'];
    assert.match(html, /<code>design\.n_per_arm=40<\/code>, null run, replicate 7 \(seed 424242\): boom &lt;b&gt;&amp;&lt;\/b&gt;/);
    assert.equal((JSON.parse(files['summary.json']) as Summary).designs[1].failures.null, 1);
  });

  it('the scenario’s own text is escaped (no markup gets through)', async () => {
    const run = await fixtureRun(SWEEP_YAML, ['description="<script>alert(1)</script> & <img src=x>"']);
    const html = (await fixtureReport(run)).files['report.html'];
    assert.doesNotMatch(html, /<script|<img/i);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &lt;img src=x&gt;/);
  });

  it('without a null run: no type I error (—), no type I plot and the report says why', async () => {
    const html = (await fixtureReport(await fixtureRun(GRID_YAML))).files['report.html'];
    assert.match(html, /There was no null run \(run_null: false\)/);
    assert.match(html, /No type I error plot: the scenario has no null run/);
    assert.match(html, /No strata plot/);
    assert.doesNotMatch(html, /id="plot-type1-error"/);
    const headline = html.slice(html.indexOf('id="headline"'), html.indexOf('</table>', html.indexOf('id="headline"')));
    assert.equal([...headline.matchAll(/<td class="num">—<\/td>/g)].length, 4 * 2, 'type I error is — for each design × analysis; the rest is known');
  });
});
