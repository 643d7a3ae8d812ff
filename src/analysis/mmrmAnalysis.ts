// MMRM as an analysis method (issue 13, item 5): the estimand's outcome at
// every post-baseline visit up to the week (analysis/estimand.ts), fitted by
// REML with stats/mmrm.ts (arm × visit and baseline × visit, plus the
// randomization stratum with covariates: [baseline, stratum]); the estimate is
// the LS-mean difference at the week with Satterthwaite df. A fit no
// covariance structure of the list converges for is not estimable, with the
// fit's reason.
import type { Workspace, MmrmBuffers } from './workspace.js';
import { quantilesAt } from './workspace.js';
import { mmrm, mmrmWorkspace, type CovarianceStructure } from '../stats/mmrm.js';
import type { StatResult } from '../stats/result.js';
import type { EndpointRules } from './endpoint.js';
import { visitIndex } from './endpoint.js';
import type { AnalysisSpec } from './spec.js';
import type { AnalysisData } from './analyseTrial.js';

/** The workspace's MMRM buffers, (re)made for n patients and the endpoint's visits. */
export function mmrmBuffers(ws: Workspace, n: number, rules: EndpointRules, visits: readonly number[]): MmrmBuffers {
  const K = Math.max(visitIndex(visits, rules.week), 1);
  const have = ws.mmrm;
  if (have !== undefined && have.y.length >= n * K && have.base.length >= n) return have;
  const made: MmrmBuffers = { y: new Float64Array(n * K), base: new Float64Array(n), fit: have?.fit ?? mmrmWorkspace(K) };
  ws.mmrm = made;
  return made;
}

/** Number of strata levels in the first n entries (largest + 1). */
function levels(stratum: Uint8Array, n: number): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (stratum[i] + 1 > k) k = stratum[i] + 1;
  return k;
}

export function mmrmDifference(spec: AnalysisSpec, data: AnalysisData, visits: NonNullable<AnalysisData['visits']>, ws: Workspace): StatResult {
  const n = data.n;
  const K = visits.nVisits;
  const nStrata = spec.covariates.includes('stratum') ? levels(data.stratum, n) : 1;
  const fit = mmrm({
    y: visits.y.length === n * K ? visits.y : visits.y.subarray(0, n * K),
    nVisits: K,
    arm: data.arm.length === n ? data.arm : data.arm.subarray(0, n),
    baseline: visits.base.length === n ? visits.base : visits.base.subarray(0, n),
    ...(nStrata >= 2 ? { stratum: data.stratum.length === n ? data.stratum : data.stratum.subarray(0, n), nStrata } : {}),
    visit: K - 1,
    ...(spec.covariance !== undefined ? { covariance: spec.covariance as readonly CovarianceStructure[] } : {}),
    level: spec.ciLevel,
    quantiles: quantilesAt(ws, spec.ciLevel),
    workspace: ws.mmrm?.fit,
  });
  return fit.difference;
}
