// The programmatic API used directly, as a library caller would: through the
// package's own name ('trialsim', package.json "exports"), and checked
// against closed forms where one exists.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as api from '../../src/index.js';
import { A, ANALYSIS_WIDTH } from '../../src/engine/layout.js';
import { tTestPower } from './closedForm.js';
import { removeDir, tempDir } from '../cli/helpers.js';

const dir = tempDir('api');
after(() => removeDir(dir));

/** The parametric textbook model at one size: t test and ANCOVA of a normal change (d = 0.5). */
function textbook(nPerArm: number, replicates: number, extra = ''): string {
  return `name: textbook
seed: 20240611
replicates: ${replicates}
model:
  kind: parametric
  params:
    endpoints:
      - id: score
        type: normal
        mean: {control: 0, treatment: -5}
        sd: 10
        baseline: {mean: 50, sd: 10, correlation: 0.5}
design:
  n_per_arm: ${nPerArm}
analyses:
  - id: ttest
    endpoint: {measure: score, week: 16, type: change}
    method: ttest
  - id: ancova
    endpoint: {measure: score, week: 16, type: change}
    method: ancova
${extra}`;
}

/** |estimate − expected| within 4 Monte Carlo SEs (STYLE.md: tolerances from the MCSE, never a guess). */
function withinMcse(m: { estimate: number | null; mcse: number | null }, expected: number, what: string): void {
  assert.ok(m.estimate !== null && m.mcse !== null, `${what}: estimable`);
  assert.ok(Math.abs(m.estimate - expected) <= 4 * m.mcse, `${what}: ${m.estimate} ± ${m.mcse}, expected ${expected}`);
}

describe("import from 'trialsim' — the package's exports", () => {
  it('resolves through package.json "exports" to the same functions', async () => {
    const name = 'trialsim'; // a variable, so the compiler does not resolve it before dist/ exists
    const pkg = (await import(name)) as typeof api;
    for (const f of ['runScenario', 'validateScenario', 'sampleTrials', 'analyzeData', 'calibrateModel', 'findSampleSize', 'mergeRuns', 'renderResults'] as const) {
      assert.equal(typeof pkg[f], 'function', f);
      assert.equal(pkg[f], api[f], `${f} is the src/index export`);
    }
    // The layers below are exported too.
    assert.equal(typeof pkg.loadScenario, 'function');
    assert.equal(typeof pkg.runDesigns, 'function');
    assert.equal(typeof pkg.createKernel, 'function');
    assert.equal(typeof pkg.simulateTrial, 'function');
  });
});

describe('validateScenario — unit tests', () => {
  it('a valid text: ok, its design points and a summary', () => {
    const v = api.validateScenario(textbook(30, 100, 'sweep:\n  design.n_per_arm: [30, 60]\n'));
    assert.ok(v.ok);
    assert.equal(v.designs.length, 2);
    assert.match(v.summary, /^textbook: 2 design points \(design\.n_per_arm: 30, 60\) × 2 analyses/);
  });

  it('problems come back positioned, and nothing throws', () => {
    const v = api.validateScenario(textbook(30, 100).replace('method: ancova', 'method: ancovaa'));
    assert.ok(!v.ok);
    assert.equal(v.messages.length, 1);
    assert.match(v.messages[0], /^<scenario>:21:13 analyses\.ancova\.method: must be one of: .* \(got "ancovaa"; did you mean "ancova"\?\)$/);
  });

  it('runScenario throws ScenarioInvalid carrying the same problems, and an unreadable file is a UsageError', async () => {
    await assert.rejects(api.runScenario(textbook(0, 100), { outDir: null }), (e: unknown) => e instanceof api.ScenarioInvalid && e.errors.length === 1);
    assert.throws(() => api.validateScenario(join(dir, 'missing.yaml')), api.UsageError);
  });
});

describe('runScenario in memory — power and type I error against the closed-form t test', () => {
  it('64 per arm: t-test power = power.t.test within 4 MCSE; type I error 0.05 within 4 MCSE', async () => {
    const run = await api.runScenario(textbook(64, 2000), { outDir: null, truth: false, workers: 2 });
    assert.equal(run.outDir, null);
    assert.equal(run.rendered, null);
    const d = run.result?.designs[0];
    assert.ok(d !== undefined && d.null !== null);
    withinMcse(d.alternative.analyses[0].rejection.adjusted, tTestPower(64, 5, 10), 'power');
    withinMcse(d.null.analyses[0].rejection.adjusted, 0.05, 'type I error');
    withinMcse(d.null.analyses[1].rejection.adjusted, 0.05, 'ANCOVA type I error');
  });
});

describe('runScenario to a folder — truth, files, renderResults, shards and mergeRuns', () => {
  const out = join(dir, 'run');
  let run: api.RunOutcome;
  const notes: string[] = [];

  it('computes the truth: bias near 0 and coverage near 95%, within 4 MCSE (the estimators are unbiased)', async () => {
    let started: string | null = null;
    run = await api.runScenario(textbook(40, 1000), {
      outDir: out,
      truthPopulation: 20_000,
      onNote: (n) => notes.push(n),
      onStart: (s) => {
        started = s.outDir;
      },
    });
    assert.equal(started, out);
    // The parametric model's difference (d = 0.5: -5 with SD 10) and the null's 0 are exact: no population is simulated.
    assert.ok(!notes.some((n) => /computing the true estimands/.test(n)), notes.join(' | '));
    assert.deepEqual(run.truth, { computed: true, patientsPerArm: 20_000, seed: api.TRUTH_SEED });
    const d = run.result?.designs[0];
    assert.ok(d !== undefined && d.null !== null);
    for (const [alt, nul] of d.alternative.analyses.map((x, i) => [x, d.null?.analyses[i]] as const)) {
      assert.deepEqual(alt.estimation.truth, { value: -5, se: 0, source: 'closed_form' }, `${alt.id} truth`);
      assert.deepEqual(nul?.estimation.truth, { value: 0, se: 0, source: 'null' }, `${alt.id} null truth`);
    }
    const a = d.alternative.analyses[1];
    assert.ok(a.estimation.bias !== null && a.estimation.coverage !== null);
    // Against an exact truth the bias' MCSE is the replicates' alone.
    assert.equal(a.estimation.bias.mcse, a.estimation.meanEstimate.mcse);
    withinMcse(a.estimation.bias, 0, 'bias');
    withinMcse(a.estimation.coverage, 0.95, 'coverage');
  });

  it('writes result.json, scenario.yaml and run.json, and renderResults rewrites the same summary', async () => {
    for (const f of ['result.json', 'scenario.yaml', 'run.json', 'summary.json', 'summary.csv']) assert.ok(existsSync(join(out, f)), f);
    const info = api.readRunInfo(out);
    assert.equal(info.name, run.name);
    assert.equal(info.kernel, api.KERNEL_ID);
    const summary = readFileSync(join(out, 'summary.json'), 'utf8');
    const again = await api.renderResults(out);
    assert.equal(again.report, join(out, 'report.html'));
    assert.equal(readFileSync(join(out, 'summary.json'), 'utf8'), summary);
  });

  it('two shards merged by mergeRuns give the result of the whole run, exactly', async () => {
    const root = join(dir, 'shards');
    const options = { resultsRoot: root, truthPopulation: 20_000, blockSize: 250 } as const;
    const s1 = await api.runScenario(textbook(40, 1000), { ...options, shard: '1/2' });
    const s2 = await api.runScenario(textbook(40, 1000), { ...options, shard: { k: 2, n: 2 } });
    assert.equal(s1.result, null);
    assert.deepEqual(s2.shard?.blocks, { from: 2, to: 4 });
    const merged = await api.mergeRuns([s1.outDir ?? '', s2.outDir ?? ''], { resultsRoot: root });
    assert.equal(merged.outDir, join(root, run.name));
    assert.deepEqual(merged.result, run.result);
    assert.equal(readFileSync(join(merged.outDir, 'summary.json'), 'utf8'), readFileSync(join(out, 'summary.json'), 'utf8'));
  });
});

describe('sampleTrials and analyzeData — unit tests', () => {
  it('trial k of the sample is replicate k − 1: analyzeData of it equals the kernel replay', async () => {
    const text = textbook(25, 10);
    const s = api.sampleTrials(text, { trials: 2, seed: 99 });
    assert.equal(s.cohorts.length, 2);
    assert.equal(s.patients, 100);
    const a = api.analyzeData(text, { text: s.csv, file: 'sample.csv' });
    assert.equal(a.file, 'sample.csv');
    const rec = await api.replayReplicate(api.KERNEL_MODULE, s.point.spec, 99, 1);
    const ancova = a.trials[1].analyses[1];
    assert.equal(ancova.id, 'ancova');
    assert.equal(ancova.estimate, rec[ANALYSIS_WIDTH + A.estimate]);
    assert.equal(ancova.p, rec[ANALYSIS_WIDTH + A.p]);
  });

  it('under the null, the arms are drawn alike: the null sample differs from the design only in the treatment arm', () => {
    const text = textbook(25, 10);
    const alt = api.sampleTrials(text, { trials: 1, seed: 5 });
    const nul = api.sampleTrials(text, { trials: 1, seed: 5, null: true });
    const c = alt.cohorts[0];
    const n = nul.cohorts[0];
    assert.deepEqual(n.arm, c.arm);
    const V = c.visits.length;
    for (let i = 0; i < c.n; i++) {
      const same = c.measures.score[i * V + 1] === n.measures.score[i * V + 1];
      assert.equal(same, c.arm[i] === 0, `patient ${i} (arm ${c.arm[i]})`);
    }
  });

  it('malformed data is a UsageError with the line and column of the problem', () => {
    assert.throws(
      () => api.analyzeData(textbook(25, 10), 'trial,patient,arm,stratum,crossover_week,dropout_week,score_w0,score_w16\n1,1,sideways,0,,,50,1\n'),
      (e: unknown) => e instanceof api.UsageError && /line 2, column arm: expected placebo\/ivig or control\/treatment/.test(e.message),
    );
  });
});

describe('calibrateModel and findSampleSize — unit tests', () => {
  it('calibrateModel in memory: the summary counts the rows it summarises', async () => {
    let last = 0;
    const c = await api.calibrateModel({ trials: 30, seed: 1, outDir: null, onTrial: (done) => (last = done) });
    assert.equal(last, 30);
    assert.deepEqual(c.files, []);
    const rows = c.result.rows.filter((r) => r.trials > 0);
    assert.equal(c.summary.calibration.figures + c.summary.validation.figures, rows.length);
    assert.ok(c.summary.validation.figures > 0, 'held-out figures are compared too');
  });

  it('findSampleSize with unequal allocation searches the total and splits it by the ratio', async () => {
    const text = textbook(30, 300).replace('  n_per_arm: 30', '  sample_size: 90\n  allocation: {control: 1, treatment: 2}\n  block_size: 3');
    const s = await api.findSampleSize(text, { analysis: 'ancova', power: 0.8, workers: 1 });
    assert.equal(s.unit, 'total');
    assert.deepEqual(s.allocation, { control: 1, treatment: 2 });
    assert.ok(s.found && s.n !== null && s.below !== null);
    assert.deepEqual(s.at.arms, { control: s.n / 3, treatment: (2 * s.n) / 3 });
    assert.ok(s.at.power >= 0.8 && s.below.power < 0.8);
  });

  it('findSampleSize refuses an unknown analysis and a scenario that sweeps other keys', async () => {
    await assert.rejects(api.findSampleSize(textbook(30, 100), { analysis: 'nope', power: 0.8 }), api.UsageError);
    const swept = textbook(30, 100, 'sweep:\n  model.params.effect_scale: [0.5, 1]\n');
    await assert.rejects(api.findSampleSize(swept, { analysis: 'ttest', power: 0.8 }), /sweeps other keys too/);
  });
});
