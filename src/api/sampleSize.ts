// findSampleSize: the smallest sample size at which an analysis reaches a
// target power. Every candidate size is run on the same replicate indices
// with the same seed, so trial i has the same patients at every size (common
// random numbers, src/model/trial.ts): the estimated power curve is then
// nearly monotone in n, and comparisons between sizes are far sharper than
// their separate Monte Carlo errors suggest.
//
// Search over integers: from the scenario's own size, double up (or halve
// down) until the target is bracketed, then bisect. Power counts a trial in
// which the analysis was not estimable as not rejecting, and is taken after
// the scenario's multiplicity procedure. For a group-sequential design whose
// looks run the analysis, power is the design's power as run (interim stops
// included) and the size found is the maximum sample size.
import { runDesigns } from '../engine/run.js';
import type { DesignPoint } from '../scenario/expandDesigns.js';
import { UsageError } from './errors.js';
import { KERNEL_ID, KERNEL_MODULE } from './kernel.js';
import { MSG } from './messages.js';
import { checkWorkers } from './limits.js';
import { fractionOption, integerOption } from './options.js';
import { loadSource, type ScenarioOptions, type ScenarioSource } from './source.js';
import { silentProgress } from '../engine/progress.js';
import { scenarioHash } from '../scenario/scenarioHash.js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { hashOf } from '../engine/identity.js';
import { writeFileAtomic } from '../engine/folderFiles.js';
import { DEFAULT_RESULTS_ROOT } from './runFolder.js';
import { VERSION } from '../version.js';

export interface SampleSizeOptions extends ScenarioOptions {
  /** The analysis whose power is targeted (its id). */
  readonly analysis: string;
  /** Target power, e.g. 0.9. */
  readonly power: number;
  /** Smallest size searched (per arm for equal allocation, else in total; default 2 per arm). */
  readonly min?: number;
  /** Largest size searched (default 5000 per arm). */
  readonly max?: number;
  /** Worker threads (default: available parallelism). */
  readonly workers?: number;
  /** Hears each size as its power is estimated. */
  readonly onEvaluate?: (point: PowerAt) => void;
  readonly signal?: AbortSignal;
}

export interface PowerAt {
  /** The searched size: per arm (equal allocation) or in total. */
  readonly n: number;
  /** Planned patients per arm (total split by the allocation ratio). */
  readonly arms: { readonly control: number; readonly treatment: number };
  readonly power: number;
  /** Monte Carlo SE of the power, √(p(1 − p)/R). */
  readonly mcse: number;
  readonly replicates: number;
  /** Share of replicates without a test (counted as not rejecting). */
  readonly untested: number;
  /** Share of replicates whose estimate and interval were not estimable (their tests still count). */
  readonly notEstimable: number;
  /**
   * A group-sequential design (design.interim on this analysis): `power` is
   * its power as run, n its maximum size, and this the expected number of
   * patients analysed at the stop.
   */
  readonly expectedN?: number;
}

export interface SampleSizeOutcome {
  /** The scenario searched (its name and resolved hash, as a run folder's). */
  readonly scenarioName: string;
  readonly scenarioHash: string;
  readonly analysis: string;
  readonly target: number;
  /** What n counts: patients per arm (equal allocation) or in total (unequal). */
  readonly unit: 'per_arm' | 'total';
  readonly allocation: { readonly control: number; readonly treatment: number };
  /** False when even `max` does not reach the target. */
  readonly found: boolean;
  /** The smallest size reaching the target (null when not found). */
  readonly n: number | null;
  /** Power at n (or at max, when not found). */
  readonly at: PowerAt;
  /** Power at n − 1 (the next size down), or null when n is the smallest searched. */
  readonly below: PowerAt | null;
  /** The target lies within 2 MCSE of the power at n or at n − 1: n is uncertain by the MC error. */
  readonly withinTwoMcse: boolean;
  /** Local slope of the power curve (per unit of n) and 2 MCSE of power in units of n: the MC uncertainty of n. */
  readonly slope: number | null;
  readonly uncertainty: number | null;
  /** Every size evaluated, by n. */
  readonly evaluated: readonly PowerAt[];
  readonly replicates: number;
  readonly seed: number;
  /** One or two sentences a person can act on. */
  readonly verdict: string;
}

const fmt = (x: number, d = 3): string => x.toFixed(d);

/**
 * Search the smallest sample size at which `analysis` has power ≥ `power`.
 *
 * @example
 * const s = await findSampleSize('scenarios/parametric_textbook.yaml', { analysis: 'ttest', power: 0.9, replicates: 4000 });
 * console.log(s.n, s.at.power, s.at.mcse, s.verdict);
 */
export async function findSampleSize(source: ScenarioSource, options: SampleSizeOptions): Promise<SampleSizeOutcome> {
  const base = loadSource(source, options);
  const target = fractionOption('power', options.power);
  const ids = base.scenario.analyses.map((a) => a.id);
  if (!ids.includes(options.analysis)) throw new UsageError(MSG.unknownAnalysis(options.analysis, ids));
  const workers = options.workers === undefined ? undefined : integerOption('workers', options.workers, 1, 1024);
  if (workers !== undefined) checkWorkers(workers);
  const [c, t] = base.designs[0].spec.design.allocationRatio;
  const equal = c === t;
  const unit = equal ? 'per_arm' : 'total';
  const min = integerOption('min', options.min ?? (equal ? 2 : 2 * (c + t)), equal ? 1 : 2);
  const max = integerOption('max', options.max ?? (equal ? 5000 : 5000 * (c + t)), 1, equal ? 100_000 : 200_000);
  if (min > max) throw new UsageError(MSG.minAboveMax(min, max));
  const sizeSets = (n: number): string[] =>
    equal ? [`design.n_per_arm=${n}`] : [`design.sample_size=${n}`, `design.allocation={control: ${c}, treatment: ${t}}`];
  const armsOf = (n: number): PowerAt['arms'] =>
    equal ? { control: n, treatment: n } : { control: (n * c) / (c + t), treatment: (n * t) / (c + t) };
  const { seed, replicates } = base.scenario;

  const pointAt = (n: number): DesignPoint => {
    const loaded = loadSource({ text: base.text, file: base.file }, options, sizeSets(n));
    if (loaded.designs.length !== 1) throw new UsageError(MSG.searchNeedsOnePoint(loaded.designs.map((d) => d.id)));
    return loaded.designs[0];
  };
  const cache = new Map<number, PowerAt>();
  const powerAt = async (n: number): Promise<PowerAt> => {
    const hit = cache.get(n);
    if (hit !== undefined) return hit;
    const point = pointAt(n);
    const result = await runDesigns({
      kernelModule: KERNEL_MODULE,
      kernelId: KERNEL_ID,
      seed,
      replicates,
      nullRun: false,
      family: [...point.spec.multiplicity.family],
      workers,
      progress: silentProgress,
      signal: options.signal,
      designs: [{ id: `n=${n}`, spec: point.spec }],
    });
    const oc = result.designs[0].alternative;
    const a = oc.analyses.find((x) => x.id === options.analysis);
    if (a === undefined) throw new Error(`sample-size: internal error: the run has no analysis ${options.analysis}`);
    // The run's own power (engine/summarize.ts rejectionRate), not a second definition.
    // A group-sequential design's looks on this analysis: its power as run, and n is the maximum size.
    const seq = oc.sequential !== undefined && oc.sequential.analysis === options.analysis ? oc.sequential : null;
    const power = seq?.rejection ?? a.rejection.adjusted;
    const at: PowerAt = {
      n,
      arms: armsOf(n),
      power: power.estimate ?? 0,
      mcse: power.mcse ?? NaN,
      replicates: oc.replicates,
      untested: a.untested.share,
      notEstimable: a.notEstimable.share,
      ...(seq !== null && seq.expectedAnalysed.estimate !== null ? { expectedN: seq.expectedAnalysed.estimate } : {}),
    };
    cache.set(n, at);
    options.onEvaluate?.(at);
    return at;
  };
  const reaches = async (n: number): Promise<boolean> => (await powerAt(n)).power >= target;

  // Bracket: lo misses the target (or is below min), hi reaches it.
  const scenarioSize = equal ? base.designs[0].spec.design.sampleSize / 2 : base.designs[0].spec.design.sampleSize;
  const start = Math.min(max, Math.max(min, Math.round(scenarioSize)));
  let lo: number;
  let hi: number | null;
  if (await reaches(start)) {
    hi = start;
    lo = min - 1;
    for (let n = start; n > min; ) {
      n = Math.max(min, Math.floor(n / 2));
      if (await reaches(n)) hi = n;
      else {
        lo = n;
        break;
      }
    }
  } else {
    lo = start;
    hi = null;
    for (let n = start; n < max; ) {
      n = Math.min(max, 2 * n);
      if (await reaches(n)) {
        hi = n;
        break;
      }
      lo = n;
    }
  }
  if (hi !== null) {
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (await reaches(mid)) hi = mid;
      else lo = mid;
    }
  }

  const evaluated = [...cache.values()].sort((x, y) => x.n - y.n);
  const found = hi !== null;
  const at = cache.get(hi ?? max) ?? (await powerAt(hi ?? max));
  const below = found && hi! > min ? (cache.get(hi! - 1) ?? (await powerAt(hi! - 1))) : null;
  const near = (x: PowerAt | null): boolean => x !== null && Math.abs(x.power - target) <= 2 * x.mcse;
  const withinTwoMcse = near(at) || near(below);
  const slope = localSlope(evaluated, at.n);
  const uncertainty = slope === null ? null : (2 * at.mcse) / slope;
  return {
    scenarioName: base.scenario.name,
    scenarioHash: scenarioHash(base.scenario),
    analysis: options.analysis,
    target,
    unit,
    allocation: { control: c, treatment: t },
    found,
    n: hi,
    at,
    below,
    withinTwoMcse,
    slope,
    uncertainty,
    evaluated,
    replicates,
    seed,
    verdict: verdict(found, target, at, below, withinTwoMcse, uncertainty, unit),
  };
}

/**
 * Least-squares slope of power against n over the sizes evaluated near n
 * (within a quarter of n, at least 2 either way); null when it is not positive.
 */
function localSlope(points: readonly PowerAt[], n: number): number | null {
  const span = Math.max(2, Math.round(n / 4));
  const near = points.filter((p) => Math.abs(p.n - n) <= span);
  if (near.length < 2) return null;
  const mx = near.reduce((s, p) => s + p.n, 0) / near.length;
  const my = near.reduce((s, p) => s + p.power, 0) / near.length;
  let sxy = 0;
  let sxx = 0;
  for (const p of near) {
    sxy += (p.n - mx) * (p.power - my);
    sxx += (p.n - mx) * (p.n - mx);
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return b > 0 ? b : null;
}

function verdict(found: boolean, target: number, at: PowerAt, below: PowerAt | null, within: boolean, uncertainty: number | null, unit: 'per_arm' | 'total'): string {
  const what = unit === 'per_arm' ? 'per arm' : 'in total';
  if (!found) return `Power ${fmt(at.power)} ± ${fmt(at.mcse, 4)} at the largest size searched (${at.n} ${what}) is below the target ${target}; raise --max.`;
  const plusMinus = uncertainty === null ? '' : ` (about ±${Math.max(1, Math.ceil(uncertainty))} ${unit === 'per_arm' ? 'per arm' : 'patients'})`;
  if (below === null) return `The smallest size searched (${at.n} ${what}) already reaches the target ${target}; lower --min to look further down.`;
  if (within)
    return (
      `The target ${target} lies within 2 MCSE of the power at ${at.n} or at ${below.n}, so the answer is only as sharp as the Monte Carlo error${plusMinus}; ` +
      `raise --replicates for a sharper answer.`
    );
  return `The power at ${below.n} is more than 2 MCSE below the target and the power at ${at.n} more than 2 MCSE above it: ${at.n} is the answer up to the Monte Carlo error of the curve${plusMinus}.`;
}

/** The file a sample-size search writes into its folder. */
export const SAMPLE_SIZE_FILE = 'sample-size.json';
export const SAMPLE_SIZE_FORMAT = 'trialsim-sample-size/1';

/** The default folder of a search: results/<scenario>-sample-size-<analysis>-<hash of what was searched>. */
export function defaultSampleSizeDir(s: SampleSizeOutcome, root = DEFAULT_RESULTS_ROOT): string {
  const key = hashOf({ scenario: s.scenarioHash, analysis: s.analysis, target: s.target, evaluated: s.evaluated.map((p) => p.n), replicates: s.replicates, seed: s.seed });
  return join(root, `${s.scenarioName}-sample-size-${s.analysis}-${key.slice(0, 8)}`);
}

/** sample-size.json's text: the outcome as `--json` prints it, under a format line and the version. */
export function sampleSizeJson(s: SampleSizeOutcome): string {
  return JSON.stringify({ format: SAMPLE_SIZE_FORMAT, trialsimVersion: VERSION, ...s }, null, 2) + '\n';
}

/**
 * Write the search's result into `dir` (created if need be) as
 * sample-size.json, atomically: the file is whole or absent. Returns its path.
 */
export function writeSampleSize(dir: string, s: SampleSizeOutcome): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, SAMPLE_SIZE_FILE);
  writeFileAtomic(path, sampleSizeJson(s));
  return path;
}
