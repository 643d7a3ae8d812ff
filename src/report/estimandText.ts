// What an analysis estimates, in words, for summary.json and the report
// (issue 13, item 8): the estimand and its strategy for the switch rule's
// event, or, for an analysis without one, the legacy rules it applies; and,
// where a rule is not an estimand and its truth under the null is not 0, a
// sentence on what its "type I error" then measures.
import type { TruthValue } from '../engine/truth.js';
import type { Scenario } from '../scenario/schema.js';

type ScenarioAnalysis = Scenario['analyses'][number];

const STRATEGY_TEXT: Readonly<Record<string, string>> = {
  treatment_policy: 'treatment policy strategy (values after the event used as observed: after the switch, under the other treatment)',
  hypothetical: 'hypothetical strategy (values after the event set missing, the analysis assuming them missing at random: had nobody been switched)',
  composite: 'composite strategy (the event counts as non-response, or as the stated worst value)',
  while_on_treatment: 'while-on-treatment strategy (the value at the last visit at or before the event)',
};

const STOP_TEXT: Readonly<Record<string, string>> = {
  treatment_policy: 'treatment policy strategy (values off treatment used as observed)',
  hypothetical: 'hypothetical strategy (values after stopping set missing, the analysis assuming them missing at random: had treatment continued)',
  composite: 'composite strategy (stopping counts as non-response, or as the stated worst value)',
  while_on_treatment: 'while-on-treatment strategy (the value at the last visit on treatment)',
};

export interface EstimandText {
  /** The strategy for the switch rule's event, or null: no estimand (the endpoint's named rules). */
  readonly switch: string | null;
  /** The strategy for treatment discontinuation, or null: no estimand, or none given (treatment policy by default). */
  readonly discontinuation: string | null;
  readonly description: string;
  /** Set when the analysis' truth under the null is not 0: what its type I error then means. */
  readonly null_truth_note: string | null;
}

const signed = (x: number, digits = 2): string => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(digits)}`;

export function estimandText(a: ScenarioAnalysis | undefined, nullTruth: TruthValue | null): EstimandText {
  if (a === undefined) return { switch: null, discontinuation: null, description: '', null_truth_note: null };
  const e = a.endpoint;
  const week = e.week ?? 16;
  const what = `the treatment − control difference in ${e.measure} (${e.type ?? 'change'}) at week ${week}`;
  const strategy = a.estimand?.switch ?? (a.method === 'mmrm' ? 'treatment_policy' : null);
  if (strategy !== null) {
    const worst = a.estimand?.worst_value;
    const stop = a.estimand?.discontinuation ?? null;
    const stopText =
      stop === null
        ? ''
        : `; treatment discontinuation (stopping the randomized treatment before week ${week}, either arm; the event is the last visit on treatment) handled by the ${(STOP_TEXT[stop] ?? stop)}`;
    return {
      switch: strategy,
      discontinuation: stop,
      description:
        `Estimand: ${what} over every randomized patient, the intercurrent event (confirmed deterioration before week ${week}, ` +
        `which switches a control patient) handled by the ${STRATEGY_TEXT[strategy] ?? strategy}${stopText}${worst !== undefined ? `, worst value ${worst}` : ''}. ` +
        `Its truth comes from each patient's potential outcomes under both arms; with no treatment effect it is 0 by construction` +
        `${stop !== null && stop !== 'treatment_policy' ? ' when the discontinuation hazard is the same in both arms' : ''}.`,
      null_truth_note:
        nullTruth !== null && nullTruth.value !== 0 && Math.abs(nullTruth.value) > 2 * nullTruth.se
          ? `Under the null (no treatment effect) this estimand's truth is ${signed(nullTruth.value)} ± ${nullTruth.se.toFixed(2)}, not 0: the arms' discontinuation hazards differ, so the arms stop differently even when the treatment does nothing to the outcome. Its type I error is then the rate of rejecting a treatment whose only effect is on stopping.`
          : null,
    };
  }
  const rules = `crossover: ${e.crossover ?? 'default'}, dropout: ${e.dropout ?? 'default'}, deterioration: ${e.deterioration ?? 'default'}`;
  const note =
    nullTruth !== null && nullTruth.value !== 0 && Math.abs(nullTruth.value) > 2 * nullTruth.se
      ? `Not an estimand: under the null (no treatment effect) this rule's "truth" is ${signed(nullTruth.value)} ± ${nullTruth.se.toFixed(2)}, not 0. ` +
        `Its type I error is then the rate of rejecting a treatment with no effect, which the rule's own shift away from 0 inflates or deflates; it is not the error rate of a test of a zero estimand.`
      : null;
  return {
    switch: null,
    discontinuation: null,
    description: `No estimand: ${what} under the endpoint's named (legacy) rules (${rules}); its truth is the same estimator on a very large population of the designed trial.`,
    null_truth_note: note,
  };
}
