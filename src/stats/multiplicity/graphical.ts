// The graphical approach of Bretz, Maurer, Brannath & Posch (2009, Stat Med
// 28:586-604) with weighted Bonferroni tests: initial weights w (sum <= 1) and
// a transition matrix G (g_ii = 0, rows sum <= 1) that says where the local
// level of a rejected hypothesis goes.
//
// Rejections follow their Algorithm 1 (reject any H_j with p_j <= w_j·alpha,
// remove it, pass its weight along G, update G, repeat). Adjusted p-values
// follow their Algorithm 2, as gMCP documents them (the smallest alpha at
// which the hypothesis is rejected): repeatedly take the remaining j with the
// smallest p_j / w_j, set q_j = max(min(p_j / w_j, 1), q of the previous one),
// and update the graph as if H_j were rejected. Bretz et al. show that
// q_j <= alpha exactly when Algorithm 1 rejects H_j at alpha; the two are
// computed separately here, so at an alpha equal to a q_j (to rounding) they
// may disagree.
//
// Validation happens once, in compileGraph; graphicalTest is the hot path and
// never throws on data.
import { pOrOne } from './result.js';
import type { MultiplicityResult } from './result.js';

/** Rounding slack when checking that weights and row sums are at most 1. */
const SUM_TOLERANCE = 1e-12;

export interface CompiledGraph {
  readonly m: number;
  /** Initial weights (copied). */
  readonly weights: Float64Array;
  /** Transition matrix, row-major m×m (copied). */
  readonly transitions: Float64Array;
  /** Working copies the test overwrites on every call (no allocation per step). */
  readonly scratchW: Float64Array;
  readonly scratchG: Float64Array;
  readonly scratchActive: Uint8Array;
}

export type CompileGraphResult =
  | { readonly ok: true; readonly graph: CompiledGraph }
  | { readonly ok: false; readonly error: string };

function failure(error: string): CompileGraphResult {
  return { ok: false, error: `compileGraph: ${error}` };
}

/**
 * Validate weights w (length m) and transition matrix G (m×m, given as m rows
 * or flat row-major) once. Errors, as values: lengths that disagree,
 * non-finite or negative entries, weights summing to more than 1, a non-zero
 * diagonal, a row of G summing to more than 1.
 */
export function compileGraph(
  w: ArrayLike<number>,
  G: ArrayLike<number> | readonly ArrayLike<number>[],
): CompileGraphResult {
  const m = w.length;
  if (m === 0) return failure('no hypotheses (weights are empty)');
  const transitions = new Float64Array(m * m);
  if (G.length === m * m && typeof G[0] === 'number') {
    const flat = G as ArrayLike<number>;
    for (let c = 0; c < m * m; c++) transitions[c] = flat[c];
  } else if (G.length === m && typeof G[0] !== 'number') {
    const rows = G as readonly ArrayLike<number>[];
    for (let i = 0; i < m; i++) {
      if (rows[i].length !== m) return failure(`transition matrix row ${i + 1} has ${rows[i].length} entries, expected ${m}`);
      for (let j = 0; j < m; j++) transitions[i * m + j] = rows[i][j];
    }
  } else {
    return failure(`transition matrix must be ${m}×${m} for ${m} weights (got ${G.length} entries)`);
  }
  const weights = new Float64Array(m);
  let total = 0;
  for (let i = 0; i < m; i++) {
    const v = w[i];
    if (!Number.isFinite(v) || v < 0) return failure(`weight ${i + 1} must be a finite number >= 0 (got ${v})`);
    weights[i] = v;
    total += v;
  }
  if (total > 1 + SUM_TOLERANCE) return failure(`weights sum to ${total}, must be at most 1`);
  for (let i = 0; i < m; i++) {
    let row = 0;
    for (let j = 0; j < m; j++) {
      const g = transitions[i * m + j];
      if (!Number.isFinite(g) || g < 0) {
        return failure(`transition g[${i + 1},${j + 1}] must be a finite number >= 0 (got ${g})`);
      }
      if (i === j && g !== 0) return failure(`transition g[${i + 1},${i + 1}] must be 0 (got ${g})`);
      row += g;
    }
    if (row > 1 + SUM_TOLERANCE) return failure(`transition row ${i + 1} sums to ${row}, must be at most 1`);
  }
  return {
    ok: true,
    graph: {
      m,
      weights,
      transitions,
      scratchW: new Float64Array(m),
      scratchG: new Float64Array(m * m),
      scratchActive: new Uint8Array(m),
    },
  };
}

/** Bretz et al. (2009) Algorithm 1, step 2: remove H_j from the working graph. */
function removeNode(j: number, m: number, w: Float64Array, G: Float64Array, active: Uint8Array): void {
  active[j] = 0;
  const wj = w[j];
  for (let l = 0; l < m; l++) if (active[l] === 1) w[l] += wj * G[j * m + l];
  w[j] = 0;
  for (let l = 0; l < m; l++) {
    if (active[l] === 0) continue;
    const glj = G[l * m + j];
    const denom = 1 - glj * G[j * m + l];
    for (let k = 0; k < m; k++) {
      if (k === l || active[k] === 0) continue;
      // g_lj·g_jl = 1 forces the numerator to 0 (rows sum to <= 1), hence 0.
      G[l * m + k] = denom > 0 ? (G[l * m + k] + glj * G[j * m + k]) / denom : 0;
    }
  }
  for (let l = 0; l < m; l++) {
    G[l * m + j] = 0;
    G[j * m + l] = 0;
  }
}

function reset(graph: CompiledGraph): void {
  graph.scratchW.set(graph.weights);
  graph.scratchG.set(graph.transitions);
  graph.scratchActive.fill(1);
}

/** p_j / w_j with 0/0 read as 0 (a p-value of 0 is rejected at any weight, as in Algorithm 1) and p/0 as Infinity. */
function ratio(p: number, w: number): number {
  if (p === 0) return 0;
  return w > 0 ? p / w : Infinity;
}

/**
 * The graphical test at level alpha: adjusted p-values (Algorithm 2) and
 * rejections (Algorithm 1). p must have the graph's m entries, in the order of
 * the weights; a NaN p-value counts as 1. Uses the graph's scratch space, so a
 * compiled graph serves one call at a time (calls are synchronous).
 * Throws only on a p of the wrong length, which is a programming error.
 */
export function graphicalTest(graph: CompiledGraph, p: Float64Array, alpha: number): MultiplicityResult {
  const m = graph.m;
  if (p.length !== m) throw new RangeError(`graphicalTest: ${p.length} p-values for a graph of ${m} hypotheses`);
  const adjusted = new Float64Array(m);
  const rejected = new Uint8Array(m);
  const w = graph.scratchW;
  const G = graph.scratchG;
  const active = graph.scratchActive;

  // Algorithm 1: sequential rejection at alpha.
  reset(graph);
  for (let step = 0; step < m; step++) {
    let j = -1;
    for (let i = 0; i < m; i++) {
      if (active[i] === 1 && pOrOne(p[i]) <= w[i] * alpha) {
        j = i;
        break;
      }
    }
    if (j < 0) break;
    rejected[j] = 1;
    removeNode(j, m, w, G, active);
  }

  // Algorithm 2: adjusted p-values.
  reset(graph);
  let qMax = 0;
  for (let step = 0; step < m; step++) {
    let j = -1;
    let best = Infinity;
    for (let i = 0; i < m; i++) {
      if (active[i] === 0) continue;
      const r = ratio(pOrOne(p[i]), w[i]);
      if (j < 0 || r < best) {
        j = i;
        best = r;
      }
    }
    qMax = Math.max(Math.min(best, 1), qMax);
    adjusted[j] = qMax;
    removeNode(j, m, w, G, active);
  }
  return { adjusted, rejected };
}
