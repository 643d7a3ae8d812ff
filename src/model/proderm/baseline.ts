// §2.1 Baseline (Table 1): five correlated latent normals (a Gaussian copula)
// mapped to their measures by quantile tables; zero shares of CDASI-A and
// CDASI-D below a latent threshold; every score on its recording grid.
import { inverseNormal, inverseNormalFast } from '../../random/inverseNormal.js';
import { lowerTimes5 } from '../cholesky.js';
import { betaQuantile, betaShapes, gammaQuantile, gammaShapeScale } from '../prodermMarginals.js';
import type { ProdermParams } from '../prodermParams.js';
import { zLookup, zTable, type ZTable } from '../zTable.js';
import { Draw, Measure } from './patient.js';

export interface BaselineTables {
  readonly aZero: number;
  readonly aTable: ZTable;
  readonly dZero: number;
  readonly dTable: ZTable;
  readonly cutTable: ZTable;
  readonly extTable: ZTable;
  readonly mmtTable: ZTable;
}

/** Quantile tables of the five baseline measures (and the latents below which CDASI-A, CDASI-D are 0). */
export function baselineTables(p: ProdermParams): BaselineTables {
  const zeroZ = (share: number): number => (share > 0 ? inverseNormal(share) : -Infinity);
  const aZero = zeroZ(p.cdasiABaselineZeroShare);
  const [aK, aTheta] = gammaShapeScale(p.cdasiABaselineActiveMean, p.cdasiABaselineActiveSd);
  const a0 = p.cdasiABaselineZeroShare;
  const aTable = zTable((u) => gammaQuantile(u, aK, aTheta), Math.max(-8, aZero), (u) => (u - a0) / (1 - a0));
  const dZero = zeroZ(p.cdasiDBaselineZeroShare);
  const [dK, dTheta] = gammaShapeScale(p.cdasiDBaselinePositiveMean, p.cdasiDBaselinePositiveSd);
  const d0 = p.cdasiDBaselineZeroShare;
  const dTable = zTable((u) => gammaQuantile(u, dK, dTheta), Math.max(-8, dZero), (u) => (u - d0) / (1 - d0));
  const [cA, cB] = betaShapes(p.cutVasBaselineMean, p.cutVasBaselineSd, 0, 10);
  const cutTable = zTable((u) => 10 * betaQuantile(u, cA, cB));
  const eMin = p.extVasBaselineMin;
  const [eA, eB] = betaShapes(p.extVasBaselineMean, p.extVasBaselineSd, eMin, 10);
  const extTable = zTable((u) => eMin + (10 - eMin) * betaQuantile(u, eA, eB));
  const [mK, mTheta] = gammaShapeScale(p.mmt8BaselineDeficitMean, p.mmt8BaselineDeficitSd);
  const mMax = p.mmt8BaselineMax;
  // Increasing in the latent, so that the copula correlations read on the MMT-8 scale.
  const mmtTable = zTable((u) => mMax - gammaQuantile(1 - u, mK, mTheta));

  return { aZero, aTable, dZero, dTable, cutTable, extTable, mmtTable };
}

/** The week-0 values (cohort order; TIS has none) from the patient's uniforms, through the copula with factor `lb`. */
export function baselineGenerator(tables: BaselineTables, lb: Float64Array): (u: Float64Array, out: Float64Array) => void {
  const { aZero, aTable, dZero, dTable, cutTable, extTable, mmtTable } = tables;
  const e = new Float64Array(5);
  const z = new Float64Array(5);
  return (u: Float64Array, out: Float64Array): void => {
    for (let j = 0; j < 5; j++) e[j] = inverseNormalFast(u[Draw.baseline + j]);
    lowerTimes5(lb, e, z);
    const a = z[0] < aZero ? 0 : Math.min(100, Math.max(1, Math.ceil(zLookup(aTable, z[0]))));
    out[Measure.cdasiA] = a;
    out[Measure.cdasiD] = z[1] < dZero ? 0 : Math.min(32, Math.max(1, Math.ceil(zLookup(dTable, z[1]))));
    // No skin activity, no cutaneous activity: the 4 CDASI-A zeros are among the 5 VAS <= 0.2.
    out[Measure.cutVas] = a === 0 ? 0 : Math.round(10 * zLookup(cutTable, z[2])) / 10;
    out[Measure.extVas] = Math.round(10 * zLookup(extTable, z[3])) / 10;
    out[Measure.mmt8] = Math.max(0, Math.round(zLookup(mmtTable, z[4])));
    out[Measure.tis] = NaN;
  };
}
