// summary.json and summary.csv of real runs (the production kernel on small
// parametric scenarios): valid against the shipped JSON Schema, every number
// copied from the engine's RunResult, and the CSV holding each of them once,
// equal to the last digit.
import { describe, it, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { ALPHA_GRID } from '../../src/engine/accumulator.js';
import type { Metric } from '../../src/engine/mcse.js';
import { scenarioHash } from '../../src/scenario/scenarioHash.js';
import { buildSummary, summaryJson } from '../../src/report/summary.js';
import { summaryCsv, type CsvRow } from '../../src/report/summaryCsv.js';
import type { Summary, SummaryDesign } from '../../src/report/summarySchema.js';
import { SUMMARY_SCHEMA_FILE } from '../../src/report/writeSummarySchema.js';
import { ROOT } from '../support/fixtures.js';
import { csvRecords } from './csv.js';
import { fixtureRun, GRID_YAML, SWEEP_YAML, type FixtureRun } from './helpers.js';

const CASES: [string, string, string[]][] = [
  ['one-key sweep, null run, strata, Holm', SWEEP_YAML, []],
  ['two-key grid, no null run', GRID_YAML, []],
  ['no sweep (a --set fixes the swept key)', SWEEP_YAML, ['design.n_per_arm=30']],
];

function summaryOf(run: FixtureRun): Summary {
  return buildSummary({ scenario: run.scenario, designs: run.points, result: run.result, version: '9.9.9' });
}

describe('summary.json — validates against the committed schemas/summary.schema.json (ajv, strict)', () => {
  const schema: unknown = JSON.parse(readFileSync(join(ROOT, SUMMARY_SCHEMA_FILE), 'utf8'));
  assert.ok(typeof schema === 'object' && schema !== null);
  const validate = new Ajv({ strict: true, allErrors: true }).compile(schema);

  for (const [name, yaml, sets] of CASES) {
    it(name, async () => {
      const text = summaryJson(summaryOf(await fixtureRun(yaml, sets)));
      const ok = validate(JSON.parse(text));
      assert.ok(ok, JSON.stringify(validate.errors, null, 1));
    });
  }

  it('rejects a summary with a metric missing its mcse, an unknown field, and a bad stopped_by', async () => {
    const s = JSON.parse(summaryJson(summaryOf(await fixtureRun(SWEEP_YAML)))) as Record<string, unknown> & { designs: Record<string, unknown>[] };
    const d = s.designs[0] as { analyses: Record<string, unknown>[]; replicates: Record<string, unknown> };
    delete (d.analyses[0].power as Record<string, unknown>).mcse;
    d.analyses[0].powr = 1;
    d.replicates.stopped_by = 'time';
    assert.equal(validate(s), false);
    assert.deepEqual((validate.errors ?? []).map((e) => e.keyword).sort(), ['additionalProperties', 'anyOf', 'const', 'const', 'required']);
  });
});

describe('summary.json — every number copied from the RunResult (unit)', () => {
  let run: FixtureRun;
  let s: Summary;
  before(async () => {
    run = await fixtureRun(SWEEP_YAML);
    s = summaryOf(run);
  });

  it('the scenario, its hash, seed, replicates, version and the sweep', () => {
    assert.equal(s.scenario_hash, scenarioHash(run.scenario));
    assert.equal(s.seed, 424242);
    assert.equal(s.replicates, 300);
    assert.equal(s.trialsim_version, '9.9.9');
    assert.equal(s.target_power, 0.8);
    assert.deepEqual(s.alpha_grid, [...ALPHA_GRID]);
    assert.deepEqual(s.sweep, [{ key: 'design.n_per_arm', values: [20, 40, 60] }]);
    assert.deepEqual(s.designs.map((d) => d.swept), [{ 'design.n_per_arm': 20 }, { 'design.n_per_arm': 40 }, { 'design.n_per_arm': 60 }]);
    // JSON has no infinity: the last stratum cut is written as YAML writes it.
    const analyses = s.scenario.analyses as { strata?: { cuts: unknown[] } }[];
    assert.deepEqual(analyses[0].strata?.cuts, [0, 30, 50, '.inf']);
  });

  it('power, type I error, family-wise rates, estimation, strata and counts are the engine’s', () => {
    const same = (x: unknown, m: Metric | null | undefined, what: string): void => assert.deepEqual(x, m === undefined || m === null ? null : { estimate: m.estimate, mcse: m.mcse, n: m.n }, what);
    s.designs.forEach((d, i) => {
      const r = run.result.designs[i];
      assert.equal(d.id, r.id);
      const nul = r.null;
      assert.ok(nul !== null);
      same(d.familywise.disjunctive_power, r.alternative.familyWise.any, 'disjunctive');
      same(d.familywise.conjunctive_power, r.alternative.familyWise.all, 'conjunctive');
      same(d.familywise.fwer, nul.familyWise.any, 'fwer');
      d.analyses.forEach((a, j) => {
        const ra = r.alternative.analyses[j];
        const rn = nul.analyses[j];
        same(a.power, ra.rejection.adjusted, 'power');
        same(a.power_unadjusted, ra.rejection.unadjusted, 'power_unadjusted');
        same(a.type1_error, rn.rejection.adjusted, 'type1_error');
        same(a.type1_error_unadjusted, rn.rejection.unadjusted, 'type1_error_unadjusted');
        same(a.interaction_power, ra.interaction?.rejection, 'interaction');
        assert.deepEqual(a.type1_error_by_alpha, rn.rejectionByAlpha.map((x) => ({ alpha: x.alpha, ...x.rate })));
        same(a.estimation.bias, ra.estimation.bias, 'bias');
        same(a.estimation.coverage, ra.estimation.coverage, 'coverage');
        same(a.estimation.mean_ci_width, ra.estimation.meanCIWidth, 'mean_ci_width');
        same(a.estimation_null?.mean_estimate, rn.estimation.meanEstimate, 'null mean estimate');
        const rt = ra.estimation.truth;
        // A truth handed in without a source is a simulated one.
        assert.deepEqual(a.estimation.truth, rt === null ? null : { value: rt.value, se: rt.se, source: rt.source ?? 'simulated' });
        const ne = ra.notEstimable;
        assert.deepEqual(a.not_estimable.alternative, { count: ne.count, share: ne.share, main_reason: ne.mainReason, reasons: ne.reasons });
        const nt = ra.untested;
        assert.deepEqual(a.no_test.alternative, { count: nt.count, share: nt.share, main_reason: nt.mainReason, reasons: nt.reasons });
        a.strata.forEach((st, k) => {
          const rs = ra.strata[k];
          same(st.mean_ci_half_width, rs.meanCIHalfWidth, 'half width');
          same(st.mean_n_control, rs.meanN.control, 'n control');
          same(st.ci_excludes_zero, rs.ciExcludesZero, 'excludes zero');
          assert.deepEqual(st.not_estimable, { count: rs.notEstimable.count, share: rs.notEstimable.share, main_reason: rs.notEstimable.mainReason, reasons: rs.notEstimable.reasons });
        });
      });
    });
  });

  it('the fixture exercises the cases: strata not estimable (a rare stratum), interaction tests, Holm', () => {
    const rare = s.designs[0].analyses[0].strata[0];
    assert.equal(rare.label, '(0,30]');
    assert.ok(rare.not_estimable.count > 0, 'the rare stratum is sometimes empty in an arm');
    assert.ok(s.designs[0].analyses[0].interaction_power !== null);
    assert.equal(s.designs[0].analyses[1].interaction_power, null, 'no strata, no interaction test');
    const p = s.designs[2].analyses[1];
    assert.ok((p.power.estimate ?? 1) <= (p.power_unadjusted.estimate ?? 0), 'Holm rejects no more than the unadjusted test');
  });

  it('a run without a null run has null type I error, FWER and null estimation', async () => {
    const g = summaryOf(await fixtureRun(GRID_YAML));
    for (const d of g.designs) {
      assert.equal(d.familywise.fwer, null);
      assert.equal(d.familywise.no_test.null, null);
      for (const a of d.analyses) {
        assert.equal(a.type1_error, null);
        assert.equal(a.type1_error_by_alpha, null);
        assert.equal(a.estimation_null, null);
        assert.equal(a.not_estimable.null, null);
      }
    }
  });

  it('refuses a run whose designs are not the scenario’s design points', () => {
    assert.throws(() => buildSummary({ scenario: run.scenario, designs: run.points.slice(1), result: run.result, version: '0' }), /are not the scenario's design points/);
  });
});

/** What the CSV must hold for one design, listed by field name (independently of the writer's generic walk); rows of the writer's own shape. */
type Expected = CsvRow;

function expectedRows(d: SummaryDesign): Expected[] {
  const out: Expected[] = [];
  const add = (analysis: string, stratum: string, metric: string, v: { estimate: number | null; mcse: number | null; n: number } | null, alpha: number | null = null): void => {
    if (v !== null) out.push({ analysis, stratum, metric, alpha, estimate: v.estimate, mcse: v.mcse, n: v.n });
  };
  const count = (analysis: string, stratum: string, metric: string, n: number | null): void => {
    if (n !== null) out.push({ analysis, stratum, metric, alpha: null, estimate: n, mcse: null, n: null });
  };
  const truth = (analysis: string, stratum: string, metric: string, t: { value: number; se: number } | null): void => {
    if (t !== null) out.push({ analysis, stratum, metric, alpha: null, estimate: t.value, mcse: t.se, n: null });
  };
  const notEstimable = (analysis: string, stratum: string, prefix: string, c: { count: number; share: number; reasons: Record<string, number> } | null): void => {
    if (c === null) return;
    count(analysis, stratum, `${prefix}.count`, c.count);
    count(analysis, stratum, `${prefix}.share`, c.share);
    for (const [r, n] of Object.entries(c.reasons)) count(analysis, stratum, `${prefix}.reasons.${r}`, n);
  };
  count('', '', 'replicates.requested', d.replicates.requested);
  count('', '', 'replicates.used', d.replicates.used);
  count('', '', 'failures.alternative', d.failures.alternative);
  count('', '', 'failures.null', d.failures.null);
  add('', '', 'familywise.disjunctive_power', d.familywise.disjunctive_power);
  add('', '', 'familywise.conjunctive_power', d.familywise.conjunctive_power);
  add('', '', 'familywise.fwer', d.familywise.fwer);
  count('', '', 'familywise.no_test.alternative', d.familywise.no_test.alternative);
  count('', '', 'familywise.no_test.null', d.familywise.no_test.null);
  const ranged = (analysis: string, metric: string, c: { mean: { estimate: number | null; mcse: number | null; n: number }; min: number | null; max: number | null }): void => {
    add(analysis, '', `${metric}.mean`, c.mean);
    count(analysis, '', `${metric}.min`, c.min);
    count(analysis, '', `${metric}.max`, c.max);
  };
  ranged('', 'planning.screened', d.planning.screened);
  for (const arm of ['control', 'treatment'] as const) {
    ranged('', `planning.enrolled.${arm}`, d.planning.enrolled[arm]);
    ranged('', `planning.dropouts.${arm}`, d.planning.dropouts[arm]);
    if (d.planning.discontinued !== undefined) ranged('', `planning.discontinued.${arm}`, d.planning.discontinued[arm]);
  }
  ranged('', 'planning.switches', d.planning.switches);
  for (const a of d.analyses) {
    for (const arm of ['control', 'treatment'] as const) ranged(a.id, `analysed.${arm}`, a.analysed[arm]);
    for (const k of ['power', 'power_unadjusted', 'power_harm', 'power_harm_unadjusted', 'type1_error', 'type1_error_harm', 'type1_error_unadjusted', 'interaction_power', 'interaction_type1_error'] as const) add(a.id, '', k, a[k]);
    for (const r of a.power_by_alpha) add(a.id, '', 'power_by_alpha', r, r.alpha);
    for (const r of a.type1_error_by_alpha ?? []) add(a.id, '', 'type1_error_by_alpha', r, r.alpha);
    for (const [prefix, e] of [['estimation', a.estimation], ['estimation_null', a.estimation_null]] as const) {
      if (e === null) continue;
      truth(a.id, '', `${prefix}.truth`, e.truth);
      for (const k of ['mean_estimate', 'bias', 'empirical_se', 'mean_model_se', 'rmse', 'coverage', 'mean_ci_width'] as const) add(a.id, '', `${prefix}.${k}`, e[k]);
      count(a.id, '', `${prefix}.coverage_truth_shift.minus_se`, e.coverage_truth_shift?.minus_se ?? null);
      count(a.id, '', `${prefix}.coverage_truth_shift.plus_se`, e.coverage_truth_shift?.plus_se ?? null);
    }
    notEstimable(a.id, '', 'not_estimable.alternative', a.not_estimable.alternative);
    notEstimable(a.id, '', 'not_estimable.null', a.not_estimable.null);
    notEstimable(a.id, '', 'no_test.alternative', a.no_test.alternative);
    notEstimable(a.id, '', 'no_test.null', a.no_test.null);
    for (const st of a.strata) {
      truth(a.id, st.label, 'truth', st.truth);
      for (const k of ['mean_n_control', 'mean_n_treatment', 'mean_estimate', 'bias', 'empirical_se', 'mean_model_se', 'mean_ci_half_width', 'coverage', 'ci_excludes_zero'] as const) add(a.id, st.label, k, st[k]);
      count(a.id, st.label, 'coverage_truth_shift.minus_se', st.coverage_truth_shift?.minus_se ?? null);
      count(a.id, st.label, 'coverage_truth_shift.plus_se', st.coverage_truth_shift?.plus_se ?? null);
      notEstimable(a.id, st.label, 'not_estimable', st.not_estimable);
    }
  }
  return out;
}

const cellOf = (x: number | null): string => (x === null ? '' : String(x));

describe('summary.csv — tidy long form round-trips summary.json (read back with an independent RFC 4180 reader)', () => {
  for (const [name, yaml, sets] of CASES) {
    it(`${name}: every metric of the JSON once, same values to the last digit, nothing else`, async () => {
      const s = summaryOf(await fixtureRun(yaml, sets));
      const json = JSON.parse(summaryJson(s)) as Summary; // the numbers as written
      const records = csvRecords(summaryCsv(s));
      const keys = json.sweep.map((a) => a.key);
      const header = Object.keys(records[0]);
      assert.deepEqual(header, ['design', ...keys, 'analysis', 'stratum', 'metric', 'alpha', 'estimate', 'mcse', 'n']);
      let expectedCount = 0;
      for (const d of json.designs) {
        const rows = records.filter((r) => r.design === d.id);
        for (const k of keys) assert.ok(rows.every((r) => r[k] === String(d.swept[k])), `swept column ${k}`);
        const expected = expectedRows(d);
        expectedCount += expected.length;
        for (const e of expected) {
          const hits = rows.filter((r) => r.analysis === e.analysis && r.stratum === e.stratum && r.metric === e.metric && r.alpha === cellOf(e.alpha));
          assert.equal(hits.length, 1, `${d.id} / ${e.analysis} / ${e.stratum} / ${e.metric} / ${e.alpha}: ${hits.length} rows`);
          const [h] = hits;
          assert.equal(h.estimate, cellOf(e.estimate));
          assert.equal(h.mcse, cellOf(e.mcse));
          assert.equal(h.n, cellOf(e.n));
          if (e.estimate !== null) assert.equal(Number(h.estimate), e.estimate, 'reads back as the same double');
        }
      }
      // The sample size read off each power curve: three rows each, design empty.
      for (const r of json.sample_size) {
        for (const [metric, v] of [['sample_size.n', r.n], ['sample_size.lower', r.interval[0]], ['sample_size.upper', r.interval[1]]] as const) {
          const hits = records.filter((x) => x.design === '' && x.analysis === r.analysis && x.metric === metric && keys.every((k) => x[k] === (Object.hasOwn(r.at, k) ? String(r.at[k]) : '')));
          assert.equal(hits.length, 1, `${r.analysis} ${metric}`);
          assert.equal(hits[0].estimate, cellOf(v));
          assert.equal(hits[0].alpha, String(r.target));
        }
        expectedCount += 3;
      }
      assert.equal(records.length, expectedCount, 'no row the JSON does not have');
    });
  }

  it('quotes cells with commas (a design id of two swept keys, a not-estimable reason)', async () => {
    const s = summaryOf(await fixtureRun(GRID_YAML));
    const text = summaryCsv(s);
    assert.match(text, /^"design\.n_per_arm=20, model\.params\.effect_scale=0\.5",20,0\.5,/m);
    assert.deepEqual([...new Set(csvRecords(text).map((r) => r.design))].filter((id) => id !== ''), s.designs.map((d) => d.id));
  });
});
