// Parameters of the virtual ProDERM cohort: one flat, named, serialisable set.
// Every default comes from a printed figure of Werth et al. 2023 (or the NEJM
// primary report it cites), from the protocol, or is an assumption where the
// papers print nothing; PRODERM_PARAMS says which, for each one. The values
// marked `fitted` are the output of bench/tune-model.ts (population-level fit
// with 200,000 simulated patients); docs/model.md shows the fit.
import { didYouMean } from '../text/didYouMean.js';
import { cholesky } from './cholesky.js';

/** Calibrated defaults. null = "not overridden" for the effect overrides. */
export const PRODERM_DEFAULTS = {
  // --- Baseline (Table 1; Results, Baseline dermatological scores) ---
  cdasiABaselineZeroShare: 0.0421,
  cdasiABaselineActiveMean: 18.9,
  cdasiABaselineActiveSd: 13.5,
  cdasiDBaselineZeroShare: 0.3895,
  cdasiDBaselinePositiveMean: 3.95,
  cdasiDBaselinePositiveSd: 3.45,
  cutVasBaselineMean: 4.487,
  cutVasBaselineSd: 2.293,
  extVasBaselineMin: 1.0,
  extVasBaselineMean: 4.2175,
  extVasBaselineSd: 1.98,
  mmt8BaselineMax: 141,
  mmt8BaselineDeficitMean: 16,
  mmt8BaselineDeficitSd: 12,
  baselineCorrCdasiACdasiD: 0.3,
  baselineCorrCdasiACutVas: 0.6,
  baselineCorrCdasiAExtVas: 0.3,
  baselineCorrCdasiAMmt8: 0,
  baselineCorrCdasiDCutVas: 0.2,
  baselineCorrCdasiDExtVas: 0.1,
  baselineCorrCdasiDMmt8: 0,
  baselineCorrCutVasExtVas: 0.45,
  baselineCorrCutVasMmt8: 0,
  baselineCorrExtVasMmt8: -0.25,

  // --- Week-16 response: log(week-16 / baseline) ~ N(mean, sd) per arm (CDASI-A per baseline stratum) ---
  cdasiAPlaceboLogMeanLow: -0.2421,
  cdasiAPlaceboLogSdLow: 0.5781,
  cdasiAPlaceboLogMeanMid: -0.5951,
  cdasiAPlaceboLogSdMid: 0.7686,
  cdasiAPlaceboLogMeanHigh: -0.06638,
  cdasiAPlaceboLogSdHigh: 0.3186,
  cdasiAIvigLogMeanLow: -1.091,
  cdasiAIvigLogSdLow: 0.9099,
  cdasiAIvigLogMeanMid: -1.151,
  cdasiAIvigLogSdMid: 0.6811,
  cdasiAIvigLogMeanHigh: -0.8651,
  cdasiAIvigLogSdHigh: 0.656,
  cdasiDPlaceboLogMean: -0.03483,
  cdasiDPlaceboLogSd: 0.1799,
  cdasiDIvigLogMean: -0.408,
  cdasiDIvigLogSd: 0.4686,
  cutVasPlaceboLogMean: -0.2171,
  cutVasPlaceboLogSd: 0.4317,
  cutVasIvigLogMean: -0.9487,
  cutVasIvigLogSd: 0.6391,
  extVasPlaceboLogMean: -0.185,
  extVasPlaceboLogSd: 0.6994,
  extVasIvigLogMean: -0.69,
  extVasIvigLogSd: 0.6,
  mmt8PlaceboMean: 3,
  mmt8PlaceboSd: 9,
  mmt8IvigMean: 8,
  mmt8IvigSd: 10,
  tisNonImproverMax: 20,
  tisPlaceboImproverShare: 0.4747,
  tisPlaceboImproverMean: 36.84,
  tisPlaceboImproverSd: 15,
  tisIvigImproverShare: 0.8151,
  tisIvigImproverMean: 55.55,
  tisIvigImproverSd: 14.77,

  // --- Dependence of the week-16 responses (Gaussian copula; fitted to Fig. 5) ---
  changeCorrTisMmt8: 0.8731,
  changeCorrTisCdasiA: -0.7834,
  changeCorrTisExtVas: -0.9035,
  changeCorrTisCutVas: -0.9514,
  changeCorrTisCdasiD: -0.2,
  changeCorrMmt8CdasiA: -0.6701,
  changeCorrMmt8ExtVas: -0.6338,
  changeCorrMmt8CutVas: -0.7835,
  changeCorrMmt8CdasiD: -0.1,
  changeCorrCdasiAExtVas: 0.8217,
  changeCorrCdasiACutVas: 0.7663,
  changeCorrCdasiACdasiD: 0.3,
  changeCorrExtVasCutVas: 0.9539,
  changeCorrExtVasCdasiD: 0.15,
  changeCorrCutVasCdasiD: 0.2,

  // --- Time course, visit noise, deterioration, dropout ---
  responseTauWeeks: 12.76,
  visitNoiseCdasiA: 0.12,
  visitNoiseCdasiD: 0.05,
  visitNoiseCutVas: 0.2,
  visitNoiseExtVas: 0.2,
  visitNoiseMmt8: 4,
  visitNoiseTis: 6,
  deteriorationExtVasRise: 2,
  deteriorationMmt8Drop: 0.2,
  dropoutBeforeWeek16: 0.0421,
  dropoutWeek16To40: 0.2418,

  // --- Treatment-effect knobs ---
  effectScale: 1,
  effectCdasiA: null,
  effectCdasiD: null,
  effectCutaneousVas: null,
  effectExtramuscularVas: null,
  effectMmt8: null,
  tisResponderRateIvig: null,
} as const;

export type ProdermParamName = keyof typeof PRODERM_DEFAULTS;
/** A resolved parameter set: numbers, and number | null for the effect overrides. */
export type ProdermParams = {
  readonly [K in ProdermParamName]: (typeof PRODERM_DEFAULTS)[K] extends null ? number | null : number;
};

export type ParamBasis = 'printed' | 'fitted' | 'protocol' | 'assumed' | 'knob';

export interface ProdermParamInfo {
  readonly name: ProdermParamName;
  readonly default: number | null;
  readonly unit: string;
  readonly min: number;
  readonly max: number;
  /** printed: a number of the paper as is; fitted: calibrated to printed figures; protocol: study rules; assumed: nothing printed; knob: user control. */
  readonly basis: ParamBasis;
  /** The printed figure it comes from (or why it is assumed). */
  readonly source: string;
  readonly description: string;
}

type Row = Omit<ProdermParamInfo, 'default'>;

const LOG = 'log ratio';
const CORR = 'correlation';
const rows: Row[] = [
  // Baseline
  { name: 'cdasiABaselineZeroShare', unit: 'share', min: 0, max: 0.5, basis: 'printed', source: 'Results: 4 of 95 (4.2%) had CDASI-A 0', description: 'Share of patients without skin activity (CDASI-A 0 at baseline; they stay 0 and their cutaneous VAS is 0).' },
  { name: 'cdasiABaselineActiveMean', unit: 'points', min: 1, max: 60, basis: 'fitted', source: 'Table 1 (mean 18.91, SD 13.69, median 16); Results (82.1% >6, 53.7% >14)', description: 'Mean of the gamma distribution whose ceiling is the baseline CDASI-A of the other patients.' },
  { name: 'cdasiABaselineActiveSd', unit: 'points', min: 0.5, max: 40, basis: 'fitted', source: 'Table 1; Results shares', description: 'SD of that gamma distribution.' },
  { name: 'cdasiDBaselineZeroShare', unit: 'share', min: 0, max: 0.95, basis: 'printed', source: 'Results: 37 of 95 (38.9%) had CDASI-D 0', description: 'Share with no skin damage at baseline (they stay 0).' },
  { name: 'cdasiDBaselinePositiveMean', unit: 'points', min: 0.5, max: 20, basis: 'fitted', source: 'Table 1 (mean 2.66, SD 3.475, median 2, max 15)', description: 'Mean of the gamma distribution whose ceiling is a positive baseline CDASI-D.' },
  { name: 'cdasiDBaselinePositiveSd', unit: 'points', min: 0.2, max: 20, basis: 'fitted', source: 'Table 1', description: 'SD of that gamma distribution.' },
  { name: 'cutVasBaselineMean', unit: 'cm', min: 0.5, max: 9.5, basis: 'fitted', source: 'Table 1 (mean 4.31, SD 2.385, median 4.5); Results (5 of 95 at <= 0.2)', description: 'Mean of the 10 cm beta distribution of the cutaneous VAS of patients with CDASI-A > 0.' },
  { name: 'cutVasBaselineSd', unit: 'cm', min: 0.2, max: 4.5, basis: 'fitted', source: 'Table 1', description: 'SD of that beta distribution.' },
  { name: 'extVasBaselineMin', unit: 'cm', min: 0, max: 5, basis: 'assumed', source: 'Table 1 minimum 1.1 (inclusion needed extramuscular or other activity)', description: 'Lower end of the beta distribution of the extramuscular global VAS.' },
  { name: 'extVasBaselineMean', unit: 'cm', min: 0.5, max: 9.5, basis: 'fitted', source: 'Table 1 (mean 4.20, SD 1.970, median 4.0)', description: 'Mean of the extramuscular global VAS at baseline.' },
  { name: 'extVasBaselineSd', unit: 'cm', min: 0.2, max: 4.5, basis: 'fitted', source: 'Table 1', description: 'SD of the extramuscular global VAS at baseline.' },
  { name: 'mmt8BaselineMax', unit: 'points', min: 1, max: 150, basis: 'protocol', source: 'Inclusion: MMT-8 < 142 (NEJM 2022)', description: 'Highest baseline MMT-8.' },
  { name: 'mmt8BaselineDeficitMean', unit: 'points', min: 0.5, max: 100, basis: 'assumed', source: 'Not printed in the skin paper', description: 'Mean of the gamma-distributed distance of baseline MMT-8 below its maximum.' },
  { name: 'mmt8BaselineDeficitSd', unit: 'points', min: 0.5, max: 60, basis: 'assumed', source: 'Not printed in the skin paper', description: 'SD of that distance.' },
  { name: 'baselineCorrCdasiACdasiD', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent (Gaussian copula) correlation of baseline CDASI-A and CDASI-D.' },
  { name: 'baselineCorrCdasiACutVas', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed (both rate skin activity)', description: 'Latent correlation of baseline CDASI-A and cutaneous VAS.' },
  { name: 'baselineCorrCdasiAExtVas', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline CDASI-A and extramuscular VAS.' },
  { name: 'baselineCorrCdasiAMmt8', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline CDASI-A and MMT-8.' },
  { name: 'baselineCorrCdasiDCutVas', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline CDASI-D and cutaneous VAS.' },
  { name: 'baselineCorrCdasiDExtVas', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline CDASI-D and extramuscular VAS.' },
  { name: 'baselineCorrCdasiDMmt8', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline CDASI-D and MMT-8.' },
  { name: 'baselineCorrCutVasExtVas', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of the two baseline VAS.' },
  { name: 'baselineCorrCutVasMmt8', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed', description: 'Latent correlation of baseline cutaneous VAS and MMT-8.' },
  { name: 'baselineCorrExtVasMmt8', unit: CORR, min: -0.99, max: 0.99, basis: 'assumed', source: 'Not printed (weaker patients tend to more systemic activity)', description: 'Latent correlation of baseline extramuscular VAS and MMT-8.' },
  // CDASI-A response by baseline stratum
  ...(['Low', 'Mid', 'High'] as const).flatMap((s) => {
    const label = s === 'Low' ? '(0, 6]' : s === 'Mid' ? '(6, 14]' : '> 14';
    const fig = s === 'Low' ? '-2.00 / -0.60' : s === 'Mid' ? '-6.31 / -3.00' : '-13.08 / -1.50';
    const src = `Fig. 3a: IVIg / placebo mean change ${fig} in stratum ${label} with 95% CIs; arm means and CIs (Results)`;
    return [
      { name: `cdasiAPlaceboLogMean${s}` as ProdermParamName, unit: LOG, min: -5, max: 3, basis: 'fitted' as const, source: src, description: `Placebo: mean of log(week-16 / baseline CDASI-A), baseline ${label}.` },
      { name: `cdasiAPlaceboLogSd${s}` as ProdermParamName, unit: LOG, min: 0.01, max: 3, basis: 'fitted' as const, source: src, description: `Placebo: SD of that log ratio, baseline ${label}.` },
      { name: `cdasiAIvigLogMean${s}` as ProdermParamName, unit: LOG, min: -5, max: 3, basis: 'fitted' as const, source: src, description: `IVIg: mean of log(week-16 / baseline CDASI-A), baseline ${label}.` },
      { name: `cdasiAIvigLogSd${s}` as ProdermParamName, unit: LOG, min: 0.01, max: 3, basis: 'fitted' as const, source: src, description: `IVIg: SD of that log ratio, baseline ${label}.` },
    ];
  }),
  { name: 'cdasiDPlaceboLogMean', unit: LOG, min: -5, max: 3, basis: 'fitted', source: 'Results: placebo CDASI-D change -0.02 (-0.26, 0.21)', description: 'Placebo: mean of log(week-16 / baseline CDASI-D) (patients with damage).' },
  { name: 'cdasiDPlaceboLogSd', unit: LOG, min: 0.01, max: 3, basis: 'fitted', source: 'Results: its CI width', description: 'Placebo: SD of that log ratio.' },
  { name: 'cdasiDIvigLogMean', unit: LOG, min: -5, max: 3, basis: 'fitted', source: 'Results: IVIg CDASI-D change -0.67 (-1.23, -0.10); ANCOVA difference -0.6', description: 'IVIg: mean of log(week-16 / baseline CDASI-D).' },
  { name: 'cdasiDIvigLogSd', unit: LOG, min: 0.01, max: 3, basis: 'fitted', source: 'Results: its CI width', description: 'IVIg: SD of that log ratio.' },
  { name: 'cutVasPlaceboLogMean', unit: LOG, min: -5, max: 3, basis: 'fitted', source: 'Results: placebo cutaneous VAS change -0.66 (-1.18, -0.13), baseline > 0.2', description: 'Placebo: mean of log(week-16 / baseline cutaneous VAS).' },
  { name: 'cutVasPlaceboLogSd', unit: LOG, min: 0.01, max: 3, basis: 'fitted', source: 'Results: its CI width', description: 'Placebo: SD of that log ratio.' },
  { name: 'cutVasIvigLogMean', unit: LOG, min: -5, max: 3, basis: 'fitted', source: 'Results: IVIg change -2.44 (-3.15, -1.73); ANCOVA difference -1.7', description: 'IVIg: mean of log(week-16 / baseline cutaneous VAS).' },
  { name: 'cutVasIvigLogSd', unit: LOG, min: 0.01, max: 3, basis: 'fitted', source: 'Results: its CI width', description: 'IVIg: SD of that log ratio.' },
  { name: 'extVasPlaceboLogMean', unit: LOG, min: -5, max: 3, basis: 'assumed', source: 'Not printed; placebo improved systemic VAS little (ProDERM systemic sub-analysis)', description: 'Placebo: mean of log(week-16 / baseline extramuscular VAS).' },
  { name: 'extVasPlaceboLogSd', unit: LOG, min: 0.01, max: 3, basis: 'fitted', source: 'Results: 5 of 48 placebo patients switched after confirmed deterioration', description: 'Placebo: SD of that log ratio (it drives the IMACS deterioration rule).' },
  { name: 'extVasIvigLogMean', unit: LOG, min: -5, max: 3, basis: 'assumed', source: 'Not printed; IVIg lowered systemic VAS by 40-50% (ProDERM systemic sub-analysis)', description: 'IVIg: mean of log(week-16 / baseline extramuscular VAS).' },
  { name: 'extVasIvigLogSd', unit: LOG, min: 0.01, max: 3, basis: 'assumed', source: 'Not printed', description: 'IVIg: SD of that log ratio.' },
  { name: 'mmt8PlaceboMean', unit: 'points', min: -50, max: 50, basis: 'assumed', source: 'Not printed in the skin paper', description: 'Placebo: mean week-16 change in MMT-8.' },
  { name: 'mmt8PlaceboSd', unit: 'points', min: 0.1, max: 50, basis: 'assumed', source: 'Not printed in the skin paper', description: 'Placebo: SD of the week-16 change in MMT-8.' },
  { name: 'mmt8IvigMean', unit: 'points', min: -50, max: 50, basis: 'assumed', source: 'Not printed in the skin paper', description: 'IVIg: mean week-16 change in MMT-8.' },
  { name: 'mmt8IvigSd', unit: 'points', min: 0.1, max: 50, basis: 'assumed', source: 'Not printed in the skin paper', description: 'IVIg: SD of the week-16 change in MMT-8.' },
  { name: 'tisNonImproverMax', unit: 'TIS points', min: 0, max: 40, basis: 'assumed', source: 'TIS < 20 = no improvement (Table 3 footnote a)', description: 'TIS of non-improvers is uniform on [0, this).' },
  { name: 'tisPlaceboImproverShare', unit: 'share', min: 0, max: 1, basis: 'fitted', source: 'NEJM: 21 of 48 (43.8%) placebo TIS responders at week 16', description: 'Placebo: share of improvers in the TIS mixture.' },
  { name: 'tisPlaceboImproverMean', unit: 'TIS points', min: 0, max: 100, basis: 'assumed', source: 'NEJM/label: mean week-16 TIS on IVIg more than twice placebo', description: 'Placebo: mean TIS of improvers.' },
  { name: 'tisPlaceboImproverSd', unit: 'TIS points', min: 1, max: 60, basis: 'assumed', source: 'Same spread as on IVIg', description: 'Placebo: SD of the TIS of improvers.' },
  { name: 'tisIvigImproverShare', unit: 'share', min: 0, max: 1, basis: 'fitted', source: 'NEJM: 37 of 47 (78.7%) IVIg TIS >= 20; label: 68% >= 40, 32% >= 60', description: 'IVIg: share of improvers in the TIS mixture.' },
  { name: 'tisIvigImproverMean', unit: 'TIS points', min: 0, max: 100, basis: 'fitted', source: 'NEJM/label: 68% of IVIg patients TIS >= 40, 32% >= 60', description: 'IVIg: mean TIS of improvers.' },
  { name: 'tisIvigImproverSd', unit: 'TIS points', min: 1, max: 60, basis: 'fitted', source: 'NEJM/label: TIS >= 40 and >= 60 shares', description: 'IVIg: SD of the TIS of improvers.' },
  // change copula
  ...(
    [
      ['Tis', 'Mmt8'], ['Tis', 'CdasiA'], ['Tis', 'ExtVas'], ['Tis', 'CutVas'], ['Tis', 'CdasiD'],
      ['Mmt8', 'CdasiA'], ['Mmt8', 'ExtVas'], ['Mmt8', 'CutVas'], ['Mmt8', 'CdasiD'],
      ['CdasiA', 'ExtVas'], ['CdasiA', 'CutVas'], ['CdasiA', 'CdasiD'],
      ['ExtVas', 'CutVas'], ['ExtVas', 'CdasiD'], ['CutVas', 'CdasiD'],
    ] as const
  ).map(([a, b]) => {
    const inFig5 = (b as string) !== 'CdasiD';
    return {
      name: `changeCorr${a}${b}` as ProdermParamName,
      unit: CORR,
      min: -0.99,
      max: 0.99,
      basis: inFig5 ? ('fitted' as const) : ('assumed' as const),
      source: inFig5 ? 'Fig. 5: Spearman correlations at week 16, pooled over arms (N = 91)' : 'Not printed (CDASI-D is not in Fig. 5)',
      description: `Latent (Gaussian copula) correlation of the week-16 responses of ${a} and ${b} within an arm.`,
    };
  }),
  { name: 'responseTauWeeks', unit: 'weeks', min: 0.5, max: 100, basis: 'fitted', source: 'Week-40 CDASI-A change -10.44 (IVIg first) and -10.03 (placebo first) against week 16', description: 'Time constant of the response: the share reached by week t is (1 - exp(-t/tau)) / (1 - exp(-16/tau)).' },
  { name: 'visitNoiseCdasiA', unit: LOG, min: 0, max: 2, basis: 'assumed', source: 'Not printed (visit-to-visit variation)', description: 'SD of visit noise on the log scale of CDASI-A (visits other than 0 and 16).' },
  { name: 'visitNoiseCdasiD', unit: LOG, min: 0, max: 2, basis: 'assumed', source: 'Not printed', description: 'SD of visit noise on the log scale of CDASI-D.' },
  { name: 'visitNoiseCutVas', unit: LOG, min: 0, max: 2, basis: 'assumed', source: 'Not printed', description: 'SD of visit noise on the log scale of the cutaneous VAS.' },
  { name: 'visitNoiseExtVas', unit: LOG, min: 0, max: 2, basis: 'assumed', source: 'Not printed', description: 'SD of visit noise on the log scale of the extramuscular VAS.' },
  { name: 'visitNoiseMmt8', unit: 'points', min: 0, max: 30, basis: 'assumed', source: 'Not printed', description: 'SD of visit noise of MMT-8.' },
  { name: 'visitNoiseTis', unit: 'TIS points', min: 0, max: 40, basis: 'assumed', source: 'Not printed', description: 'SD of visit noise of the TIS.' },
  { name: 'deteriorationExtVasRise', unit: 'cm', min: 0.1, max: 10, basis: 'protocol', source: 'IMACS confirmed deterioration used by ProDERM: extramuscular global activity worse by >= 2 cm', description: 'Worsening of the extramuscular VAS from baseline that counts towards confirmed deterioration.' },
  { name: 'deteriorationMmt8Drop', unit: 'share', min: 0.01, max: 1, basis: 'protocol', source: 'IMACS: MMT-8 worse by >= 20%', description: 'Relative MMT-8 loss from baseline that counts towards confirmed deterioration.' },
  { name: 'dropoutBeforeWeek16', unit: 'probability', min: 0, max: 0.99, basis: 'printed', source: 'Results: 45 of 47 and 46 of 48 continued to the extension (4 of 95 lost)', description: 'Probability of leaving before the week-16 visit (design.dropout overrides).' },
  { name: 'dropoutWeek16To40', unit: 'probability', min: 0, max: 0.99, basis: 'printed', source: 'Results: 69 of 95 completed week 40 (22 of the 91 who continued were lost)', description: 'Probability of leaving between weeks 16 and 40 for those still in (design.dropout overrides).' },
  { name: 'effectScale', unit: 'factor', min: 0, max: 5, basis: 'knob', source: 'User control', description: 'Moves IVIg’s response towards placebo’s: the mean and the SD of every log-ratio response (MMT-8: points) and the TIS quantile function become placebo + s (IVIg − placebo). 0 = the IVIg arm responds exactly as placebo (the null), 1 = calibrated; the true mean difference is not proportional to s (0.5 gives about 60% of the CDASI-A difference, as the SD shrinks too): to state a difference, use model.effects.' },
  { name: 'effectCdasiA', unit: 'points', min: -100, max: 100, basis: 'knob', source: 'Calibrated: -8.20 (paper ANCOVA -8.0)', description: 'Override: mean IVIg - placebo difference in week-16 CDASI-A change (whole calibrated population), by shifting the IVIg log ratio.' },
  { name: 'effectCdasiD', unit: 'points', min: -32, max: 32, basis: 'knob', source: 'Calibrated: -0.66 (paper ANCOVA -0.6)', description: 'Override: mean IVIg - placebo difference in week-16 CDASI-D change.' },
  { name: 'effectCutaneousVas', unit: 'cm', min: -10, max: 10, basis: 'knob', source: 'Calibrated: -1.76 (paper ANCOVA -1.7)', description: 'Override: mean IVIg - placebo difference in week-16 cutaneous VAS change among patients with baseline VAS > 0.2.' },
  { name: 'effectExtramuscularVas', unit: 'cm', min: -10, max: 10, basis: 'knob', source: 'Calibrated: -1.51 (assumed response)', description: 'Override: mean IVIg - placebo difference in week-16 extramuscular VAS change.' },
  { name: 'effectMmt8', unit: 'points', min: -100, max: 100, basis: 'knob', source: 'Calibrated: +4.48 (assumed response)', description: 'Override: mean IVIg - placebo difference in week-16 MMT-8 change.' },
  { name: 'tisResponderRateIvig', unit: 'probability', min: 0.001, max: 0.999, basis: 'knob', source: 'Calibrated: 0.821 (0.787 in the ITT analysis with dropouts as failures)', description: 'Override: probability that an IVIg patient has TIS >= 20 at week 16 (before dropout and deterioration).' },
];

/** The parameter table: name, default, unit, range, basis, source figure, description. */
export const PRODERM_PARAMS: readonly ProdermParamInfo[] = rows.map((r) => ({ ...r, default: PRODERM_DEFAULTS[r.name] }));

const INFO = new Map(PRODERM_PARAMS.map((p) => [p.name, p]));
const NAMES = Object.keys(PRODERM_DEFAULTS) as ProdermParamName[];

export function prodermParamInfo(name: string): ProdermParamInfo | undefined {
  return INFO.get(name as ProdermParamName);
}

/**
 * The calibrated defaults with `overrides` (a mapping name -> number, or
 * null to clear an effect override) applied. Rejects unknown names (with a
 * did-you-mean), non-numbers and values outside each parameter's range, and
 * correlation sets that are not positive definite.
 */
export function resolveProdermParams(overrides: unknown): { ok: true; params: ProdermParams } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const params: Record<string, number | null> = { ...PRODERM_DEFAULTS };
  if (overrides !== undefined && overrides !== null) {
    if (typeof overrides !== 'object' || Array.isArray(overrides)) {
      return { ok: false, errors: ['model.params: expected a mapping of parameter names to numbers'] };
    }
    for (const [key, value] of Object.entries(overrides as Record<string, unknown>)) {
      const info = INFO.get(key as ProdermParamName);
      if (info === undefined) {
        const near = didYouMean(key, NAMES);
        errors.push(`model.params.${key}: unknown parameter${near ? ` (did you mean '${near}'?)` : ''}`);
        continue;
      }
      if (value === null && info.default === null) {
        params[key] = null;
        continue;
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        errors.push(`model.params.${key}: expected a number (got ${JSON.stringify(value)})`);
        continue;
      }
      if (value < info.min || value > info.max) {
        errors.push(`model.params.${key}: ${value} is outside [${info.min}, ${info.max}] (${info.unit})`);
        continue;
      }
      params[key] = value;
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const p = params as ProdermParams;
  if (p.cdasiABaselineZeroShare + 1e-12 >= 1) errors.push('model.params.cdasiABaselineZeroShare: must be below 1');
  for (const [name, m] of [
    ['baselineCorr', baselineCorrelation(p)],
    ['changeCorr', changeCorrelation(p)],
  ] as const) {
    if (cholesky(m) === null) errors.push(`model.params.${name}*: the correlations do not form a positive definite matrix`);
  }
  const nu = (mean: number, sd: number, width: number): number => ((mean / width) * (1 - mean / width)) / (sd / width) ** 2 - 1;
  if (nu(p.cutVasBaselineMean, p.cutVasBaselineSd, 10) <= 0)
    errors.push('model.params.cutVasBaselineSd: too large for a distribution on [0, 10] with that mean');
  if (!(p.extVasBaselineMean > p.extVasBaselineMin) || nu(p.extVasBaselineMean - p.extVasBaselineMin, p.extVasBaselineSd, 10 - p.extVasBaselineMin) <= 0)
    errors.push('model.params.extVasBaselineSd: the mean and SD do not fit a distribution on [extVasBaselineMin, 10]');
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, params: p };
}

/** Order of the baseline copula: CDASI-A, CDASI-D, cutaneous VAS, extramuscular VAS, MMT-8. */
export function baselineCorrelation(p: ProdermParams): number[][] {
  return [
    [1, p.baselineCorrCdasiACdasiD, p.baselineCorrCdasiACutVas, p.baselineCorrCdasiAExtVas, p.baselineCorrCdasiAMmt8],
    [p.baselineCorrCdasiACdasiD, 1, p.baselineCorrCdasiDCutVas, p.baselineCorrCdasiDExtVas, p.baselineCorrCdasiDMmt8],
    [p.baselineCorrCdasiACutVas, p.baselineCorrCdasiDCutVas, 1, p.baselineCorrCutVasExtVas, p.baselineCorrCutVasMmt8],
    [p.baselineCorrCdasiAExtVas, p.baselineCorrCdasiDExtVas, p.baselineCorrCutVasExtVas, 1, p.baselineCorrExtVasMmt8],
    [p.baselineCorrCdasiAMmt8, p.baselineCorrCdasiDMmt8, p.baselineCorrCutVasMmt8, p.baselineCorrExtVasMmt8, 1],
  ];
}

/** Order of the response copula: TIS, MMT-8, CDASI-A, extramuscular VAS, cutaneous VAS, CDASI-D. */
export function changeCorrelation(p: ProdermParams): number[][] {
  return [
    [1, p.changeCorrTisMmt8, p.changeCorrTisCdasiA, p.changeCorrTisExtVas, p.changeCorrTisCutVas, p.changeCorrTisCdasiD],
    [p.changeCorrTisMmt8, 1, p.changeCorrMmt8CdasiA, p.changeCorrMmt8ExtVas, p.changeCorrMmt8CutVas, p.changeCorrMmt8CdasiD],
    [p.changeCorrTisCdasiA, p.changeCorrMmt8CdasiA, 1, p.changeCorrCdasiAExtVas, p.changeCorrCdasiACutVas, p.changeCorrCdasiACdasiD],
    [p.changeCorrTisExtVas, p.changeCorrMmt8ExtVas, p.changeCorrCdasiAExtVas, 1, p.changeCorrExtVasCutVas, p.changeCorrExtVasCdasiD],
    [p.changeCorrTisCutVas, p.changeCorrMmt8CutVas, p.changeCorrCdasiACutVas, p.changeCorrExtVasCutVas, 1, p.changeCorrCutVasCdasiD],
    [p.changeCorrTisCdasiD, p.changeCorrMmt8CdasiD, p.changeCorrCdasiACdasiD, p.changeCorrExtVasCdasiD, p.changeCorrCutVasCdasiD, 1],
  ];
}
