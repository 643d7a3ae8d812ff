// Which simulated values a kernel's analyses read, so the model can skip the
// others: an analysis reads its measure at its week, and what its rules read
// besides (the table of endpointRules.ts: every visit before the week under
// dropout 'locf', a switched patient's switch visit under crossover 'locf').
// Baselines are always there.
import type { ValueNeeds } from '../model/compiledModel.js';
import { retargetTrial, type CompiledTrial } from '../design/trial.js';
import { ENDPOINT_RULES } from './endpointRules.js';
import type { AnalysisSpec } from './spec.js';

export function valueNeeds(analyses: readonly AnalysisSpec[], measureIds: readonly string[], visits: readonly number[]): ValueNeeds {
  const V = visits.length;
  const at = new Uint8Array(measureIds.length * V);
  const atSwitch = new Uint8Array(measureIds.length);
  for (const a of analyses) {
    const ep = a.endpoint;
    const m = measureIds.indexOf(ep.measure);
    const k = visits.indexOf(ep.week);
    if (m < 0 || k < 0) continue; // not analysable; analyseTrial reports it
    at[m * V + k] = 1;
    if (ENDPOINT_RULES.dropout[ep.dropout].readsEarlierVisits) for (let j = 1; j < k; j++) at[m * V + j] = 1;
    // An estimand (while on treatment: the value at the event) and the MMRM read every visit up to the week.
    if (a.estimand !== undefined) for (let j = 1; j < k; j++) at[m * V + j] = 1;
    if (ENDPOINT_RULES.crossover[ep.crossover].readsSwitchVisit) atSwitch[m] = 1;
  }
  return { nVisits: V, at, atSwitch };
}

/**
 * The trial as the analyses need it: visits up to the last week analysed
 * (never before the primary week), only the values read. The same patients,
 * every computed value the full trial's.
 */
export function analysedTrial(compiled: CompiledTrial, analyses: readonly AnalysisSpec[], sampleSize?: number): CompiledTrial {
  let lastWeek = 0;
  for (const a of analyses) lastWeek = Math.max(lastWeek, a.endpoint.week);
  const visits = compiled.visits.filter((w) => w <= Math.max(lastWeek, compiled.model.primaryWeek));
  return retargetTrial(compiled, { throughWeek: lastWeek, needs: valueNeeds(analyses, compiled.model.measureIds, visits), sampleSize });
}
