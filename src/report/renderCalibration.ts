// `trialsim calibrate` -> its files, as text for the caller to write: the
// calibration table (calibration.json), its plot as a vega-lite spec and as
// SVG. Pure, like renderReport.
//
// In calibration.json a NaN (a figure's z for a printed inequality, an SD of
// fewer than two trials) is null, and ±Infinity (z when every simulated trial
// gave the same value) is the string "Infinity" / "-Infinity".
import type { CalibrationResult } from '../analysis/calibrationTable.js';
import { calibrationPlotSpec } from '../analysis/calibrationPlotSpec.js';
import { renderSvg } from './renderSvg.js';
import type { RenderedFiles } from './renderReport.js';
import { jsonText } from './renderReport.js';

export const CALIBRATION_FILE = 'calibration.json';
export const CALIBRATION_FORMAT = 'trialsim-calibration/1';

/** JSON cannot hold NaN or ±Infinity: say which it was. */
function finiteOrSpelled(_key: string, v: unknown): unknown {
  if (typeof v !== 'number' || Number.isFinite(v)) return v;
  return Number.isNaN(v) ? null : v > 0 ? 'Infinity' : '-Infinity';
}

export function calibrationJson(result: CalibrationResult, version: string): string {
  const doc = { format: CALIBRATION_FORMAT, trialsim_version: version, ...result };
  return JSON.stringify(doc, finiteOrSpelled, 2) + '\n';
}

export async function renderCalibration(result: CalibrationResult, version: string): Promise<RenderedFiles> {
  const spec = calibrationPlotSpec(result);
  return {
    files: {
      [CALIBRATION_FILE]: calibrationJson(result, version),
      'calibration.vl.json': jsonText(spec),
      'calibration.svg': await renderSvg(spec, 'plot-calibration'),
    },
  };
}
