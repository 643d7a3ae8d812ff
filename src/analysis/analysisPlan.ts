// A scenario's analyses compiled once per kernel: the endpoints' rules, the
// record layout, each analysis' offsets, the multiplicity family as indices and, for the
// graphical procedure, the validated graph. Everything the per-replicate
// code needs without re-reading the spec.
import { buildLayout, type ReplicateLayout } from '../engine/layout.js';
import { compileGraph, type CompiledGraph } from '../stats/multiplicity/index.js';
import { endpointRules, type EndpointRules } from './endpoint.js';
import { estimandRules, type EstimandRules } from './estimand.js';
import { SpecError, type AnalysisSpec, type MultiplicitySpec } from './spec.js';

export interface AnalysisPlan {
  readonly analyses: readonly AnalysisSpec[];
  /** Each analysis' endpoint rules, read once. */
  readonly endpoints: readonly EndpointRules[];
  readonly layout: ReplicateLayout;
  readonly multiplicity: MultiplicitySpec;
  /** Indices into `analyses` of the multiplicity family, in family (testing) order. */
  readonly family: Uint32Array;
  /** The graphical procedure's graph (null for the other procedures). */
  readonly graph: CompiledGraph | null;
  /** Each analysis' estimand as codes (null: the endpoint's named rules). */
  readonly estimands: readonly (EstimandRules | null)[];
  /** The latest analysis week: the per-trial counts (dropouts, switches) are up to it. */
  readonly lastWeek: number;
}

export function compileAnalysisPlan(analyses: readonly AnalysisSpec[], multiplicity: MultiplicitySpec): AnalysisPlan {
  const layout = buildLayout(analyses.map((a) => ({ id: a.id, strata: a.strata?.labels ?? [] })));
  const family = Uint32Array.from(multiplicity.family.map((id) => analyses.findIndex((a) => a.id === id)));
  let graph: CompiledGraph | null = null;
  if (multiplicity.procedure === 'graphical') {
    const compiled = compileGraph(multiplicity.weights, multiplicity.transitions);
    if (!compiled.ok) throw new SpecError('multiplicity', compiled.error);
    graph = compiled.graph;
  }
  const estimands = analyses.map((a) => (a.estimand === undefined ? null : estimandRules(a.estimand)));
  const lastWeek = analyses.reduce((w, a) => Math.max(w, a.endpoint.week), 0);
  return { analyses, endpoints: analyses.map((a) => endpointRules(a.endpoint)), layout, multiplicity, family, graph, estimands, lastWeek };
}
