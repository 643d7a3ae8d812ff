// Type I error against alpha: under the null run, each analysis' unadjusted
// rejection rate at every alpha of the engine's grid (exact counts of p < α),
// with ±1.96 MCSE error bars and the line rate = α a valid test keeps to.
// Both axes on a square-root scale, so the small alphas are legible, zero
// rates can be drawn, and the line rate = α stays straight. One panel per
// design point (at most MAX_TYPE1_PANELS of them, evenly spaced through the
// sweep, for a large sweep). null when the run had no null run.
//
// Panels are titled by the swept values ("n_per_arm = 30"), not by the key
// paths. Design points whose null runs gave the same numbers (a sweep over
// the effect: the null sets it to none, so every point's null is the same
// run) share one panel, titled by what they have in common.
import { keyName, sweptLabel } from './designSection.js';
import { labelValue } from '../scenario/sweep.js';
import type { TopLevelSpec } from 'vega-lite';
import { evenlySpaced, mcseBand, PLOT_CONFIG, shownNote, sortBy, VEGA_LITE_SCHEMA } from './plotStyle.js';
import type { Summary } from './summarySchema.js';

/** At most this many panels (design points) in the plot. */
export const MAX_TYPE1_PANELS = 12;

export interface TypeIErrorRow {
  kind: 'observed' | 'nominal';
  design: string;
  /** Positions of the design point and the analysis, by which the plot orders them. */
  di: number;
  ai: number;
  analysis: string;
  alpha: number;
  rate: number;
  lo: number;
  hi: number;
  mcse: number | null;
  n: number;
}

/**
 * The design points whose null runs are drawn: the first of each set of points
 * with identical null results, with its panel title.
 */
export function nullPanels(summary: Summary): { di: number; title: string }[] {
  const groups = new Map<string, number[]>();
  summary.designs.forEach((d, di) => {
    const key = JSON.stringify(d.analyses.map((a) => [a.type1_error_by_alpha, a.type1_error, a.type1_error_unadjusted]));
    groups.set(key, [...(groups.get(key) ?? []), di]);
  });
  return [...groups.values()].map((members) => {
    const d = summary.designs[members[0]];
    if (members.length === 1) return { di: members[0], title: sweptLabel(d) };
    const keys = Object.keys(d.swept);
    const same = keys.filter((k) => members.every((i) => labelValue(summary.designs[i].swept[k]) === labelValue(d.swept[k])));
    const varying = keys.filter((k) => !same.includes(k)).map(keyName);
    const fixed = same.map((k) => `${keyName(k)} = ${labelValue(d.swept[k])}`).join(', ');
    return { di: members[0], title: `${fixed === '' ? 'every design point' : fixed}: one null run for every ${varying.join(', ')}` };
  });
}

export function typeIErrorRows(summary: Summary): TypeIErrorRow[] {
  const rows: TypeIErrorRow[] = [];
  const panels = nullPanels(summary);
  for (const { di, title } of panels) {
    const d = { ...summary.designs[di], id: title };
    let any = false;
    for (const [ai, a] of d.analyses.entries()) {
      for (const r of a.type1_error_by_alpha ?? []) {
        if (r.estimate === null) continue;
        any = true;
        const band = mcseBand(r.estimate, r.mcse, [0, 1]);
        rows.push({ kind: 'observed', design: d.id, di, ai, analysis: a.id, alpha: r.alpha, rate: r.estimate, lo: band.lo, hi: band.hi, mcse: r.mcse, n: r.n });
      }
    }
    // The reference line, repeated in each design's panel.
    if (any) for (const alpha of summary.alpha_grid) rows.push({ kind: 'nominal', design: d.id, di, ai: 0, analysis: '', alpha, rate: alpha, lo: alpha, hi: alpha, mcse: null, n: 0 });
  }
  return rows;
}

export function typeIErrorSpec(summary: Summary): TopLevelSpec | null {
  const all = typeIErrorRows(summary);
  if (all.length === 0) return null;
  // The design points with a null run, and of them the ones drawn.
  const withRows = [...new Set(all.map((r) => r.di))];
  const drawn = new Set(evenlySpaced(withRows.length, MAX_TYPE1_PANELS).map((i) => withRows[i]));
  const values = drawn.size === withRows.length ? all : all.filter((r) => drawn.has(r.di));
  const note = drawn.size === withRows.length ? null : shownNote(drawn.size, withRows.length, 'design points');
  const scale = { type: 'sqrt' as const, domain: [0, Math.max(...summary.alpha_grid) * 1.25] };
  const x = { field: 'alpha', type: 'quantitative' as const, title: 'alpha (nominal level)', scale, axis: { values: [...summary.alpha_grid], format: '~g', labelAngle: -45 } };
  const yTitle = 'type I error (unadjusted)';
  const y = { field: 'rate', type: 'quantitative' as const, title: yTitle, scale, axis: { values: [...summary.alpha_grid], format: '~g' } };
  const observed = { filter: { field: 'kind', equal: 'observed' } };
  const color = { field: 'analysis', type: 'nominal' as const, title: 'analysis', sort: sortBy('ai') };
  const layers = [
    {
      transform: [{ filter: { field: 'kind', equal: 'nominal' } }],
      mark: { type: 'line' as const, color: '#777', strokeDash: [5, 4] },
      encoding: { x, y },
    },
    {
      transform: [observed],
      mark: { type: 'errorbar' as const, ticks: false },
      encoding: { x, y: { field: 'lo', type: 'quantitative' as const, title: yTitle, scale }, y2: { field: 'hi' }, color },
    },
    {
      transform: [observed],
      mark: { type: 'line' as const, point: { filled: true, size: 36 } },
      encoding: {
        x,
        y,
        color,
        tooltip: [
          { field: 'analysis', type: 'nominal' as const },
          { field: 'alpha', type: 'quantitative' as const },
          { field: 'rate', type: 'quantitative' as const, format: '.4f' },
          { field: 'mcse', type: 'quantitative' as const, format: '.4f', title: 'MCSE' },
        ],
      },
    },
  ];
  const title = {
    text: `Type I error against alpha: ${summary.scenario_name}`,
    subtitle: `null run (effect scale 0); dashed: rate = alpha; bars: ±1.96 MCSE; square-root axes${note === null ? '' : `; ${note}`}`,
  };
  const base = { $schema: VEGA_LITE_SCHEMA, config: PLOT_CONFIG, title, data: { values }, ...(note === null ? {} : { description: note }) };
  if (drawn.size === 1) return { ...base, width: 380, height: 320, layer: layers };
  return {
    ...base,
    facet: { field: 'design', type: 'nominal' as const, title: null, sort: sortBy('di'), header: { labelLimit: 400 } },
    columns: 3,
    spec: { width: 240, height: 210, layer: layers },
  };
}
