// What every plot of a report shares: the vega-lite schema, a generic font
// family (an SVG rendered in Node must not depend on, or fetch, a font), and
// the ±1.96 MCSE interval drawn around each Monte Carlo estimate.
import type { Config } from 'vega-lite';

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v5.json';

/** Font family names only, so the SVG text looks the same wherever it is opened. */
export const PLOT_FONT = 'sans-serif';

export const PLOT_CONFIG: Config = {
  font: PLOT_FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, labelLimit: 320, titleLimit: 320 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  title: { fontSize: 14, subtitleFontSize: 11, anchor: 'start' },
};

/** Normal 95% interval of a Monte Carlo estimate: estimate ± 1.96·MCSE (just the estimate when it has no MCSE). */
export const MCSE_Z = 1.96;

export function mcseBand(estimate: number, mcse: number | null, bounds: readonly [number, number] = [-Infinity, Infinity]): { lo: number; hi: number } {
  const half = mcse === null ? 0 : MCSE_Z * mcse;
  return { lo: Math.max(bounds[0], estimate - half), hi: Math.min(bounds[1], estimate + half) };
}

/**
 * Sort a channel, or a facet, by a numeric order field carried in the data
 * (its position: 0, 1, 2, ...). Not by an array of values: vega-lite turns
 * `sort: [v0, v1, ...]` into one nested expression `datum.f === v0 ? 0 :
 * datum.f === v1 ? 1 : ...`, which overflows vega's expression parser's stack
 * ("Maximum call stack size exceeded") for a sweep of some hundreds of values.
 */
export function sortBy(field: string): { field: string; op: 'min' } {
  return { field, op: 'min' };
}

/** The positions 0..n-1 of up to k items, evenly spaced, the first and the last included (all of them when n ≤ k). */
export function evenlySpaced(n: number, k: number): number[] {
  if (n <= k) return Array.from({ length: n }, (_, i) => i);
  if (k <= 1) return [0];
  return Array.from({ length: k }, (_, i) => Math.round((i * (n - 1)) / (k - 1)));
}

/** "showing 12 of 10,000 design points (evenly spaced; summary.csv has them all)". */
export function shownNote(shown: number, of: number, what: string): string {
  return `showing ${shown} of ${of.toLocaleString('en-US')} ${what}, evenly spaced (summary.csv has them all)`;
}
