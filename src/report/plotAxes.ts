// Which swept key a report's plots put on the x axis: the sample size when the
// scenario sweeps it (design.n_per_arm or design.sample_size), else the first
// swept key whose values are all numbers, else the first swept key (as
// ordered categories). The other swept keys make the groups: one line (one
// colour) per combination of their values.
import { labelValue } from '../scenario/sweep.js';
import type { Summary, SummaryDesign } from './summarySchema.js';

export const SAMPLE_SIZE_KEYS: readonly string[] = ['design.n_per_arm', 'design.sample_size'];

const TITLES: Readonly<Record<string, string>> = {
  'design.n_per_arm': 'patients per arm (design.n_per_arm)',
  'design.sample_size': 'patients randomized (design.sample_size)',
};

export interface PlotAxes {
  /** The swept key on the x axis; null without a sweep. */
  x: { key: string; title: string; quantitative: boolean; order: string[] } | null;
  /** The other swept keys; null when there are none. */
  group: { keys: string[]; title: string; order: string[] } | null;
}

const isNumbers = (xs: readonly unknown[]): xs is number[] => xs.every((v) => typeof v === 'number' && Number.isFinite(v));

export function plotAxes(summary: Summary): PlotAxes {
  const sweep = summary.sweep;
  if (sweep.length === 0) return { x: null, group: null };
  const pick =
    sweep.find((a) => SAMPLE_SIZE_KEYS.includes(a.key) && isNumbers(a.values)) ?? sweep.find((a) => isNumbers(a.values)) ?? sweep[0];
  const others = sweep.filter((a) => a !== pick).map((a) => a.key);
  const groups: string[] = [];
  for (const d of summary.designs) {
    const g = groupLabel(d, others);
    if (!groups.includes(g)) groups.push(g);
  }
  return {
    x: { key: pick.key, title: TITLES[pick.key] ?? pick.key, quantitative: isNumbers(pick.values), order: pick.values.map(labelValue) },
    group: others.length === 0 ? null : { keys: others, title: others.join(', '), order: groups },
  };
}

/** The design's x value: a number on a quantitative axis, else its label. */
export function xValue(d: SummaryDesign, axes: PlotAxes): number | string {
  if (axes.x === null) return d.id;
  const v = d.swept[axes.x.key];
  return axes.x.quantitative && typeof v === 'number' ? v : labelValue(v);
}

/** The last segment of a key path: "model.params.effect_scale" → "effect_scale" (a readable label). */
const lastName = (key: string): string => key.slice(key.lastIndexOf('.') + 1);

/** The values of the given keys: "0.5" for one key (the legend title names it), "effect_scale=0.5, block_size=4" for several (the keys' last names). */
export function groupLabel(d: SummaryDesign, keys: readonly string[]): string {
  if (keys.length === 1) return labelValue(d.swept[keys[0]]);
  return keys.map((k) => `${lastName(k)}=${labelValue(d.swept[k])}`).join(', ');
}

/** The design's swept values alone, "30, 0.5" (its id without the keys); the scenario name without a sweep. */
export function shortLabel(d: SummaryDesign): string {
  const vs = Object.values(d.swept);
  return vs.length === 0 ? d.id : vs.map(labelValue).join(', ');
}
