// The recursion's step (crossing.ts's nextGrid) without a normal density per
// pair of nodes: a speed device, equal to nextGrid within a stated bound
// (test/stats/groupSequentialSweep.test.ts).
//
// nextGrid sums, for each new node a_i, Σ_j w_j exp(−x_j²/2) with
// x_j = (a_i − θΔ − b_j)/√Δ over the previous look's nodes b_j. Within a run
// of the previous grid the b_j are equally spaced (step s), so the x_j are
// too (step d = s/√Δ), and consecutive kernels differ by a factor that
// itself changes by a constant one:
//
//   E_j = exp(−x_j²/2),  E_{j+1} = E_j · R_{j+1},  R_{j+1} = exp(x_j d − d²/2),  R_{j+2} = R_{j+1} · exp(−d²)
//
// (and the mirror image going down). The sweep starts at the node nearest
// the kernel's peak with one exp, walks out both ways with two
// multiplications a node, and stops where the kernel falls below CUT = 1e-20
// (its peak is 1): the terms left out add less than
// CUT · Σ_j w_j ≤ 1e-20 to a sub-density whose total mass is at most 1.
// Rounding in the products grows with the steps walked: about m²·ε relative
// after m steps, under 1e-11 for the few hundred steps a grid has.
import { simpsonNodes, type Grid, type Interval, type Spacing } from './crossing.js';

/** Kernel values below this (its peak is 1) are left out. */
const CUT = 1e-20;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** nextGrid (crossing.ts), computed by the sweep above. */
export function nextGridSweep(prev: Grid, t: number, theta: number, region: readonly Interval[], h: Spacing): Grid {
  const { b, simpson, runs } = simpsonNodes(t, theta, region, h);
  const delta = t - prev.t;
  const sd = Math.sqrt(delta);
  const drift = theta * delta;
  const w = new Float64Array(b.length);
  const pb = prev.b;
  const pw = prev.w;
  const pr = prev.runs;
  for (let i = 0; i < b.length; i++) {
    const target = b[i] - drift;
    let density = 0;
    for (let r = 0; r + 1 < pr.length; r++) {
      const first = pr[r];
      const last = pr[r + 1] - 1;
      if (last < first) continue;
      if (last === first) {
        const x = (target - pb[first]) / sd;
        density += pw[first] * Math.exp(-0.5 * x * x);
        continue;
      }
      const d = (pb[first + 1] - pb[first]) / sd;
      const x0 = (target - pb[first]) / sd; // x_j = x0 − (j − first)·d
      let peak = first + Math.round(x0 / d);
      if (peak < first) peak = first;
      else if (peak > last) peak = last;
      const xp = x0 - (peak - first) * d;
      const ep = Math.exp(-0.5 * xp * xp);
      if (ep < CUT) continue; // the whole run is beyond the kernel's reach
      let sum = pw[peak] * ep;
      const shrink = Math.exp(-d * d);
      // up: x decreases by d a step
      let e = ep;
      let ratio = Math.exp(xp * d - 0.5 * d * d);
      for (let j = peak + 1; j <= last; j++) {
        e *= ratio;
        if (e < CUT) break;
        sum += pw[j] * e;
        ratio *= shrink;
      }
      // down: x increases by d a step
      e = ep;
      ratio = Math.exp(-xp * d - 0.5 * d * d);
      for (let j = peak - 1; j >= first; j--) {
        e *= ratio;
        if (e < CUT) break;
        sum += pw[j] * e;
        ratio *= shrink;
      }
      density += sum;
    }
    w[i] = (simpson[i] * INV_SQRT_2PI * density) / sd;
  }
  return { t, b, w, runs };
}
