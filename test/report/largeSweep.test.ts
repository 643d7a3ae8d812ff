// Reports of large sweeps: a 100-value axis and a 100 × 100 grid (10,000
// design points, MAX_DESIGN_POINTS) render to valid SVG and HTML. vega-lite
// once compiled a sort by a list of values into one nested expression per
// list (`datum.x === v0 ? 0 : datum.x === v1 ? 1 : ...`), and vega's
// expression parser overflowed its stack on it ("Maximum call stack size
// exceeded"). The big sweeps are built cheaply: a real run of a 3-point
// sweep (20 replicates, a null run, strata), whose design results are
// repeated under the design ids of the big sweep; no 10,000-point simulation.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { RunResult } from '../../src/engine/runResult.js';
import { estimateDistributionSpec, MAX_DISTRIBUTION_DESIGNS } from '../../src/report/estimateDistributionSpec.js';
import { evenlySpaced } from '../../src/report/plotStyle.js';
import { isHeatMap, MAX_POWER_LINES, powerCurveSpec } from '../../src/report/powerCurveSpec.js';
import { renderReport, type RenderedFiles } from '../../src/report/renderReport.js';
import { renderSvg } from '../../src/report/renderSvg.js';
import { MAX_STRATA_BARS, MAX_STRATA_GROUPS, strataWidthSpec } from '../../src/report/strataWidthSpec.js';
import { buildSummary } from '../../src/report/summary.js';
import type { Summary } from '../../src/report/summarySchema.js';
import { MAX_TYPE1_PANELS, typeIErrorSpec } from '../../src/report/typeIErrorSpec.js';
import { expandDesigns } from '../../src/scenario/expandDesigns.js';
import { loadScenario } from '../../src/scenario/loadScenario.js';
import { MAX_DESIGN_POINTS } from '../../src/scenario/sweep.js';
import { FACTS, fixtureRun, SWEEP_YAML, type FixtureRun } from './helpers.js';

const SMALL_SWEEP = 'design.n_per_arm: [20, 40, 60]';

/** A big sweep (YAML flow lines of the sweep block), with the fixture run's design results repeated under its design ids. */
function bigSweep(run: FixtureRun, sweepLines: string[]): { summary: Summary; input: Parameters<typeof renderReport>[0] } {
  assert.ok(SWEEP_YAML.includes(SMALL_SWEEP));
  const loaded = loadScenario(SWEEP_YAML.replace(SMALL_SWEEP, sweepLines.join('\n  ')), 'big.yaml', ['replicates=20']);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
  const designs = expandDesigns(loaded.scenario);
  const n = run.result.designs.length;
  // The fixture's results repeated; each null made distinct (its first rate at the smallest alpha nudged), since
  // design points with identical null results share one type I error panel (typeIErrorSpec.ts nullPanels).
  const distinct = (d: RunResult['designs'][number], i: number): RunResult['designs'][number] => {
    if (d.null === null) return d;
    const [a0, ...rest] = d.null.analyses;
    const [r0, ...rates] = a0.rejectionByAlpha;
    const nudged = { ...r0, rate: { ...r0.rate, estimate: (r0.rate.estimate ?? 0) + i * 1e-9 } };
    return { ...d, null: { ...d.null, analyses: [{ ...a0, rejectionByAlpha: [nudged, ...rates] }, ...rest] } };
  };
  const result: RunResult = { ...run.result, designs: designs.map((p, i) => ({ ...distinct(run.result.designs[i % n], i), id: p.id })) };
  const summary = buildSummary({ scenario: loaded.scenario, designs, result, version: 't' });
  return { summary, input: { scenario: loaded.scenario, designs, result, facts: FACTS } };
}

const range = (n: number, f: (i: number) => number): string => `[${Array.from({ length: n }, (_, i) => f(i)).join(', ')}]`;

/** The longest vega expression (expr, calculate, filter test, signal update) in a compiled spec. */
function longestExpression(spec: TopLevelSpec): number {
  let longest = 0;
  const walk = (x: unknown, key: string): void => {
    if (typeof x === 'string') {
      if (['expr', 'calculate', 'test', 'update', 'signal'].includes(key)) longest = Math.max(longest, x.length);
    } else if (Array.isArray(x)) for (const v of x) walk(v, key);
    else if (typeof x === 'object' && x !== null) for (const [k, v] of Object.entries(x)) walk(v, k);
  };
  walk(compile(spec).spec, '');
  return longest;
}

/** Well-formed enough: one <svg> root, and every tag closed in order. */
function assertSvg(svg: string): void {
  assert.ok(svg.startsWith('<svg') && svg.trimEnd().endsWith('</svg>'), 'an <svg> root');
  const open: string[] = [];
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z][\w:-]*)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue;
    if (m[1] === '') open.push(m[2]);
    else assert.equal(open.pop(), m[2], `</${m[2]}> closes <${m[2]}>`);
  }
  assert.deepEqual(open, [], 'every tag closed');
}

/** Items drawn in the mark groups of a type (rect, symbol, ...). */
function itemsOf(svg: string, type: string): number {
  let n = 0;
  for (const m of svg.matchAll(/<g class="mark-(\w+) role-mark [^"]*"[^>]*>(.*?)<\/g>/gs)) if (m[1] === type) n += (m[2].match(/<(path|rect|line|text)\b/g) ?? []).length;
  return n;
}

function svgOf(files: RenderedFiles, name: string): string {
  const svg = files.files[`plots/${name}.svg`];
  assert.ok(svg !== undefined, `plots/${name}.svg`);
  return svg;
}

describe('large sweeps — a 100-value axis and a 10,000-point grid render their plots and report', () => {
  let run: FixtureRun;
  before(async () => {
    run = await fixtureRun(SWEEP_YAML, ['replicates=20']);
  });

  it('evenlySpaced: the first and the last, k of them, in order; all of them when there are few', () => {
    assert.deepEqual(evenlySpaced(3, 12), [0, 1, 2]);
    assert.deepEqual(evenlySpaced(10, 4), [0, 3, 6, 9]);
    const picked = evenlySpaced(10_000, 12);
    assert.equal(new Set(picked).size, 12);
    assert.deepEqual([picked[0], picked[11]], [0, 9999]);
    assert.ok(picked.every((v, i) => i === 0 || v > picked[i - 1]));
  });

  it('a 100-value axis: every plot compiles to short expressions and renders; the large plots show an evenly spaced subset and say so', async () => {
    const { summary, input } = bigSweep(run, [`design.n_per_arm: ${range(100, (i) => 10 + i)}`]);
    assert.equal(summary.designs.length, 100);
    const specs = {
      power: powerCurveSpec(summary),
      type1: typeIErrorSpec(summary),
      strata: strataWidthSpec(summary),
      distribution: estimateDistributionSpec(
        summary,
        input.result.designs.map((d) => d.estimateSample),
      ),
    };
    // The expressions do not grow with the number of values: no longer than those of the 3-point fixture
    // (tooltips, a few hundred characters). The old sort by a list of 100 values compiled to one of ~3,000.
    const small = buildSummary({ scenario: run.scenario, designs: run.points, result: run.result, version: 't' });
    const smallSpecs = {
      power: powerCurveSpec(small),
      type1: typeIErrorSpec(small),
      strata: strataWidthSpec(small),
      distribution: estimateDistributionSpec(
        small,
        run.result.designs.map((d) => d.estimateSample),
      ),
    };
    for (const [name, spec] of Object.entries(specs)) {
      const smallSpec = smallSpecs[name as keyof typeof smallSpecs];
      assert.ok(spec !== null && smallSpec !== null, name);
      const big = longestExpression(spec);
      assert.ok(big <= longestExpression(smallSpec) && big < 1000, `${name}: longest expression ${big}, ${longestExpression(smallSpec)} with 3 design points`);
    }
    const files = await renderReport(input);
    for (const name of ['power', 'type1-error', 'strata-ci-half-width', 'estimate-distribution']) assertSvg(svgOf(files, name));
    // Power: a line per series through all 100 design points, a point on each.
    assert.equal(isHeatMap(specs.power), false);
    assert.equal(itemsOf(svgOf(files, 'power'), 'symbol'), 3 * 100);
    // Type I error: MAX_TYPE1_PANELS panels, said in the plot and the report.
    const type1 = svgOf(files, 'type1-error');
    assert.match(type1, new RegExp(`showing ${MAX_TYPE1_PANELS} of 100 design points, evenly spaced`));
    assert.equal(itemsOf(type1, 'symbol'), MAX_TYPE1_PANELS * 2 * summary.alpha_grid.length);
    // Distribution: MAX_DISTRIBUTION_DESIGNS design points on x, in sweep order.
    const dist = svgOf(files, 'estimate-distribution');
    assert.match(dist, new RegExp(`showing ${MAX_DISTRIBUTION_DESIGNS} of 100 design points`));
    const shown = evenlySpaced(100, MAX_DISTRIBUTION_DESIGNS).map((i) => String(10 + i));
    const at = shown.map((v) => dist.indexOf(`>${v}</text>`));
    assert.ok(at.every((p, i) => p > 0 && (i === 0 || p > at[i - 1])), `x labels in sweep order: ${at.join(', ')}`);
    const html = files.files['report.html'];
    assert.ok(html.startsWith('<!doctype html>') && html.trimEnd().endsWith('</html>'));
    assert.match(html, new RegExp(`For this large sweep: showing ${MAX_TYPE1_PANELS} of 100 design points`));
  });

  it(`more than ${MAX_STRATA_BARS} values on x: the strata plot draws its ±1.96 MCSE intervals as bands, not a bar each, and says so`, async () => {
    const values = MAX_STRATA_BARS + 1;
    const { summary } = bigSweep(run, [`design.n_per_arm: ${range(values, (i) => 10 + i)}`]);
    const spec = strataWidthSpec(summary);
    assert.ok(spec !== null);
    const svg = await renderSvg(spec, 's');
    assertSvg(svg);
    // 2 analyses x 3 strata in the fixture: a band and a line each, no error bars.
    const strataLines = summary.designs[0].analyses.reduce((n, a) => n + a.strata.length, 0);
    assert.ok(strataLines > 0);
    assert.equal(itemsOf(svg, 'area'), strataLines);
    assert.equal(itemsOf(svg, 'line'), strataLines);
    assert.equal(itemsOf(svg, 'rule'), 0, 'no error bars');
    assert.match(svg, new RegExp(`${values} values of design\\.n_per_arm: the ±1\\.96 MCSE intervals drawn as bands, not bars`));
    // The 100-value axis above keeps its bars: a rule per design, analysis and stratum with an estimate.
    const { summary: hundred } = bigSweep(run, [`design.n_per_arm: ${range(MAX_STRATA_BARS, (i) => 10 + i)}`]);
    const bars = hundred.designs.reduce((n, d) => n + d.analyses.reduce((m, a) => m + a.strata.filter((x) => x.mean_ci_half_width.estimate !== null).length, 0), 0);
    const hundredSvg = await renderSvg(strataWidthSpec(hundred) ?? assert.fail('a spec'), 'h');
    assert.equal(itemsOf(hundredSvg, 'rule'), bars);
  });

  it(`a 100 × 100 grid (${MAX_DESIGN_POINTS.toLocaleString('en-US')} design points): power as a heat map of every point, the other plots a subset, the report renders`, async () => {
    const { summary, input } = bigSweep(run, [`model.params.effect_scale: ${range(100, (i) => i / 100)}`, `design.n_per_arm: ${range(100, (i) => 10 + i)}`]);
    assert.equal(summary.designs.length, MAX_DESIGN_POINTS);
    const power = powerCurveSpec(summary);
    assert.ok(isHeatMap(power), `more than ${MAX_POWER_LINES} groups: a heat map`);
    const files = await renderReport(input);
    for (const name of ['power', 'type1-error', 'strata-ci-half-width', 'estimate-distribution']) assertSvg(svgOf(files, name));
    // A cell per design point and series (ancova, ttest, the Holm family), in a panel per series.
    assert.equal(itemsOf(svgOf(files, 'power'), 'rect'), 3 * MAX_DESIGN_POINTS);
    assert.match(svgOf(files, 'power'), /100 groups \(model\.params\.effect_scale\): drawn as a heat map of power/);
    assert.match(svgOf(files, 'type1-error'), /showing 12 of 10,000 design points/);
    assert.match(svgOf(files, 'strata-ci-half-width'), new RegExp(`showing ${MAX_STRATA_GROUPS} of 100 groups \\(model\\.params\\.effect_scale\\)`));
    assert.match(svgOf(files, 'estimate-distribution'), /showing 40 of 10,000 design points/);
    const html = files.files['report.html'];
    assert.ok(html.startsWith('<!doctype html>') && html.trimEnd().endsWith('</html>'));
    assert.match(html, /Power \(adjusted for multiplicity\) at each design point, by colour\. For this large sweep: 100 groups/);
    // The tables of the report hold every design point.
    assert.ok(html.includes('model.params.effect_scale=0.99, design.n_per_arm=109'));
  });
});
