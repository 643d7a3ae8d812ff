// renderResults: a results folder's result.json and saved scenario -> the
// files a person reads (summary.json, summary.csv, plots/, report.html). The
// report layer (src/report/) makes them as text; this module reads the
// folder and writes them. The report layer pulls in vega, so it is imported
// when something is rendered, not when the CLI starts.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CalibrationResult } from '../analysis/calibrationTable.js';
import { FolderProblem } from '../engine/errors.js';
import { lockFolder, type FolderLock } from '../engine/folderFiles.js';
import { RESULT_FILE, RESULT_FORMAT, type RunResult } from '../engine/runResult.js';
import { expandDesigns } from '../scenario/expandDesigns.js';
import { formatError } from '../scenario/scenarioError.js';
import { loadScenario } from '../scenario/loadScenario.js';
import { scenarioHash } from '../scenario/scenarioHash.js';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';
import { UsageError } from './errors.js';
import { MSG } from './messages.js';
import { factsNow, readRunInfo, RUN_FILE, SCENARIO_FILE, writeAtomic, type RunFacts } from './runFolder.js';

export interface RenderedResults {
  readonly dir: string;
  /** report.html. */
  readonly report: string;
  /** Every file written. */
  readonly files: readonly string[];
}

/** result.json of a results folder, checked to be an engine result. */
export function readRunResult(dir: string): RunResult {
  let text: string;
  try {
    text = readFileSync(join(dir, RESULT_FILE), 'utf8');
  } catch {
    throw new UsageError(MSG.noResult(dir));
  }
  let x: unknown;
  try {
    x = JSON.parse(text);
  } catch {
    throw new UsageError(MSG.notARunFolder(dir, `${RESULT_FILE} is not JSON`));
  }
  if (!isRunResult(x)) throw new UsageError(MSG.notARunFolder(dir, `${RESULT_FILE} is not a ${RESULT_FORMAT} result`));
  return x;
}

/**
 * The fields that identify an engine result. The rest of the record is the
 * engine's own output format (result.json is written by this program only),
 * and the report layer checks the designs against the scenario's.
 */
function isRunResult(x: unknown): x is RunResult {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as Record<string, unknown>;
  return (
    r.format === RESULT_FORMAT &&
    typeof r.identity === 'string' &&
    typeof r.seed === 'number' &&
    typeof r.replicates === 'number' &&
    Array.isArray(r.designs) &&
    r.designs.every((d: unknown) => typeof d === 'object' && d !== null && typeof (d as Record<string, unknown>).id === 'string')
  );
}

/** The resolved scenario saved in a results folder. */
export function readSavedScenario(dir: string): Scenario {
  let text: string;
  try {
    text = readFileSync(join(dir, SCENARIO_FILE), 'utf8');
  } catch {
    throw new UsageError(MSG.noScenarioSaved(dir));
  }
  const r = loadScenario(text, join(dir, SCENARIO_FILE));
  if (!r.ok) throw new UsageError(MSG.savedScenarioInvalid(dir, r.errors.map(formatError).join('\n')));
  return r.scenario;
}

/** Write files given by path relative to dir, each atomically; the paths written. */
function writeAll(dir: string, files: Readonly<Record<string, string>>): string[] {
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeAtomic(path, text);
    written.push(path);
  }
  return written;
}

/**
 * Write summary.json, summary.csv, the plots and report.html of a results
 * folder from its result.json and scenario.yaml: what `trialsim report` does,
 * and what a run does when it ends. The report states the facts recorded in
 * run.json when the run finished (command line, date), or `facts` when given.
 *
 * @example
 * const { report } = await renderResults('results/proderm-1a2b3c4d');
 */
export async function renderResults(dir: string, facts?: RunFacts): Promise<RenderedResults> {
  readRunResult(dir); // a folder without a result is said so before it is locked
  const lock = holdFolder(dir);
  try {
    return await renderFolder(dir, facts);
  } finally {
    lock.release();
  }
}

/** Lock a folder for this process, or a UsageError naming its holder (another process has it, or it cannot be written). */
export function holdFolder(dir: string): FolderLock {
  try {
    return lockFolder(dir);
  } catch (e) {
    throw e instanceof FolderProblem ? new UsageError(e.message) : e;
  }
}

/** renderResults in a folder the caller has locked (a run or merge rendering what it wrote). */
export async function renderFolder(dir: string, facts?: RunFacts): Promise<RenderedResults> {
  const result = readRunResult(dir);
  const scenario = readSavedScenario(dir);
  const info = existsSync(join(dir, RUN_FILE)) ? readRunInfo(dir) : null;
  const recorded = info?.facts;
  const designs = expandDesigns(scenario);
  // scenario.yaml must be the run's own: the report prints it beside the run's numbers.
  const ids = designs.map((d) => d.id);
  const runIds = result.designs.map((d) => d.id);
  if (ids.length !== runIds.length || ids.some((id, i) => id !== runIds[i])) {
    throw new UsageError(MSG.scenarioNotTheRun(dir, `its design points are ${ids.join(', ')}; the run's are ${runIds.join(', ')}`));
  }
  if (scenario.seed !== result.seed || scenario.replicates !== result.replicates) {
    throw new UsageError(MSG.scenarioNotTheRun(dir, `it says seed ${scenario.seed} and ${scenario.replicates} replicates; the run had seed ${result.seed} and ${result.replicates}`));
  }
  if (info !== null && scenarioHash(scenario) !== info.scenarioHash) throw new UsageError(MSG.scenarioNotTheRun(dir, `its hash is not the one ${RUN_FILE} records`));
  const { renderReport, REPORT_FILE } = await import('../report/index.js');
  const rendered = await renderReport({
    scenario,
    designs,
    result,
    facts: facts ?? recorded ?? factsNow(['trialsim', 'report', dir]),
  });
  return { dir, report: join(dir, REPORT_FILE), files: writeAll(dir, rendered.files) };
}

/** The calibration's files (calibration.json, its plot as vega-lite and SVG) in outDir; the paths written. */
export async function renderCalibrationFiles(result: CalibrationResult, outDir: string): Promise<string[]> {
  const { renderCalibration } = await import('../report/index.js');
  const rendered = await renderCalibration(result, VERSION);
  return writeAll(outDir, rendered.files);
}
