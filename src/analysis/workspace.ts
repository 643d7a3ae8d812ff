// Scratch buffers for analysing one trial, created once per kernel and reused
// for every replicate, so the per-replicate analysis allocates almost nothing
// (the statistics' small result records aside).
import { TQuantiles } from '../stats/distributions/tQuantiles.js';
import type { MmrmWorkspace } from '../stats/mmrm.js';

export interface Workspace {
  /** Patients the buffers hold. */
  capacity: number;
  /** Endpoint per patient (NaN = not analysed). */
  y: Float64Array;
  /** Its baseline. */
  base: Float64Array;
  /** Baseline of the strata measure when it differs from the endpoint's. */
  strataBase: Float64Array;
  /** Stratum index per patient (-1 = none). */
  stratumIndex: Int8Array;
  /** Endpoint restricted to patients in a stratum (interaction model). */
  yInStratum: Float64Array;
  /** Stratum index clamped to >= 0 (the interaction model's factor). */
  stratumFactor: Uint8Array;
  /** Values of the treatment and control arm, packed (two-sample tests). */
  group1: Float64Array;
  group0: Float64Array;
  /** Cell sizes, then ends, of the stratum × arm cells (strata analyses; grown as needed). */
  cells: Int32Array;
  /** 2×2 tables per randomization stratum, [a, b, c, d] each (CMH). */
  tables: Float64Array;
  /** p-values of the analyses (multiplicity), and of the family in family order. */
  p: Float64Array;
  familyP: Float64Array;
  /** Remembered CI t quantiles, by CI level. */
  quantiles: Map<number, TQuantiles>;
  /** MMRM analyses: made on first use (analysis/mmrmAnalysis.ts). */
  mmrm?: MmrmBuffers;
}

/** The MMRM's data and scratch: outcomes per patient and visit, baselines, the fit's workspace. */
export interface MmrmBuffers {
  y: Float64Array;
  base: Float64Array;
  fit: MmrmWorkspace;
}

/** Randomization strata the CMH tables can hold. */
const MAX_TABLES = 64;

export function createWorkspace(capacity: number, analyses: number, family: number): Workspace {
  return {
    capacity,
    y: new Float64Array(capacity),
    base: new Float64Array(capacity),
    strataBase: new Float64Array(capacity),
    stratumIndex: new Int8Array(capacity),
    yInStratum: new Float64Array(capacity),
    stratumFactor: new Uint8Array(capacity),
    group1: new Float64Array(capacity),
    group0: new Float64Array(capacity),
    cells: new Int32Array(16),
    tables: new Float64Array(4 * MAX_TABLES),
    p: new Float64Array(analyses),
    familyP: new Float64Array(family),
    quantiles: new Map(),
  };
}

/** The remembered t quantiles at a CI level. */
export function quantilesAt(ws: Workspace, level: number): TQuantiles {
  let q = ws.quantiles.get(level);
  if (q === undefined) {
    q = new TQuantiles(level);
    ws.quantiles.set(level, q);
  }
  return q;
}

/** The first `length` cell counters, zeroed. */
export function cellBuffer(ws: Workspace, length: number): Int32Array {
  if (ws.cells.length < length) ws.cells = new Int32Array(length);
  ws.cells.fill(0, 0, length);
  return ws.cells;
}

/** The workspace itself when it holds n patients, else a larger one (a design with more patients than expected). */
export function ensureCapacity(ws: Workspace, n: number): Workspace {
  if (n <= ws.capacity) return ws;
  const grown = createWorkspace(Math.max(n, 2 * ws.capacity), ws.p.length, ws.familyP.length);
  grown.quantiles = ws.quantiles;
  return grown;
}

export const MAX_RANDOMIZATION_STRATA = MAX_TABLES;
