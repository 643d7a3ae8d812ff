// Which way is better, for each measure a model simulates: the default
// direction of benefit of an analysis (src/analysis/spec.ts BENEFIT) when the
// scenario does not set `benefit` itself. Power counts only rejections on
// that side (docs/results.md, "Direction").
//
//   ProDERM: CDASI-A, CDASI-D and the two VASs measure disease activity or
//            damage (a fall is a benefit); MMT-8 measures strength and TIS
//            improvement (a rise is a benefit).
//   Parametric: a normal endpoint is read as a score that falls with benefit
//            (an analysis sets `benefit: higher` otherwise), a binary one as a
//            success.
//
// The endpoint type turns the measure's direction into the estimand's: a
// responder by relative reduction is a benefit on a falls-with-benefit
// measure; a responder by threshold (value ≥ threshold) on a
// rises-with-benefit one.
import type { Benefit, EndpointType } from '../analysis/spec.js';
import type { ModelSpec } from '../design/trial.js';

/** ProDERM measures on which a rise is the benefit; the others fall with it. */
const PRODERM_HIGHER_IS_BETTER: readonly string[] = ['mmt8', 'tis'];

/** Whether a rise of the measure itself is a benefit. */
export function measureRisesWithBenefit(model: ModelSpec, measure: string): boolean {
  if (model.kind === 'proderm') return PRODERM_HIGHER_IS_BETTER.includes(measure);
  const endpoint = model.params.endpoints.find((e) => e.id === measure);
  return endpoint?.type === 'binary';
}

/** The direction of benefit of treatment − control for an endpoint of this type on this measure. */
export function benefitOf(model: ModelSpec, measure: string, type: EndpointType): Benefit {
  const rises = measureRisesWithBenefit(model, measure);
  switch (type) {
    case 'change':
    case 'value':
    case 'threshold_responder':
      return rises ? 'higher' : 'lower';
    case 'reduction_responder':
      return rises ? 'lower' : 'higher';
  }
}
