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
