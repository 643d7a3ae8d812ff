// The plots: each spec compiles with vega-lite 5 and renders with vega 5 to an
// SVG holding the marks it should (one point per design and series, one line
// per series, the target rule, one bar per histogram bin, ...), with the
// plotted numbers those of summary.json; rendering is offline and repeatable.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import type { TopLevelSpec } from 'vega-lite';
import { compile } from 'vega-lite';
import * as vega from 'vega';
import type { CalibrationResult } from '../../src/analysis/calibrationTable.js';
import { binEdges, estimateDistributionSpec, histogram, niceStep } from '../../src/report/estimateDistributionSpec.js';
import { plotAxes } from '../../src/report/plotAxes.js';
import { FAMILY_SERIES, powerCurveSpec, powerRows } from '../../src/report/powerCurveSpec.js';
import { renderCalibration } from '../../src/report/renderCalibration.js';
import { renderSvg, renumberIds } from '../../src/report/renderSvg.js';
import { strataWidthSpec } from '../../src/report/strataWidthSpec.js';
import { buildSummary } from '../../src/report/summary.js';
import type { Summary } from '../../src/report/summarySchema.js';
import { sweptLabel } from '../../src/report/designSection.js';
import { typeIErrorSpec } from '../../src/report/typeIErrorSpec.js';
import { fixtureReport, fixtureRun, GRID_YAML, SWEEP_YAML, type FixtureRun } from './helpers.js';

/** Mark groups of a vega SVG: type, vega-lite name, and the number of items drawn. */
function marks(svg: string): { type: string; name: string; items: number; body: string }[] {
  const out: { type: string; name: string; items: number; body: string }[] = [];
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark ([^"]*)"[^>]*>(.*?)<\/g>/gs)) {
    out.push({ type: m[1], name: m[2], items: (m[3].match(/<(path|rect|line|text)\b/g) ?? []).length, body: m[3] });
  }
  return out;
}

const itemsOf = (svg: string, type: string): number => marks(svg).filter((m) => m.type === type).reduce((n, m) => n + m.items, 0);

function summaryOf(run: FixtureRun): Summary {
  return buildSummary({ scenario: run.scenario, designs: run.points, result: run.result, version: 't' });
}

function spec(x: TopLevelSpec | null): TopLevelSpec {
  assert.ok(x !== null, 'a spec');
  return x;
}

describe('plot specs — compiled with vega-lite 5 and rendered with vega 5 to SVG (a one-key sweep with a null run and strata)', () => {
  let run: FixtureRun;
  let s: Summary;
  before(async () => {
    run = await fixtureRun(SWEEP_YAML);
    s = summaryOf(run);
  });

  it('power curve: x is design.n_per_arm; a line per analysis and for the Holm family, a band each, a point per design and series, the target rule', async () => {
    const axes = plotAxes(s);
    assert.equal(axes.x?.key, 'design.n_per_arm');
    assert.equal(axes.group, null);
    const svg = await renderSvg(powerCurveSpec(s), 'p');
    const series = ['ancova', 'ttest', FAMILY_SERIES];
    assert.equal(marks(svg).filter((m) => m.type === 'line').length, series.length);
    assert.equal(marks(svg).filter((m) => m.type === 'area').length, series.length);
    assert.equal(itemsOf(svg, 'symbol'), series.length * s.designs.length);
    assert.equal(marks(svg).filter((m) => m.type === 'rule').reduce((n, m) => n + m.items, 0), 1, 'one target rule');
    assert.match(svg, /patients per arm \(design\.n_per_arm\)/);
    assert.match(svg, /target power 0\.8/);
    // The plotted points carry summary.json's power (tooltip format .4f).
    for (const d of s.designs) {
      const p = d.analyses[0].power.estimate ?? NaN;
      assert.ok(svg.includes(`analysis: ancova; design: ${d.id}; power: ${p.toFixed(4)}`), `${d.id} power ${p}`);
    }
    const rows = powerRows(s);
    assert.ok(rows.every((r) => r.lo <= r.power && r.power <= r.hi && r.lo >= 0 && r.hi <= 1));
    const r = rows[0];
    assert.equal(r.hi - r.power, Math.min(1.96 * (r.mcse ?? 0), 1 - r.power));
  });

  it('type I error against alpha: a panel per design, a point per analysis and alpha, the line rate = alpha in each', async () => {
    const svg = await renderSvg(spec(typeIErrorSpec(s)), 't');
    const grid = s.alpha_grid.length;
    assert.equal(itemsOf(svg, 'symbol'), s.designs.length * 2 * grid);
    assert.equal(marks(svg).filter((m) => m.type === 'line').length, s.designs.length * 3, 'two analyses and the reference line per panel');
    // Panels are titled by the swept values ("n_per_arm = 20"), not the key paths.
    for (const d of s.designs) assert.ok(svg.includes(`>${sweptLabel(d)}</text>`), `panel header ${sweptLabel(d)}`);
    assert.match(svg, /alpha \(nominal level\)/);
  });

  it('strata CI half-width: a line per stratum in the panel of the analysis with strata, a point per design and stratum', async () => {
    const svg = await renderSvg(spec(strataWidthSpec(s)), 's');
    const strata = s.designs[0].analyses[0].strata.map((x) => x.label);
    assert.deepEqual(strata, ['(0,30]', '(30,50]', '(50,inf)']);
    assert.equal(marks(svg).filter((m) => m.type === 'line').length, strata.length);
    assert.equal(itemsOf(svg, 'symbol'), strata.length * s.designs.length);
    for (const label of strata) assert.ok(svg.includes(`>${label}</text>`), `legend ${label}`);
  });

  it('estimate distribution over a sweep: per analysis and design a 95% line, a quartile bar, a median tick and the truth', async () => {
    const svg = await renderSvg(spec(estimateDistributionSpec(s, run.result.designs.map((d) => d.estimateSample))), 'd');
    const n = s.designs.length * 2;
    assert.equal(itemsOf(svg, 'rule'), n);
    assert.equal(itemsOf(svg, 'rect'), n * 2, 'bars and ticks are rects');
    assert.equal(itemsOf(svg, 'symbol'), n, 'a truth per analysis and design');
  });

  it('the same spec renders to the same SVG text every time: vega’s process-wide clip ids are renumbered per plot', async () => {
    const clipped: TopLevelSpec = {
      data: { values: [{ a: 1, b: 2 }, { a: 5, b: 9 }] },
      mark: { type: 'line', clip: true },
      encoding: { x: { field: 'a', type: 'quantitative', scale: { domain: [0, 3] } }, y: { field: 'b', type: 'quantitative' } },
    };
    const raw = async (): Promise<string> => new vega.View(vega.parse(compile(clipped).spec), { renderer: 'none' }).toSVG();
    assert.notEqual(await raw(), await raw(), 'vega alone numbers clip paths from a counter');
    const a = await renderSvg(clipped, 'x');
    await renderSvg(powerCurveSpec(s), 'y');
    assert.equal(await renderSvg(clipped, 'x'), a);
    assert.match(a, /clip-path="url\(#x-1\)"/);
    assert.match(a, /<clipPath id="x-1">/);
  });
});

describe('plot specs — a two-key grid without a null run, and a single design point', () => {
  it('grid: x is the sample size, one line per effect scale in a panel per analysis; no type I error and no strata plot', async () => {
    const s = summaryOf(await fixtureRun(GRID_YAML));
    const axes = plotAxes(s);
    assert.equal(axes.x?.key, 'design.n_per_arm');
    assert.deepEqual(axes.group, { keys: ['model.params.effect_scale'], title: 'model.params.effect_scale', order: ['0.5', '1'] });
    const svg = await renderSvg(powerCurveSpec(s), 'g');
    assert.equal(marks(svg).filter((m) => m.type === 'line').length, 2 * 2, 'two analyses (panels) x two effect scales');
    assert.equal(itemsOf(svg, 'symbol'), s.designs.length * 2);
    assert.ok(svg.includes('>ttest</text>') && svg.includes('>wilcoxon</text>'), 'a panel per analysis');
    assert.equal(typeIErrorSpec(s), null);
    assert.equal(strataWidthSpec(s), null);
  });

  it('no sweep: power as a point per analysis with error bars; a histogram per analysis with the truth and mean rules', async () => {
    const run = await fixtureRun(SWEEP_YAML, ['design.n_per_arm=30']);
    const s = summaryOf(run);
    assert.equal(s.designs.length, 1);
    assert.equal(plotAxes(s).x, null);
    const power = await renderSvg(powerCurveSpec(s), 'p');
    assert.equal(itemsOf(power, 'symbol'), 3, 'ancova, ttest and the family');
    assert.equal(itemsOf(power, 'rule'), 3 + 1, 'an error bar per point and the target rule');
    const sample = run.result.designs[0].estimateSample;
    const svg = await renderSvg(spec(estimateDistributionSpec(s, [sample])), 'h');
    const bins = sample.analyses.map((a) => histogram(a.estimates.filter((x): x is number => x !== null)).counts.length);
    assert.equal(itemsOf(svg, 'rect'), bins[0] + bins[1], 'one bar per bin');
    assert.equal(itemsOf(svg, 'rule'), 4, 'truth and mean for each analysis');
  });
});

describe('histogram and nice steps — unit tests', () => {
  it('nice steps are 1, 2, 2.5 or 5 times a power of ten, at least the raw step', () => {
    assert.deepEqual([0.013, 0.2, 0.24, 0.26, 4, 7, 70].map(niceStep), [0.02, 0.2, 0.25, 0.5, 5, 10, 100]);
    assert.equal(niceStep(0), 1);
  });
  it('every value counted once, in the bin [k·step, (k + 1)·step) of ⌊value / step⌋, edges nice multiples of the step', () => {
    const xs = [-1.3, -1, -0.2, 0, 0.05, 0.7, 2.9, 3];
    const h = histogram(xs);
    assert.equal(h.step, 0.2);
    assert.equal(h.counts.reduce((a, b) => a + b, 0), xs.length);
    const [first] = binEdges(h, 0);
    const [, last] = binEdges(h, h.counts.length - 1);
    assert.ok(first <= -1.3 && last >= 3, `bins cover the values: [${first}, ${last}]`);
    const expected = new Array<number>(h.counts.length).fill(0);
    for (const x of xs) expected[Math.min(h.counts.length - 1, Math.floor(x / 0.2) + 7)] += 1; // ⌊−1.3 / 0.2⌋ = −7
    assert.deepEqual(h.counts, expected);
    assert.deepEqual(binEdges(h, 6), [-0.2, 0], 'an edge is an exact multiple');
    assert.deepEqual(histogram([5, 5, 5]).counts, [3]);
    assert.deepEqual(histogram([]).counts, []);
  });
});

describe('renderSvg — offline and self-contained', () => {
  it('refuses a spec that would load data from a URL', async () => {
    const remote: TopLevelSpec = { data: { url: 'https://example.invalid/data.csv' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } };
    await assert.rejects(renderSvg(remote, 'r'), /rendered offline; a spec tried to load https:\/\/example\.invalid\/data\.csv/);
  });

  it('renumbers ids and their references, first appearance first', () => {
    const svg = '<svg><defs><clipPath id="clip7"><rect/></clipPath><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip7)"><path fill="url(#gradient_3)"/><use href="#clip7"/></g></svg>';
    assert.equal(
      renumberIds(svg, 'p'),
      '<svg><defs><clipPath id="p-1"><rect/></clipPath><linearGradient id="p-2"/></defs><g clip-path="url(#p-1)"><path fill="url(#p-2)"/><use href="#p-1"/></g></svg>',
    );
  });

  it('the report’s plots: every spec compiles, every SVG is text with a generic font and no external reference', async () => {
    const { files } = await fixtureReport(await fixtureRun(SWEEP_YAML));
    const specs = Object.keys(files).filter((f) => f.endsWith('.vl.json'));
    assert.deepEqual(specs.sort(), ['plots/estimate-distribution.vl.json', 'plots/power.vl.json', 'plots/strata-ci-half-width.vl.json', 'plots/type1-error.vl.json']);
    for (const f of specs) {
      const parsed = JSON.parse(files[f]) as TopLevelSpec;
      assert.ok(compile(parsed).spec, f);
      const svg = files[f.replace(/\.vl\.json$/, '.svg')];
      assert.match(svg, /^<svg /);
      assert.doesNotMatch(svg, /(href|src)="(?!#)/, `${f}: only in-document references`);
      assert.doesNotMatch(svg, /url\((?!#)/);
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      assert.deepEqual([...families], ['sans-serif'], `${f}: fonts ${[...families].join(', ')}`);
    }
  });
});

describe('renderCalibration — calibration JSON, spec and SVG (unit, a hand-made table)', () => {
  const result: CalibrationResult = {
    trials: 50,
    seed: 7,
    rows: [
      { path: 'a.mean', published: 10, relation: '=', heldOut: false, headline: true, trials: 50, notEstimable: 0, mean: 9, sd: 1, lower: 7.1, upper: 11, inside: true, z: 1, shareSatisfying: 0 },
      { path: 'b.p', published: 0.0001, relation: '<', heldOut: true, headline: false, trials: 50, notEstimable: 0, mean: 0.01, sd: 0, lower: 0.01, upper: 0.01, inside: false, z: NaN, shareSatisfying: 0 },
      { path: 'c.count', published: 5, relation: '=', heldOut: false, headline: false, trials: 50, notEstimable: 0, mean: 4, sd: 0, lower: 4, upper: 4, inside: false, z: Infinity, shareSatisfying: 0 },
    ],
    skipped: [{ path: 'd', reason: 'not produced' }],
  };

  it('writes the table with NaN as null and infinity spelled out, and renders both panels', async () => {
    const { files } = await renderCalibration(result, '1.2.3');
    assert.deepEqual(Object.keys(files).sort(), ['calibration.json', 'calibration.svg', 'calibration.vl.json']);
    const json = JSON.parse(files['calibration.json']) as { format: string; trialsim_version: string; rows: { z: unknown }[]; skipped: unknown[] };
    assert.equal(json.format, 'trialsim-calibration/1');
    assert.equal(json.trialsim_version, '1.2.3');
    assert.deepEqual(json.rows.map((r) => r.z), [1, null, 'Infinity']);
    assert.equal(json.skipped.length, 1);
    const svg = files['calibration.svg'];
    assert.equal(itemsOf(svg, 'symbol'), 3, 'a point per figure');
    assert.equal(itemsOf(svg, 'rule'), 3, 'a simulated range per figure');
    assert.ok(svg.includes('>calibration</text>') && svg.includes('>validation (held out)</text>'));
  });
});
