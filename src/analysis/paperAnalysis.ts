// The paper's full analysis of one (simulated) ProDERM trial: every figure of
// data/proderm-targets.yaml that a cohort of the model can produce, keyed by
// its YAML path, so that calibrate() can set the published value beside the
// distribution over simulated trials.
//
// Analysis sets and rules (Werth et al. 2023; docs/analysis.md discusses each):
// - Week 16: the last value before a switch carried forward (Methods); no
//   value at week 16 otherwise (dropout): not analysed (option: LOCF).
// - Cutaneous VAS: baseline ≤ 0.2 excluded (Results; 2 + 3 patients).
// - > 35% CDASI-A reduction: baseline zeros excluded (Fig. 3b).
// - Strata (0,6], (6,14], (14,∞) of baseline CDASI-A: zeros in none (Fig. 3a).
// - TIS responder: TIS ≥ 20 at week 16; confirmed deterioration (switched or
//   not) or a dropout: non-responder (NEJM 2022: 37/47, 21/48 of all randomized).
// - Week 40: the patients observed at week 40, by randomized arm.
// - Spearman (Fig. 5, N = 91): pairwise complete, week-16 rules as above.
// - Table 3 (N = 87): baseline CDASI-A > 0 with week-16 CDASI-A and TIS; a
//   switched or deteriorated patient's TIS category is "none" (not improved,
//   by the responder definition).
import { ancova } from '../stats/ancova.js';
import { bowker } from '../stats/bowker.js';
import { cohensD } from '../stats/cohensD.js';
import { cohensKappa, weightedKappa } from '../stats/kappa.js';
import { oneSampleT } from '../stats/oneSampleT.js';
import { riskDifference } from '../stats/riskDifference.js';
import { sampleMoments } from '../stats/sampleMoments.js';
import { spearman } from '../stats/spearman.js';
import type { Cohort } from '../model/cohort.js';
import { deriveEndpoint, visitIndex } from './endpoint.js';
import type { CrossoverRule, DeteriorationRule, DropoutRule, EndpointSpec } from './spec.js';
import { stratumLabels, stratumOf } from './strata.js';

export interface PaperAnalysisOptions {
  /** Dropouts before week 16 (default 'exclude', as the paper's n's imply). */
  readonly dropout?: 'exclude' | 'locf';
  /**
   * Switched patients in the Fig. 3a/3c stratum means (default 'locf', the
   * Methods' rule; 'observed' uses the post-switch week-16 value — see
   * docs/analysis.md on why the printed placebo means hint at it).
   */
  readonly strataCrossover?: 'locf' | 'observed';
}

/** Figures of the targets file the model cannot produce (or that calibration must not use), by path prefix, with the reason. */
export const NOT_PRODUCED: readonly { readonly prefix: string; readonly reason: string }[] = [
  {
    prefix: 'trial.screened',
    reason: "screen failures are outside the model: the ProDERM design as run has no eligibility rule, so every screened patient is enrolled (paperAnalysis reports the cohort's count all the same)",
  },
  { prefix: 'trial.allocation', reason: 'a design input, not an outcome' },
  { prefix: 'trial.first_period', reason: 'a design input, not an outcome' },
  { prefix: 'trial.extension', reason: 'a design input, not an outcome' },
  { prefix: 'trial.age_years', reason: 'an inclusion criterion; age is not modelled' },
  {
    prefix: 'trial.infusion_cycles_total',
    reason: 'infusions and doses are not modelled; the printed 664 cycles is below 69 completers × 10 cycles, so cycles were skipped in a way no dropout rule gives',
  },
  { prefix: 'baseline.female', reason: 'sex is not modelled' },
  { prefix: 'baseline.bmi', reason: 'BMI is not modelled' },
  { prefix: 'baseline.highest_erythema_score_share', reason: 'CDASI items by body site are not modelled (only totals)' },
  { prefix: 'baseline.mitax_cutaneous_category_share', reason: 'MDAAT-MITAX categories are not modelled' },
  { prefix: 'baseline.gottron_hands_share', reason: 'CDASI items by body site are not modelled' },
  { prefix: 'baseline.periungual_changes_share', reason: 'CDASI items by body site are not modelled' },
  { prefix: 'baseline.alopecia_share', reason: 'CDASI items by body site are not modelled' },
  { prefix: 'baseline.share_with_score_at_least_1_by_site', reason: 'Table 2: CDASI items by body site are not modelled' },
  { prefix: 'week16.mitax_improved_one_category_or_more', reason: 'MDAAT-MITAX categories are not modelled' },
  { prefix: 'week40.mitax_improved_one_category_or_more', reason: 'MDAAT-MITAX categories are not modelled' },
  { prefix: 'primary_endpoint_tis.tis_categories', reason: 'category definitions (Table 3 footnote), not results' },
  {
    prefix: 'tis_vs_cdasi_a_category_week16.fisher_exact_p',
    reason: "Fisher's exact test of a 4×4 table: src/stats/fisherExact handles 2×2 only",
  },
];

/** Reason a targets path is not produced, or null when paperAnalysis produces it. */
export function notProducedReason(path: string): string | null {
  const hit = NOT_PRODUCED.find((x) => path === x.prefix || path.startsWith(x.prefix + '.'));
  return hit === undefined ? null : hit.reason;
}

const WEEK16 = 16;
const WEEK40 = 40;
const ARMS = [
  ['placebo', 0],
  ['ivig', 1],
] as const;
const CDASI_A_CUTS = [0, 6, 14, Infinity];
const VAS_CUTS = [0.2, 3, 10];
const TIS_CUTS = [20, 40, 60]; // none [0,20), minimal [20,40), moderate [40,60), major [60,100]
const REDUCTION_CUTS = [0.2, 0.35, 0.5]; // none < 20%, minimal [20,35), moderate [35,50), major ≥ 50%

function endpoint(measure: string, week: number, type: EndpointSpec['type'], over: Partial<EndpointSpec> = {}): EndpointSpec {
  return {
    measure,
    week,
    type,
    threshold: NaN,
    baselineAbove: -Infinity,
    dropout: 'exclude' as DropoutRule,
    crossover: 'locf' as CrossoverRule,
    deterioration: 'ignore' as DeteriorationRule,
    ...over,
  };
}

/** R's median of the non-NaN values (NaN when none). */
export function median(x: ArrayLike<number>): number {
  const v: number[] = [];
  for (let i = 0; i < x.length; i++) if (x[i] === x[i]) v.push(x[i]);
  if (v.length === 0) return NaN;
  v.sort((a, b) => a - b);
  const h = v.length >> 1;
  return v.length % 2 === 1 ? v[h] : (v[h - 1] + v[h]) / 2;
}

function category(x: number, cuts: readonly number[]): number {
  let c = 0;
  while (c < cuts.length && x >= cuts[c]) c++;
  return c;
}

/** Values of `x` for the patients of one arm (NaN kept: the statistics drop it). */
function ofArm(x: Float64Array, arm: Uint8Array, a: number): Float64Array {
  const out: number[] = [];
  for (let i = 0; i < x.length; i++) if (arm[i] === a) out.push(x[i]);
  return Float64Array.from(out);
}

export function paperAnalysis(cohort: Cohort, options: PaperAnalysisOptions = {}): Record<string, number> {
  const dropout = options.dropout ?? 'exclude';
  const strataCrossover = options.strataCrossover ?? 'locf';
  const n = cohort.n;
  const arm = cohort.arm.subarray(0, n);
  const V = cohort.visits.length;
  const out: Record<string, number> = {};
  const put = (key: string, value: number): void => {
    out[key] = value;
  };
  const derive = (ep: EndpointSpec): { y: Float64Array; base: Float64Array } => {
    const y = new Float64Array(n);
    const base = new Float64Array(n);
    deriveEndpoint(cohort, ep, y, base);
    return { y, base };
  };
  const baselineValues = (measure: string): Float64Array => {
    const m = cohort.measures[measure];
    const b = new Float64Array(n).fill(NaN);
    if (m !== undefined) for (let i = 0; i < n; i++) b[i] = m[i * V];
    return b;
  };
  const ci = (key: string, r: { ci: readonly [number, number] }): void => {
    put(`${key}.0`, r.ci[0]);
    put(`${key}.1`, r.ci[1]);
  };

  // --- trial flow --------------------------------------------------------
  let n1 = 0;
  for (let i = 0; i < n; i++) n1 += arm[i];
  put('trial.randomized.ivig', n1);
  put('trial.randomized.placebo', n - n1);
  put('trial.randomized.total', n);
  put('trial.screened.value', cohort.screened);
  for (const [name, a] of ARMS) {
    let switched = 0;
    let continued = 0;
    for (let i = 0; i < n; i++) {
      if (arm[i] !== a) continue;
      if (cohort.crossoverWeek[i] < WEEK16) switched++;
      if (!(cohort.dropoutWeek[i] <= WEEK16)) continued++;
    }
    put(a === 0 ? 'trial.crossover_before_week16.placebo_to_ivig' : 'trial.crossover_before_week16.ivig_to_placebo', switched);
    put(`trial.continued_to_extension.${name}`, continued);
  }
  let completed = 0;
  for (let i = 0; i < n; i++) if (cohort.dropoutWeek[i] !== cohort.dropoutWeek[i]) completed++;
  put('trial.completed_week40.value', completed);
  put('trial.completed_week40.of', n);

  // --- primary endpoint: TIS responders at week 16 ------------------------
  {
    const { y } = derive(endpoint('tis', WEEK16, 'threshold_responder', { threshold: 20, dropout: 'failure', crossover: 'failure', deterioration: 'failure' }));
    const counts = [0, 0];
    const totals = [0, 0];
    for (let i = 0; i < n; i++) {
      if (y[i] !== y[i]) continue;
      totals[arm[i]]++;
      counts[arm[i]] += y[i];
    }
    for (const [name, a] of ARMS) {
      const key = `primary_endpoint_tis.responders_week16.${name}`;
      put(`${key}.value`, counts[a] / totals[a]);
      put(`${key}.count`, counts[a]);
      put(`${key}.of`, totals[a]);
    }
    const rd = riskDifference(counts[1], totals[1], counts[0], totals[0], { method: 'wald' });
    put('primary_endpoint_tis.responders_week16.difference_pct_points', 100 * rd.estimate);
    put('primary_endpoint_tis.responders_week16.difference_ci95.0', 100 * rd.ci[0]);
    put('primary_endpoint_tis.responders_week16.difference_ci95.1', 100 * rd.ci[1]);
    put('primary_endpoint_tis.responders_week16.p', rd.p);
  }

  // --- baseline (Table 1, Results) -----------------------------------------
  const baselineTable: readonly [string, string][] = [
    ['cdasi_a', 'cdasi_a'],
    ['cdasi_d', 'cdasi_d'],
    ['mdaat_extramuscular_global_vas', 'extramuscular_vas'],
    ['mdaat_cutaneous_vas_cm', 'cutaneous_vas'],
  ];
  for (const [key, measure] of baselineTable) {
    const b = baselineValues(measure);
    const groups: readonly [string, Float64Array][] = [
      ['ivig', ofArm(b, arm, 1)],
      ['placebo', ofArm(b, arm, 0)],
      ['total', b],
    ];
    for (const [g, x] of groups) {
      const m = sampleMoments(x);
      put(`baseline.${key}.mean.${g}`, m.mean);
      put(`baseline.${key}.sd.${g}`, Math.sqrt(m.ss / (m.n - 1)));
      put(`baseline.${key}.median.${g}`, median(x));
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < x.length; i++) {
        if (x[i] < lo) lo = x[i];
        if (x[i] > hi) hi = x[i];
      }
      put(`baseline.${key}.range.${g}.0`, lo === Infinity ? NaN : lo);
      put(`baseline.${key}.range.${g}.1`, hi === -Infinity ? NaN : hi);
    }
    put(`baseline.${key}.median`, median(b)); // printed once, for the total, for the extramuscular VAS
    put(`baseline.${key}.smd`, cohensD(ofArm(b, arm, 1), ofArm(b, arm, 0)).estimate);
    if (measure === 'cdasi_a' || measure === 'cdasi_d') {
      let zero = 0;
      let above6 = 0;
      let above14 = 0;
      for (let i = 0; i < n; i++) {
        if (b[i] === 0) zero++;
        if (b[i] > 6) above6++;
        if (b[i] > 14) above14++;
      }
      put(`baseline.${key}.zero.count`, zero);
      put(`baseline.${key}.zero.of`, n);
      if (measure === 'cdasi_a') {
        put(`baseline.${key}.above_6.count`, above6);
        put(`baseline.${key}.above_6.of`, n);
        put(`baseline.${key}.above_14.count`, above14);
        put(`baseline.${key}.above_14.of`, n);
      }
    }
    if (measure === 'cutaneous_vas') {
      for (const [name, a] of ARMS) {
        let low = 0;
        for (let i = 0; i < n; i++) if (arm[i] === a && b[i] <= 0.2) low++;
        put(`baseline.${key}.at_most_0_2.${name}`, low);
      }
    }
  }

  // --- week 16: change from baseline, ANCOVA -------------------------------
  const change16: Record<string, Float64Array> = {};
  for (const measure of ['cdasi_a', 'cdasi_d', 'cutaneous_vas']) {
    const { y, base } = derive(endpoint(measure, WEEK16, 'change', { dropout, baselineAbove: measure === 'cutaneous_vas' ? 0.2 : -Infinity }));
    change16[measure] = y;
    for (const [name, a] of ARMS) {
      const x = ofArm(y, arm, a);
      put(`week16.${measure}.mean_change.${name}`, sampleMoments(x).mean);
      ci(`week16.${measure}.mean_change_ci95.${name}`, oneSampleT(x));
    }
    const fit = ancova({ y, arm, baseline: base });
    put(`week16.${measure}.ancova.ls_mean.placebo`, fit.lsMeans[0].estimate);
    put(`week16.${measure}.ancova.ls_mean.ivig`, fit.lsMeans[1].estimate);
    put(`week16.${measure}.ancova.difference`, fit.difference.estimate);
    ci(`week16.${measure}.ancova.difference_ci95`, fit.difference);
    put(`week16.${measure}.ancova.p`, fit.difference.p);
  }
  {
    const { y } = derive(endpoint('cdasi_a', WEEK16, 'reduction_responder', { threshold: 0.35, baselineAbove: 0, dropout }));
    for (const [name, a] of ARMS) {
      let count = 0;
      let of = 0;
      for (let i = 0; i < n; i++) {
        if (arm[i] !== a || y[i] !== y[i]) continue;
        of++;
        count += y[i];
      }
      put(`week16.cdasi_a.responder_over_35pct_reduction.${name}.count`, count);
      put(`week16.cdasi_a.responder_over_35pct_reduction.${name}.of`, of);
    }
  }
  {
    // CDASI-D zero at baseline and at every observed visit through the study (Results, Fig. 2b).
    const d = cohort.measures['cdasi_d'];
    let zeros = 0;
    let stayed = 0;
    if (d !== undefined) {
      for (let i = 0; i < n; i++) {
        if (d[i * V] !== 0) continue;
        zeros++;
        let still = true;
        for (let k = 1; k < V; k++) if (d[i * V + k] > 0) still = false;
        if (still) stayed++;
      }
    }
    put('week16.cdasi_d.zero_at_baseline_stayed_zero.count', d === undefined ? NaN : stayed);
    put('week16.cdasi_d.zero_at_baseline_stayed_zero.of', d === undefined ? NaN : zeros);
  }

  // --- week 16 by baseline stratum (Fig. 3a, 3c) ---------------------------
  const strataFigures: readonly [string, string, readonly number[], number][] = [
    ['cdasi_a_change_by_baseline_cdasi_a', 'cdasi_a', CDASI_A_CUTS, -Infinity],
    ['cutaneous_vas_change_by_baseline_vas', 'cutaneous_vas', VAS_CUTS, 0.2],
  ];
  for (const [key, measure, cuts, above] of strataFigures) {
    const { y, base } = derive(endpoint(measure, WEEK16, 'change', { dropout, crossover: strataCrossover, baselineAbove: above }));
    const labels = stratumLabels(cuts);
    labels.forEach((label, s) => {
      for (const [name, a] of ARMS) {
        const vals: number[] = [];
        for (let i = 0; i < n; i++) if (arm[i] === a && y[i] === y[i] && stratumOf(base[i], cuts) === s) vals.push(y[i]);
        const x = Float64Array.from(vals);
        const prefix = `strata_week16.${key}.${label}.${name}`;
        put(`${prefix}.mean`, sampleMoments(x).mean);
        ci(`${prefix}.ci95`, oneSampleT(x));
        put(`${prefix}.n`, x.length);
      }
    });
  }

  // --- week 40 (end of the extension, all on IVIg) ---------------------------
  {
    const observed = { crossover: 'observed' as CrossoverRule, dropout: 'exclude' as DropoutRule };
    const { y } = derive(endpoint('cdasi_a', WEEK40, 'change', observed));
    for (const [name, a] of ARMS) {
      const x = ofArm(y, arm, a);
      const first = name === 'ivig' ? 'ivig_first' : 'placebo_first';
      put(`week40.cdasi_a.mean_change.${first}`, sampleMoments(x).mean);
      ci(`week40.cdasi_a.mean_change_ci95.${first}`, oneSampleT(x));
    }
    for (const measure of ['cdasi_a', 'cdasi_d', 'cutaneous_vas']) {
      const { y: v } = derive(endpoint(measure, WEEK40, 'value', observed));
      for (const [name, a] of ARMS) {
        const m = sampleMoments(ofArm(v, arm, a));
        const first = name === 'ivig' ? 'ivig_first' : 'placebo_first';
        put(`week40.${measure}.mean_score.${first}`, m.mean);
        put(`week40.${measure}.sd_score.${first}`, Math.sqrt(m.ss / (m.n - 1)));
      }
    }
    // Discussion: "after Week 28, more than 70% of patients experienced at least a 35% improvement in CDASI-A".
    const { y: v40, base } = derive(endpoint('cdasi_a', WEEK40, 'value', { ...observed, baselineAbove: 0 }));
    let atLeast = 0;
    let of = 0;
    for (let i = 0; i < n; i++) {
      if (v40[i] !== v40[i]) continue;
      of++;
      if ((base[i] - v40[i]) / base[i] >= 0.35) atLeast++;
    }
    put('week40.cdasi_a_reduction_at_least_35pct_after_week28.share', atLeast / of);
  }

  // --- Spearman correlations at week 16 (Fig. 5) -----------------------------
  const tis16 = derive(endpoint('tis', WEEK16, 'value', { dropout })).y;
  const mmt8 = derive(endpoint('mmt8', WEEK16, 'change', { dropout })).y;
  const extra = derive(endpoint('extramuscular_vas', WEEK16, 'change', { dropout })).y;
  const vasAll = derive(endpoint('cutaneous_vas', WEEK16, 'change', { dropout })).y;
  {
    const sp = spearman([tis16, mmt8, change16['cdasi_a'], extra, vasAll]);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) put(`spearman_week16.matrix.${i}.${j}`, sp.rho[i * 5 + j]);
    // The Results' "CDASI-A correlated with the cutaneous disease activity (r = 0.72)" is the matrix's pair.
    put('spearman_week16.baseline_cdasi_a_vs_cutaneous_vas.r', sp.rho[2 * 5 + 4]);
  }

  // --- Table 3: TIS category × CDASI-A reduction category at week 16 --------
  {
    const k16 = visitIndex(cohort.visits, WEEK16);
    const a = cohort.measures['cdasi_a'];
    const ca = derive(endpoint('cdasi_a', WEEK16, 'value', { dropout, baselineAbove: 0 })).y;
    const table = new Float64Array(16);
    if (a !== undefined && k16 >= 0) {
      for (let i = 0; i < n; i++) {
        const b = a[i * V];
        const v = ca[i];
        // Switched or confirmed deterioration: not improved, by the TIS responder definition.
        const worse = cohort.crossoverWeek[i] < WEEK16 || cohort.deteriorationWeek[i] <= WEEK16;
        const t = worse ? 0 : tis16[i];
        if (v !== v || t !== t) continue;
        const row = worse ? 0 : category(t, TIS_CUTS);
        const col = category((b - v) / b, REDUCTION_CUTS);
        table[row * 4 + col] += 1;
      }
    }
    for (let r = 0; r < 4; r++) for (let c = 0; c < 4; c++) put(`tis_vs_cdasi_a_category_week16.counts.${r}.${c}`, table[r * 4 + c]);
    const sym = bowker(table, 4);
    put('tis_vs_cdasi_a_category_week16.bowker_symmetry.chi_square', sym.statistic);
    put('tis_vs_cdasi_a_category_week16.bowker_symmetry.df', sym.df);
    put('tis_vs_cdasi_a_category_week16.bowker_symmetry.p', sym.p);
    const kappas: readonly [string, ReturnType<typeof cohensKappa>][] = [
      ['simple_kappa', cohensKappa(table, 4)],
      ['weighted_kappa', weightedKappa(table, 4)],
    ];
    for (const [name, kp] of kappas) {
      put(`tis_vs_cdasi_a_category_week16.${name}.estimate`, kp.estimate);
      put(`tis_vs_cdasi_a_category_week16.${name}.ase`, kp.se);
      ci(`tis_vs_cdasi_a_category_week16.${name}.ci95`, kp);
    }
  }
  return out;
}
