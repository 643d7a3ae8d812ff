// The t quantile of a CI, remembered per df. A simulation asks for
// qt(0.5 + level/2, df) in every replicate with a handful of distinct df
// (n − p moves by a few patients), and qt costs about half a microsecond; the
// remembered value is qt's own, so results are bit-identical.
import { qt } from './studentT.js';

/** Integer df below this are remembered; others (Welch) are computed each time. */
const SLOTS = 2048;

export class TQuantiles {
  /** The probability asked for: 0.5 + level / 2, computed as the callers of qt compute it. */
  readonly p: number;
  private readonly byDf = new Float64Array(SLOTS).fill(NaN);

  /** For two-sided CIs at `level`. */
  constructor(readonly level: number) {
    this.p = 0.5 + level / 2;
  }

  /** qt(0.5 + level / 2, df). */
  at(df: number): number {
    if (df > 0 && df < SLOTS && (df | 0) === df) {
      let q = this.byDf[df];
      if (q !== q) q = this.byDf[df] = qt(this.p, df);
      return q;
    }
    return qt(this.p, df);
  }
}
