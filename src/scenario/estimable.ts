// Designs that are legal but cannot answer (issue 19): validation refuses a
// design point whose analyses can never be estimable, rather than running it
// to an all-"–" report. Two kinds of check, both cheap and deterministic:
//
//   - sizes: each arm must be planned to hold at least MIN_PER_ARM patients
//     (with one, no difference has a within-arm variance in that arm; with
//     none there is no comparison), and an ANCOVA must have a residual degree
//     of freedom left after its parameters;
//   - a screening check: SCREENING_CHECK_PATIENTS patients drawn from the
//     model on a fixed stream and screened by the design's eligibility rules
//     (design/screening.ts). Rules that admit fewer than 1 in SCREENING_MULTIPLE
//     are refused (each trial would screen more than that multiple of its
//     size); and among the eligible, an analysis whose baseline it needs is
//     missing or constant (a change or ANCOVA of an endpoint without a
//     baseline, a binary endpoint analysed as a change), whose baseline_above
//     or relative reduction keeps no patient, or whose strata include one no
//     patient falls in, is refused.
//
// What is possible but rare is not refused here: the run counts the
// replicates that were not estimable and warns (engine/estimabilityWarnings.ts).
import type { AnalysisSpec } from '../analysis/spec.js';
import type { DesignSpec } from '../design/designSpec.js';
import { SCREENING_MULTIPLE, screeningSample, strataCount, type ScreeningSample } from '../design/screening.js';
import type { CompiledModel } from '../model/compiledModel.js';
import { streamFor } from '../random/stream.js';
import { MSG } from './messages.js';
import type { Scenario } from './schema.js';
import type { Segment } from './sourceMap.js';

/** The smallest arm (patients planned) in which an analysis can be estimable. */
export const MIN_PER_ARM = 2;

/** The screening check's stream: fixed, so that validation gives the same answer every time. */
const CHECK_SEED = 20241119;

export interface EstimabilityProblem {
  path: Segment[];
  message: string;
}

/** The arms a design plans: exact with n_per_arm, else the ratio's share of the total rounded down. */
export function plannedArms(design: DesignSpec): [number, number] {
  const [c, t] = design.allocationRatio;
  return [Math.floor((design.sampleSize * c) / (c + t)), Math.floor((design.sampleSize * t) / (c + t))];
}

/** Screening samples by model (effect-free draws key) and rules, shared by the points of one scenario. */
export interface ScreeningCache {
  get(key: string): ScreeningSample | undefined;
  set(key: string, sample: ScreeningSample): void;
}

function sampleOf(model: CompiledModel, design: DesignSpec, cache: ScreeningCache): ScreeningSample {
  const key = JSON.stringify([model.drawsKey, design.eligibility]);
  let hit = cache.get(key);
  if (hit === undefined) {
    const rules = design.eligibility.map((rule) => ({ rule, index: model.measureIds.indexOf(rule.measure) }));
    const K = model.drawsPerPatient(model.fullVisits.length);
    hit = screeningSample((u, out) => model.baseline(u, out), K, model.measureIds.length, rules, streamFor(CHECK_SEED, 0, 'screening-check'));
    cache.set(key, hit);
  }
  return hit;
}

/** The eligible patients' week-0 values of one measure. */
function column(sample: ScreeningSample, M: number, m: number): Float64Array {
  const out = new Float64Array(sample.eligible);
  for (let i = 0; i < sample.eligible; i++) out[i] = sample.base[i * M + m];
  return out;
}

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(4).replace(/\.?0+$/, ''));

/**
 * Why the analyses of one design point can never be estimable, at the keys
 * to change. `s` is the point's scenario (for where the sizes were written).
 */
export function estimabilityProblems(
  s: Scenario,
  model: CompiledModel,
  design: DesignSpec,
  analyses: readonly AnalysisSpec[],
  cache: ScreeningCache,
): EstimabilityProblem[] {
  const out: EstimabilityProblem[] = [];
  const sizeKey: Segment[] = s.design?.n_per_arm !== undefined ? ['design', 'n_per_arm'] : s.design?.sample_size !== undefined ? ['design', 'sample_size'] : ['design'];

  // sizes
  const [nc, nt] = plannedArms(design);
  const [c, t] = design.allocationRatio;
  if (nc < MIN_PER_ARM || nt < MIN_PER_ARM) {
    out.push({ path: sizeKey, message: MSG.armTooSmall(MIN_PER_ARM, nc, nt, design.sampleSize, c, t) });
    return out;
  }
  for (const a of analyses) {
    if (a.method !== 'ancova') continue;
    const levels = a.covariates.includes('stratum') ? strataCount(design.stratification) : 1;
    const parameters = 3 + (levels - 1);
    if (nc + nt <= parameters) out.push({ path: sizeKey, message: MSG.ancovaTooSmall(a.id, nc + nt, parameters) });
  }

  // the screening check
  const sample = sampleOf(model, design, cache);
  if (design.eligibility.length > 0 && sample.eligible * SCREENING_MULTIPLE < sample.screened) {
    const path: Segment[] = design.eligibility.length === 1 ? ['design', 'eligibility', 0] : ['design', 'eligibility'];
    out.push({ path, message: MSG.screensTooMany(sample.eligible, sample.screened, SCREENING_MULTIPLE) });
    return out;
  }
  const M = model.measureIds.length;
  const at = (i: number, ...rest: Segment[]): Segment[] => ['analyses', i, ...rest];
  analyses.forEach((a, i) => {
    const e = a.endpoint;
    const values = column(sample, M, model.measureIds.indexOf(e.measure));
    const defined = values.filter((v) => v === v);
    const needsBaseline = e.type === 'change' || e.type === 'reduction_responder' || a.covariates.includes('baseline');
    if (needsBaseline && defined.length === 0) {
      const path = e.type === 'change' || e.type === 'reduction_responder' ? at(i, 'endpoint', 'type') : at(i, 'method');
      out.push({ path, message: MSG.noBaseline(e.measure, e.type, a.method) });
      return;
    }
    if (a.covariates.includes('baseline') && defined.every((v) => v === defined[0])) {
      out.push({ path: at(i, 'method'), message: MSG.constantBaseline(e.measure, fmt(defined[0]!)) });
      return;
    }
    const limit = e.type === 'reduction_responder' ? Math.max(0, e.baselineAbove) : e.baselineAbove;
    if (limit !== -Infinity && !defined.some((v) => v > limit)) {
      const largest = defined.reduce((m, v) => Math.max(m, v), -Infinity);
      const path = e.baselineAbove !== -Infinity && (e.type !== 'reduction_responder' || e.baselineAbove > 0) ? at(i, 'endpoint', 'baseline_above') : at(i, 'endpoint', 'type');
      out.push({ path, message: MSG.nobodyAbove(e.measure, fmt(limit), sample.eligible, defined.length === 0 ? null : fmt(largest)) });
      return;
    }
    if (a.strata !== null) {
      const sv = column(sample, M, model.measureIds.indexOf(a.strata.measure));
      const cuts = a.strata.cuts;
      for (let j = 0; j + 1 < cuts.length; j++) {
        const lo = cuts[j]!;
        const hi = cuts[j + 1]!;
        if (!sv.some((v) => v > lo && v <= hi)) {
          out.push({ path: at(i, 'strata', 'cuts', j + 1), message: MSG.emptyStratum(a.strata.measure, a.strata.labels[j] ?? `(${lo}, ${hi}]`, sample.eligible) });
          break;
        }
      }
    }
  });
  return out;
}

