// The plots the app draws: the report's own vega-lite specs (power curves,
// type I error, strata), built from the report's summary of a result, whether
// the result is final (result.json) or the finished prefix of a run still
// under way (its journal folded block by block, exactly as merge folds
// shards). And the overlay of two or more runs' power, with a diff of their
// settings.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { readRunResult, readSavedScenario } from '../api/render.js';
import { advanceFold, startFold, type DesignFold } from '../engine/fold.js';
import { JOURNAL_FILE, readJournal } from '../engine/journal.js';
import type { ReplicateLayout } from '../engine/layout.js';
import { blockCount } from '../engine/plan.js';
import { buildRunResult, checkRunSettings, type RunResult } from '../engine/runResult.js';
import { powerCurveSpec, powerRows } from '../report/powerCurveSpec.js';
import { PLOT_CONFIG, VEGA_LITE_SCHEMA } from '../report/plotStyle.js';
import { strataWidthSpec } from '../report/strataWidthSpec.js';
import { buildSummary } from '../report/summary.js';
import type { Summary } from '../report/summarySchema.js';
import { typeIErrorSpec } from '../report/typeIErrorSpec.js';
import { expandDesigns } from '../scenario/expandDesigns.js';
import type { Scenario } from '../scenario/schema.js';
import { VERSION } from '../version.js';

export interface Plots {
  readonly power: TopLevelSpec | null;
  readonly typeI: TopLevelSpec | null;
  readonly strata: TopLevelSpec | null;
  /** Design points drawn, of all the run's. */
  readonly designs: { readonly drawn: number; readonly total: number };
}

/**
 * The run's result so far: for each design, the blocks journalled from block 0
 * on without a gap, folded as the engine and merge fold them. Designs with no
 * such block yet are left out; null when no design has one.
 */
export function partialResult(dir: string): { result: RunResult; designIds: string[] } | null {
  if (!existsSync(join(dir, JOURNAL_FILE))) return null;
  const journal = readJournal(dir);
  const settings = checkRunSettings(journal.header.run, join(dir, JOURNAL_FILE));
  const nBlocks = blockCount(settings.replicates, settings.blockSize);
  const target = settings.targetMcse === null ? null : { targetMcse: settings.targetMcse, minReplicates: settings.minReplicates };
  const kept: number[] = [];
  const layouts: ReplicateLayout[] = [];
  const folds: DesignFold[] = [];
  settings.designs.forEach((design, d) => {
    const layout = journal.layouts.get(d);
    const blocks = journal.blocks.get(d);
    if (layout === undefined || blocks === undefined) return;
    const fold = startFold(layout, design.nullRun);
    advanceFold(fold, new Map(blocks), nBlocks, target);
    if (fold.nextBlock === 0) return;
    kept.push(d);
    layouts.push(layout);
    folds.push(fold);
  });
  if (kept.length === 0) return null;
  const partSettings = { ...settings, designs: kept.map((d) => settings.designs[d]) };
  return { result: buildRunResult(partSettings, journal.header.identity, layouts, folds), designIds: kept.map((d) => settings.designs[d].id) };
}

function plotsOf(summary: Summary, total: number): Plots {
  return { power: powerCurveSpec(summary), typeI: typeIErrorSpec(summary), strata: strataWidthSpec(summary), designs: { drawn: summary.designs.length, total } };
}

/** The summary of a result for the design points it has (all of them, or the finished prefix of a run under way). */
function summaryOf(scenario: Scenario, result: RunResult): Summary {
  const ids = new Set(result.designs.map((d) => d.id));
  const designs = expandDesigns(scenario).filter((p) => ids.has(p.id));
  return buildSummary({ scenario, designs, result, version: VERSION });
}

/** Plots of a run under way in `dir`, from what its journal holds; null before its first block. */
export function partialPlots(dir: string, scenario: Scenario): Plots | null {
  const part = partialResult(dir);
  if (part === null) return null;
  return plotsOf(summaryOf(scenario, part.result), expandDesigns(scenario).length);
}

/** The summary of a finished run folder: summary.json when rendered, else built from result.json as the report builds it. */
export function finishedSummary(dir: string): Summary {
  const path = join(dir, 'summary.json');
  if (existsSync(path) && statSync(path).isFile()) return JSON.parse(readFileSync(path, 'utf8')) as Summary;
  return summaryOf(readSavedScenario(dir), readRunResult(dir));
}

export function finishedPlots(dir: string): Plots {
  const summary = finishedSummary(dir);
  return plotsOf(summary, summary.designs.length);
}

/** Power of several runs in one plot: a colour per run, a dash per analysis, x the first swept key (or the analysis). */
export function comparePowerSpec(runs: readonly { readonly name: string; readonly summary: Summary }[]): TopLevelSpec {
  const values = runs.flatMap(({ name, summary }) => powerRows(summary).map((r) => ({ ...r, run: name, x: r.x === '' ? r.series : r.x })));
  const numeric = values.every((v) => typeof v.x === 'number');
  const x = numeric ? { field: 'x', type: 'quantitative' as const, title: 'swept value', scale: { zero: false } } : { field: 'x', type: 'ordinal' as const, title: 'design' };
  const y = { field: 'power', type: 'quantitative' as const, title: 'power (adjusted)', scale: { domain: [0, 1] } };
  const color = { field: 'run', type: 'nominal' as const, title: 'run' };
  const tooltip = [
    { field: 'run', type: 'nominal' as const },
    { field: 'design', type: 'nominal' as const },
    { field: 'series', type: 'nominal' as const, title: 'analysis' },
    { field: 'power', type: 'quantitative' as const, format: '.4f' },
    { field: 'mcse', type: 'quantitative' as const, format: '.4f', title: 'MCSE' },
  ];
  return {
    $schema: VEGA_LITE_SCHEMA,
    config: PLOT_CONFIG,
    title: { text: `Power of ${runs.length} runs`, subtitle: 'colour: run; dash: analysis; band: ±1.96 MCSE' },
    data: { values },
    width: 520,
    height: 320,
    layer: [
      { mark: { type: 'area', opacity: 0.12 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: 'power (adjusted)', scale: { domain: [0, 1] } }, y2: { field: 'hi' }, color, detail: { field: 'series', type: 'nominal' } } },
      { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y, color, strokeDash: { field: 'series', type: 'nominal', title: 'analysis' }, tooltip } },
    ],
  };
}

/** Key paths ("design.n_per_arm") of a plain value, with their leaf values as JSON text. */
export function flatten(value: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix === '' ? k : `${prefix}.${k}`, out);
  } else if (Array.isArray(value) && value.some((v) => typeof v === 'object' && v !== null)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out));
  } else {
    out.set(prefix, JSON.stringify(value));
  }
  return out;
}

/** The settings that differ between runs: key path and each run's value (absent: null). */
export function settingsDiff(scenarios: readonly unknown[]): { key: string; values: (string | null)[] }[] {
  const flat = scenarios.map((s) => flatten(s));
  const keys = [...new Set(flat.flatMap((f) => [...f.keys()]))].sort();
  return keys
    .map((key) => ({ key, values: flat.map((f) => f.get(key) ?? null) }))
    .filter((row) => row.values.some((v) => v !== row.values[0]));
}
