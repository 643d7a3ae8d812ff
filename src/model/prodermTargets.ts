// The published ProDERM figures the model is calibrated to (and the held-out
// ones it is validated against), keyed by their path in
// /work/shared/paper/proderm-targets.yaml where they have one, each with the
// standard error of a 95-patient trial's estimate, so that a population value
// of the model can be judged in units of sampling error.
//
// SEs: a mean with a printed 95% CI, half-width / t(0.975, n - 1); an SD,
// SD / sqrt(2 (n - 1)); a share, sqrt(p (1 - p) / n); a median,
// 1.2533 SD / sqrt(n); a Spearman r with N = 91, sqrt(1.06 / (N - 3)) (1 - r^2)
// (Fieller et al. 1957); an expected extreme of 95, the SD of that extreme
// in the model (filled in by the report).

export type TargetKind = 'calibration' | 'validation' | 'external';

export interface CalibrationTarget {
  /** YAML path of the printed number, or derived.* / external.* for what the YAML does not hold as such. */
  readonly path: string;
  readonly label: string;
  readonly value: number;
  /** NaN: computed from the model (expected extremes). */
  readonly se: number;
  /** '=' a printed number; '>' a printed lower bound. */
  readonly relation: '=' | '>';
  /** calibration: fitted; validation: held out (validation_only); external: not in the YAML, from NEJM 2022 / the US label. */
  readonly kind: TargetKind;
  readonly where: string;
}

const t975 = (n: number): number => {
  // t(0.975, df) for the df the paper's CIs use; normal beyond 60
  const table: Record<number, number> = { 4: 2.7764, 5: 2.5706, 12: 2.1788, 24: 2.0639, 25: 2.0595, 32: 2.0369, 33: 2.0345, 42: 2.0181, 44: 2.0154, 45: 2.0141 };
  return table[n - 1] ?? (n > 60 ? 1.96 + 2.4 / n : 2.0);
};
const ciSe = (lo: number, hi: number, n: number): number => (hi - lo) / 2 / t975(n);
const sdFromCi = (lo: number, hi: number, n: number): number => ciSe(lo, hi, n) * Math.sqrt(n);
const sdSe = (sd: number, n: number): number => sd / Math.sqrt(2 * (n - 1));
const shareSe = (p: number, n: number): number => Math.sqrt((p * (1 - p)) / n);
const medianSe = (sd: number, n: number): number => (1.2533 * sd) / Math.sqrt(n);
const spearmanSe = (r: number): number => Math.sqrt(1.06 / 88) * (1 - r * r);

/**
 * ProDERM's published week-16 ANCOVA differences (IVIg − placebo) with their
 * 95% CIs (Werth et al. 2023, Results): the calibration targets below, and
 * the `from_paper` design prior (src/model/prior.ts fromPublishedCi).
 */
export const PUBLISHED_DIFFERENCES = {
  cdasi_a: { estimate: -8.0, lower: -11.5, upper: -4.6, n: 91 },
  cdasi_d: { estimate: -0.6, lower: -1.1, upper: -0.1, n: 91 },
  cutaneous_vas: { estimate: -1.7, lower: -2.4, upper: -1.1, n: 86 },
} as const;
const PD = PUBLISHED_DIFFERENCES;

const cal = (path: string, label: string, value: number, se: number, where: string): CalibrationTarget => ({ path, label, value, se, relation: '=', kind: 'calibration', where });
const val = (path: string, label: string, value: number, se: number, where: string, relation: '=' | '>' = '='): CalibrationTarget => ({ path, label, value, se, relation, kind: 'validation', where });
const ext = (path: string, label: string, value: number, se: number, where: string, relation: '=' | '>' = '='): CalibrationTarget => ({ path, label, value, se, relation, kind: 'external', where });

// CI-based arm sizes: analysed patients at week 16 (FAS minus dropouts; VAS also minus baseline <= 0.2).
const N_A = { ivig: 45, placebo: 46 };
const N_VAS = { ivig: 43, placebo: 43 };
const STRATA = [
  { key: '(0,6]', label: '(0, 6]', ivig: [-2.0, -4.74, 0.74, 6], placebo: [-0.6, -3.46, 2.26, 5] },
  { key: '(6,14]', label: '(6, 14]', ivig: [-6.31, -8.41, -4.21, 13], placebo: [-3.0, -6.63, 0.63, 13] },
  { key: '(14,inf)', label: '> 14', ivig: [-13.08, -18.3, -7.86, 25], placebo: [-1.5, -5.06, 2.06, 26] },
] as const;
const FIG5 = ['tis', 'mmt8_change', 'cdasi_a_change', 'extramuscular_global_change', 'cutaneous_vas_change'] as const;
const FIG5_R = [
  [1.0, 0.82, -0.68, -0.79, -0.77],
  [0.82, 1.0, -0.53, -0.56, -0.6],
  [-0.68, -0.53, 1.0, 0.67, 0.72],
  [-0.79, -0.56, 0.67, 1.0, 0.79],
  [-0.77, -0.6, 0.72, 0.79, 1.0],
];

export const SPEARMAN_VARIABLES = FIG5;

export const PRODERM_TARGETS: readonly CalibrationTarget[] = [
  // Baseline, pooled (the arms are one randomized population)
  cal('baseline.cdasi_a.mean.total', 'Baseline CDASI-A mean', 18.91, 13.691 / Math.sqrt(95), 'Table 1'),
  cal('baseline.cdasi_a.sd.total', 'Baseline CDASI-A SD', 13.691, sdSe(13.691, 95), 'Table 1'),
  cal('baseline.cdasi_a.median.total', 'Baseline CDASI-A median', 16, medianSe(13.691, 95), 'Table 1'),
  cal('baseline.cdasi_a.zero', 'Baseline CDASI-A = 0 (share)', 4 / 95, shareSe(4 / 95, 95), 'Results (4.2%)'),
  cal('baseline.cdasi_a.above_6', 'Baseline CDASI-A > 6 (share)', 78 / 95, shareSe(78 / 95, 95), 'Results (82.1%)'),
  cal('baseline.cdasi_a.above_14', 'Baseline CDASI-A > 14 (share)', 51 / 95, shareSe(51 / 95, 95), 'Results (53.7%)'),
  cal('baseline.cdasi_a.range.total.1', 'Baseline CDASI-A maximum (expected max of 95)', 67, NaN, 'Table 1'),
  cal('baseline.cdasi_d.mean.total', 'Baseline CDASI-D mean', 2.66, 3.475 / Math.sqrt(95), 'Table 1'),
  cal('baseline.cdasi_d.sd.total', 'Baseline CDASI-D SD', 3.475, sdSe(3.475, 95), 'Table 1'),
  cal('baseline.cdasi_d.median.total', 'Baseline CDASI-D median', 2, medianSe(3.475, 95), 'Table 1'),
  cal('baseline.cdasi_d.zero', 'Baseline CDASI-D = 0 (share)', 37 / 95, shareSe(37 / 95, 95), 'Results (38.9%)'),
  cal('baseline.cdasi_d.range.total.1', 'Baseline CDASI-D maximum (expected max of 95)', 15, NaN, 'Table 1'),
  cal('baseline.mdaat_cutaneous_vas_cm.mean.total', 'Baseline cutaneous VAS mean', 4.31, 2.385 / Math.sqrt(95), 'Table 1'),
  cal('baseline.mdaat_cutaneous_vas_cm.sd.total', 'Baseline cutaneous VAS SD', 2.385, sdSe(2.385, 95), 'Table 1'),
  cal('baseline.mdaat_cutaneous_vas_cm.median.total', 'Baseline cutaneous VAS median', 4.5, medianSe(2.385, 95), 'Table 1'),
  cal('baseline.mdaat_cutaneous_vas_cm.at_most_0_2', 'Baseline cutaneous VAS <= 0.2 (share)', 5 / 95, shareSe(5 / 95, 95), 'Results, VAS paragraph'),
  cal('baseline.mdaat_extramuscular_global_vas.mean.total', 'Baseline extramuscular VAS mean', 4.2, 1.97 / Math.sqrt(95), 'Table 1'),
  cal('baseline.mdaat_extramuscular_global_vas.sd.total', 'Baseline extramuscular VAS SD', 1.97, sdSe(1.97, 95), 'Table 1'),
  cal('baseline.mdaat_extramuscular_global_vas.median', 'Baseline extramuscular VAS median', 4.0, medianSe(1.97, 95), 'Table 1'),
  cal('baseline.mdaat_extramuscular_global_vas.range.min', 'Baseline extramuscular VAS minimum (expected min of 95)', 1.1, NaN, 'Table 1'),

  // Week 16, first period (LOCF after a switch)
  cal('week16.cdasi_a.mean_change.ivig', 'CDASI-A change wk 16, IVIg', -9.36, ciSe(-12.52, -6.19, N_A.ivig), 'Results'),
  cal('week16.cdasi_a.mean_change.placebo', 'CDASI-A change wk 16, placebo', -1.16, ciSe(-3.32, 0.99, N_A.placebo), 'Results'),
  cal('derived.cdasi_a_change_sd.ivig', 'CDASI-A change SD wk 16, IVIg (from the CI)', sdFromCi(-12.52, -6.19, N_A.ivig), sdSe(sdFromCi(-12.52, -6.19, N_A.ivig), N_A.ivig), 'Results CI, n = 45'),
  cal('derived.cdasi_a_change_sd.placebo', 'CDASI-A change SD wk 16, placebo (from the CI)', sdFromCi(-3.32, 0.99, N_A.placebo), sdSe(sdFromCi(-3.32, 0.99, N_A.placebo), N_A.placebo), 'Results CI, n = 46'),
  cal('week16.cdasi_a.ancova.difference', 'CDASI-A ANCOVA difference wk 16', PD.cdasi_a.estimate, ciSe(PD.cdasi_a.lower, PD.cdasi_a.upper, PD.cdasi_a.n), 'Results'),
  ...STRATA.flatMap((s) =>
    (['ivig', 'placebo'] as const).flatMap((arm) => {
      const [mean, lo, hi, n] = s[arm];
      const sd = sdFromCi(lo, hi, n);
      return [
        cal(`strata_week16.cdasi_a_change_by_baseline_cdasi_a.${s.key}.${arm}.mean`, `CDASI-A change wk 16, baseline ${s.label}, ${arm === 'ivig' ? 'IVIg' : 'placebo'}`, mean, ciSe(lo, hi, n), `Fig. 3a text, n = ${n}`),
        cal(`derived.cdasi_a_change_sd_by_stratum.${s.key}.${arm}`, `  its SD (from the CI)`, sd, sdSe(sd, n), `Fig. 3a text CI, n = ${n}`),
      ];
    }),
  ),
  cal('week16.cdasi_d.mean_change.ivig', 'CDASI-D change wk 16, IVIg', -0.67, ciSe(-1.23, -0.1, N_A.ivig), 'Results'),
  cal('week16.cdasi_d.mean_change.placebo', 'CDASI-D change wk 16, placebo', -0.02, ciSe(-0.26, 0.21, N_A.placebo), 'Results'),
  cal('derived.cdasi_d_change_sd.ivig', 'CDASI-D change SD wk 16, IVIg (from the CI)', sdFromCi(-1.23, -0.1, N_A.ivig), sdSe(sdFromCi(-1.23, -0.1, N_A.ivig), N_A.ivig), 'Results CI'),
  cal('derived.cdasi_d_change_sd.placebo', 'CDASI-D change SD wk 16, placebo (from the CI)', sdFromCi(-0.26, 0.21, N_A.placebo), sdSe(sdFromCi(-0.26, 0.21, N_A.placebo), N_A.placebo), 'Results CI'),
  cal('week16.cdasi_d.ancova.difference', 'CDASI-D ANCOVA difference wk 16', PD.cdasi_d.estimate, ciSe(PD.cdasi_d.lower, PD.cdasi_d.upper, PD.cdasi_d.n), 'Results'),
  cal('week16.cdasi_d.zero_at_baseline_stayed_zero', 'CDASI-D 0 at baseline stayed 0 to wk 16 (share)', 35 / 37, shareSe(35 / 37, 37), 'Results'),
  cal('week16.cutaneous_vas.mean_change.ivig', 'Cutaneous VAS change wk 16, IVIg (baseline > 0.2)', -2.44, ciSe(-3.15, -1.73, N_VAS.ivig), 'Results'),
  cal('week16.cutaneous_vas.mean_change.placebo', 'Cutaneous VAS change wk 16, placebo (baseline > 0.2)', -0.66, ciSe(-1.18, -0.13, N_VAS.placebo), 'Results'),
  cal('derived.cutaneous_vas_change_sd.ivig', 'Cutaneous VAS change SD, IVIg (from the CI)', sdFromCi(-3.15, -1.73, N_VAS.ivig), sdSe(sdFromCi(-3.15, -1.73, N_VAS.ivig), N_VAS.ivig), 'Results CI'),
  cal('derived.cutaneous_vas_change_sd.placebo', 'Cutaneous VAS change SD, placebo (from the CI)', sdFromCi(-1.18, -0.13, N_VAS.placebo), sdSe(sdFromCi(-1.18, -0.13, N_VAS.placebo), N_VAS.placebo), 'Results CI'),
  cal('week16.cutaneous_vas.ancova.difference', 'Cutaneous VAS ANCOVA difference wk 16', PD.cutaneous_vas.estimate, ciSe(PD.cutaneous_vas.lower, PD.cutaneous_vas.upper, PD.cutaneous_vas.n), 'Results'),
  cal('primary_endpoint_tis.responders_week16.ivig.value', 'TIS responders wk 16, IVIg (ITT)', 37 / 47, shareSe(37 / 47, 47), 'NEJM 2022'),
  cal('primary_endpoint_tis.responders_week16.placebo.value', 'TIS responders wk 16, placebo (ITT)', 21 / 48, shareSe(21 / 48, 48), 'NEJM 2022'),
  ext('external.tis_at_least_40.ivig', 'TIS >= 40 wk 16, IVIg (ITT)', 0.68, shareSe(0.68, 47), 'NEJM 2022 secondary endpoint / US label'),
  ext('external.tis_at_least_60.ivig', 'TIS >= 60 wk 16, IVIg (ITT)', 0.32, shareSe(0.32, 47), 'NEJM 2022 secondary endpoint / US label'),
  ext('external.mean_tis_ratio_ivig_placebo', 'Mean TIS wk 16, IVIg / placebo', 2, 0.3, 'US label: "more than double" (SE: delta method, SDs 25 and 20)', '>'),
  cal('trial.crossover_before_week16.placebo_to_ivig', 'Placebo switched after confirmed deterioration (share of placebo)', 5 / 48, shareSe(5 / 48, 48), 'Results'),
  cal('trial.continued_to_extension', 'Lost before week 16 (share)', 4 / 95, shareSe(4 / 95, 95), 'Results (45 of 47, 46 of 48 continued)'),
  cal('trial.completed_week40.value', 'Completed week 40 (share)', 69 / 95, shareSe(69 / 95, 95), 'Results (72.6%)'),
  ...FIG5.flatMap((a, i) =>
    FIG5.slice(i + 1).map((b, d) => cal(`spearman_week16.matrix.${i}.${i + 1 + d}`, `Spearman ${a} vs ${b} (pooled)`, FIG5_R[i][i + 1 + d], spearmanSe(FIG5_R[i][i + 1 + d]), 'Fig. 5, N = 91')),
  ),
  // Week 40 (completers)
  cal('week40.cdasi_a.mean_change.ivig_first', 'CDASI-A change wk 40, IVIg first', -10.44, ciSe(-13.94, -6.94, 34), 'Results'),
  cal('week40.cdasi_a.mean_change.placebo_first', 'CDASI-A change wk 40, placebo first', -10.03, ciSe(-13.12, -6.94, 35), 'Results'),
  cal('week40.cdasi_d.mean_score.ivig_first', 'CDASI-D wk 40, IVIg first', 2.38, 3.49 / Math.sqrt(34), 'Results'),
  cal('week40.cdasi_d.mean_score.placebo_first', 'CDASI-D wk 40, placebo first', 1.77, 2.723 / Math.sqrt(35), 'Results'),
  cal('week40.cdasi_d.sd_score.ivig_first', 'CDASI-D SD wk 40, IVIg first', 3.49, sdSe(3.49, 34), 'Results'),
  cal('week40.cdasi_d.sd_score.placebo_first', 'CDASI-D SD wk 40, placebo first', 2.723, sdSe(2.723, 35), 'Results'),
  cal('week40.cutaneous_vas.mean_score.ivig_first', 'Cutaneous VAS wk 40, IVIg first', 1.98, 1.785 / Math.sqrt(34), 'Results'),
  cal('week40.cutaneous_vas.mean_score.placebo_first', 'Cutaneous VAS wk 40, placebo first', 1.96, 1.904 / Math.sqrt(35), 'Results'),
  cal('week40.cutaneous_vas.sd_score.ivig_first', 'Cutaneous VAS SD wk 40, IVIg first', 1.785, sdSe(1.785, 34), 'Results'),
  cal('week40.cutaneous_vas.sd_score.placebo_first', 'Cutaneous VAS SD wk 40, placebo first', 1.904, sdSe(1.904, 35), 'Results'),

  // Held out (validation_only): never tuned to
  val('week16.cdasi_a.responder_over_35pct_reduction.ivig', 'CDASI-A reduction > 35% wk 16, IVIg', 29 / 44, shareSe(29 / 44, 44), 'Fig. 3b text'),
  val('week16.cdasi_a.responder_over_35pct_reduction.placebo', 'CDASI-A reduction > 35% wk 16, placebo', 11 / 43, shareSe(11 / 43, 43), 'Fig. 3b text'),
  val('strata_week16.cutaneous_vas_change_by_baseline_vas.(0.2,3].ivig.mean', 'Cutaneous VAS change, baseline (0.2, 3], IVIg', -1.01, ciSe(-2.04, 0.02, 15), 'Fig. 3c text (n not printed; 15 assumed)'),
  val('strata_week16.cutaneous_vas_change_by_baseline_vas.(0.2,3].placebo.mean', 'Cutaneous VAS change, baseline (0.2, 3], placebo', -0.07, ciSe(-0.78, 0.64, 15), 'Fig. 3c text (n assumed 15)'),
  val('strata_week16.cutaneous_vas_change_by_baseline_vas.(3,10].ivig.mean', 'Cutaneous VAS change, baseline (3, 10], IVIg', -2.86, ciSe(-3.7, -2.03, 28), 'Fig. 3c text (n assumed 28)'),
  val('strata_week16.cutaneous_vas_change_by_baseline_vas.(3,10].placebo.mean', 'Cutaneous VAS change, baseline (3, 10], placebo', -0.94, ciSe(-1.64, -0.24, 28), 'Fig. 3c text (n assumed 28)'),
  val('week40.cdasi_a.mean_score.ivig_first', 'CDASI-A wk 40, IVIg first', 7.91, 10.092 / Math.sqrt(34), 'Results'),
  val('week40.cdasi_a.mean_score.placebo_first', 'CDASI-A wk 40, placebo first', 9.51, 12.62 / Math.sqrt(35), 'Results'),
  val('week40.cdasi_a.sd_score.ivig_first', 'CDASI-A SD wk 40, IVIg first', 10.092, sdSe(10.092, 34), 'Results'),
  val('week40.cdasi_a.sd_score.placebo_first', 'CDASI-A SD wk 40, placebo first', 12.62, sdSe(12.62, 35), 'Results'),
  ...[28, 32, 36, 40].map((w) => val(`week40.cdasi_a_reduction_at_least_35pct_after_week28.w${w}`, `CDASI-A reduction >= 35% at week ${w} (pooled)`, 0.7, shareSe(0.7, 69), 'Discussion: "more than 70%" after week 28', '>')),
  val('tis_vs_cdasi_a_category_week16.simple_kappa.estimate', 'Table 3 simple kappa (TIS vs CDASI-A category)', 0.3318, 0.0658, 'Table 3 (ASE)'),
  val('tis_vs_cdasi_a_category_week16.weighted_kappa.estimate', 'Table 3 weighted kappa', 0.5145, 0.0656, 'Table 3 (ASE)'),
  ...['none', 'minimal', 'moderate', 'major'].map((c, i) =>
    val(`tis_vs_cdasi_a_category_week16.tis_margin.${c}`, `Table 3: TIS ${c} (share of 87)`, [28, 16, 24, 19][i] / 87, shareSe([28, 16, 24, 19][i] / 87, 87), 'Table 3 row sums'),
  ),
  ...['none', 'minimal', 'moderate', 'major'].map((c, i) =>
    val(`tis_vs_cdasi_a_category_week16.cdasi_a_margin.${c}`, `Table 3: CDASI-A ${c} (share of 87)`, [34, 13, 10, 30][i] / 87, shareSe([34, 13, 10, 30][i] / 87, 87), 'Table 3 column sums'),
  ),
];

/** Table 3 as printed (rows TIS none..major, columns CDASI-A none..major). */
export const TABLE3_COUNTS = [
  [21, 4, 0, 3],
  [8, 3, 2, 3],
  [4, 6, 5, 9],
  [1, 0, 3, 15],
] as const;
