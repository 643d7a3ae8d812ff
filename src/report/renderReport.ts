// A finished run -> the files of its results folder, as text, for the caller
// to write (atomically): nothing here touches the disk, the clock or the
// environment; what the report says about the run (version, command line,
// date, Node.js version) comes in as RunFacts.
//
//   scenario, design points, RunResult ──buildSummary──▶ summary.json ──▶ summary.csv
//                                                  │
//                                                  ├──▶ plot specs ──renderSvg──▶ plots/<name>.vl.json, plots/<name>.svg
//                                                  └──▶ report.html (tables, inline SVGs, the scenario YAML, the facts)
import { stringify } from 'yaml';
import type { CalibrationResult } from '../analysis/calibrationTable.js';
import { calibrationPlotSpec } from '../analysis/calibrationPlotSpec.js';
import type { RunResult } from '../engine/runResult.js';
import type { Scenario } from '../scenario/schema.js';
import type { TopLevelSpec } from 'vega-lite';
import { estimateDistributionSpec } from './estimateDistributionSpec.js';
import { boundarySpec, stoppingSpec, sweptSizeSpec } from './groupSequentialSpec.js';
import { conditionalPowerSpec, thetaSuccessSpec } from './assuranceSpec.js';
import { isHeatMap, powerCurveSpec } from './powerCurveSpec.js';
import { renderSvg } from './renderSvg.js';
import { reportHtml, type FailureNote, type ReportPlot, type RunFacts } from './reportHtml.js';
import { strataWidthSpec } from './strataWidthSpec.js';
import { buildSummary, summaryJson, type ReportDesignPoint } from './summary.js';
import { SUMMARY_CSV_FILE, summaryCsv } from './summaryCsv.js';
import { SUMMARY_FILE, type Summary } from './summarySchema.js';
import { typeIErrorSpec } from './typeIErrorSpec.js';

export const REPORT_FILE = 'report.html';
export const PLOTS_DIR = 'plots';

/** Failed replicates listed by name in report.html (result.json has them all). */
const FAILURES_LISTED = 10;

export interface ReportInput {
  /** The scenario as resolved by loadScenario. */
  scenario: Scenario;
  /** expandDesigns(scenario), in order; their ids must be the run's design ids. */
  designs: readonly ReportDesignPoint[];
  result: RunResult;
  facts: RunFacts;
  /** A calibration of the model to include (its plot goes into the report). */
  calibration?: CalibrationResult | null;
}

/** Files by path relative to the results folder ('summary.json', 'plots/power.svg', ...). */
export interface RenderedFiles {
  files: Record<string, string>;
}

interface PlanPlot {
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec | null;
  /** Said in the report when the plot is left out. */
  whyNot: string;
}

/** Two-space JSON with a trailing newline, as every JSON file of a run. */
export function jsonText(x: unknown): string {
  return JSON.stringify(x, null, 2) + '\n';
}

function planPlots(summary: Summary, result: RunResult, calibration: CalibrationResult | null): PlanPlot[] {
  const power = powerCurveSpec(summary);
  return [
    {
      name: 'power',
      title: 'Power',
      caption:
        summary.sweep.length === 0
          ? 'Power of each analysis (adjusted for multiplicity), with ±1.96 MCSE error bars.'
          : isHeatMap(power)
            ? 'Power (adjusted for multiplicity) at each design point, by colour.'
            : 'Power (adjusted for multiplicity) against the swept key, with ±1.96 MCSE bands; the dashed rule is the target power.',
      spec: power,
      whyNot: '',
    },
    {
      name: 'type1-error',
      title: 'Type I error against alpha',
      caption: 'Unadjusted rejection rate of each analysis under the null run at every alpha of the grid, against the line rate = alpha; ±1.96 MCSE bars.',
      spec: typeIErrorSpec(summary),
      whyNot: 'No type I error plot: the scenario has no null run (run_null: false).',
    },
    {
      name: 'strata-ci-half-width',
      title: 'Precision within baseline strata',
      caption: 'Mean half-width of the within-stratum confidence interval, with ±1.96 MCSE bars.',
      spec: strataWidthSpec(summary),
      whyNot: 'No strata plot: no analysis reports strata (analyses[].strata).',
    },
    {
      name: 'estimate-distribution',
      title: 'Distribution of the treatment-effect estimate',
      caption: `The estimates of the first ${result.designs[0]?.estimateSample.replicates ?? 0} replicates under the design (result.json holds them), against the truth.`,
      spec: estimateDistributionSpec(
        summary,
        result.designs.map((d) => d.estimateSample),
      ),
      whyNot: 'No distribution plot: the run kept no estimates (estimate sample 0, or nothing estimable).',
    },
    ...groupSequentialPlots(summary, result),
    ...assurancePlots(summary),
    ...(calibration === null
      ? []
      : [
          {
            name: 'calibration',
            title: 'Calibration of the model',
            caption: `Published figures against ${calibration.trials} simulated ProDERM trials (seed ${calibration.seed}).`,
            spec: calibrationPlotSpec(calibration),
            whyNot: '',
          },
        ]),
  ];
}

/** The plots of a design prior (assuranceSpec.ts); none when no design point drew its effect from one. */
function assurancePlots(summary: Summary): PlanPlot[] {
  if (!summary.designs.some((d) => d.assurance?.prior === true)) return [];
  return [
    {
      name: 'assurance-conditional-power',
      title: 'Power given the true effect',
      caption:
        'The probability of success given θ in each bin of equal prior probability (at the mean θ of its trials), with ±1.96 MCSE bars; the dashed rules are the assurances (the average over the prior).',
      spec: conditionalPowerSpec(summary),
      whyNot: '',
    },
    {
      name: 'assurance-theta-success',
      title: 'The prior and θ among successful trials',
      caption: 'Per bin of the prior, the density of θ as drawn and among the successful trials: where the successes come from.',
      spec: thetaSuccessSpec(summary),
      whyNot: '',
    },
  ];
}

/** The plots of a group-sequential design (groupSequentialSpec.ts); none when no design point has looks. */
function groupSequentialPlots(summary: Summary, result: RunResult): PlanPlot[] {
  if (!summary.designs.some((d) => d.group_sequential !== undefined)) return [];
  return [
    {
      name: 'gs-boundaries',
      title: 'Group-sequential boundaries and simulated z paths',
      caption:
        'Efficacy and futility bounds on the z scale, per design point at its own mean observed information fractions, with the z paths of its first sampled replicates under the design (each replicate’s bounds are computed at its own fractions).',
      spec: boundarySpec(
        summary,
        result.designs.map((d) => d.estimateSample),
      ),
      whyNot: 'No boundary plot: the looks’ information fractions were not estimable.',
    },
    {
      name: 'gs-stopping',
      title: 'Probability of stopping at each look',
      caption: 'Probability of stopping for efficacy (at the final look: rejecting there) and for futility at each look, under the design and its null.',
      spec: stoppingSpec(summary),
      whyNot: '',
    },
    {
      name: 'gs-sample-size',
      title: 'Power and expected N against the maximum sample size',
      caption: 'Power as run and with futility ignored, and the expected number of patients analysed at the stop under the design and its null, with ±1.96 MCSE bands.',
      spec: sweptSizeSpec(summary),
      whyNot: 'No power and expected N plot: it needs a sweep of one numeric key (the maximum sample size).',
    },
  ];
}

export async function renderReport(input: ReportInput): Promise<RenderedFiles> {
  const summary = buildSummary({ scenario: input.scenario, designs: input.designs, result: input.result, version: input.facts.version });
  const files: Record<string, string> = {};
  files[SUMMARY_FILE] = summaryJson(summary);
  files[SUMMARY_CSV_FILE] = summaryCsv(summary);
  const plots: ReportPlot[] = [];
  const omitted: string[] = [];
  // One at a time, in a fixed order: the SVG text does not depend on scheduling.
  for (const p of planPlots(summary, input.result, input.calibration ?? null)) {
    if (p.spec === null) {
      omitted.push(p.whyNot);
      continue;
    }
    const svg = await renderSvg(p.spec, `plot-${p.name}`);
    const file = `${PLOTS_DIR}/${p.name}.svg`;
    files[`${PLOTS_DIR}/${p.name}.vl.json`] = jsonText(p.spec);
    files[file] = svg;
    // A plot drawn differently for a large sweep says how in its spec's description.
    const how = typeof p.spec.description === 'string' && p.spec.description !== '' ? ` For this large sweep: ${p.spec.description}.` : '';
    plots.push({ file, title: p.title, caption: p.caption + how, svg });
  }
  const failures: FailureNote[] = [];
  let failureCount = 0;
  for (const d of input.result.designs) {
    failureCount += d.failures.count;
    for (const f of d.failures.list) if (failures.length < FAILURES_LISTED) failures.push({ design: d.id, run: f.run, index: f.index, seed: f.seed, message: f.message });
  }
  files[REPORT_FILE] = reportHtml({
    summary,
    plots,
    omitted,
    scenarioYaml: stringify(input.scenario, { lineWidth: 0 }),
    facts: input.facts,
    failures,
    failureCount,
  });
  return { files };
}
