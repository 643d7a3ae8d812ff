// The report layer's public surface: a run's results (summary.json,
// summary.csv, plots, report.html) and a calibration's files, as text.
export { renderReport, REPORT_FILE, PLOTS_DIR, type ReportInput, type RenderedFiles } from './renderReport.js';
export { renderCalibration, calibrationJson, CALIBRATION_FILE } from './renderCalibration.js';
export type { RunFacts } from './reportHtml.js';
export { buildSummary, summaryJson, type ReportDesignPoint, type SummaryInput } from './summary.js';
export { summaryCsv, SUMMARY_CSV_FILE } from './summaryCsv.js';
export { SUMMARY_FILE, SUMMARY_FORMAT, summaryJsonSchema, type Summary } from './summarySchema.js';
export { renderSvg } from './renderSvg.js';
