// Decoding test/fixtures/paper-analysis.json (written by
// test/fixtures/r/paper-analysis.R): R's null is NaN.
import type { Cohort } from '../../src/model/cohort.js';
import { loadFixture } from '../support/fixtures.js';

type Maybe = number | null;

export interface RRecord {
  id: string;
  estimable: number;
  error?: string;
  estimate?: Maybe;
  se?: Maybe;
  ciLower?: Maybe;
  ciUpper?: Maybe;
  p?: Maybe;
  reject?: number;
  rejectAdjusted?: number;
  interactionEstimable: number;
  interactionP?: Maybe;
  interactionReject?: number;
  strata: {
    n0: number;
    n1: number;
    estimable: number;
    estimate?: Maybe;
    se?: Maybe;
    ciLower?: Maybe;
    ciUpper?: Maybe;
    excludesZero?: number;
  }[];
}

interface RCohort {
  n: number;
  visits: number[];
  arm: number[];
  stratum: number[];
  crossoverWeek: Maybe[];
  deteriorationWeek: Maybe[];
  dropoutWeek: Maybe[];
  screened: number;
  measures: Record<string, Maybe[]>;
}

export interface RDataset {
  label: string;
  cohort: RCohort;
  figures: Record<string, Maybe>;
  records: RRecord[];
}

export interface RFixture {
  R: string;
  specs: unknown;
  multiplicity: unknown;
  datasets: RDataset[];
}

export function num(x: Maybe | undefined): number {
  return x === null || x === undefined ? NaN : x;
}

function f64(xs: Maybe[]): Float64Array {
  return Float64Array.from(xs, num);
}

export function cohortOf(c: RCohort): Cohort {
  const measures: Record<string, Float64Array> = {};
  for (const [id, v] of Object.entries(c.measures)) measures[id] = f64(v);
  return {
    n: c.n,
    visits: c.visits,
    arm: Uint8Array.from(c.arm),
    armLabels: ['placebo', 'ivig'],
    stratum: Uint8Array.from(c.stratum),
    crossoverWeek: f64(c.crossoverWeek),
    deteriorationWeek: f64(c.deteriorationWeek),
    dropoutWeek: f64(c.dropoutWeek),
    measures,
    screened: c.screened,
  };
}

export function loadPaperFixture(): RFixture {
  return loadFixture<RFixture>('paper-analysis.json');
}
