// Assurance over a design prior, validated three ways:
//   against R (test/fixtures/r/assurance.R): the exact noncentral-t power of
//     the parametric model's t test integrated over a normal, a truncated
//     normal and a mixture prior, overall and per bin of the prior, within
//     4 Monte Carlo SEs (fixed seeds);
//   invariance: the same records whatever the workers and shards;
//   unit: from_paper's SD from the published CI, the prior's inversion.
import { after, describe, it } from 'node:test';
import { join } from 'node:path';
import { removeDir, tempDir } from '../cli/helpers.js';
import assert from 'node:assert/strict';
import * as api from '../../src/index.js';
import { loadFixture } from '../support/fixtures.js';
import { drawPrior, fromPublishedCi, priorBinEdges, priorCdf, priorMean } from '../../src/model/prior.js';
import { PUBLISHED_DIFFERENCES } from '../../src/model/prodermTargets.js';
import { fromUniform } from '../../src/random/stream.js';

interface Case {
  name: string;
  n: number;
  sd: number;
  alpha: number;
  bins: number;
  prior: string;
  assurance: number;
  edges: number[];
  conditional_power: number[];
  z_approximation?: number;
}
interface BeyondCase {
  n: number;
  sd: number;
  alpha: number;
  theta: number;
  threshold: number;
  success: number;
  power: number;
}
const fixture = loadFixture<{ cases: Case[]; estimate_beyond: BeyondCase[] }>('assurance.json');

function scenario(c: Case, replicates: number, seed = 20261202): string {
  return `name: assurance_${c.name}
seed: ${seed}
replicates: ${replicates}
run_null: false
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: -5}
        sd: ${c.sd}
  prior:
    score: ${c.prior}
design:
  n_per_arm: ${c.n}
analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
    alpha: ${c.alpha}
success: {analysis: ttest, bins: ${c.bins}}
`;
}

function within(m: { estimate: number | null; mcse: number | null }, expected: number, what: string): void {
  assert.ok(m.estimate !== null && m.mcse !== null && m.mcse > 0, `${what}: estimable`);
  assert.ok(Math.abs(m.estimate - expected) <= 4 * m.mcse, `${what}: ${m.estimate} ± ${m.mcse}, R gives ${expected}`);
}

describe('assurance — against R (integrate() of the noncentral-t power over the prior)', () => {
  for (const c of fixture.cases) {
    it(`${c.name} prior, ${c.n} per arm: assurance and each bin's conditional power within 4 MCSE`, async () => {
      const run = await api.runScenario({ text: scenario(c, 6000) }, { outDir: null, truth: false, workers: 1 });
      const a = run.result?.designs[0].alternative.assurance;
      assert.ok(a !== undefined && a.prior);
      within(a.probability, c.assurance, 'assurance');
      assert.equal(a.bins.length, c.bins);
      a.bins.forEach((b, k) => {
        if (k > 0) assert.ok(Math.abs((b.lower as number) - c.edges[k - 1]) < 1e-6 * Math.max(1, Math.abs(c.edges[k - 1])), `edge ${k}: ${b.lower} vs R ${c.edges[k - 1]}`);
        within(b.power, c.conditional_power[k], `bin ${k} conditional power`);
      });
      // θ among the successes lies towards benefit of θ as drawn.
      assert.ok(a.theta !== null && (a.theta.success.mean.estimate as number) < (a.theta.prior.mean.estimate as number));
      // The power as run counts the same successes (success = rejection towards benefit).
      assert.equal(a.probability.estimate, run.result?.designs[0].alternative.analyses[0].rejection.adjusted.estimate);
    });
  }
  it('normal prior: the z approximation is near but not the exact assurance (R)', () => {
    const c = fixture.cases[0];
    assert.ok(c.z_approximation !== undefined && Math.abs(c.z_approximation - c.assurance) < 0.01 && c.z_approximation !== c.assurance);
  });
});

describe('probability of success at a fixed effect, significant and beyond a threshold — against R', () => {
  for (const c of fixture.estimate_beyond) {
    it(`${c.n} per arm, θ = ${c.theta}, estimate beyond ${c.threshold}: P(success) within 4 MCSE, and below the power`, async () => {
      const text = `name: beyond
seed: 424242
replicates: 6000
run_null: false
model:
  kind: parametric
  params:
    endpoints: [{id: score, type: normal, mean: {control: 0, treatment: ${c.theta}}, sd: ${c.sd}}]
design:
  n_per_arm: ${c.n}
analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
success: {estimate_beyond: ${c.threshold}}
`;
      const run = await api.runScenario({ text }, { outDir: null, truth: false, workers: 1 });
      const d = run.result?.designs[0].alternative;
      const a = d?.assurance;
      assert.ok(a !== undefined && !a.prior && a.theta === null && a.bins.length === 1 && a.analysis === 'ttest');
      within(a.probability, c.success, 'P(success)');
      within(d!.analyses[0].rejection.adjusted, c.power, 'power');
      assert.ok((a.probability.estimate as number) < (d!.analyses[0].rejection.adjusted.estimate as number));
    });
  }
});

describe('assurance — each replicate draws θ from its own stream', () => {
  const dir = tempDir('assurance');
  after(() => removeDir(dir));
  it('1 worker, 2 workers, and two shards merged give the same result, exactly', async () => {
    const c = fixture.cases[2];
    const text = scenario(c, 1000, 7);
    const options = { truth: false, blockSize: 100 } as const;
    const one = await api.runScenario({ text }, { ...options, outDir: null, workers: 1 });
    const two = await api.runScenario({ text }, { ...options, outDir: null, workers: 2 });
    const a1 = one.result?.designs[0].alternative.assurance;
    assert.ok(a1 !== undefined && a1.prior && a1.probability.n === 1000);
    assert.deepEqual(two.result?.designs[0].alternative, one.result?.designs[0].alternative);
    const root = join(dir, 'shards');
    const s1 = await api.runScenario({ text }, { ...options, resultsRoot: root, shard: '1/2', workers: 1 });
    const s2 = await api.runScenario({ text }, { ...options, resultsRoot: root, shard: '2/2', workers: 2 });
    const merged = await api.mergeRuns([s1.outDir ?? '', s2.outDir ?? ''], { resultsRoot: root });
    assert.deepEqual(merged.result?.designs[0].alternative, one.result?.designs[0].alternative);
  });
});

describe('design prior — unit', () => {
  it("from_paper: N(estimate, se²), se = (upper − lower)/(2·1.96) from ProDERM's published CDASI-A CI −8.0 [−11.5, −4.6]", () => {
    const d = PUBLISHED_DIFFERENCES.cdasi_a;
    assert.deepEqual([d.estimate, d.lower, d.upper], [-8.0, -11.5, -4.6]);
    const p = fromPublishedCi(d.estimate, d.lower, d.upper);
    assert.equal(p.mean, -8);
    assert.ok(Math.abs(p.sd - 6.9 / 3.92) < 1e-12, `sd ${p.sd}`);
    assert.ok(Math.abs(p.sd - 1.760204) < 1e-6);
  });
  it('inversion: the k/bins quantiles of the prior are its bin edges, and the draws of a mixture follow its CDF', () => {
    const mix = { kind: 'mixture' as const, components: [{ weight: 0.7, prior: { kind: 'normal' as const, mean: -6, sd: 1.5 } }, { weight: 0.3, prior: { kind: 'truncated_normal' as const, mean: 0, sd: 1, lower: -1, upper: 3 } }] };
    priorBinEdges(mix, 8).forEach((e, k) => assert.ok(Math.abs(priorCdf(mix, e) - (k + 1) / 8) < 1e-10));
    // Uniforms on a grid (pairs) give draws whose empirical CDF is the prior's to the grid's resolution.
    const G = 200;
    const us: number[] = [];
    for (let i = 0; i < G; i++) for (let j = 0; j < G; j++) us.push((i + 0.5) / G, (j + 0.5) / G);
    let at = 0;
    const stream = fromUniform(() => us[at++]);
    const draws = Array.from({ length: G * G }, () => drawPrior(mix, stream)).sort((a, b) => a - b);
    for (const q of [0.1, 0.5, 0.69, 0.75, 0.9]) assert.ok(Math.abs(priorCdf(mix, draws[Math.floor(q * draws.length)]) - q) < 2 / G, `q ${q}`);
    // The mean of the draws is the prior's mean (to the grid's resolution).
    assert.ok(Math.abs(draws.reduce((s, x) => s + x, 0) / draws.length - priorMean(mix)) < 0.01);
  });
});
