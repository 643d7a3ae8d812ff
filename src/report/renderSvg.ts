// A vega-lite spec -> SVG text, in Node, offline: vega-lite compiles it, vega
// renders it headless (renderer 'none') with a loader that refuses every load,
// so a spec that would fetch data or images fails instead of going to the
// network (report specs carry their data inline). Text uses a generic font
// family (plotStyle.ts); without the optional `canvas` package vega estimates
// text widths, so the output does not depend on the fonts installed.
//
// vega numbers the SVG's clip paths and gradients from a counter shared by the
// whole process. The ids are renumbered here under a per-plot prefix, so the
// SVG is the same however many plots were rendered before, and several SVGs
// can sit inline in one HTML page without their ids colliding.
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { PLOT_FONT } from './plotStyle.js';

/** A vega loader that loads nothing and notes what was asked of it. */
function offlineLoader(attempts: string[]): vega.Loader {
  const refuse = (what: string): Promise<never> => {
    attempts.push(what);
    return Promise.reject(new Error(`report: plots are rendered offline; a spec tried to load ${what}`));
  };
  return { load: refuse, sanitize: refuse, http: refuse, file: refuse };
}

/** Renumber the SVG's ids (and their url(#id) / href="#id" references) as `${prefix}-1`, `${prefix}-2`, ... in order of appearance. */
export function renumberIds(svg: string, prefix: string): string {
  const ids = new Map<string, string>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!ids.has(m[1])) ids.set(m[1], `${prefix}-${ids.size + 1}`);
  if (ids.size === 0) return svg;
  const rename = (id: string): string => ids.get(id) ?? id;
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (_, a: string, id: string, b: string) => a + rename(id) + b)
    .replace(/url\(#([^)]+)\)/g, (_, id: string) => `url(#${rename(id)})`)
    .replace(/(href=")#([^"]+)(")/g, (_, a: string, id: string, b: string) => `${a}#${rename(id)}${b}`);
}

/**
 * The SVG of a vega-lite spec; `idPrefix` names the plot (letters, digits, '-').
 * Warnings (vega-lite's "maximum optimization runs reached", say) are not
 * printed: a report is rendered inside a CLI whose output they would clutter.
 */
export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<string> {
  const compiled = compile(spec, { config: { font: PLOT_FONT }, logger: vega.logger(vega.Error) }).spec;
  const attempts: string[] = [];
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader: offlineLoader(attempts), logLevel: vega.None });
  try {
    const svg = await view.toSVG();
    // vega logs a failed load and draws without the data: that is an error here.
    if (attempts.length > 0) throw new Error(`report: plots are rendered offline; a spec tried to load ${attempts.join(', ')}`);
    return renumberIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}
