// The summary.json format, written once: the TypeScript type the report
// builds, the JSON Schema shipped in schemas/summary.schema.json, and the
// field table of docs/results.md all come from this definition
// (writeSummarySchema.ts writes both files; a test checks they are current).
//
// Field names are snake_case, as in the scenario file. Every Monte Carlo
// measure is a Metric { estimate, mcse, n }: the engine's numbers, copied,
// never recomputed (src/engine/mcse.ts says how each is estimated).
import { Type, type Static, type TSchema, type SchemaOptions } from '@sinclair/typebox';

// 3: power counts only rejections towards benefit (benefit, power_harm,
//    type1_error_harm), and the planning counts (analysed, planning).
export const SUMMARY_FORMAT = 'trialsim-summary/3';
export const SUMMARY_FILE = 'summary.json';

function Strict<T extends Record<string, TSchema>>(properties: T, options: SchemaOptions) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

function Nullable<T extends TSchema>(schema: T, description: string) {
  return Type.Union([schema, Type.Null()], { description });
}

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const MetricSchema = Strict(
  {
    estimate: Nullable(Type.Number(), 'The measure; null when no replicate supports it.'),
    mcse: Nullable(Type.Number({ minimum: 0 }), 'Its Monte Carlo standard error; null when it needs more replicates than there were.'),
    n: Count('Replicates the measure rests on: all replicates for a rejection rate (power, type I error, FWER); the estimable ones, or those with a value, for an estimation measure.'),
  },
  { description: 'A Monte Carlo measure with its Monte Carlo standard error.' },
);

const Metric = (description: string) => Type.Unsafe<Static<typeof MetricSchema>>({ ...MetricSchema, description });
const NullableMetric = (description: string) => Nullable(MetricSchema, description);

const TruthSchema = Strict(
  {
    value: Type.Number({ description: 'True value of the estimand under the design: exact where the model gives it in closed form or under the null, else from a very large simulated population.' }),
    se: Type.Number({ minimum: 0, description: 'Standard error of that true value (its own Monte Carlo error; 0 when exact). It is part of the MCSE of bias and coverage.' }),
    source: Type.Union([Type.Literal('closed_form'), Type.Literal('null'), Type.Literal('simulated')], {
      description: 'closed_form: the model’s exact value; null: the null run (both arms share a distribution), exactly 0; simulated: a large simulated population (se > 0).',
    }),
  },
  { description: 'The true value of the estimand.' },
);

const CoverageTruthShift = Strict(
  {
    minus_se: Type.Number({ minimum: 0, maximum: 1, description: 'Coverage of truth − its SE.' }),
    plus_se: Type.Number({ minimum: 0, maximum: 1, description: 'Coverage of truth + its SE.' }),
  },
  { description: 'Coverage had the truth been one of its own SEs lower or higher: how much the truth’s error moves the coverage (both equal coverage for an exact truth); half their difference enters the coverage’s MCSE.' },
);

const RateAtAlpha = Strict(
  {
    alpha: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Significance level (one of alpha_grid).' }),
    estimate: Nullable(Type.Number(), 'Share of all replicates with p < alpha (unadjusted); a replicate without a test does not count as rejecting.'),
    mcse: Nullable(Type.Number({ minimum: 0 }), 'Its Monte Carlo standard error.'),
    n: Count('Replicates (all of them).'),
  },
  { description: 'The unadjusted rejection rate had the analysis been tested at alpha.' },
);

const NotEstimable = Strict(
  {
    count: Count('Replicates in which it was not estimable.'),
    share: Type.Number({ minimum: 0, maximum: 1, description: 'count / all replicates (0 when there were none).' }),
    main_reason: Nullable(Type.String(), 'The most frequent reason; null when count is 0.'),
    reasons: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), { description: 'Those replicates by reason (src/stats/result.ts), non-zero only.' }),
  },
  { description: 'Replicates in which it was not estimable, by reason.' },
);

const Estimation = Strict(
  {
    truth: Nullable(TruthSchema, 'True value of the estimand; null when not known (then bias, rmse and coverage are null).'),
    mean_estimate: Metric('Mean of the treatment − control estimate.'),
    bias: NullableMetric('Mean estimate − truth.'),
    empirical_se: Metric('SD of the estimate over replicates.'),
    mean_model_se: Metric('Mean of the model-based standard error.'),
    rmse: NullableMetric('Root mean squared error against the truth.'),
    coverage: NullableMetric('Share of confidence intervals covering the truth; its MCSE includes the truth’s own error (coverage_truth_shift).'),
    coverage_truth_shift: Nullable(CoverageTruthShift, 'Coverage at truth ∓ its SE; null when there is no truth.'),
    mean_ci_width: Metric('Mean width of the confidence interval.'),
  },
  { description: 'How well the analysis estimates the treatment effect.' },
);

const Stratum = Strict(
  {
    label: Type.String({ description: 'The baseline stratum, e.g. "(6,14]".' }),
    truth: Nullable(TruthSchema, 'True within-stratum effect; null when not known.'),
    mean_n_control: Metric('Mean control patients analysed in the stratum (over all replicates).'),
    mean_n_treatment: Metric('Mean treatment patients analysed in the stratum (over all replicates).'),
    mean_estimate: Metric('Mean within-stratum treatment − control estimate.'),
    bias: NullableMetric('Mean estimate − truth within the stratum.'),
    empirical_se: Metric('SD of the within-stratum estimate over replicates.'),
    mean_model_se: Metric('Mean model-based standard error within the stratum.'),
    mean_ci_half_width: Metric('Mean half-width of the within-stratum confidence interval: the precision of a stratum estimate.'),
    coverage: NullableMetric('Share of within-stratum intervals covering the truth; its MCSE includes the truth’s own error.'),
    coverage_truth_shift: Nullable(CoverageTruthShift, 'Coverage at truth ∓ its SE; null when there is no truth.'),
    ci_excludes_zero: Metric('Share of replicates whose within-stratum interval excludes 0.'),
    not_estimable: NotEstimable,
  },
  { description: 'The treatment effect within one baseline stratum, under the design.' },
);

const RangedCount = (description: string) =>
  Strict(
    {
      mean: Metric('Mean over the replicates, with its MCSE.'),
      min: Nullable(Type.Number(), 'The least of any replicate; null without a count (a kernel that does not report it).'),
      max: Nullable(Type.Number(), 'The greatest of any replicate; null without a count.'),
    },
    { description },
  );

const PerArmCount = (description: string) =>
  Strict(
    {
      control: RangedCount('Control arm.'),
      treatment: RangedCount('Treatment arm.'),
    },
    { description },
  );

const Analysis = Strict(
  {
    id: Type.String({ description: 'The analysis id from the scenario.' }),
    benefit: Nullable(Type.Union([Type.Literal('lower'), Type.Literal('higher')]), 'Direction of benefit of treatment − control that power counts (the analysis’ `benefit`); null when the run’s kernel did not say.'),
    power: Metric('Rejection rate under the design towards benefit, after the multiplicity procedure: rejections with the observed difference on the benefit side / all replicates, a replicate without a test (no_test) counting as not rejecting.'),
    power_unadjusted: Metric('The same at the analysis’ own alpha, before multiplicity adjustment.'),
    power_harm: Metric('Rejections of a two-sided test under the design with the observed difference on the harmful side, after the multiplicity procedure: not in power (0 for a one-sided test).'),
    power_harm_unadjusted: Metric('The same before multiplicity adjustment.'),
    type1_error: NullableMetric('Rejection rate under the null (effect scale 0), after the multiplicity procedure, over all replicates as power, on either side: the test’s size, what its alpha controls; null without a null run.'),
    type1_error_harm: NullableMetric('Of type1_error, the rejections on the harmful side (about half of it for a two-sided test); null without a null run.'),
    type1_error_unadjusted: NullableMetric('Rejection rate under the null, before multiplicity adjustment; null without a null run.'),
    power_by_alpha: Type.Array(RateAtAlpha, { description: 'Unadjusted power at each alpha of alpha_grid.' }),
    type1_error_by_alpha: Nullable(Type.Array(RateAtAlpha), 'Unadjusted type I error at each alpha of alpha_grid; null without a null run.'),
    estimation: Estimation,
    estimation_null: Nullable(Estimation, 'The same measures under the null; null without a null run.'),
    interaction_power: NullableMetric('Rejection rate of the arm × stratum interaction test under the design, over all replicates (one where the test is not estimable counts as not rejecting); null for an analysis without strata.'),
    interaction_type1_error: NullableMetric('The same under the null; null without strata or without a null run.'),
    not_estimable: Strict(
      {
        alternative: NotEstimable,
        null: Nullable(NotEstimable, 'Under the null; null without a null run.'),
      },
      { description: 'Replicates in which the analysis’ estimate and interval were not estimable (left out of the estimation measures; their tests still count in power and type I error), under the design and under the null.' },
    ),
    no_test: Strict(
      {
        alternative: NotEstimable,
        null: Nullable(NotEstimable, 'Under the null; null without a null run.'),
      },
      { description: 'Replicates in which the analysis’ test was not defined (no p-value): counted as not rejecting in power and type I error.' },
    ),
    strata: Type.Array(Stratum, { description: 'Within-stratum results under the design, when the analysis has strata (else empty).' }),
    analysed: PerArmCount('Patients analysed per trial under the design (an endpoint value after the dropout, crossover and baseline rules), per arm.'),
    estimand: Strict(
      {
        switch: Nullable(Type.String(), 'The strategy for the switch rule’s intercurrent event (treatment_policy, hypothetical, composite, while_on_treatment); null: no estimand, the endpoint’s named (legacy) rules.'),
        description: Type.String({ description: 'What the analysis estimates, in words.' }),
        discontinuation: Type.Optional(
          Nullable(Type.String(), 'The strategy for treatment discontinuation (design.discontinuation): treatment_policy, hypothetical, composite, while_on_treatment; null: no estimand, or none stated (treatment policy).'),
        ),
        null_truth_note: Nullable(Type.String(), 'Set when the analysis’ truth under the null is not 0 (a rule that is not an estimand; an estimand with discontinuation hazards that differ by arm): what its type I error then means.'),
      },
      { description: 'The estimand the analysis targets (ICH E9(R1)).' },
    ),
  },
  { description: 'One analysis of one design point.' },
);

const FamilyWise = Strict(
  {
    analyses: Type.Array(Type.String(), { description: 'The analyses of the multiplicity family.' }),
    disjunctive_power: Metric('Share of replicates rejecting at least one family hypothesis under the design.'),
    conjunctive_power: Metric('Share rejecting all of them under the design.'),
    fwer: NullableMetric('Family-wise error rate: share rejecting at least one under the null; null without a null run.'),
    no_test: Strict(
      {
        alternative: Count('Replicates under the design in which a family analysis had no test (that analysis counted as not rejecting).'),
        null: Nullable(Type.Integer({ minimum: 0 }), 'The same under the null; null without a null run.'),
      },
      { description: 'Replicates in which a family analysis had no test; every replicate counts in the family-wise rates.' },
    ),
  },
  { description: 'Family-wise rates over the multiplicity family (after its procedure).' },
);

const Look = Strict(
  {
    month: Metric('Mean calendar month of the look (the ⌈f n⌉-th date a patient reaches the endpoint’s week, or the month given).'),
    information: Metric('Mean observed information fraction: patients analysed at the look / at the final look.'),
    stop_efficacy: Metric('Probability of stopping for efficacy at this look (the final look: rejecting there).'),
    stop_futility: Metric('Probability of stopping for futility at this look (0 at the final look).'),
    stop_efficacy_null: NullableMetric('The same under the null; null without a null run.'),
    stop_futility_null: NullableMetric('The same under the null; null without a null run.'),
  },
  { description: 'One look of a group-sequential design.' },
);

const GroupSequential = Strict(
  {
    analysis: Type.String({ description: 'The analysis the looks run.' }),
    power: Metric('Rejection rate as run (a futility stop ends the trial).'),
    power_ignoring_futility: Metric('Rejection rate with the futility bounds ignored.'),
    type1_error: NullableMetric('Type I error as run; null without a null run.'),
    type1_error_ignoring_futility: NullableMetric('Type I error with non-binding futility ignored (as regulators compute it); null without a null run.'),
    early_stop: Metric('Probability of stopping before the final look.'),
    early_stop_null: NullableMetric('The same under the null.'),
    expected_n: Metric('Expected patients analysed at the stop.'),
    expected_n_null: NullableMetric('The same under the null.'),
    expected_n_enrolled: Metric('Expected patients enrolled at the stop (the analysed and the pipeline).'),
    expected_n_enrolled_null: NullableMetric('The same under the null.'),
    expected_duration_months: Metric('Expected calendar month of the stop.'),
    expected_duration_months_null: NullableMetric('The same under the null.'),
    maximum_duration_months: Metric('Mean calendar month of the final look: the trial’s duration without an early stop.'),
    mean_estimate_at_stop: Metric('Mean of the analysis’ estimate at the stop.'),
    bias_at_stop: NullableMetric('Naive bias of the estimate at the stop against the truth; null when the truth is unknown.'),
    looks: Type.Record(Type.String(), Look, { description: 'Per look, keyed look_1, look_2, …' }),
  },
  { description: 'A group-sequential design’s operating characteristics (design.interim); absent for a single look.' },
);

const AssuranceBin = Strict(
  {
    lower: Nullable(Type.Number(), 'Lower end of the bin’s θ range (null: unbounded).'),
    upper: Nullable(Type.Number(), 'Upper end (exclusive; null: unbounded).'),
    trials: Count('Trials whose θ fell in the bin.'),
    prior_share: Type.Number({ description: 'Their share of all trials: the prior’s mass in the bin, as drawn.' }),
    theta_mean: Metric('Mean θ of the bin’s trials.'),
    power: Metric('The power conditional on θ in the bin: its trials’ success rate.'),
    success_share: Nullable(Type.Number(), 'The bin’s share of the successful trials (θ among successes, beside prior_share); null without a success.'),
  },
  { description: 'One bin of θ: the conditional power and θ’s distribution among all trials and among the successful ones.' },
);

const Assurance = Strict(
  {
    analysis: Type.String({ description: 'The analysis whose rejection towards benefit (after multiplicity) is the success.' }),
    estimate_beyond: Nullable(Type.Number(), 'Success also needs the estimate beyond this value on the side of benefit; null: significance alone.'),
    prior: Type.Boolean({ description: 'True when θ was drawn from a design prior (model.prior): probability is then the assurance; false: the probability of success at the fixed effect.' }),
    probability: Metric('P(success): the assurance over the prior (O’Hagan, Stevens & Campbell 2005), or the probability of success at the fixed effect.'),
    probability_null: NullableMetric('The success rate under the null (θ = 0); null without a null run.'),
    theta_prior: Nullable(Strict({ mean: Metric('Mean θ as drawn.'), sd: Nullable(Type.Number(), 'SD of θ as drawn.') }, { description: 'θ as drawn.' }), 'θ as drawn (the prior); null without a prior.'),
    theta_success: Nullable(Strict({ mean: Metric('Mean θ among the successful trials.'), sd: Nullable(Type.Number(), 'Its SD.') }, { description: 'θ among successes.' }), 'θ among the successful trials; null without a prior.'),
    bias_theta: NullableMetric('Mean of the estimate − the replicate’s own θ; null without a prior.'),
    coverage_theta: NullableMetric('Share of CIs covering the replicate’s own θ; null without a prior.'),
    conditional_power: Type.Array(AssuranceBin, { description: 'The power conditional on θ per bin of equal prior probability (success.bins); one bin of all trials without a prior.' }),
  },
  { description: 'The success criterion’s results (success, model.prior; docs/assurance.md); absent without either.' },
);

const Design = Strict(
  {
    id: Type.String({ description: 'The design point: its swept values ("design.n_per_arm=30"), or the scenario name without a sweep.' }),
    index: Count('Position in the sweep grid (first sweep key slowest).'),
    swept: Type.Record(Type.String(), Type.Unknown(), { description: 'This point’s value of each swept key, keys as the sweep block writes them (empty without a sweep).' }),
    replicates: Strict(
      {
        requested: Count('Replicates asked for.'),
        used: Count('Replicates 0 … used − 1 were run (fewer when stopped by target_mcse).'),
        stopped_by: Type.Union([Type.Literal('replicates'), Type.Literal('target_mcse')], { description: 'replicates: all were run; target_mcse: stopped early once precise enough.' }),
      },
      { description: 'How many replicates this design point ran.' },
    ),
    failures: Strict(
      {
        alternative: Count('Replicates under the design that failed (threw; listed in result.json with their seed and index).'),
        null: Count('Replicates under the null that failed.'),
      },
      { description: 'Replicates that produced no record (an error in the simulation or analysis), excluded from everything.' },
    ),
    familywise: FamilyWise,
    analyses: Type.Array(Analysis, { description: 'The analyses, in the scenario’s order.' }),
    stated_effects: Type.Array(
      Strict(
        {
          measure: Type.String({ description: 'The measure (model.effects key).' }),
          difference: Type.Number({ description: 'The true mean difference, IVIg − placebo, of the measure at week 16 that the solved model gives in the population: the stated difference, or the share of ProDERM’s.' }),
          se: Type.Number({ minimum: 0, description: 'Its Monte Carlo SE: 0 in the model’s whole population, else that of the sample of the design’s eligible patients it was solved on.' }),
          population: Type.Union([Type.Literal('design'), Type.Literal('unrestricted')], { description: 'design: the enrolled patients; unrestricted: everyone screened.' }),
          variance: Type.Union([Type.Literal('shift'), Type.Literal('interpolate')], { description: 'How IVIg’s response was moved to give it.' }),
        },
        { description: 'One effect stated as a true difference, as solved.' },
      ),
      { description: 'The effects this design point states as true differences (model.effects), with the values the model was solved to give; empty without any.' },
    ),
    planning: Strict(
      {
        screened: RangedCount('Patients screened to enrol one trial: more than enrolled when an eligibility rule turns some away.'),
        enrolled: PerArmCount('Patients randomized per arm.'),
        dropouts: PerArmCount('Patients per arm who dropped out at or before the last analysis week.'),
        switches: RangedCount('Patients switched to the other arm (rescue) before the last analysis week.'),
        discontinued: Type.Optional(
          PerArmCount('Patients per arm who stopped the randomized treatment (design.discontinuation) before the last analysis week, as seen (not after their dropout); 0 without discontinuation.'),
        ),
      },
      { description: 'What one trial of this design point takes, under the design: mean (with MCSE) and range over the replicates.' },
    ),
    group_sequential: Type.Optional(GroupSequential),
    assurance: Type.Optional(Assurance),
  },
  { description: 'One design point: its swept values and results.' },
);

export const SummarySchema = Strict(
  {
    format: Type.Literal(SUMMARY_FORMAT, { description: 'The format of this file.' }),
    trialsim_version: Type.String({ description: 'The trialsim version that ran the scenario.' }),
    scenario_name: Type.String({ description: 'The scenario’s name.' }),
    scenario_hash: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'sha256 of the resolved scenario (keys sorted): equal hashes, equal scenarios.' }),
    seed: Type.Integer({ minimum: 0, description: 'The seed of every random stream.' }),
    replicates: Count('Replicates per design point requested (the maximum with target_mcse).'),
    target_power: Nullable(Type.Number(), 'The scenario’s target power (marked on the power plot); null when not set.'),
    target_mcse: Nullable(Type.Number(), 'The scenario’s precision target; null when not set.'),
    target_assurance: Type.Optional(Nullable(Type.Number(), 'The scenario’s target assurance (target_assurance); null when not set.')),
    alpha_grid: Type.Array(Type.Number(), { description: 'The significance levels of power_by_alpha and type1_error_by_alpha.' }),
    run: Strict(
      {
        identity: Type.String({ description: 'The engine’s run identity (hash of kernel, specs, truth, seed, replicates, block size, stopping rule).' }),
        kernel: Type.String({ description: 'The replicate kernel.' }),
        block_size: Count('Replicates per block (the unit of merging and stopping).'),
        estimate_sample: Count('Replicates whose estimates were kept for the distribution plot (result.json holds them).'),
        min_replicates: Count('Replicates before target_mcse may stop a run.'),
      },
      { description: 'Engine settings of the run.' },
    ),
    sweep: Type.Array(
      Strict(
        {
          key: Type.String({ description: 'Swept key path, as written in the sweep block.' }),
          values: Type.Array(Type.Unknown(), { description: 'Its values, in order.' }),
        },
        { description: 'One sweep axis.' },
      ),
      { description: 'The sweep axes, first varying slowest (empty without a sweep).' },
    ),
    scenario: Type.Record(Type.String(), Type.Unknown(), {
      description: 'The scenario as resolved (after --set, defaults filled; see schemas/scenario.schema.json); ±infinity written as ".inf"/"-.inf".',
    }),
    designs: Type.Array(Design, { description: 'The design points, in sweep order.' }),
    warnings: Type.Array(Type.String(), {
      description: 'What the run ends with a warning about: each analysis not estimable in more than 10% of a design point’s replicates (under the design or its null), with the main reason (empty when none).',
    }),
 
    sample_size: Type.Array(
      Strict(
        {
          analysis: Type.String({ description: 'The analysis whose power (after the multiplicity procedure) is read.' }),
          key: Type.String({ description: 'The swept size key read along: design.n_per_arm or design.sample_size.' }),
          unit: Type.Union([Type.Literal('per_arm'), Type.Literal('total')], { description: 'What n counts: patients per arm, or in total.' }),
          target: Type.Number({ description: 'The target power (target_power).' }),
          at: Type.Record(Type.String(), Type.Unknown(), { description: 'The other swept keys’ values of this power curve (empty when the size is the only axis).' }),
          n: Nullable(Type.Number(), 'The size at which the power curve crosses the target, interpolated linearly between the two swept sizes around it; null unless status is found.'),
          interval: Type.Tuple([Nullable(Type.Number(), 'Lower end: where power + 1.96 MCSE crosses the target; null when below the swept sizes.'), Nullable(Type.Number(), 'Upper end: where power − 1.96 MCSE crosses the target; null when beyond the swept sizes.')], {
            description: 'The 95% Monte Carlo interval of n (docs/results.md, "Sample size read off"); interpolation error not included.',
          }),
          status: Type.Union([Type.Literal('found'), Type.Literal('below_range'), Type.Literal('above_range')], { description: 'found; below_range: the smallest size swept already reaches the target; above_range: the largest does not.' }),
          monotone_adjusted: Type.Boolean({ description: 'True when the curve dipped by Monte Carlo noise and was made non-decreasing (weighted isotonic regression) before reading.' }),
        },
        { description: 'The sample size at the target power, read off one swept power curve.' },
      ),
      { description: 'The sample size at target_power per analysis (and per combination of the other swept values), when the sweep varies design.n_per_arm or design.sample_size and target_power is set; else empty.' },
    ),
    sample_size_assurance: Type.Optional(
      Type.Array(
      Strict(
        {
          analysis: Type.String({ description: 'The success criterion’s analysis (success.analysis) whose assurance is read.' }),
          key: Type.String({ description: 'The swept size key read along: design.n_per_arm or design.sample_size.' }),
          unit: Type.Union([Type.Literal('per_arm'), Type.Literal('total')], { description: 'What n counts: patients per arm, or in total.' }),
          target: Type.Number({ description: 'The target assurance (target_assurance).' }),
          at: Type.Record(Type.String(), Type.Unknown(), { description: 'The other swept keys’ values of this assurance curve (empty when the size is the only axis).' }),
          n: Nullable(Type.Number(), 'The size at which the assurance curve crosses the target, interpolated linearly between the two swept sizes around it; null unless status is found.'),
          interval: Type.Tuple([Nullable(Type.Number(), 'Lower end: where assurance + 1.96 MCSE crosses the target; null when below the swept sizes.'), Nullable(Type.Number(), 'Upper end: where assurance − 1.96 MCSE crosses the target; null when beyond the swept sizes.')], {
            description: 'The 95% Monte Carlo interval of n (docs/results.md, "Sample size read off"); interpolation error not included.',
          }),
          status: Type.Union([Type.Literal('found'), Type.Literal('below_range'), Type.Literal('above_range')], { description: 'found; below_range: the smallest size swept already reaches the target; above_range: the largest does not.' }),
          monotone_adjusted: Type.Boolean({ description: 'True when the curve dipped by Monte Carlo noise and was made non-decreasing (weighted isotonic regression) before reading.' }),
        },
        { description: 'The sample size at the target assurance, read off one swept assurance curve.' },
      ),
      { description: 'The sample size at target_assurance (per combination of the other swept values), when the sweep varies the size, target_assurance is set and the scenario has a success criterion; else empty.' },
      ),
    ),
  },
  { title: 'trialsim summary', description: 'The operating characteristics of every design point of a trialsim run (summary.json).' },
);

export type Summary = Static<typeof SummarySchema>;
export type SummaryDesign = Summary['designs'][number];
export type SummaryAnalysis = SummaryDesign['analyses'][number];
export type SummaryStratum = SummaryAnalysis['strata'][number];
export type SummaryEstimation = SummaryAnalysis['estimation'];
export type SummaryMetric = Static<typeof MetricSchema>;
export type SummaryNotEstimable = Static<typeof NotEstimable>;
export type SummaryRanged = SummaryDesign['planning']['screened'];

/** The schema as plain JSON (what schemas/summary.schema.json holds). */
export function summaryJsonSchema(): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(SummarySchema));
  const body = typeof plain === 'object' && plain !== null ? plain : {};
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...body };
}
