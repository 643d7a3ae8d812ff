// The spec a kernel is created from, checked once at the boundary:
//   { model: { kind: 'proderm' | 'parametric', params? }, design?, analyses, multiplicity?, assurance? }
// The model and design parts are resolved by their own owners
// (resolveProdermParams / resolveParametricParams / resolveDesignSpec); the
// analyses are checked here against the compiled trial's measures and visits.
import { PARAMETRIC_DESIGN, PRODERM_DESIGN, resolveDesignSpec } from '../design/designSpec.js';
import { checkInterim } from '../design/interim.js';
import { resolveParametricParams } from '../model/parametricParams.js';
import { resolveProdermParams } from '../model/prodermParams.js';
import { compileTrial, type CompiledTrial, type ModelSetups, type ModelSpec, type TrialSpec } from '../design/trial.js';
import { compileAnalysisPlan, type AnalysisPlan } from './analysisPlan.js';
import { parseAnalysisSpecs, parseMultiplicitySpec, SpecError } from './spec.js';
import { SpecReader } from './specReader.js';
import { assuranceProblems, type AssuranceSpec } from './assurance.js';

export const MODEL_KINDS = ['proderm', 'parametric'] as const;

export interface KernelSpec {
  readonly trial: TrialSpec;
  readonly compiled: CompiledTrial;
  readonly plan: AnalysisPlan;
  /** The success criterion and design prior (assurance.ts), or null. */
  readonly assurance: AssuranceSpec | null;
}

function fail(where: string, errors: readonly string[]): never {
  throw new SpecError(where, errors.join('; '));
}

/** Model and design from plain data (no analyses): what simulateTrial needs. */
export function parseTrialSpec(raw: unknown): TrialSpec {
  const r = SpecReader.object(raw, 'spec');
  const m = r.child('model');
  m.only(['kind', 'params']);
  const kind = m.oneOf('kind', MODEL_KINDS, 'proderm');
  let model: ModelSpec;
  if (kind === 'proderm') {
    const p = resolveProdermParams(m.raw('params'));
    if (!p.ok) fail('spec.model.params', p.errors);
    model = { kind, params: p.params };
  } else {
    const p = resolveParametricParams(m.raw('params'));
    if (!p.ok) fail('spec.model.params', p.errors);
    model = { kind, params: p.params };
  }
  const d = resolveDesignSpec(r.raw('design'), kind === 'proderm' ? PRODERM_DESIGN : PARAMETRIC_DESIGN);
  if (!d.ok) fail('spec.design', d.errors);
  const design = d.design;
  return { model, design };
}

/**
 * Validate `{ model, design, analyses, multiplicity }` (unknown input), compile
 * the trial and the analysis plan. Throws SpecError (or the model's error for
 * an inconsistent model and design) with the path of the problem. Specs
 * parsed with the same `setups` share the model set-up they have in common.
 */
export function parseKernelSpec(raw: unknown, setups?: ModelSetups): KernelSpec {
  const r = SpecReader.object(raw, 'spec');
  r.only(['model', 'design', 'analyses', 'multiplicity', 'assurance']);
  const trial = parseTrialSpec(raw);
  const compiled = compileTrial(trial, {}, setups);
  const analyses = parseAnalysisSpecs(r.raw('analyses'), 'spec.analyses', compiled.visits);
  const measures = compiled.model.measureIds;
  analyses.forEach((a, i) => {
    const where = `spec.analyses[${i}]`;
    if (!measures.includes(a.endpoint.measure)) {
      throw new SpecError(`${where}.endpoint.measure`, `'${a.endpoint.measure}' is not a measure of the ${compiled.model.kind} model (${measures.join(', ')})`);
    }
    if (a.strata !== null && !measures.includes(a.strata.measure)) {
      throw new SpecError(`${where}.strata.measure`, `'${a.strata.measure}' is not a measure of the ${compiled.model.kind} model (${measures.join(', ')})`);
    }
  });
  const multiplicity = parseMultiplicitySpec(r.raw('multiplicity'), analyses, 'spec.multiplicity');
  if (trial.design.interim !== undefined) {
    const problems = checkInterim(trial.design.interim, analyses);
    if (problems.length > 0) fail('spec', problems);
  }
  const assurance = r.has('assurance') ? (r.raw('assurance') as AssuranceSpec | null) : null;
  if (assurance !== null) {
    if (typeof assurance !== 'object' || typeof assurance.analysis !== 'string' || !Array.isArray(assurance.edges) || assurance.prior === undefined || assurance.estimateBeyond === undefined)
      fail('spec.assurance', ['expected { analysis, estimateBeyond, prior, edges }']);
    const problems = assuranceProblems(assurance, trial.model, analyses.map((a) => a.id));
    if (problems.length > 0) fail('spec', problems);
  }
  return { trial, compiled, plan: compileAnalysisPlan(analyses, multiplicity), assurance };
}
