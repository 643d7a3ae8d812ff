// A run's result -> summary.json: the engine's measures under the names the
// user reads (power, type1_error, familywise.fwer, ...), per design point with
// its swept values. Numbers are copied from the RunResult, never recomputed.
import { ALPHA_GRID } from '../engine/accumulator.js';
import { estimabilityWarnings } from '../engine/estimabilityWarnings.js';
import type { Metric } from '../engine/mcse.js';
import type { DesignResult, RunResult } from '../engine/runResult.js';
import type { AnalysisCharacteristics, RangedCount, CoverageTruthShift, Estimation, NotEstimableCount, OperatingCharacteristics, RejectionAtAlpha, StratumCharacteristics } from '../engine/summarize.js';
import type { SequentialCharacteristics } from '../engine/sequentialSummary.js';
import type { AssuranceCharacteristics } from '../engine/assuranceSummary.js';
import type { TruthValue } from '../engine/truth.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import type { Scenario } from '../scenario/schema.js';
import { scenarioHash } from '../scenario/scenarioHash.js';
import { axesOf } from '../scenario/sweep.js';
import { assuranceSizeReadings, sampleSizeReadings } from './sampleSizeReadOff.js';
import { estimandText } from './estimandText.js';
import { SUMMARY_FORMAT, type Summary, type SummaryAnalysis, type SummaryDesign, type SummaryEstimation, type SummaryMetric, type SummaryNotEstimable, type SummaryRanged, type SummaryStratum } from './summarySchema.js';
type SummaryGroupSequential = NonNullable<SummaryDesign['group_sequential']>;

/** What a report needs of a design point (expandDesigns gives more). */
export type ReportDesignPoint = Pick<DesignPoint, 'index' | 'id' | 'values'> & Partial<Pick<DesignPoint, 'spec' | 'statedEffects'>>;

export interface SummaryInput {
  /** The scenario as resolved by loadScenario (after --set, defaults filled). */
  scenario: Scenario;
  /** expandDesigns(scenario), in order; their ids are the engine's design ids. */
  designs: readonly ReportDesignPoint[];
  result: RunResult;
  /** trialsim version that ran it. */
  version: string;
}

const metric = (m: Metric): SummaryMetric => ({ estimate: m.estimate, mcse: m.mcse, n: m.n });
const maybe = (m: Metric | null | undefined): SummaryMetric | null => (m === null || m === undefined ? null : metric(m));
const truthOf = (t: TruthValue | null): SummaryEstimation['truth'] => (t === null ? null : { value: t.value, se: t.se, source: t.source ?? 'simulated' });
const notEstimable = (c: NotEstimableCount): SummaryNotEstimable => ({ count: c.count, share: c.share, main_reason: c.mainReason, reasons: { ...c.reasons } });
const shift = (s: CoverageTruthShift | null): SummaryEstimation['coverage_truth_shift'] => (s === null ? null : { minus_se: s.minusSE, plus_se: s.plusSE });
const byAlpha = (rs: readonly RejectionAtAlpha[]) => rs.map((r) => ({ alpha: r.alpha, estimate: r.rate.estimate, mcse: r.rate.mcse, n: r.rate.n }));

function estimation(e: Estimation): SummaryEstimation {
  return {
    truth: truthOf(e.truth),
    mean_estimate: metric(e.meanEstimate),
    bias: maybe(e.bias),
    empirical_se: metric(e.empiricalSE),
    mean_model_se: metric(e.meanModelSE),
    rmse: maybe(e.rmse),
    coverage: maybe(e.coverage),
    coverage_truth_shift: shift(e.coverageTruthShift),
    mean_ci_width: metric(e.meanCIWidth),
  };
}

function stratum(s: StratumCharacteristics): SummaryStratum {
  return {
    label: s.label,
    truth: truthOf(s.truth),
    mean_n_control: metric(s.meanN.control),
    mean_n_treatment: metric(s.meanN.treatment),
    mean_estimate: metric(s.meanEstimate),
    bias: maybe(s.bias),
    empirical_se: metric(s.empiricalSE),
    mean_model_se: metric(s.meanModelSE),
    mean_ci_half_width: metric(s.meanCIHalfWidth),
    coverage: maybe(s.coverage),
    coverage_truth_shift: shift(s.coverageTruthShift),
    ci_excludes_zero: metric(s.ciExcludesZero),
    not_estimable: notEstimable(s.notEstimable),
  };
}

const ranged = (c: RangedCount): SummaryRanged => ({ mean: metric(c.mean), min: c.min, max: c.max });
const perArm = (c: { control: RangedCount; treatment: RangedCount }) => ({ control: ranged(c.control), treatment: ranged(c.treatment) });

function analysis(
  a: AnalysisCharacteristics,
  n: AnalysisCharacteristics | null,
  benefit: 'lower' | 'higher' | null,
  spec: Scenario['analyses'][number] | undefined,
): SummaryAnalysis {
  return {
    id: a.id,
    benefit,
    power: metric(a.rejection.adjusted),
    power_unadjusted: metric(a.rejection.unadjusted),
    power_harm: metric(a.rejection.harm.adjusted),
    power_harm_unadjusted: metric(a.rejection.harm.unadjusted),
    type1_error: n === null ? null : metric(n.rejection.adjusted),
    type1_error_harm: n === null ? null : metric(n.rejection.harm.adjusted),
    type1_error_unadjusted: n === null ? null : metric(n.rejection.unadjusted),
    power_by_alpha: byAlpha(a.rejectionByAlpha),
    type1_error_by_alpha: n === null ? null : byAlpha(n.rejectionByAlpha),
    estimation: estimation(a.estimation),
    estimation_null: n === null ? null : estimation(n.estimation),
    interaction_power: maybe(a.interaction?.rejection),
    interaction_type1_error: maybe(n?.interaction?.rejection),
    not_estimable: { alternative: notEstimable(a.notEstimable), null: n === null ? null : notEstimable(n.notEstimable) },
    no_test: { alternative: notEstimable(a.untested), null: n === null ? null : notEstimable(n.untested) },
    strata: a.strata.map(stratum),
    analysed: perArm(a.analysed),
    estimand: estimandText(spec, n?.estimation.truth ?? null),
  };
}

/** The direction of benefit each analysis of a design point was run with (its kernel spec), or null. */
function benefitOf(point: ReportDesignPoint, id: string): 'lower' | 'higher' | null {
  const spec = point.spec as { analyses?: readonly { id: string; benefit?: unknown }[] } | undefined;
  const b = spec?.analyses?.find((a) => a.id === id)?.benefit;
  return b === 'lower' || b === 'higher' ? b : null;
}

function design(point: ReportDesignPoint, d: DesignResult, scenario: Scenario): SummaryDesign {
  const alt = d.alternative;
  const nul: OperatingCharacteristics | null = d.null;
  const swept: Record<string, unknown> = {};
  for (const v of point.values) swept[v.key] = plainValue(v.value);
  return {
    id: point.id,
    index: point.index,
    swept,
    replicates: {
      requested: d.replicates.requested,
      used: d.replicates.used,
      stopped_by: d.replicates.stoppedBy === 'targetMcse' ? 'target_mcse' : 'replicates',
    },
    failures: {
      alternative: d.failures.list.filter((f) => f.run === 'alternative').length,
      null: d.failures.list.filter((f) => f.run === 'null').length,
    },
    familywise: {
      analyses: [...alt.familyWise.analyses],
      disjunctive_power: metric(alt.familyWise.any),
      conjunctive_power: metric(alt.familyWise.all),
      fwer: nul === null ? null : metric(nul.familyWise.any),
      no_test: { alternative: alt.familyWise.untested, null: nul === null ? null : nul.familyWise.untested },
    },
    analyses: alt.analyses.map((a, i) =>
      analysis(a, nul === null ? null : nul.analyses[i], benefitOf(point, a.id), scenario.analyses.find((x) => x.id === a.id)),
    ),
    stated_effects: (point.statedEffects ?? []).map((e) => ({ measure: e.measure, difference: e.difference, se: e.se, population: e.population, variance: e.variance })),
    planning: {
      screened: ranged(alt.planning.screened),
      enrolled: perArm(alt.planning.enrolled),
      dropouts: perArm(alt.planning.dropouts),
      switches: ranged(alt.planning.switches),
      discontinued: perArm(alt.planning.discontinued),
    },
    ...(alt.sequential !== undefined ? { group_sequential: groupSequential(alt.sequential, nul?.sequential ?? null) } : {}),
    ...(alt.assurance !== undefined ? { assurance: assurance(alt.assurance, nul?.assurance ?? null) } : {}),
  };
}

function assurance(a: AssuranceCharacteristics, n: AssuranceCharacteristics | null): NonNullable<SummaryDesign['assurance']> {
  return {
    analysis: a.analysis,
    estimate_beyond: a.estimateBeyond,
    prior: a.prior,
    probability: metric(a.probability),
    probability_null: maybe(n?.probability),
    theta_prior: a.theta === null ? null : { mean: metric(a.theta.prior.mean), sd: a.theta.prior.sd },
    theta_success: a.theta === null ? null : { mean: metric(a.theta.success.mean), sd: a.theta.success.sd },
    bias_theta: maybe(a.biasTheta),
    coverage_theta: maybe(a.coverageTheta),
    conditional_power: a.bins.map((b) => ({
      lower: b.lower,
      upper: b.upper,
      trials: b.trials,
      prior_share: b.priorShare,
      theta_mean: metric(b.theta),
      power: metric(b.power),
      success_share: b.successShare,
    })),
  };
}

function groupSequential(a: SequentialCharacteristics, n: SequentialCharacteristics | null): SummaryGroupSequential {
  const looks: SummaryGroupSequential['looks'] = {};
  a.looks.forEach((l, k) => {
    const ln = n?.looks[k];
    looks[`look_${l.look}`] = {
      month: metric(l.month),
      information: metric(l.information),
      stop_efficacy: metric(l.stopEfficacy),
      stop_futility: metric(l.stopFutility),
      stop_efficacy_null: maybe(ln?.stopEfficacy),
      stop_futility_null: maybe(ln?.stopFutility),
    };
  });
  return {
    analysis: a.analysis,
    power: metric(a.rejection),
    power_ignoring_futility: metric(a.rejectionIgnoringFutility),
    type1_error: maybe(n?.rejection),
    type1_error_ignoring_futility: maybe(n?.rejectionIgnoringFutility),
    early_stop: metric(a.earlyStop),
    early_stop_null: maybe(n?.earlyStop),
    expected_n: metric(a.expectedAnalysed),
    expected_n_null: maybe(n?.expectedAnalysed),
    expected_n_enrolled: metric(a.expectedEnrolled),
    expected_n_enrolled_null: maybe(n?.expectedEnrolled),
    expected_duration_months: metric(a.expectedDuration),
    expected_duration_months_null: maybe(n?.expectedDuration),
    maximum_duration_months: metric(a.maximumDuration),
    mean_estimate_at_stop: metric(a.meanEstimateAtStop),
    bias_at_stop: maybe(a.biasAtStop),
    looks,
  };
}

/**
 * Plain JSON of a scenario value: ±Infinity (a last stratum cut of .inf) as the
 * YAML spelling ".inf"/"-.inf", which JSON cannot hold as a number.
 */
export function plainValue(v: unknown): unknown {
  if (typeof v === 'number') return v === Infinity ? '.inf' : v === -Infinity ? '-.inf' : v;
  if (Array.isArray(v)) return v.map(plainValue);
  if (typeof v === 'object' && v !== null) return plainRecord(v);
  return v;
}

function plainRecord(v: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = plainValue(x);
  return out;
}

/** Design points and engine designs must be the same list in the same order. */
export function checkDesigns(points: readonly ReportDesignPoint[], result: RunResult): void {
  const ids = points.map((p) => p.id);
  const engine = result.designs.map((d) => d.id);
  if (ids.length !== engine.length || ids.some((id, i) => id !== engine[i])) {
    throw new Error(
      `report: the run's designs (${engine.join(' | ')}) are not the scenario's design points (${ids.join(' | ')}); ` +
        'run the designs of expandDesigns(scenario) in order, with their ids',
    );
  }
}

export function buildSummary(input: SummaryInput): Summary {
  const { scenario, designs, result } = input;
  checkDesigns(designs, result);
  const summarised = designs.map((p, i) => design(p, result.designs[i], scenario));
  const sweep = axesOf(scenario).map((a) => ({ key: a.key, values: a.values.map(plainValue) }));
  return {
    format: SUMMARY_FORMAT,
    trialsim_version: input.version,
    scenario_name: scenario.name,
    scenario_hash: scenarioHash(scenario),
    seed: result.seed,
    replicates: result.replicates,
    target_power: scenario.target_power ?? null,
    target_mcse: result.targetMcse,
    alpha_grid: [...ALPHA_GRID],
    run: {
      identity: result.identity,
      kernel: result.kernel,
      block_size: result.blockSize,
      estimate_sample: result.estimateSample,
      min_replicates: result.minReplicates,
    },
    sweep,
    scenario: plainRecord(scenario),
    designs: summarised,
    warnings: estimabilityWarnings(result),
    sample_size: sampleSizeReadings({ target_power: scenario.target_power ?? null, sweep, designs: summarised }),
    ...(scenario.target_assurance !== undefined
      ? { target_assurance: scenario.target_assurance, sample_size_assurance: assuranceSizeReadings({ target: scenario.target_assurance, sweep, designs: summarised }) }
      : {}),
  };
}

/** summary.json's text: two-space JSON, trailing newline. */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}
