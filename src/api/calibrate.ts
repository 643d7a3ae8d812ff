// calibrateModel: the virtual ProDERM cohort against the published figures.
// K simulated trials of the size that was run (47 + 48), the paper's full
// analysis on each, and every figure of data/proderm-targets.yaml beside its
// simulated distribution (src/analysis/calibrate.ts does the work; this
// reads the targets, summarises, and writes the files).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { calibrate } from '../analysis/calibrate.js';
import { publishedTargets } from '../analysis/publishedTargets.js';
import { UsageError } from './errors.js';
import { MSG } from './messages.js';
import type { CalibrationResult, CalibrationRow } from '../analysis/calibrationTable.js';
import { DEFAULT_CALIBRATION_SEED, DEFAULT_CALIBRATION_TRIALS } from './defaults.js';
import { integerOption } from './options.js';
import { TARGETS_FILE } from './kernel.js';
import { holdFolder, renderCalibrationFiles } from './render.js';
import { DEFAULT_RESULTS_ROOT, writeAtomic } from './runFolder.js';
import { readTextFile } from './source.js';

export { DEFAULT_CALIBRATION_TRIALS, DEFAULT_CALIBRATION_SEED };
export const CALIBRATION_CSV = 'calibration.csv';

export interface CalibrateModelOptions {
  /** Simulated trials (default 1000). */
  readonly trials?: number;
  /** Default 20230964. */
  readonly seed?: number;
  /** Path of the published figures (default: data/proderm-targets.yaml of this install). */
  readonly targets?: string;
  /** Folder for calibration.json, calibration.csv and the plot (calibration.vl.json, calibration.svg); default results/calibration; null: write nothing. */
  readonly outDir?: string | null;
  /** Called after each simulated trial. */
  readonly onTrial?: (done: number, total: number) => void;
}

export interface CalibrationGroup {
  /** Figures compared. */
  readonly figures: number;
  /** Of those, published value inside the simulated central 95%. */
  readonly inside: number;
}

export interface CalibrationSummary {
  /** Figures the model was calibrated to. */
  readonly calibration: CalibrationGroup;
  /** The held-out `validation_only` figures. */
  readonly validation: CalibrationGroup;
  /** Headline figures that are printed numbers: how near the simulated centre they are. */
  readonly headline: CalibrationGroup & {
    /** Mean and largest |published − simulated mean| / simulated SD. */
    readonly meanAbsZ: number;
    readonly maxAbsZ: number;
    /** The farthest few, farthest first. */
    readonly farthest: readonly { readonly path: string; readonly z: number }[];
  };
  /** Published figures the model cannot produce. */
  readonly skipped: number;
}

export interface CalibrationOutcome {
  readonly result: CalibrationResult;
  readonly summary: CalibrationSummary;
  /** Files written (calibration.json, calibration.csv, the plot), or empty. */
  readonly files: readonly string[];
  readonly outDir: string | null;
}

function group(rows: readonly CalibrationRow[]): CalibrationGroup {
  return { figures: rows.length, inside: rows.filter((r) => r.inside).length };
}

export function summarizeCalibration(result: CalibrationResult): CalibrationSummary {
  const rows = result.rows.filter((r) => r.trials > 0);
  const headline = rows.filter((r) => r.headline && r.relation === '=' && Number.isFinite(r.z));
  const absZ = headline.map((r) => Math.abs(r.z));
  return {
    calibration: group(rows.filter((r) => !r.heldOut)),
    validation: group(rows.filter((r) => r.heldOut)),
    headline: {
      ...group(headline),
      meanAbsZ: absZ.length > 0 ? absZ.reduce((s, z) => s + z, 0) / absZ.length : NaN,
      maxAbsZ: absZ.length > 0 ? Math.max(...absZ) : NaN,
      farthest: [...headline]
        .sort((a, b) => Math.abs(b.z) - Math.abs(a.z))
        .slice(0, 5)
        .map((r) => ({ path: r.path, z: r.z })),
    },
    skipped: result.skipped.length + (result.rows.length - rows.length),
  };
}

const CSV_COLUMNS = ['path', 'section', 'headline', 'relation', 'published', 'trials', 'not_estimable', 'mean', 'sd', 'lower_2.5', 'upper_97.5', 'inside', 'z', 'share_satisfying'] as const;

function csvNumber(x: number): string {
  return Number.isFinite(x) ? String(x) : '';
}

/** One line per compared figure, then the skipped ones with their reason. */
export function calibrationCsv(result: CalibrationResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const r of result.rows) {
    lines.push(
      [
        r.path,
        r.heldOut ? 'validation' : 'calibration',
        r.headline ? 'yes' : 'no',
        r.relation,
        csvNumber(r.published),
        String(r.trials),
        String(r.notEstimable),
        csvNumber(r.mean),
        csvNumber(r.sd),
        csvNumber(r.lower),
        csvNumber(r.upper),
        r.inside ? 'yes' : 'no',
        csvNumber(r.z),
        csvNumber(r.shareSatisfying),
      ].join(','),
    );
  }
  return lines.join('\n') + '\n';
}

/** The parsed targets document, checked to be one; a bad file is a UsageError. */
function readTargets(file: string): unknown {
  const text = readTextFile(file, 'published targets');
  try {
    const doc: unknown = parse(text);
    publishedTargets(doc);
    return doc;
  } catch (e) {
    throw new UsageError(MSG.badTargets(file, e instanceof Error ? e.message : String(e)));
  }
}

/**
 * Simulate K ProDERM trials as run, analyse each as the paper did, and set
 * every published figure beside its simulated distribution.
 *
 * @example
 * const { summary } = await calibrateModel({ trials: 200, outDir: null });
 * console.log(summary.headline.inside, 'of', summary.headline.figures, 'headline figures inside');
 */
export async function calibrateModel(options: CalibrateModelOptions = {}): Promise<CalibrationOutcome> {
  const trials = integerOption('trials', options.trials ?? DEFAULT_CALIBRATION_TRIALS, 2, 10_000_000);
  const seed = integerOption('seed', options.seed ?? DEFAULT_CALIBRATION_SEED, 0, 4294967295);
  const targetsFile = options.targets ?? TARGETS_FILE;
  const targets = readTargets(targetsFile);
  const result = calibrate({ trials, seed, targets, onTrial: options.onTrial === undefined ? undefined : (done) => options.onTrial?.(done, trials) });
  const summary = summarizeCalibration(result);
  const outDir = options.outDir === null ? null : (options.outDir ?? join(DEFAULT_RESULTS_ROOT, 'calibration'));
  const files: string[] = [];
  if (outDir !== null) {
    mkdirSync(outDir, { recursive: true });
    // the folder is this process's while it writes: two calibrations into one folder would mix their files
    const lock = holdFolder(outDir);
    try {
      files.push(...(await renderCalibrationFiles(result, outDir)));
      const csv = join(outDir, CALIBRATION_CSV);
      writeAtomic(csv, calibrationCsv(result));
      files.push(csv);
    } finally {
      lock.release();
    }
  }
  return { result, summary, files, outDir };
}
