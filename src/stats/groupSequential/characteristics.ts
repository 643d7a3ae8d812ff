// Operating characteristics of a group-sequential design at a drift θ (the
// expected z at full information), by the recursion of crossing.ts: the
// probability of stopping for efficacy and for futility at each look, the
// overall rejection probability and the expected information fraction at
// the stop. The futility bounds are applied as run (a non-binding bound
// still stops the trial here); a two-sided design's rejections are counted on
// each side. For a two-arm comparison of means with n patients in all,
// allocation r : 1 − r and SD σ, the drift of a difference δ is
// θ = δ / (σ √(1 / (r n) + 1 / ((1 − r) n))), and the expected number of
// patients is n times the expected information fraction (rpact's
// getPowerMeans with normalApproximation = TRUE).
import { exitAbove, exitBelow, firstGrid, nextGrid, nodeSpacing, type Grid, type Interval } from './crossing.js';

export interface OperatingCharacteristics {
  /** P(stop for efficacy at look k), upper side (the direction of the alternative). */
  readonly efficacyUpper: number[];
  /** Two-sided designs: P(reject at look k on the lower side); zeros for one-sided. */
  readonly efficacyLower: number[];
  /** P(stop for futility at look k) (interim looks; the final look's acceptance is not a stop). */
  readonly futility: number[];
  /** P(reject H0 at some look), both sides of a two-sided design. */
  readonly reject: number;
  /** P(stop before the final look). */
  readonly earlyStop: number;
  /** E[information fraction at the stop]. */
  readonly expectedInformation: number;
}

export function operatingCharacteristics(
  information: readonly number[],
  sided: 1 | 2,
  efficacy: readonly number[],
  futility: readonly (number | null)[] | null,
  theta: number,
): OperatingCharacteristics {
  const t = information;
  const K = t.length;
  const h = nodeSpacing(t);
  const efficacyUpper: number[] = [];
  const efficacyLower: number[] = [];
  const futile: number[] = [];
  let grid: Grid | null = null;
  let expected = 0;
  let reject = 0;
  let early = 0;
  for (let k = 0; k < K; k++) {
    const c = efficacy[k];
    const up = exitAbove(grid, t[k], theta, c);
    const low = sided === 2 ? exitBelow(grid, t[k], theta, -c) : 0;
    efficacyUpper.push(up);
    efficacyLower.push(low);
    reject += up + low;
    if (k < K - 1) {
      const f = futility?.[k] ?? -Infinity;
      let region: Interval[];
      let stopFutile: number;
      if (sided === 1) {
        stopFutile = exitBelow(grid, t[k], theta, f);
        region = [[f, c]];
      } else {
        // two-sided: futility (if any) is an inner band (−f, f)
        stopFutile = f > 0 ? exitBelow(grid, t[k], theta, f) - exitBelow(grid, t[k], theta, -f) : 0;
        region = f > 0 ? [[-c, -f], [f, c]] : [[-c, c]];
      }
      futile.push(stopFutile);
      const stop = up + low + stopFutile;
      early += stop;
      expected += stop * t[k];
      grid = grid === null ? firstGrid(t[k], theta, region, h) : nextGrid(grid, t[k], theta, region, h);
    }
  }
  expected += (1 - early) * t[K - 1];
  return { efficacyUpper, efficacyLower, futility: futile, reject, earlyStop: early, expectedInformation: expected };
}

/** The drift θ of a mean difference δ with SD σ, n patients in all, a share r of them on the treated arm. */
export function driftOfMeans(delta: number, sd: number, n: number, r = 0.5): number {
  return delta / (sd * Math.sqrt(1 / (r * n) + 1 / ((1 - r) * n)));
}
