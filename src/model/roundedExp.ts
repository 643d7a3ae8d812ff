// Math.round(s * Math.exp(z)), the same number, without computing the exp
// in all but a vanishing share of calls.
//
// The ProDERM scores at a visit are the baseline s times exp(z), z the log
// change, rounded to the scale's step (CDASI-A and -D to 1 point, the VAS to
// 0.1 cm: s = 10 * baseline), and only the rounded value is kept. It changes
// where y = s exp(z) crosses m - 1/2, that is where w = z + ln s crosses
// ln(m - 1/2). Those thresholds are tabulated once, on a grid of w fine
// enough that a cell holds at most one of them, so the rounded value is the
// cell's count plus one comparison.
//
// Exactness. Math.exp and Math.log are V8's fdlibm ports (error < 1 ulp), so
// for the computed y = s * Math.exp(z) and w = Math.log(s) + z,
// |ln y - w| < 2e-15 while |ln s| and |w| are below 7.7, and each tabulated threshold is within
// 1e-15 of ln(m - 1/2). A w at least MARGIN = 1e-12 above a threshold thus
// has y > m - 1/2, and one at least MARGIN below has y < m - 1/2: the count
// is Math.round(y), ties included (they fall inside the margin). A w within
// MARGIN of a threshold (about one call in 10^10), outside the table, or not
// a number, and any s outside (0.001, 2000), is computed as Math.round(s * Math.exp(z)).
// Every threshold is over 1e-9 from every cell edge (checked when the table
// is built), so a w on either side of an edge gets the same count.
// test/model/roundedExp.test.ts compares it with the direct formula on
// millions of arguments, thresholds' neighbourhoods included.

const W0 = -1; // below: y < e^-1 · (1 + 1e-15) < 1/2, the value is 0
const STEPS_PER_UNIT = 256; // thresholds are >= ln(128.5 / 127.5) > 1 / 130 apart
const M_MAX = 128; // thresholds for m = 1 .. M_MAX; above ln(M_MAX + 1/2): computed
const W1 = Math.log(M_MAX + 0.5) - 1e-6;
const CELLS = Math.floor((W1 - W0) * STEPS_PER_UNIT);
const MARGIN = 1e-12;

/** Per cell: Math.round(y) at the cell's left edge, and the threshold inside the cell (+Infinity: none). */
const COUNT = new Uint8Array(CELLS);
const THRESHOLD = new Float64Array(CELLS).fill(Infinity);
{
  let m = 0;
  for (let c = 0; c < CELLS; c++) {
    const left = W0 + c / STEPS_PER_UNIT;
    const right = W0 + (c + 1) / STEPS_PER_UNIT;
    while (m < M_MAX && Math.log(m + 0.5) <= left) m++;
    COUNT[c] = m;
    const t = Math.log(m + 0.5);
    if (t < right) {
      if (t - left < 1e-9 || right - t < 1e-9 || (m + 1 < M_MAX && Math.log(m + 1.5) < right)) {
        throw new Error('roundedExp: a cell holds two thresholds or one at its edge');
      }
      THRESHOLD[c] = t;
    }
  }
}

/** Math.round(s * Math.exp(z)), given logS = Math.log(s): the same number (see above). */
export function roundScaledExp(s: number, logS: number, z: number): number {
  const w = logS + z;
  const x = (w - W0) * STEPS_PER_UNIT;
  if (s > 1e-3 && s < 2000) {
    // (|ln s| < 7.7 keeps the error bound above)
    if (x < 0) return 0;
    if (x < CELLS) {
      const c = x | 0;
      const d = w - THRESHOLD[c];
      if (d >= MARGIN) return COUNT[c] + 1;
      if (d <= -MARGIN) return COUNT[c];
    }
  }
  return Math.round(s * Math.exp(z));
}
