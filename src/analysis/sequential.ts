// The looks of a group-sequential design in one replicate. The trial is
// simulated once (the cohort); each look only re-analyses a data cut of it.
//
//   accrual stream ──entryMonths──▶ each patient's entry month (one uniform each, in enrolment order)
//   ──lookMonths──▶ the looks' calendar months (the ⌈f n⌉-th date a patient reaches the endpoint's week, or a month)
//   look k: the patients who reached the endpoint's week by then (the pipeline
//           is left out, as an analysis at one week must; an MMRM also has the
//           pipeline's visits up to the look: sequentialMmrm.ts) ──the same analysis──▶ p, estimate
//   z_k = Φ⁻¹(1 − p_k), p_k one-sided in the direction of benefit
//   boundaries at the observed fractions t_k = n_k / n_K (cached by (n_1, …, n_K))
//   ──▶ stop for efficacy (z ≥ c_k; two-sided |z| ≥ c_k), futility (z ≤ f_k; two-sided |z| < f_k) or go on
//
// The final look is the analysis the record already holds (every patient at
// the endpoint's week). After a futility stop the later looks are still
// analysed, for the rejection with futility ignored; after an efficacy stop
// nothing more is. A look that adds no patient to the one before (a month
// look that comes too early or too late) is skipped: it has no z and no
// bound, and the boundaries are computed over the looks that remain.
import { compileAccrual, entryMonths, lookMonths, WEEKS_PER_MONTH, type Accrual, type AccrualSpec } from '../design/accrual.js';
import { interimRules, type InterimSpec } from '../design/interim.js';
import { A, L, Q, STOP, T, lookOffset, type AnalysisLayout, type SequentialLayout } from '../engine/layout.js';
import type { Cohort } from '../model/cohort.js';
import type { RandomStream } from '../random/stream.js';
import { qnorm } from '../stats/distributions/normal.js';
import { type Boundaries, type EfficacyRule, type FutilityRule } from '../stats/groupSequential/boundaries.js';
import { replicateBoundaries } from '../stats/groupSequential/replicateBoundaries.js';
import { deriveAnalysisEndpoint, estimateAnalysis, type AnalysisData } from './analyseTrial.js';
import type { AnalysisPlan } from './analysisPlan.js';
import type { AnalysisSpec } from './spec.js';
import type { Workspace } from './workspace.js';
import { compileMmrmLooks } from './sequentialMmrm.js';

/** Boundaries kept per compiled design: beyond this many count tuples, the oldest go. */
const BOUNDARY_CACHE_LIMIT = 4096;

export interface CompiledSequential {
  readonly layout: SequentialLayout;
  /** Draw the entry months from `accrual` and write the block; `out` already holds the trial's analyses. */
  run(cohort: Cohort, ws: Workspace, accrual: RandomStream, out: Float64Array): void;
}

/** The bounds at one set of observed looks. */
export interface LookBounds {
  readonly efficacy: readonly number[];
  readonly futility: readonly (number | null)[] | null;
}

/**
 * Boundaries by tuple of observed counts, for one interim spec: owned by the
 * kernels made together (the design and its null share one), never module-level.
 */
/**
 * Boundaries by the tuple (kept look, patients analysed there) of a
 * replicate. Looked up once per replicate without allocating: a 32-bit hash
 * of the tuple (FNV-1a) picks a bucket, whose entries are compared with the
 * tuple element by element. Full at BOUNDARY_CACHE_LIMIT entries: emptied.
 */
export interface BoundsCache {
  readonly buckets: Map<number, BoundsEntry[]>;
  size: number;
}

interface BoundsEntry {
  /** k0, n0, k1, n1, …: each kept look and its count. */
  readonly tuple: Int32Array;
  readonly bounds: LookBounds;
}

export const newBoundsCache = (): BoundsCache => ({ buckets: new Map(), size: 0 });

function tupleHash(kept: readonly number[], counts: Int32Array): number {
  let h = 0x811c9dc5;
  for (let j = 0; j < kept.length; j++) {
    h = Math.imul(h ^ kept[j], 16777619);
    h = Math.imul(h ^ counts[kept[j]], 16777619);
  }
  return h | 0;
}

function sameTuple(t: Int32Array, kept: readonly number[], counts: Int32Array): boolean {
  if (t.length !== 2 * kept.length) return false;
  for (let j = 0; j < kept.length; j++) if (t[2 * j] !== kept[j] || t[2 * j + 1] !== counts[kept[j]]) return false;
  return true;
}

/** The cached boundaries of this tuple, or undefined. */
export function cachedBounds(cache: BoundsCache, kept: readonly number[], counts: Int32Array): LookBounds | undefined {
  const bucket = cache.buckets.get(tupleHash(kept, counts));
  if (bucket === undefined) return undefined;
  for (let e = 0; e < bucket.length; e++) if (sameTuple(bucket[e].tuple, kept, counts)) return bucket[e].bounds;
  return undefined;
}

export function cacheBounds(cache: BoundsCache, kept: readonly number[], counts: Int32Array, bounds: LookBounds): void {
  if (cache.size >= BOUNDARY_CACHE_LIMIT) {
    cache.buckets.clear();
    cache.size = 0;
  }
  const tuple = new Int32Array(2 * kept.length);
  for (let j = 0; j < kept.length; j++) {
    tuple[2 * j] = kept[j];
    tuple[2 * j + 1] = counts[kept[j]];
  }
  const h = tupleHash(kept, counts);
  const bucket = cache.buckets.get(h);
  if (bucket === undefined) cache.buckets.set(h, [{ tuple, bounds }]);
  else bucket.push({ tuple, bounds });
  cache.size++;
}

/**
 * The sequential part of a kernel: buffers for `capacity` patients, and the
 * boundaries cache (`cache`, shared by kernels with the same interim spec, or its own).
 */
export function compileSequential(
  interim: InterimSpec,
  accrualSpec: AccrualSpec,
  plan: AnalysisPlan,
  layout: SequentialLayout,
  capacity: number,
  cache: BoundsCache = newBoundsCache(),
): CompiledSequential {
  const a = layout.analysis;
  const analysed = plan.analyses[a];
  // A two-sided analysis (a symmetric test: checkInterim) is run at the looks one-sided towards its benefit.
  const twoSided = analysed.sidedness === 'two_sided';
  const spec: AnalysisSpec = { ...analysed, strata: null, ...(twoSided ? { sidedness: analysed.benefit === 'lower' ? 'less' : 'greater' } : {}) };
  const analysisLayout: AnalysisLayout = plan.layout.analyses[a];
  const week = spec.endpoint.week;
  const accrual: Accrual = compileAccrual(accrualSpec);
  const K = interim.looks.length;
  const u = new Float64Array(capacity);
  const entry = new Float64Array(capacity);
  const reach = new Float64Array(capacity);
  const scratch = new Float64Array(capacity);
  const yFull = new Float64Array(capacity);
  const yCut = new Float64Array(capacity);
  const base = new Float64Array(capacity);
  const lookOut = new Float64Array(plan.layout.width);
  // An MMRM analysis sees the pipeline patients' visits up to the look (sequentialMmrm.ts).
  const mmrmLooks = spec.method === 'mmrm' ? compileMmrmLooks(plan, a, capacity) : null;
  // a scratch record: the analysis block at 0, its tail (analysed per arm, direction) where the plan puts it
  const lookLayout: AnalysisLayout = { id: spec.id, offset: 0, strata: [], tail: analysisLayout.tail };
  const counts = new Int32Array(K);
  const kept: number[] = [];
  const gsRules = interimRules(interim);
  const driftStart = plannedDrift(interim, gsRules.efficacy, gsRules.futility);

  const boundsFor = (keptLooks: readonly number[], nFinal: number): LookBounds => {
    let hit = cachedBounds(cache, keptLooks, counts);
    if (hit !== undefined) return hit;
    let futility: FutilityRule | undefined = gsRules.futility ?? undefined;
    // Fixed bounds belong to the design's interim looks: keep those of the looks that remain.
    if (futility?.kind === 'fixed') {
      const bounds = futility.bounds;
      futility = { kind: 'fixed', bounds: keptLooks.slice(0, -1).map((k) => bounds[k]) };
    }
    const b: Boundaries = replicateBoundaries(
      {
        information: keptLooks.map((k) => counts[k] / nFinal),
        alpha: interim.alpha,
        sided: interim.sided,
        efficacy: gsRules.efficacy,
        ...(futility !== undefined && keptLooks.length > 1 ? { futility, binding: interim.binding } : {}),
      },
      driftStart,
    );
    hit = { efficacy: b.efficacy, futility: b.futility };
    cacheBounds(cache, keptLooks, counts, hit);
    return hit;
  };

  /** z and estimate of the look at `month` into lookOut; returns z (NaN: no test). */
  const analyseCut = (cohort: Cohort, n: number, month: number, ws: Workspace): number => {
    let data: AnalysisData;
    if (mmrmLooks !== null) data = mmrmLooks.cut(cohort, entry, month, yCut);
    else {
      for (let i = 0; i < n; i++) yCut[i] = reach[i] <= month ? yFull[i] : NaN;
      data = { n, arm: cohort.arm, stratum: cohort.stratum, y: yCut.subarray(0, n), base: base.subarray(0, n), strataBase: null };
    }
    const p = estimateAnalysis(spec, data, ws, lookOut, lookLayout);
    return zOf(p);
  };

  return {
    layout,
    run(cohort, ws, stream, out) {
      const n = cohort.n;
      stream.uniforms(u, n);
      entryMonths(accrual, u, n, entry);
      for (let i = 0; i < n; i++) reach[i] = entry[i] + week / WEEKS_PER_MONTH;
      const months = lookMonths(entry, n, week, interim.looks, scratch);
      deriveAnalysisEndpoint(cohort, plan, a, yFull, base);
      if (mmrmLooks !== null) mmrmLooks.prepare(cohort, ws);
      // Patients analysed at each look (the final: every one with a value).
      for (let k = 0; k < K; k++) counts[k] = 0;
      for (let i = 0; i < n; i++) {
        if (yFull[i] !== yFull[i]) continue;
        for (let k = 0; k < K; k++) if (reach[i] <= months[k]) counts[k]++;
      }
      counts[K - 1] = 0;
      for (let i = 0; i < n; i++) if (yFull[i] === yFull[i]) counts[K - 1]++;
      const nFinal = counts[K - 1];
      kept.length = 0;
      let last = 0;
      for (let k = 0; k < K - 1; k++) {
        if (counts[k] > last && counts[k] < nFinal) {
          kept.push(k);
          last = counts[k];
        }
      }
      kept.push(K - 1);
      const o = layout.offset;
      for (let k = 0; k < K; k++) {
        const lo = lookOffset(layout, k);
        out[lo + L.month] = months[k];
        out[lo + L.information] = nFinal > 0 ? counts[k] / nFinal : NaN;
        out[lo + L.z] = NaN;
      }
      out[o + Q.duration] = months[K - 1];
      const finalP = out[analysisLayout.offset + A.p];
      const finalZ = zOf(twoSided ? towardsBenefit(finalP, out[(analysisLayout.tail as number) + T.benefitSide]) : finalP);
      if (finalZ !== finalZ || nFinal === 0) {
        // No test at the final look: no stop recorded (the record's NaNs say so).
        out[o + Q.reject] = 0;
        out[o + Q.rejectIgnoringFutility] = 0;
        return;
      }
      const bounds = boundsFor(kept, nFinal);
      let stopped = -1;
      let reason: number = STOP.final;
      let rejectIgnoring = 0;
      let stopEstimate = NaN;
      for (let j = 0; j < kept.length; j++) {
        const k = kept[j];
        const final = k === K - 1;
        const z = final ? finalZ : analyseCut(cohort, n, months[k], ws);
        out[lookOffset(layout, k) + L.z] = z;
        if (z !== z) continue; // no test at this look: no decision
        const c = bounds.efficacy[j];
        const crosses = interim.sided === 1 ? z >= c : Math.abs(z) >= c;
        if (crosses) rejectIgnoring = 1;
        if (stopped < 0) {
          const f = final ? null : (bounds.futility?.[j] ?? null);
          const futile = f !== null && (interim.sided === 1 ? z <= f : Math.abs(z) < f);
          if (crosses || futile || final) {
            stopped = k;
            reason = crosses ? STOP.efficacy : futile ? STOP.futility : STOP.final;
            stopEstimate = final ? out[analysisLayout.offset + A.estimate] : lookOut[A.estimate];
          }
        }
        if (rejectIgnoring === 1) break;
      }
      out[o + Q.stage] = stopped;
      out[o + Q.reason] = reason;
      out[o + Q.reject] = reason === STOP.efficacy ? 1 : 0;
      out[o + Q.rejectIgnoringFutility] = rejectIgnoring;
      out[o + Q.nAnalysed] = counts[stopped];
      const month = months[stopped];
      let enrolled = 0;
      for (let i = 0; i < n; i++) if (entry[i] <= month) enrolled++;
      out[o + Q.nEnrolled] = enrolled;
      out[o + Q.month] = month;
      out[o + Q.estimate] = stopEstimate;
    },
  };
}

/**
 * Beta spending: the drift of the design at its planned fractions (every
 * look by information), where the per-replicate search for the drift
 * starts. It depends on the design only, so a replicate's boundaries never
 * depend on which tuples came before. undefined: no beta spending, or a look by month.
 */
function plannedDrift(interim: InterimSpec, efficacy: EfficacyRule, futility: FutilityRule | null): number | undefined {
  if (futility?.kind !== 'spending') return undefined;
  const information: number[] = [];
  for (const look of interim.looks) {
    if (!('information' in look)) return undefined;
    information.push(look.information);
  }
  return replicateBoundaries({ information, alpha: interim.alpha, sided: interim.sided, efficacy, futility, binding: interim.binding }).drift;
}

/**
 * The one-sided p towards benefit of a symmetric two-sided test, from its
 * two-sided p and whether the estimate lies on the benefit side (the
 * record's T.benefitSide): p/2 there, 1 − p/2 on the other side (as sidedP).
 */
export function towardsBenefit(pTwoSided: number, benefitSide: number): number {
  return benefitSide === 1 ? pTwoSided / 2 : 1 - pTwoSided / 2;
}

/** z of a one-sided p (towards benefit): Φ⁻¹(1 − p), from the upper tail so that a tiny p keeps its digits. */
function zOf(p: number): number {
  return p === p ? qnorm(p, false) : NaN;
}
