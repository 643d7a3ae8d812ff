// Population-level calibration check of the ProDERM model: simulate one very
// large trial (ProDERM's design, default 200,000 patients) and compute every
// published statistic the way the paper computed it (LOCF after a switch,
// dropouts not analysed, VAS analyses without baseline <= 0.2, ITT responders),
// then set the model's values beside the printed ones in units of the
// printed figure's sampling error.
import { PRODERM_DESIGN } from '../design/designSpec.js';
import { streamFor } from '../random/stream.js';
import { averageRanks } from '../stats/ranks.js';
import type { Cohort } from './cohort.js';
import type { ProdermParams } from './prodermParams.js';
import { PRODERM_TARGETS, type CalibrationTarget, type TargetKind } from './prodermTargets.js';
import { compileTrial } from '../design/trial.js';

export interface CalibrationRow {
  readonly path: string;
  readonly label: string;
  readonly kind: TargetKind;
  readonly where: string;
  readonly relation: '=' | '>';
  readonly target: number;
  readonly se: number;
  readonly model: number;
  /** (model - target) / se; for '>' targets, 0 when satisfied. */
  readonly z: number;
}

const mean = (x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
};
const sd = (x: ArrayLike<number>): number => {
  const m = mean(x);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - m) ** 2;
  return Math.sqrt(s / (x.length - 1));
};
const median = (x: number[]): number => {
  const y = Float64Array.from(x).sort();
  const n = y.length;
  return n % 2 === 1 ? y[(n - 1) / 2] : 0.5 * (y[n / 2 - 1] + y[n / 2]);
};

/** Expected maximum (or minimum) of a sample of m from the empirical distribution of x, and its SD. */
export function expectedExtreme(x: number[], m: number, which: 'max' | 'min'): { mean: number; sd: number } {
  const y = Float64Array.from(x).sort();
  const N = y.length;
  let e1 = 0;
  let e2 = 0;
  for (let i = 1; i <= N; i++) {
    const w = which === 'max' ? (i / N) ** m - ((i - 1) / N) ** m : (1 - (i - 1) / N) ** m - (1 - i / N) ** m;
    e1 += w * y[i - 1];
    e2 += w * y[i - 1] ** 2;
  }
  return { mean: e1, sd: Math.sqrt(Math.max(0, e2 - e1 * e1)) };
}

/** Arm coefficient of the OLS fit change ~ 1 + arm + baseline (the ANCOVA difference). */
function ancovaDifference(change: number[], arm: number[], base: number[]): number {
  // normal equations for [1, arm, base]
  let n = 0, sa = 0, sb = 0, saa = 0, sab = 0, sbb = 0, sy = 0, say = 0, sby = 0;
  for (let i = 0; i < change.length; i++) {
    const a = arm[i], b = base[i], y = change[i];
    n++; sa += a; sb += b; saa += a * a; sab += a * b; sbb += b * b; sy += y; say += a * y; sby += b * y;
  }
  const M = [[n, sa, sb], [sa, saa, sab], [sb, sab, sbb]];
  const r = [sy, say, sby];
  // Cramer's rule for the arm coefficient
  const det3 = (m: number[][]): number =>
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  const Ma = M.map((row, i) => [row[0], r[i], row[2]]);
  return det3(Ma) / det3(M);
}

/** Pearson correlation of two rank vectors (Spearman's rho when they are average ranks). */
function pearson(rx: Float64Array, ry: Float64Array): number {
  const mx = mean(rx);
  const my = mean(ry);
  let sxy = 0, sxx = 0, syy = 0;
  for (let i = 0; i < rx.length; i++) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) ** 2;
    syy += (ry[i] - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Cohen's kappa, simple and with Cicchetti-Allison weights, of a k x k table of proportions. */
export function kappas(table: number[][]): { simple: number; weighted: number } {
  const k = table.length;
  let total = 0;
  for (const row of table) for (const v of row) total += v;
  const p = table.map((row) => row.map((v) => v / total));
  const rows = p.map((row) => row.reduce((a, b) => a + b, 0));
  const cols = p[0].map((_, j) => p.reduce((a, row) => a + row[j], 0));
  let po = 0, pe = 0, pow = 0, pew = 0;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < k; j++) {
      const w = 1 - Math.abs(i - j) / (k - 1);
      if (i === j) {
        po += p[i][j];
        pe += rows[i] * cols[j];
      }
      pow += w * p[i][j];
      pew += w * rows[i] * cols[j];
    }
  return { simple: (po - pe) / (1 - pe), weighted: (pow - pew) / (1 - pew) };
}

const tisCategory = (t: number): number => (t < 20 ? 0 : t < 40 ? 1 : t < 60 ? 2 : 3);
const reductionCategory = (r: number): number => (r < 0.2 ? 0 : r < 0.35 ? 1 : r < 0.5 ? 2 : 3);

export interface PopulationStats {
  readonly values: ReadonlyMap<string, number>;
  /** SD of the expected extremes (their sampling error in a trial of 95). */
  readonly extremeSd: ReadonlyMap<string, number>;
  /** The model's Table 3 (TIS rows x CDASI-A columns) as proportions. */
  readonly table3: number[][];
}

/** Every statistic of PRODERM_TARGETS (by path) computed from one (large) simulated ProDERM cohort. */
export function prodermPopulationStats(c: Cohort): PopulationStats {
  const v = new Map<string, number>();
  const V = c.visits.length;
  const k = (w: number): number => c.visits.indexOf(w);
  const k16 = k(16);
  const k40 = k(40);
  const { cdasi_a: A, cdasi_d: D, cutaneous_vas: C, extramuscular_vas: E, mmt8: M, tis: T } = c.measures;
  const at = (x: Float64Array, i: number, kk: number): number => x[i * V + kk];
  /** Week-16 value with the last value before a switch carried forward. */
  const wk16 = (x: Float64Array, i: number): number => {
    const sw = c.crossoverWeek[i];
    return sw < 16 ? at(x, i, k(sw)) : at(x, i, k16);
  };
  const n = c.n;

  // Baseline
  const base = (x: Float64Array): number[] => Array.from({ length: n }, (_, i) => at(x, i, 0));
  const a0 = base(A), d0 = base(D), c0 = base(C), e0 = base(E);
  const share = (x: number[], f: (y: number) => boolean): number => x.filter(f).length / x.length;
  v.set('baseline.cdasi_a.mean.total', mean(a0));
  v.set('baseline.cdasi_a.sd.total', sd(a0));
  v.set('baseline.cdasi_a.median.total', median(a0));
  v.set('baseline.cdasi_a.zero', share(a0, (y) => y === 0));
  v.set('baseline.cdasi_a.above_6', share(a0, (y) => y > 6));
  v.set('baseline.cdasi_a.above_14', share(a0, (y) => y > 14));
  const extremes = new Map<string, { mean: number; sd: number }>();
  extremes.set('baseline.cdasi_a.range.total.1', expectedExtreme(a0, 95, 'max'));
  v.set('baseline.cdasi_d.mean.total', mean(d0));
  v.set('baseline.cdasi_d.sd.total', sd(d0));
  v.set('baseline.cdasi_d.median.total', median(d0));
  v.set('baseline.cdasi_d.zero', share(d0, (y) => y === 0));
  extremes.set('baseline.cdasi_d.range.total.1', expectedExtreme(d0, 95, 'max'));
  v.set('baseline.mdaat_cutaneous_vas_cm.mean.total', mean(c0));
  v.set('baseline.mdaat_cutaneous_vas_cm.sd.total', sd(c0));
  v.set('baseline.mdaat_cutaneous_vas_cm.median.total', median(c0));
  v.set('baseline.mdaat_cutaneous_vas_cm.at_most_0_2', share(c0, (y) => y <= 0.2 + 1e-9));
  v.set('baseline.mdaat_extramuscular_global_vas.mean.total', mean(e0));
  v.set('baseline.mdaat_extramuscular_global_vas.sd.total', sd(e0));
  v.set('baseline.mdaat_extramuscular_global_vas.median', median(e0));
  extremes.set('baseline.mdaat_extramuscular_global_vas.range.min', expectedExtreme(e0, 95, 'min'));
  for (const [path, x] of extremes) v.set(path, x.mean);

  // Week 16
  const arms = ['placebo', 'ivig'] as const;
  const change = (x: Float64Array, keep: (i: number) => boolean): { y: number[]; arm: number[]; b: number[] } => {
    const y: number[] = [], arm: number[] = [], b: number[] = [];
    for (let i = 0; i < n; i++) {
      const w = wk16(x, i);
      if (w !== w || !keep(i)) continue;
      y.push(w - at(x, i, 0));
      arm.push(c.arm[i]);
      b.push(at(x, i, 0));
    }
    return { y, arm, b };
  };
  const byArm = (r: { y: number[]; arm: number[] }, a: number): number[] => r.y.filter((_, i) => r.arm[i] === a);
  const chA = change(A, () => true);
  const chD = change(D, () => true);
  const chC = change(C, (i) => at(C, i, 0) > 0.2 + 1e-9);
  for (const a of [0, 1]) {
    const arm = arms[a];
    v.set(`week16.cdasi_a.mean_change.${arm}`, mean(byArm(chA, a)));
    v.set(`derived.cdasi_a_change_sd.${arm}`, sd(byArm(chA, a)));
    v.set(`week16.cdasi_d.mean_change.${arm}`, mean(byArm(chD, a)));
    v.set(`derived.cdasi_d_change_sd.${arm}`, sd(byArm(chD, a)));
    v.set(`week16.cutaneous_vas.mean_change.${arm}`, mean(byArm(chC, a)));
    v.set(`derived.cutaneous_vas_change_sd.${arm}`, sd(byArm(chC, a)));
    const strata: [string, number, number][] = [['(0,6]', 0, 6], ['(6,14]', 6, 14], ['(14,inf)', 14, Infinity]];
    for (const [key, lo, hi] of strata) {
      const y = chA.y.filter((_, i) => chA.arm[i] === a && chA.b[i] > lo && chA.b[i] <= hi);
      v.set(`strata_week16.cdasi_a_change_by_baseline_cdasi_a.${key}.${arm}.mean`, mean(y));
      v.set(`derived.cdasi_a_change_sd_by_stratum.${key}.${arm}`, sd(y));
    }
    for (const [key, lo, hi] of [['(0.2,3]', 0.2, 3], ['(3,10]', 3, 10]] as [string, number, number][]) {
      const y = chC.y.filter((_, i) => chC.arm[i] === a && chC.b[i] > lo + 1e-9 && chC.b[i] <= hi + 1e-9);
      v.set(`strata_week16.cutaneous_vas_change_by_baseline_vas.${key}.${arm}.mean`, mean(y));
    }
  }
  v.set('week16.cdasi_a.ancova.difference', ancovaDifference(chA.y, chA.arm, chA.b));
  v.set('week16.cdasi_d.ancova.difference', ancovaDifference(chD.y, chD.arm, chD.b));
  v.set('week16.cutaneous_vas.ancova.difference', ancovaDifference(chC.y, chC.arm, chC.b));

  // CDASI-D zeros staying zero to week 16 (all visits observed up to 16)
  {
    let zeros = 0, stayed = 0;
    for (let i = 0; i < n; i++) {
      if (at(D, i, 0) !== 0 || !(at(D, i, k16) === at(D, i, k16))) continue;
      zeros++;
      let ok = true;
      for (let kk = 1; kk <= k16; kk++) if (at(D, i, kk) !== 0) ok = false;
      if (ok) stayed++;
    }
    v.set('week16.cdasi_d.zero_at_baseline_stayed_zero', stayed / zeros);
  }

  // Reduction > 35% (baseline CDASI-A > 0), TIS responders (ITT), switches, dropout
  const resp = [0, 0], n40 = [0, 0], n60 = [0, 0], nArm = [0, 0], tisSum = [0, 0], tisN = [0, 0];
  const red35 = [0, 0], redN = [0, 0];
  let switched = 0, lostBefore16 = 0, completed = 0;
  for (let i = 0; i < n; i++) {
    const a = c.arm[i];
    nArm[a]++;
    const t = wk16(T, i);
    const det = c.deteriorationWeek[i] <= 16;
    if (t === t && !det) {
      if (t >= 20) resp[a]++;
      if (t >= 40) n40[a]++;
      if (t >= 60) n60[a]++;
    }
    if (t === t) {
      tisSum[a] += t;
      tisN[a]++;
    }
    const b = at(A, i, 0);
    const w = wk16(A, i);
    if (b > 0 && w === w) {
      redN[a]++;
      if ((b - w) / b > 0.35) red35[a]++;
    }
    if (a === 0 && c.crossoverWeek[i] < 16) switched++;
    if (c.dropoutWeek[i] <= 16) lostBefore16++;
    if (!(c.dropoutWeek[i] <= 40)) completed++;
  }
  for (const a of [0, 1]) {
    v.set(`primary_endpoint_tis.responders_week16.${arms[a]}.value`, resp[a] / nArm[a]);
    v.set(`week16.cdasi_a.responder_over_35pct_reduction.${arms[a]}`, red35[a] / redN[a]);
  }
  v.set('external.tis_at_least_40.ivig', n40[1] / nArm[1]);
  v.set('external.tis_at_least_60.ivig', n60[1] / nArm[1]);
  v.set('external.mean_tis_ratio_ivig_placebo', tisSum[1] / tisN[1] / (tisSum[0] / tisN[0]));
  v.set('trial.crossover_before_week16.placebo_to_ivig', switched / nArm[0]);
  v.set('trial.continued_to_extension', lostBefore16 / n);
  v.set('trial.completed_week40.value', completed / n);

  // Fig. 5: Spearman of week-16 TIS and changes, pooled over arms, complete cases
  {
    const cols: number[][] = [[], [], [], [], []];
    for (let i = 0; i < n; i++) {
      const row = [wk16(T, i), wk16(M, i) - at(M, i, 0), wk16(A, i) - at(A, i, 0), wk16(E, i) - at(E, i, 0), wk16(C, i) - at(C, i, 0)];
      if (row.some((x) => x !== x)) continue;
      row.forEach((x, j) => cols[j].push(x));
    }
    const ranks = cols.map((x) => {
      const r = new Float64Array(x.length);
      averageRanks(x, r);
      return r;
    });
    for (let a = 0; a < 5; a++) for (let b = a + 1; b < 5; b++) v.set(`spearman_week16.matrix.${a}.${b}`, pearson(ranks[a], ranks[b]));
  }

  // Table 3: TIS category x CDASI-A reduction category at week 16 (baseline CDASI-A > 0)
  const table3 = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  for (let i = 0; i < n; i++) {
    const b = at(A, i, 0);
    const w = wk16(A, i);
    const t = wk16(T, i);
    if (!(b > 0) || w !== w || t !== t) continue;
    table3[tisCategory(t)][reductionCategory((b - w) / b)]++;
  }
  const kp = kappas(table3);
  v.set('tis_vs_cdasi_a_category_week16.simple_kappa.estimate', kp.simple);
  v.set('tis_vs_cdasi_a_category_week16.weighted_kappa.estimate', kp.weighted);
  const t3n = table3.flat().reduce((x, y) => x + y, 0);
  ['none', 'minimal', 'moderate', 'major'].forEach((name, j) => {
    v.set(`tis_vs_cdasi_a_category_week16.tis_margin.${name}`, table3[j].reduce((x, y) => x + y, 0) / t3n);
    v.set(`tis_vs_cdasi_a_category_week16.cdasi_a_margin.${name}`, table3.reduce((x, row) => x + row[j], 0) / t3n);
  });

  // Week 40 (completers) and >= 35% reduction from week 28
  if (k40 >= 0) {
    for (const a of [0, 1]) {
      const name = a === 1 ? 'ivig_first' : 'placebo_first';
      const chg: number[] = [], dS: number[] = [], cS: number[] = [], aS: number[] = [];
      for (let i = 0; i < n; i++) {
        if (c.arm[i] !== a) continue;
        const w = at(A, i, k40);
        if (w !== w) continue;
        chg.push(w - at(A, i, 0));
        aS.push(w);
        dS.push(at(D, i, k40));
        cS.push(at(C, i, k40));
      }
      v.set(`week40.cdasi_a.mean_change.${name}`, mean(chg));
      v.set(`week40.cdasi_a.mean_score.${name}`, mean(aS));
      v.set(`week40.cdasi_a.sd_score.${name}`, sd(aS));
      v.set(`week40.cdasi_d.mean_score.${name}`, mean(dS));
      v.set(`week40.cdasi_d.sd_score.${name}`, sd(dS));
      v.set(`week40.cutaneous_vas.mean_score.${name}`, mean(cS));
      v.set(`week40.cutaneous_vas.sd_score.${name}`, sd(cS));
    }
    for (const w of [28, 32, 36, 40]) {
      const kk = k(w);
      let num = 0, den = 0;
      for (let i = 0; i < n; i++) {
        const b = at(A, i, 0);
        const x = at(A, i, kk);
        if (!(b > 0) || x !== x) continue;
        den++;
        if ((b - x) / b >= 0.35) num++;
      }
      v.set(`week40.cdasi_a_reduction_at_least_35pct_after_week28.w${w}`, num / den);
    }
  }
  const extremeSd = new Map([...extremes].map(([p, x]) => [p, x.sd]));
  return { values: v, extremeSd, table3: table3.map((row) => row.map((x) => x / t3n)) };
}

/** Rows of the calibration table for a population simulated from `params`. */
export function prodermCalibrationReport(
  params: ProdermParams,
  options: { patients?: number; seed?: number; targets?: readonly CalibrationTarget[] } = {},
): { rows: CalibrationRow[]; table3: number[][] } {
  const N = options.patients ?? 200_000;
  const seed = options.seed ?? 20230101;
  const trial = compileTrial({ model: { kind: 'proderm', params }, design: { ...PRODERM_DESIGN, sampleSize: N } });
  const cohort = trial.simulate(streamFor(seed, 0, 'patients'), streamFor(seed, 0, 'allocation'));
  const stats = prodermPopulationStats(cohort);
  const extremeSd = stats.extremeSd;
  const rows = (options.targets ?? PRODERM_TARGETS).map((t): CalibrationRow => {
    const model = stats.values.get(t.path) ?? NaN;
    const se = Number.isNaN(t.se) ? (extremeSd.get(t.path) ?? NaN) : t.se;
    // A printed lower bound is met or not; its z is 0 when met.
    const z = t.relation === '>' && model > t.value ? 0 : (model - t.value) / se;
    return { path: t.path, label: t.label, kind: t.kind, where: t.where, relation: t.relation, target: t.value, se, model, z };
  });
  return { rows, table3: stats.table3 };
}
