// exp(x) as V8's Math.exp computes it (V8's port of fdlibm's e_exp.c, Sun
// Microsystems 1993, in src/base/ieee754.cc), written in JavaScript so that
// the compiler inlines it: Math.exp is a call into C, and in the model's visit
// loop every such call saves and restores the loop's many live doubles.
// Bit-identical to Math.exp (tested on tens of millions of arguments and the
// thresholds below); arguments outside (-700, 700) and NaN go to Math.exp.

const HALF_LN2_HW = wordsToDouble(0x3fd62e43, 0); // |x| > 0.5 ln2, compared on the high word as fdlibm does
const THREE_HALVES_LN2_HW = wordsToDouble(0x3ff0a2b2, 0); // |x| < 1.5 ln2, likewise
const TWO_M28 = wordsToDouble(0x3e300000, 0); // 2^-28
const LN2_HI = 6.9314718036912381649e-1;
const LN2_LO = 1.90821492927058770002e-10;
const INV_LN2 = 1.442695040888963387;
const P1 = 1.66666666666666019037e-1;
const P2 = -2.77777777770155933842e-3;
const P3 = 6.61375632143793436117e-5;
const P4 = -1.65339022054652515390e-6;
const P5 = 4.13813679705723846039e-8;
const E = 2.718281828459045;
/** 2^k for k in [-1023, 1023], at index k + 1023. */
const POW2 = new Float64Array(2047);
for (let k = -1022; k <= 1023; k++) POW2[k + 1023] = wordsToDouble((0x3ff + k) << 20, 0);

function wordsToDouble(hi: number, lo: number): number {
  const v = new DataView(new ArrayBuffer(8));
  v.setUint32(0, hi >>> 0);
  v.setUint32(4, lo >>> 0);
  return v.getFloat64(0);
}

export function fdlibmExp(x: number): number {
  const ax = x < 0 ? -x : x;
  if (!(ax < 700)) return Math.exp(x); // overflow, underflow, ±Infinity, NaN
  let hi = 0;
  let lo = 0;
  let k = 0;
  if (ax >= HALF_LN2_HW) {
    if (ax < THREE_HALVES_LN2_HW) {
      if (x === 1) return E; // V8's special case
      if (x >= 0) {
        hi = x - LN2_HI;
        lo = LN2_LO;
        k = 1;
      } else {
        hi = x + LN2_HI;
        lo = -LN2_LO;
        k = -1;
      }
    } else {
      k = (INV_LN2 * x + (x < 0 ? -0.5 : 0.5)) | 0; // truncation, as C's (int)
      hi = x - k * LN2_HI; // exact
      lo = k * LN2_LO;
    }
    x = hi - lo;
  } else if (ax < TWO_M28) {
    return 1 + x;
  }
  const t = x * x;
  const c = x - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
  if (k === 0) return 1 - ((x * c) / (c - 2.0) - x);
  const y = 1 - (lo - (x * c) / (2.0 - c) - hi);
  return y * POW2[k + 1023];
}
