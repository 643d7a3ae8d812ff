// Calibration of the ProDERM model's `fitted` parameters (dev tool, not part
// of the build's tests): population-level fit with large simulated cohorts and
// common random numbers (a fixed seed), block by block, minimising the sum of
// squared z = (model - printed) / SE over each block's calibration targets.
// Held-out (validation_only) figures are never used here.
//
//   npx tsc -p . && node dist/bench/tune-model.js [patients=60000] [rounds=2]
//
// Prints the fitted values as JSON; paste them into PRODERM_DEFAULTS.
import { PRODERM_DEFAULTS, resolveProdermParams } from '../src/model/prodermParams.js';
import { prodermCalibrationReport, type CalibrationRow } from '../src/model/prodermCalibration.js';
import { PRODERM_TARGETS } from '../src/model/prodermTargets.js';

const N = Number(process.argv[2] ?? 60_000);
const ROUNDS = Number(process.argv[3] ?? 2);
const SEED = 777;

type Overrides = Record<string, number>;

function evaluate(o: Overrides): CalibrationRow[] | null {
  const r = resolveProdermParams(o);
  if (!r.ok) return null;
  return prodermCalibrationReport(r.params, { patients: N, seed: SEED, targets: PRODERM_TARGETS.filter((t) => t.kind !== 'validation') }).rows;
}

function loss(rows: CalibrationRow[], paths: readonly string[]): number {
  let s = 0;
  for (const row of rows) if (paths.some((p) => row.path.startsWith(p))) s += Number.isFinite(row.z) ? row.z * row.z : 1e6;
  return s;
}

/** Nelder-Mead on the named parameters of `o` (in place). */
function nelderMead(o: Overrides, names: readonly string[], paths: readonly string[], maxEval: number): number {
  const f = (x: number[]): number => {
    const trial = { ...o };
    names.forEach((n, i) => (trial[n] = x[i]));
    const rows = evaluate(trial);
    return rows === null ? 1e12 : loss(rows, paths);
  };
  const d = names.length;
  const x0 = names.map((n) => o[n]);
  const simplex: { x: number[]; f: number }[] = [{ x: x0, f: f(x0) }];
  for (let i = 0; i < d; i++) {
    const x = [...x0];
    x[i] += Math.abs(x[i]) > 0.5 ? 0.1 * x[i] : 0.05;
    simplex.push({ x, f: f(x) });
  }
  let evals = d + 1;
  while (evals < maxEval) {
    simplex.sort((a, b) => a.f - b.f);
    const best = simplex[0];
    const worst = simplex[d];
    if (Math.abs(worst.f - best.f) < 1e-4 * (1 + best.f)) break;
    const centroid = x0.map((_, j) => simplex.slice(0, d).reduce((s, p) => s + p.x[j], 0) / d);
    const at = (t: number): number[] => centroid.map((c, j) => c + t * (worst.x[j] - c));
    const xr = at(-1);
    const fr = f(xr);
    evals++;
    if (fr < best.f) {
      const xe = at(-2);
      const fe = f(xe);
      evals++;
      simplex[d] = fe < fr ? { x: xe, f: fe } : { x: xr, f: fr };
    } else if (fr < simplex[d - 1].f) {
      simplex[d] = { x: xr, f: fr };
    } else {
      const xc = fr < worst.f ? at(-0.5) : at(0.5);
      const fc = f(xc);
      evals++;
      if (fc < Math.min(fr, worst.f)) simplex[d] = { x: xc, f: fc };
      else {
        for (let i = 1; i <= d; i++) {
          simplex[i].x = simplex[i].x.map((v, j) => best.x[j] + 0.5 * (v - best.x[j]));
          simplex[i].f = f(simplex[i].x);
          evals++;
        }
      }
    }
  }
  simplex.sort((a, b) => a.f - b.f);
  names.forEach((n, i) => (o[n] = simplex[0].x[i]));
  return simplex[0].f;
}

const FIG5 = ['Tis', 'Mmt8', 'CdasiA', 'ExtVas', 'CutVas'];

/** Fixed-point update of the latent correlations until the pooled Spearman matrix matches Fig. 5. */
function fitSpearman(o: Overrides, iterations: number): void {
  for (let it = 0; it < iterations; it++) {
    const rows = evaluate(o);
    if (rows === null) throw new Error('invalid parameters in the Spearman fit');
    const next = { ...o };
    let worst = 0;
    for (let a = 0; a < 5; a++)
      for (let b = a + 1; b < 5; b++) {
        const row = rows.find((r) => r.path === `spearman_week16.matrix.${a}.${b}`)!;
        const name = `changeCorr${FIG5[a]}${FIG5[b]}`;
        next[name] = Math.max(-0.97, Math.min(0.97, o[name] + (row.target - row.model)));
        worst = Math.max(worst, Math.abs(row.z));
      }
    let step = 1;
    while (!resolveProdermParams(mix(o, next, step)).ok && step > 1e-3) step /= 2;
    Object.assign(o, mix(o, next, step));
    console.error(`  spearman iteration ${it}: worst |z| ${worst.toFixed(2)}, step ${step}`);
  }
}

function mix(a: Overrides, b: Overrides, t: number): Overrides {
  const out: Overrides = { ...a };
  for (const k of Object.keys(b)) out[k] = a[k] + t * (b[k] - a[k]);
  return out;
}

const strata = ['Low', 'Mid', 'High'];
const BLOCKS: { name: string; params: string[]; targets: string[]; evals: number }[] = [
  {
    name: 'baseline cutaneous VAS',
    params: ['cutVasBaselineMean', 'cutVasBaselineSd'],
    targets: ['baseline.mdaat_cutaneous_vas_cm'],
    evals: 40,
  },
  {
    name: 'CDASI-A response',
    params: strata.flatMap((s) => [`cdasiAPlaceboLogMean${s}`, `cdasiAPlaceboLogSd${s}`, `cdasiAIvigLogMean${s}`, `cdasiAIvigLogSd${s}`]),
    targets: ['week16.cdasi_a.mean_change', 'derived.cdasi_a_change_sd', 'week16.cdasi_a.ancova', 'strata_week16.cdasi_a_change_by_baseline_cdasi_a', 'derived.cdasi_a_change_sd_by_stratum'],
    evals: 500,
  },
  {
    name: 'CDASI-D response',
    params: ['cdasiDPlaceboLogMean', 'cdasiDPlaceboLogSd', 'cdasiDIvigLogMean', 'cdasiDIvigLogSd'],
    targets: ['week16.cdasi_d.mean_change', 'derived.cdasi_d_change_sd', 'week16.cdasi_d.ancova', 'week40.cdasi_d'],
    evals: 120,
  },
  {
    name: 'cutaneous VAS response',
    params: ['cutVasPlaceboLogMean', 'cutVasPlaceboLogSd', 'cutVasIvigLogMean', 'cutVasIvigLogSd'],
    targets: ['week16.cutaneous_vas.mean_change', 'derived.cutaneous_vas_change_sd', 'week16.cutaneous_vas.ancova', 'week40.cutaneous_vas'],
    evals: 120,
  },
  {
    name: 'TIS',
    params: ['tisIvigImproverShare', 'tisIvigImproverMean', 'tisIvigImproverSd', 'tisPlaceboImproverShare', 'tisPlaceboImproverMean'],
    targets: ['primary_endpoint_tis', 'external.'],
    evals: 150,
  },
  { name: 'crossover', params: ['extVasPlaceboLogSd'], targets: ['trial.crossover_before_week16'], evals: 25 },
  { name: 'time course', params: ['responseTauWeeks'], targets: ['week40.cdasi_a.mean_change'], evals: 25 },
];

const o: Overrides = {};
for (const [k, v] of Object.entries(PRODERM_DEFAULTS)) if (typeof v === 'number') o[k] = v;
for (let round = 0; round < ROUNDS; round++) {
  for (const block of BLOCKS) {
    const before = loss(evaluate(o)!, block.targets);
    const after = nelderMead(o, block.params, block.targets, block.evals);
    console.error(`round ${round} ${block.name}: loss ${before.toFixed(2)} -> ${after.toFixed(2)}`);
  }
  fitSpearman(o, 5);
}
const final = evaluate(o)!;
console.error(`total calibration loss ${loss(final, ['']).toFixed(2)} over ${final.length} targets`);
const changed: Overrides = {};
const fitted = new Set([...BLOCKS.flatMap((b) => b.params), ...FIG5.flatMap((a, i) => FIG5.slice(i + 1).map((b) => `changeCorr${a}${b}`))]);
for (const k of fitted) changed[k] = Number(o[k].toPrecision(4));
console.log(JSON.stringify(changed, null, 2));
