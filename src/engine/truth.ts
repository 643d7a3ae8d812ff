// The true value of each estimand under a design's population. The engine does
// not compute it: the caller does (exactly where the model gives it in closed
// form or under the null, else from a very large simulated population, so
// that it carries its own standard error) and hands it in; the engine uses it
// for bias, RMSE and coverage, puts its SE into the bias' and the coverage's
// MCSE, and echoes it, with its precision and source, in the output.
import type { TruthVector } from './accumulator.js';
import type { ReplicateLayout } from './layout.js';

/** Where a true value comes from: a closed form of the model, the null (every estimand 0), or a large simulated population. */
export const TRUTH_SOURCES = ['closed_form', 'null', 'simulated'] as const;
export type TruthSource = (typeof TRUTH_SOURCES)[number];

export interface TruthValue {
  value: number;
  /** Standard error of `value` (0 when known exactly). */
  se: number;
  /** Absent: 'simulated' (a value handed in with its SE). */
  source?: TruthSource;
}

export interface AnalysisTruth extends TruthValue {
  /** By stratum label, as in the kernel's layout. */
  strata?: Readonly<Record<string, TruthValue>>;
}

/** By analysis id, as in the kernel's layout; an analysis or stratum left out has no known truth. */
export type Truth = Readonly<Record<string, AnalysisTruth>>;

/** Truth laid out as the record is (NaN where not given). */
export function truthVector(truth: Truth | null, layout: ReplicateLayout): TruthVector {
  const analyses = new Float64Array(layout.analyses.length).fill(NaN);
  const strata = layout.analyses.map((a) => new Float64Array(a.strata.length).fill(NaN));
  const analysesSE = new Float64Array(layout.analyses.length);
  const strataSE = layout.analyses.map((a) => new Float64Array(a.strata.length));
  if (truth === null) return { analyses, strata, analysesSE, strataSE };
  layout.analyses.forEach((a, i) => {
    const t = Object.hasOwn(truth, a.id) ? truth[a.id] : undefined;
    if (t === undefined) return;
    analyses[i] = t.value;
    analysesSE[i] = t.se;
    a.strata.forEach((s, j) => {
      const st = t.strata !== undefined && Object.hasOwn(t.strata, s.label) ? t.strata[s.label] : undefined;
      if (st === undefined) return;
      strata[i][j] = st.value;
      strataSE[i][j] = st.se;
    });
  });
  return { analyses, strata, analysesSE, strataSE };
}

/** Ids in `truth` that the layout does not have (a typo the caller should hear about). */
export function unknownTruthKeys(truth: Truth | null, layout: ReplicateLayout): string[] {
  if (truth === null) return [];
  const out: string[] = [];
  for (const id of Object.keys(truth)) {
    const a = layout.analyses.find((x) => x.id === id);
    if (a === undefined) {
      out.push(id);
      continue;
    }
    for (const label of Object.keys(truth[id].strata ?? {})) {
      if (!a.strata.some((s) => s.label === label)) out.push(`${id}/${label}`);
    }
  }
  return out;
}
