// Minimal typings for the parts of jstat that trialsim calls (jstat ships none).
declare module 'jstat' {
  interface ContinuousDist {
    pdf(x: number, ...params: number[]): number;
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const jStat: {
    normal: ContinuousDist;
    studentt: ContinuousDist;
    chisquare: ContinuousDist;
    centralF: ContinuousDist;
    beta: ContinuousDist;
    gamma: ContinuousDist;
    noncentralt: ContinuousDist;
    binomial: { pdf(k: number, n: number, p: number): number; cdf(k: number, n: number, p: number): number };
    hypgeom: { pdf(k: number, N: number, m: number, n: number): number; cdf(k: number, N: number, m: number, n: number): number };
    ibeta(x: number, a: number, b: number): number;
    ibetainv(p: number, a: number, b: number): number;
    lowRegGamma(a: number, x: number): number;
    gammaln(x: number): number;
    betaln(a: number, b: number): number;
    erf(x: number): number;
    erfc(x: number): number;
  };
  export default jStat;
}
