// The scenario file format, written once: the JSON Schema that validates a
// file, the TypeScript type of a validated scenario, the editor schema in
// schemas/scenario.schema.json and the key table of docs/scenarios.md all
// come from this definition. Enumerations are the `as const` lists of the
// layers that consume them (analysis methods, endpoint types, ...), so a new
// method there is a new allowed value here.
//
// Keys are snake_case throughout, model parameters included (ProDERM's
// effectScale is model.params.effect_scale); toKernelSpec.ts hands each layer
// the camelCase input its own resolver takes.
import { Type, type Static, type TSchema, type SchemaOptions } from '@sinclair/typebox';
import {
  COVARIATES,
  CROSSOVER_RULES,
  DETERIORATION_RULES,
  DROPOUT_RULES,
  ENDPOINT_TYPES,
  METHODS,
  MULTIPLICITY_PROCEDURES,
  SIDEDNESS,
  BENEFIT,
  STRATEGIES,
  MMRM_COVARIANCES,
} from '../analysis/spec.js';
import { DROPOUT_MECHANISMS, MAR_COVARIATES } from '../design/outcomeDropout.js';
import { PRODERM_PARAMS } from '../model/prodermParams.js';
import { EFFECT_VARIANCE, STATED_EFFECT_MEASURES } from '../model/statedEffects.js';

/** Where a stated effect holds: the design's enrolled patients, or everyone screened. */
export const STATED_EFFECT_POPULATIONS = ['design', 'unrestricted'] as const;
import { snakeCase } from './caseNames.js';
import type { SchemaNode } from './keyPath.js';

/** Names: analysis ids, scenario names (they become file and column names). */
export const NAME_PATTERN = '^[A-Za-z][A-Za-z0-9_-]*$';

/** A documentation-only keyword: the default when it depends on other keys. */
export const DEFAULT_TEXT = 'x-default';

type Options = SchemaOptions & { [DEFAULT_TEXT]?: string };

function Enum<const T extends readonly string[]>(values: T, options: Options) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

function Name(options: Options) {
  return Type.String({ pattern: NAME_PATTERN, maxLength: 64, ...options });
}

function Strict<T extends Record<string, TSchema>>(properties: T, options: Options) {
  return Type.Object(properties, { additionalProperties: false, ...options });
}

function Probability(options: Options) {
  return Type.Number({ minimum: 0, exclusiveMaximum: 1, ...options });
}

function Level(options: Options) {
  return Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, ...options });
}

// ---- model ------------------------------------------------------------------------

/** ProDERM parameters by their scenario key (the model's name in snake_case). */
const prodermParamSchemas: Record<string, TSchema> = {};
for (const p of PRODERM_PARAMS) {
  const description = `${p.description} Model name ${p.name}; ${p.unit}; ${p.basis}: ${p.source}.`;
  prodermParamSchemas[snakeCase(p.name)] = Type.Optional(
    p.default === null
      ? Type.Union([Type.Number({ minimum: p.min, maximum: p.max }), Type.Null()], { description, [DEFAULT_TEXT]: 'null (the calibrated effect)' })
      : Type.Number({ minimum: p.min, maximum: p.max, description, default: p.default }),
  );
}

const StatedEffect = Strict(
  {
    difference: Type.Optional(
      Type.Number({ minimum: -1000, maximum: 1000, description: 'The true mean difference, IVIg − placebo, of the measure at week 16 (equally of its change from baseline) in the population below.' }),
    ),
    share: Type.Optional(
      Type.Number({ minimum: -5, maximum: 5, description: 'Instead of difference: this share of ProDERM’s own difference (the calibrated model’s) in the same population; 0.5 is half of it.' }),
    ),
    population: Type.Optional(
      Enum(STATED_EFFECT_POPULATIONS, {
        default: 'design',
        description: 'design: the patients the design enrols (its eligibility rules; without any, everyone screened); unrestricted: everyone screened, as the effect_* overrides.',
      }),
    ),
    variance: Type.Optional(
      Enum(EFFECT_VARIANCE, {
        default: 'shift',
        description: 'How IVIg’s response moves to give it: shift keeps its shape (every IVIg mean of the log ratio, or of MMT-8’s points, moves by one constant; the SDs stay); interpolate moves IVIg’s means and SDs together towards placebo’s, as effect_scale does, for this measure alone.',
      }),
    ),
  },
  { description: 'One measure’s effect, stated as the true mean difference (or a share of ProDERM’s) in a population: give difference or share.' },
);

const StatedEffects = Strict(
  Object.fromEntries(STATED_EFFECT_MEASURES.map((m) => [m, Type.Optional(StatedEffect)])),
  {
    description:
      'Effects stated on the scale of the analysis: per measure, the true week-16 mean difference IVIg − placebo (or a share of ProDERM’s), which the model’s IVIg parameters are solved to give (docs/scenarios.md, "Effects as true differences"). Not with effect_scale ≠ 1 or the measure’s effect_* override.',
  },
);

const PriorNormal = Strict(
  {
    mean: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Mean of θ.' }),
    sd: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'SD of θ (> 0).' }),
  },
  { description: 'θ ~ N(mean, sd²).' },
);

const PriorTruncatedNormal = Strict(
  {
    mean: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Mean of the untruncated normal.' }),
    sd: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'SD of the untruncated normal (> 0).' }),
    lower: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Lower bound of θ.' }),
    upper: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Upper bound of θ (> lower).' }),
  },
  { description: 'N(mean, sd²) restricted to [lower, upper].' },
);

const PriorComponent = Strict(
  {
    weight: Type.Number({ minimum: 0, maximum: 1, description: 'The component’s weight (the weights sum to 1).' }),
    normal: Type.Optional(PriorNormal),
    truncated_normal: Type.Optional(PriorTruncatedNormal),
  },
  { description: 'A mixture component: a weight and one of normal or truncated_normal.' },
);

const PlaceboPrior = Strict(
  {
    normal: Type.Optional(PriorNormal),
    truncated_normal: Type.Optional(PriorTruncatedNormal),
    mixture: Type.Optional(Type.Array(PriorComponent, { minItems: 1, maxItems: 10, description: 'A mixture of normal or truncated normal components.' })),
  },
  {
    description:
      'A design prior on the control arm’s response too (give one of normal, truncated_normal, mixture): parametric, the control mean of the endpoint; ProDERM, placebo’s true mean change of the measure at the primary week in the prior’s population. θ stays treatment − control. Drawn from a stream of its own (docs/assurance.md).',
  },
);

const Prior = Strict(
  {
    from_paper: Type.Optional(
      Type.Literal(true, {
        description: 'ProDERM only (cdasi_a, cdasi_d, cutaneous_vas): the sampling distribution of ProDERM’s own ANCOVA estimate, N(estimate, se²), se = (upper − lower)/(2·1.96) from its published 95% CI (docs/assurance.md).',
      }),
    ),
    normal: Type.Optional(PriorNormal),
    truncated_normal: Type.Optional(PriorTruncatedNormal),
    mixture: Type.Optional(Type.Array(PriorComponent, { minItems: 1, maxItems: 10, description: 'A mixture of normal or truncated normal components.' })),
    placebo: Type.Optional(PlaceboPrior),
    population: Type.Optional(
      Enum(STATED_EFFECT_POPULATIONS, { [DEFAULT_TEXT]: 'design (from_paper: unrestricted, the population ProDERM estimated it in)', description: 'ProDERM: the population θ is the true difference in (as in model.effects): design, the patients the design enrols; unrestricted, everyone screened.' }),
    ),
  },
  { description: 'A design prior on one measure’s true difference θ (treatment − control at the primary week): give one of from_paper, normal, truncated_normal, mixture.' },
);

/** One measure's design prior as the scenario gives it. */
export type ScenarioPrior = Static<typeof Prior>;

const Priors = Type.Object(
  {},
  {
    additionalProperties: Prior,
    description:
      'A design prior instead of a fixed effect: measure (ProDERM: cdasi_a, cdasi_d, cutaneous_vas, extramuscular_vas, mmt8; parametric: a normal endpoint id) → its distribution. One measure. Each replicate draws its own θ (docs/assurance.md).',
  },
);

const ProdermModel = Strict(
  {
    kind: Type.Literal('proderm', { description: 'The virtual ProDERM cohort calibrated to Werth et al. 2023 (docs/model.md).' }),
    params: Type.Optional(
      Strict(prodermParamSchemas, {
        description: 'Overrides of the calibrated parameters (the model’s names in snake_case); anything not named keeps its calibrated value.',
      }),
    ),
    effects: Type.Optional(StatedEffects),
    prior: Type.Optional(Priors),
  },
  { description: 'The ProDERM model.' },
);

/** Parametric endpoint ids become measure ids: lower case, as the model requires. */
export const MEASURE_ID_PATTERN = '^[a-z][a-z0-9_]*$';

function PerArm(value: { minimum?: number; exclusiveMinimum?: number; maximum?: number }, description: string) {
  return Type.Union(
    [
      Type.Number(value),
      Strict({ control: Type.Number(value), treatment: Type.Number(value) }, { description: 'Different values per arm.' }),
    ],
    { description: `${description} One number for both arms, or {control, treatment}.` },
  );
}

const NormalEndpoint = Strict(
  {
    id: Type.String({ pattern: MEASURE_ID_PATTERN, maxLength: 64, description: 'Measure id the analyses refer to (lower case, digits, _).' }),
    type: Type.Literal('normal', { description: 'A normally distributed outcome.' }),
    scale: Type.Optional(
      Enum(['change', 'value'] as const, {
        default: 'change',
        description: 'change: mean and sd describe the change from baseline; value: the value at the primary week.',
      }),
    ),
    mean: PerArm({ minimum: -1e6, maximum: 1e6 }, 'Mean outcome.'),
    sd: PerArm({ exclusiveMinimum: 0, maximum: 1e6 }, 'SD of the outcome.'),
    baseline: Type.Optional(
      Type.Union(
        [
          Strict(
            {
              mean: Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Mean of the week-0 value.' }),
              sd: Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: 'SD of the week-0 value.' }),
              correlation: Type.Optional(
                Type.Number({ exclusiveMinimum: -1, exclusiveMaximum: 1, description: 'Correlation of the baseline with the outcome, in both arms.', [DEFAULT_TEXT]: '0' }),
              ),
            },
            { description: 'A baseline (week-0) covariate.' },
          ),
          Type.Null(),
        ],
        { description: 'A baseline covariate, or null for none.', [DEFAULT_TEXT]: 'null' },
      ),
    ),
  },
  { description: 'A normal endpoint.' },
);

const BinaryEndpoint = Strict(
  {
    id: Type.String({ pattern: MEASURE_ID_PATTERN, maxLength: 64, description: 'Measure id the analyses refer to (lower case, digits, _).' }),
    type: Type.Literal('binary', { description: 'A 0/1 outcome (analyse with type: threshold_responder, threshold: 1).' }),
    probability: PerArm({ minimum: 0, maximum: 1 }, 'Probability of a 1 at the primary week.'),
  },
  { description: 'A binary endpoint.' },
);

const ParametricModel = Strict(
  {
    kind: Type.Literal('parametric', { description: 'A textbook model: exact normal or binary outcomes, one follow-up visit, no crossover.' }),
    params: Strict(
      {
        primary_week: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1000, default: 16, description: 'The one follow-up visit (weeks).' })),
        endpoints: Type.Array(
          Type.Unsafe<Static<typeof NormalEndpoint> | Static<typeof BinaryEndpoint>>({
            type: 'object',
            description: 'An endpoint: `type: normal` or `type: binary`.',
            oneOf: [NormalEndpoint, BinaryEndpoint],
            discriminator: { propertyName: 'type' },
          }),
          { minItems: 1, maxItems: 20, description: 'The outcomes each patient has.' },
        ),
        correlation: Type.Optional(
          Type.Union(
            [Type.Array(Type.Array(Type.Number({ minimum: -1, maximum: 1 }), { minItems: 1, maxItems: 20 }), { minItems: 1, maxItems: 20 }), Type.Null()],
            {
              description: 'Correlation matrix of the endpoints’ outcomes (binary: of their latent normals), endpoints in order; null for independent.',
              [DEFAULT_TEXT]: 'null',
            },
          ),
        ),
        effect_scale: Type.Optional(
          Type.Number({ minimum: 0, maximum: 5, default: 1, description: '0: the treatment arm as control (the null); 1: as given; in between, interpolated.' }),
        ),
        dropout: Type.Optional(Probability({ default: 0, description: 'Probability of dropping out before the primary week (design.dropout overrides).' })),
      },
      { description: 'The parametric model’s assumptions.' },
    ),
    prior: Type.Optional(Priors),
  },
  { description: 'The parametric model.' },
);

const Model = Type.Unsafe<Static<typeof ProdermModel> | Static<typeof ParametricModel>>({
  type: 'object',
  description: 'The cohort model: `kind: proderm` (with optional parameter overrides) or `kind: parametric` (with its assumptions).',
  oneOf: [ProdermModel, ParametricModel],
  discriminator: { propertyName: 'kind' },
});

// ---- design -----------------------------------------------------------------------

const Arms = Strict(
  {
    control: Type.Integer({ minimum: 1, maximum: 20, description: 'Control (placebo) share of the ratio.' }),
    treatment: Type.Integer({ minimum: 1, maximum: 20, description: 'Treatment (IVIg) share of the ratio.' }),
  },
  { description: 'Allocation ratio, e.g. {control: 1, treatment: 2} for 2:1 in favour of treatment.' },
);

const ArmSizes = Strict(
  {
    control: Type.Integer({ minimum: 1, maximum: 100000, description: 'Control patients.' }),
    treatment: Type.Integer({ minimum: 1, maximum: 100000, description: 'Treatment patients.' }),
  },
  { description: 'Patients in each arm.' },
);

const EligibilityRule = Strict(
  {
    measure: Name({ description: 'Measure whose baseline (week-0) value is checked, e.g. cdasi_a.' }),
    min: Type.Optional(Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Lower bound of the baseline value.' })),
    min_inclusive: Type.Optional(Type.Boolean({ default: true, description: 'true: value ≥ min; false: value > min.' })),
    max: Type.Optional(Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Upper bound of the baseline value.' })),
    max_inclusive: Type.Optional(Type.Boolean({ default: true, description: 'true: value ≤ max; false: value < max.' })),
  },
  { description: 'Enrol only patients whose baseline value lies within the bounds (give min, max or both).' },
);

const DropoutModelArm = Strict(
  {
    mechanism: Type.Optional(
      Enum(DROPOUT_MECHANISMS, { [DEFAULT_TEXT]: 'mcar', description: 'mcar: x = 0; mar: x observed (see on); mnar: x = the change at the next visit, which the dropout hides.' }),
    ),
    share: Type.Number({ minimum: 0, exclusiveMaximum: 1, description: 'Target share of the arm missing the primary week.' }),
    measure: Type.Optional(Name({ description: 'Measure whose change from baseline x is (mar on change, mnar).' })),
    on: Type.Optional(Enum(MAR_COVARIATES, { [DEFAULT_TEXT]: 'change', description: 'mar only: change (the last observed change from baseline) or deterioration (1 once confirmed).' })),
    slope: Type.Optional(Type.Number({ minimum: -100, maximum: 100, [DEFAULT_TEXT]: '0', description: 'Log-odds of leaving per unit of x (mnar: the sensitivity shift).' })),
  },
  { description: 'One arm’s dropout mechanism.' },
);

const AccrualPeriod = Strict(
  {
    from_month: Type.Number({ minimum: 0, maximum: 1200, description: 'Calendar month the period starts (the first: 0).' }),
    per_month: Type.Number({ minimum: 0, maximum: 1e6, description: 'Patients entering per month from then on (> 0 in the last period).' }),
  },
  { description: 'A period of constant accrual.' },
);

const Accrual = Strict(
  {
    per_month: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 1e6, description: 'Patients entering per month, constant (or give periods).' })),
    periods: Type.Optional(Type.Array(AccrualPeriod, { minItems: 1, maxItems: 50, description: 'Piecewise-constant accrual: periods in increasing months, the first from month 0.' })),
    ramp_up_months: Type.Optional(
      Type.Number({ minimum: 0, maximum: 120, default: 0, description: 'Months over which the rate rises linearly from 0 to the periods’ rate (site start-up).' }),
    ),
  },
  {
    description:
      'Patients enter as a Poisson process in calendar months (entry, then the visits on the calendar): needed by design.interim, which puts the looks on the calendar.',
  },
);

const Look = Type.Union(
  [
    Strict({ information: Type.Number({ exclusiveMinimum: 0, maximum: 1, description: 'Share of the patients who have reached the endpoint’s week.' }) }, { description: 'A look by information fraction.' }),
    Strict({ month: Type.Number({ exclusiveMinimum: 0, maximum: 1200, description: 'Calendar month of the look.' }) }, { description: 'A look at a calendar month.' }),
  ],
  { description: 'A look: {information: f} (a share of patients at the endpoint’s week) or {month: m} (a calendar month).' },
);

const SpendingFamily = Type.Union([Type.Literal('obf'), Type.Literal('pocock'), Type.Literal('kd'), Type.Literal('hsd')]);

const Interim = Strict(
  {
    analysis: Type.Optional(Name({ description: 'Id of the analysis the looks run: one-sided, or two-sided with a test symmetric in the sign (ancova, ttest, welch, mmrm, responder_chisq, responder_cmh, responder_wald, responder_newcombe), run one-sided towards its benefit.', [DEFAULT_TEXT]: 'the first analysis' })),
    looks: Type.Array(Look, { minItems: 2, maxItems: 20, description: 'The looks in order, the last {information: 1} (the final analysis).' }),
    alpha: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.025, description: 'Total type I error of the design.' })),
    sided: Type.Optional(Type.Union([Type.Literal(1), Type.Literal(2)], { default: 1, description: '1: one-sided (benefit); 2: two-sided, symmetric.' })),
    efficacy: Type.Optional(
      Strict(
        {
          spending: Type.Union([SpendingFamily, Type.Literal('hp')], {
            description: 'Alpha spending: obf (O’Brien–Fleming-like), pocock, kd (Kim–DeMets, gamma = rho), hsd (Hwang–Shih–DeCani, gamma); hp: Haybittle–Peto.',
          }),
          gamma: Type.Optional(Type.Number({ minimum: -50, maximum: 50, description: 'The parameter of kd (> 0) or hsd.' })),
          hp_bound: Type.Optional(Type.Number({ minimum: 2, maximum: 8, description: 'Haybittle–Peto interim z bound.', [DEFAULT_TEXT]: '3' })),
        },
        { description: 'Efficacy boundaries.', [DEFAULT_TEXT]: '{spending: obf}' },
      ),
    ),
    futility: Type.Optional(
      Strict(
        {
          beta_spending: Type.Optional(SpendingFamily),
          gamma: Type.Optional(Type.Number({ minimum: -50, maximum: 50, description: 'The beta-spending family’s parameter (kd, hsd).' })),
          beta: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 0.5, description: '1 − power, for beta spending.', [DEFAULT_TEXT]: '0.2' })),
          bounds: Type.Optional(Type.Array(Type.Number({ minimum: -20, maximum: 20 }), { maxItems: 19, description: 'Fixed futility z bounds, one per interim look.' })),
          conditional_power: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Stop for futility when the conditional power falls below this.' })),
          drift: Type.Optional(
            Type.Union([Type.Literal('trend'), Type.Number({ minimum: -20, maximum: 20 })], {
              description: 'Conditional power under the current trend, or under this expected z at full information.',
            }),
          ),
        },
        { description: 'Futility stopping, one rule: beta_spending, bounds or conditional_power.', [DEFAULT_TEXT]: 'none' },
      ),
    ),
    binding: Type.Optional(Type.Boolean({ default: false, description: 'Futility bounds bind (enter the efficacy bounds).' })),
  },
  {
    description:
      'A group-sequential design: the looks (by information fraction or calendar month), efficacy by alpha spending or Haybittle–Peto, futility, binding or not. Boundaries are computed at the information fractions each replicate observes.',
  },
);

const Design = Strict(
  {
    sample_size: Type.Optional(
      Type.Integer({
        minimum: 2,
        maximum: 200000,
        description: 'Patients randomized in total, split by the allocation ratio (the arms vary by the incomplete blocks). Give this or n_per_arm.',
        [DEFAULT_TEXT]: 'the model’s (ProDERM: 95; parametric: 100)',
      }),
    ),
    n_per_arm: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 100000 }), ArmSizes], {
        description:
          'Patients per arm, exactly (the last incomplete block is balanced): one number for equal arms, or {control, treatment}. Sets the total and, without `allocation`, the ratio.',
      }),
    ),
    allocation: Type.Optional(Arms),
    block_size: Type.Optional(
      Type.Union([Type.Integer({ minimum: 1, maximum: 1000 }), Type.Null()], {
        description: 'Permuted-block size, a multiple of control + treatment of the ratio; null for simple randomization.',
        [DEFAULT_TEXT]: '4',
      }),
    ),
    stratification: Type.Optional(
      Type.Union(
        [
          Strict(
            {
              measure: Name({ description: 'Measure whose baseline value defines the randomization stratum.' }),
              cutpoints: Type.Array(Type.Number({ minimum: -1e6, maximum: 1e6 }), {
                minItems: 1,
                maxItems: 254,
                description: 'Increasing cut points: a value ≤ the first is stratum 0, and so on (ProDERM: [6, 14]).',
              }),
            },
            { description: 'Stratified randomization: blocks are permuted within each stratum.' },
          ),
          Type.Null(),
        ],
        {
          description: 'Randomization strata, or null for none.',
          [DEFAULT_TEXT]: 'ProDERM: CDASI-A at [6, 14]; parametric: none',
        },
      ),
    ),
    eligibility: Type.Optional(
      Type.Array(EligibilityRule, { maxItems: 20, description: 'Eligibility rules on baseline values; all must hold.', [DEFAULT_TEXT]: 'none' }),
    ),
    dropout: Type.Optional(
      Strict(
        {
          before_primary: Type.Optional(
            Probability({ description: 'Probability of dropping out before the primary week.', [DEFAULT_TEXT]: 'the model’s (ProDERM: 0.042)' }),
          ),
          after_primary: Type.Optional(
            Probability({
              description: 'Probability, for those still in, of dropping out between the primary week and the end of follow-up.',
              [DEFAULT_TEXT]: 'the model’s (ProDERM: 0.242)',
            }),
          ),
        },
        { description: 'Dropout probabilities; a key left out keeps the model’s calibrated value.' },
      ),
    ),
    crossover: Type.Optional(
      Type.Boolean({
        description: 'Switch control patients with confirmed deterioration to treatment before the primary week (ProDERM model only).',
        [DEFAULT_TEXT]: 'ProDERM: true; parametric: false',
      }),
    ),
    horizon_week: Type.Optional(
      Type.Union([Type.Number({ exclusiveMinimum: 0, maximum: 1000 }), Type.Null()], {
        description: 'Last visit week simulated; null for the model’s full schedule. A shorter horizon runs faster.',
        [DEFAULT_TEXT]: 'null',
      }),
    ),
    screening_limit: Type.Optional(
      Type.Number({
        minimum: 1,
        maximum: 1e6,
        default: 1000,
        description: 'Stop screening after this many times the sample size (an eligibility rule few patients meet then gives a smaller trial).',
      }),
    ),
    dropout_model: Type.Optional(
      Type.Union([DropoutModelArm, Type.Array(DropoutModelArm, { minItems: 2, maxItems: 2 })], {
        description:
          'Dropout that may depend on the outcome, for both arms or [control, treatment]: hazard expit(a + slope·x) after each visit, a solved so that the share missing the primary week is `share`. It replaces the MCAR dropout of both arms, before and after the primary week: design.dropout (or a model’s dropout parameter) beside it is an error.',
        [DEFAULT_TEXT]: 'none: the model’s MCAR dropout',
      }),
    ),
    discontinuation: Type.Optional(
      Strict(
        {
          hazard: Type.Union([DropoutModelArm, Type.Array(DropoutModelArm, { minItems: 2, maxItems: 2 })], {
            description: 'The hazard of stopping treatment after each visit, for both arms or [control, treatment]: mcar, or mar on the change (lack of improvement) or on deterioration; share = the share stopping before the primary week.',
          }),
          waning: Type.Optional(
            Type.Number({ minimum: 0, maximum: 100, description: 'Rate per week at which the treatment effect wanes after stopping (0: it stays).', [DEFAULT_TEXT]: '0' }),
          ),
        },
        { description: 'Treatment discontinuation: after it the patient follows the off-treatment regime (the effect wanes towards the control potential outcome). An estimand’s discontinuation strategy (analyses[].estimand.discontinuation, default treatment policy) says how its values count.', [DEFAULT_TEXT]: 'none' },
      ),
    ),
    accrual: Type.Optional(Accrual),
    interim: Type.Optional(Interim),
  },
  { description: 'How patients are enrolled, randomized, lost and switched.' },
);

// ---- analyses ---------------------------------------------------------------------

const Endpoint = Strict(
  {
    measure: Name({ description: 'Measure analysed, e.g. cdasi_a, cdasi_d, cutaneous_vas, tis.' }),
    week: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 1000,
        description: 'Analysis visit (week); one of the model’s visits.',
        [DEFAULT_TEXT]: 'the model’s primary week (ProDERM: 16)',
      }),
    ),
    type: Type.Optional(
      Enum(ENDPOINT_TYPES, {
        default: 'change',
        description:
          'change: value − baseline; value: value at the week; reduction_responder: (baseline − value) / baseline > threshold; threshold_responder: value ≥ threshold.',
      }),
    ),
    threshold: Type.Optional(
      Type.Number({
        minimum: -1e6,
        maximum: 1e6,
        description: 'Responder endpoints only: the reduction fraction (0.35) or the value threshold (TIS: 20).',
      }),
    ),
    baseline_above: Type.Optional(
      Type.Number({
        minimum: -1e6,
        maximum: 1e6,
        description: 'Analyse only patients whose baseline is above this (cutaneous VAS: 0.2).',
        [DEFAULT_TEXT]: 'reduction_responder: 0; else everyone',
      }),
    ),
    dropout: Type.Optional(
      Enum(DROPOUT_RULES, {
        description: 'Patients without a value at the week: exclude, locf (last value carried forward) or failure (responders: non-responder).',
        [DEFAULT_TEXT]: 'threshold_responder: failure; else exclude',
      }),
    ),
    crossover: Type.Optional(
      Enum(CROSSOVER_RULES, {
        description: 'Patients switched before the week: locf (last value before the switch, the paper’s rule), observed, or failure (responders).',
        [DEFAULT_TEXT]: 'threshold_responder: failure; else locf',
      }),
    ),
    deterioration: Type.Optional(
      Enum(DETERIORATION_RULES, {
        description: 'Patients with confirmed deterioration: ignore, or failure (responders: TIS “without confirmed deterioration”).',
        [DEFAULT_TEXT]: 'threshold_responder: failure; else ignore',
      }),
    ),
  },
  { description: 'What is compared: a measure at a week, as change, value or responder.' },
);

const Analysis = Strict(
  {
    id: Name({ description: 'Unique name of the analysis (column names, --set paths: analyses.<id>.method).' }),
    endpoint: Endpoint,
    method: Type.Optional(
      Enum(METHODS, {
        description: 'Test and estimate. Continuous: ancova, ttest, welch, wilcoxon. Responder: responder_* (risk difference).',
        [DEFAULT_TEXT]: 'ancova for continuous endpoints, responder_chisq for responders',
      }),
    ),
    covariates: Type.Optional(
      Type.Array(Enum(COVARIATES, {}), {
        uniqueItems: true,
        description: 'ANCOVA covariates: baseline (the endpoint’s own), stratum (randomization stratum as a factor).',
        [DEFAULT_TEXT]: 'ancova: [baseline]; else []',
      }),
    ),
    strata: Type.Optional(
      Strict(
        {
          measure: Type.Optional(Name({ description: 'Measure whose baseline defines the strata.', [DEFAULT_TEXT]: 'the endpoint’s measure' })),
          cuts: Type.Array(Type.Number(), {
            minItems: 2,
            maxItems: 50,
            description: 'Cut points c0 < c1 < …: strata (c0, c1], (c1, c2], …; the last may be .inf. The paper: [0, 6, 14, .inf].',
          }),
        },
        { description: 'Report the treatment effect within baseline strata (and the arm × stratum interaction).' },
      ),
    ),
    sidedness: Type.Optional(
      Enum(SIDEDNESS, {
        default: 'two_sided',
        description: 'two_sided, or one-sided: less (benefit = treatment − control below 0) or greater.',
      }),
    ),
    alpha: Type.Optional(Level({ default: 0.05, description: 'Significance level of this analysis’ test.' })),
    ci_level: Type.Optional(Level({ default: 0.95, description: 'Confidence level of the reported intervals.' })),
    benefit: Type.Optional(
      Enum(BENEFIT, {
        description:
          'Direction of benefit of treatment − control: lower (a fall in a disease score) or higher (more responders). Power counts only rejections on this side; a two-sided test’s rejections on the other side are reported apart (harm). A one-sided test’s sidedness names it.',
        [DEFAULT_TEXT]: 'the measure’s own: lower for CDASI-A, CDASI-D, the VASs and a parametric normal endpoint; higher for MMT-8, TIS, a parametric binary endpoint and responders by relative reduction',
      }),
    ),
    estimand: Type.Optional(
      Strict(
        {
          switch: Type.Optional(
            Enum(STRATEGIES, {
              default: 'treatment_policy',
              description:
                'Strategy for the switch rule’s event (confirmed deterioration before the week, either arm): treatment_policy, hypothetical (values after it missing; MMRM), composite (non-response, or worst_value), while_on_treatment (the value at the event).',
            }),
          ),
          discontinuation: Type.Optional(
            Enum(STRATEGIES, {
              default: 'treatment_policy',
              description:
                'Strategy for treatment discontinuation (design.discontinuation; the last visit on treatment before the week, either arm): treatment_policy (values off treatment as observed), hypothetical (values after it missing: had treatment continued), composite (non-response, or worst_value), while_on_treatment (the last on-treatment value). Needs design.discontinuation.',
            }),
          ),
          worst_value: Type.Optional(Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Composite strategy (for either event), continuous endpoints: the endpoint value (a change, for change endpoints) the event counts as.' })),
        },
        { description: 'The estimand the analysis targets (ICH E9(R1)); its truth comes from the potential outcomes.', [DEFAULT_TEXT]: 'mmrm: treatment_policy; else none (the endpoint’s rules)' },
      ),
    ),
    covariance: Type.Optional(
      Type.Array(Enum(MMRM_COVARIANCES, {}), {
        minItems: 1,
        uniqueItems: true,
        description: 'mmrm only: covariance structures tried in order until a fit converges (us, toeph, ar1, cs).',
        [DEFAULT_TEXT]: '[us, toeph, ar1, cs]',
      }),
    ),
  },
  { description: 'One analysis of every simulated trial.' },
);

const Multiplicity = Strict(
  {
    procedure: Type.Optional(
      Enum(MULTIPLICITY_PROCEDURES, { default: 'none', description: 'Multiplicity adjustment over the family’s p-values.' }),
    ),
    alpha: Type.Optional(Level({ description: 'Family-wise significance level.', [DEFAULT_TEXT]: 'the first analysis’ alpha' })),
    family: Type.Optional(
      Type.Array(Name({}), {
        minItems: 1,
        uniqueItems: true,
        description: 'Analysis ids tested together; for fixed_sequence, the testing order.',
        [DEFAULT_TEXT]: 'all analyses, in order',
      }),
    ),
    weights: Type.Optional(
      Type.Array(Type.Number({ minimum: 0, maximum: 1 }), { description: 'Graphical procedure: initial alpha weights, one per family member.' }),
    ),
    transitions: Type.Optional(
      Type.Array(Type.Array(Type.Number({ minimum: 0, maximum: 1 })), {
        description: 'Graphical procedure: transition matrix, one row and column per family member.',
      }),
    ),
  },
  { description: 'How the family of analyses is adjusted for multiple testing.', [DEFAULT_TEXT]: 'procedure: none' },
);

// ---- the scenario -----------------------------------------------------------------

export const ScenarioSchema = Strict(
  {
    name: Name({ description: 'Short name of the scenario (used in output file names).' }),
    description: Type.Optional(Type.String({ maxLength: 4000, description: 'What the scenario is for, in a sentence or two.' })),
    seed: Type.Integer({ minimum: 0, maximum: 4294967295, description: 'Seed of every random stream; the same seed gives the same results.' }),
    replicates: Type.Integer({ minimum: 1, maximum: 10000000, description: 'Simulated trials per design point (the maximum, with target_mcse).' }),
    run_null: Type.Optional(
      Type.Boolean({ default: true, description: 'Also run each design point under the null (effect scale 0) for its type I error.' }),
    ),
    target_power: Type.Optional(Level({ description: 'Power to mark on plots (e.g. 0.8), and to read sample sizes off a sweep.' })),
    target_assurance: Type.Optional(
      Level({ description: 'Assurance (or probability of success) to read the sample size off a sweep of design.n_per_arm or design.sample_size at (needs success or model.prior; docs/assurance.md).' }),
    ),
    target_mcse: Type.Optional(
      Type.Number({
        exclusiveMinimum: 0,
        maximum: 0.5,
        description: 'Stop early once every reported power has a Monte Carlo standard error at most this (e.g. 0.005).',
      }),
    ),
    model: Model,
    design: Type.Optional(Design),
    success: Type.Optional(
      Strict(
        {
          analysis: Type.Optional(Type.String({ maxLength: 64, description: 'The analysis whose rejection towards benefit (after multiplicity) is the success.', [DEFAULT_TEXT]: 'the first analysis' })),
          estimate_beyond: Type.Optional(
            Type.Number({ minimum: -1e6, maximum: 1e6, description: 'Success also needs the estimate beyond this value on the side of benefit ("significant and clinically meaningful").' }),
          ),
          bins: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 10, description: 'Bins of equal prior probability the power conditional on θ is reported in.' })),
        },
        { description: 'The success criterion of the probability of success (with model.prior: the assurance), reported per design point (docs/assurance.md).' },
      ),
    ),
    analyses: Type.Array(Analysis, { minItems: 1, maxItems: 100, description: 'The analyses of every simulated trial, reported in this order (list the primary first).' }),
    multiplicity: Type.Optional(Multiplicity),
    sweep: Type.Optional(
      Type.Object(
        {},
        {
          additionalProperties: Type.Array(Type.Unknown(), { minItems: 1, uniqueItems: true }),
          description:
            'A grid of design points: key path → list of values, e.g. `design.n_per_arm: [30, 40, 50]`. Every combination is one design point; the first key varies slowest.',
        },
      ),
    ),
  },
  { title: 'trialsim scenario', description: 'A trialsim scenario: a model, a design, analyses and how many trials to simulate.' },
);

/**
 * Keys that say the same thing two ways: a --set or sweep of one removes the
 * others, so `--set design.n_per_arm=40` works on a file that gives sample_size.
 */
export const ALTERNATIVE_KEYS: readonly (readonly (readonly string[])[])[] = [
  [
    ['design', 'sample_size'],
    ['design', 'n_per_arm'],
  ],
];

/** A validated scenario, defaults filled in. */
export type Scenario = Static<typeof ScenarioSchema>;

/** The schema as plain JSON (what schemas/scenario.schema.json holds and ajv compiles). */
export function scenarioJsonSchema(): Record<string, unknown> {
  const plain: unknown = JSON.parse(JSON.stringify(ScenarioSchema));
  const body = typeof plain === 'object' && plain !== null ? plain : {};
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...body };
}

/** The same, read-only, for walking key paths. */
export const SCENARIO_SCHEMA: SchemaNode = scenarioJsonSchema();
