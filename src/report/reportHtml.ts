// report.html: one self-contained page that opens offline from disk. Inline
// CSS and inline SVG plots, no script, no font, image or style sheet from
// anywhere; a Content-Security-Policy that forbids loading anything makes the
// browser enforce it. Sections, in order: the question (scenario name and
// description), the design and the answer (designSection.ts), the headline
// table, what a trial takes, the family-wise rates, the strata table,
// the plots, the scenario as resolved, the reproducibility facts, and what was
// not estimable or failed. Every number is summary.json's, formatted.
import { commandLine, esc, table, type Cell } from './html.js';
import { formatCount, formatEstimate, formatMetric, formatRate, formatSignificant, MISSING } from './format.js';
import { answerSection, designSection, keyName, planningSection } from './designSection.js';
import { shortLabel } from './plotAxes.js';
import { labelValue } from '../scenario/sweep.js';
import type { Summary, SummaryDesign } from './summarySchema.js';

/** What the report states about how the run was made (the caller knows; the report does not look). */
export interface RunFacts {
  /** trialsim version. */
  version: string;
  /** The command as typed, e.g. ['trialsim', 'run', 'scenarios/proderm.yaml', '--set', 'replicates=500']. */
  commandLine: readonly string[];
  /** When the run finished, ISO 8601. */
  date: string;
  /** process.version of the Node.js that ran it. */
  nodeVersion: string;
}

export interface ReportPlot {
  /** Relative path of the SVG file, e.g. plots/power.svg; the spec sits beside it as .vl.json. */
  file: string;
  title: string;
  caption: string;
  svg: string;
}

export interface FailureNote {
  design: string;
  run: 'alternative' | 'null';
  index: number;
  seed: number;
  message: string;
}

export interface HtmlInput {
  summary: Summary;
  plots: readonly ReportPlot[];
  /** Plots left out, with why (no null run, no strata). */
  omitted: readonly string[];
  scenarioYaml: string;
  facts: RunFacts;
  /** The first few failed replicates, to replay (result.json lists all). */
  failures: readonly FailureNote[];
  failureCount: number;
}

const CSS = `
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; color: #1d1d1f; background: #fff; line-height: 1.45; }
main { max-width: 1200px; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; }
header.question { border-bottom: 2px solid #d0d7de; margin-bottom: 1rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; border-bottom: 1px solid #d0d7de; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p.description { font-size: 1.05rem; max-width: 62rem; }
p.meta, p.note, figcaption { color: #57606a; font-size: .9rem; }
nav ul { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: .3rem 1.2rem; font-size: .9rem; }
a { color: #0b5cad; }
table { border-collapse: collapse; margin: .5rem 0 1rem; font-size: .84rem; max-width: 100%; }
th, td { border: 1px solid #d0d7de; padding: .2rem .45rem; text-align: left; vertical-align: top; overflow-wrap: break-word; }
thead th { font-weight: 600; font-size: .8rem; }
table.design th[scope=row] { white-space: nowrap; }
thead th { background: #f3f5f7; position: sticky; top: 0; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
th[scope=row] { background: #fafbfc; font-weight: 600; }
.scroll { overflow-x: auto; }
figure { margin: 1rem 0 2rem; }
figure svg { max-width: 100%; height: auto; display: block; }
pre { background: #f6f8fa; border: 1px solid #d0d7de; padding: .8rem; overflow-x: auto; font-size: .82rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.2rem; font-size: .9rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; word-break: break-all; }
@media print { thead th { position: static; } figure { break-inside: avoid; } }
`;

const num = (html: string): Cell => ({ html: esc(html), className: 'num' });
const text = (s: string): Cell => ({ html: esc(s) });

function designCell(d: SummaryDesign, rowspan: number, swept: boolean): Cell {
  const used = d.replicates.used < d.replicates.requested ? ` (${formatCount(d.replicates.used)} replicates: stopped at target MCSE)` : '';
  return { html: esc((swept ? shortLabel(d) : d.id) + used), header: true, rowspan };
}

/** A share as a percentage, to 0.1%. */
function formatShare(x: number): string {
  return `${(100 * x).toFixed(1)}%`;
}

/** The truth with its own SE ("exact" when known exactly). */
function formatTruth(t: SummaryDesign['analyses'][number]['estimation']['truth']): string {
  if (t === null) return MISSING;
  return t.se === 0 ? `${formatSignificant(t.value)} (exact)` : `${formatSignificant(t.value)} ± ${formatSignificant(t.se, 2)}`;
}

function headline(s: Summary): string {
  const swept = s.sweep.length > 0;
  const head = [...(swept ? [s.sweep.map((a) => keyName(a.key)).join(', ')] : []), 'analysis', 'power ± MCSE', 'harmful side', 'type I error ± MCSE', 'no test / not estimable', 'bias ± MCSE', 'coverage ± MCSE', 'mean CI width', 'truth ± SE'];
  const rows: Cell[][] = [];
  for (const d of s.designs) {
    d.analyses.forEach((a, i) => {
      const truth = a.estimation.truth;
      rows.push([
        ...(swept && i === 0 ? [designCell(d, d.analyses.length, true)] : []),
        { html: esc(a.id), header: !swept },
        num(formatRate(a.power)),
        num(formatRate(a.power_harm)),
        num(formatRate(a.type1_error)),
        num(`${formatShare(a.no_test.alternative.share)} / ${formatShare(a.not_estimable.alternative.share)}`),
        num(formatMetric(a.estimation.bias)),
        num(formatMetric(a.estimation.coverage)),
        num(formatEstimate(a.estimation.mean_ci_width)),
        num(formatTruth(truth)),
      ]);
    });
  }
  const nullNote = s.designs.every((d) => d.analyses.every((a) => a.type1_error === null))
    ? ' There was no null run (run_null: false), so type I error is not estimated here.'
    : ' Type I error is the rejection rate under the null run (the same design with effect scale 0, same replicate streams).';
  return `<section id="headline">
<h2>Headline: power and type I error</h2>
<p class="note">Power is the rejection rate under the design towards benefit, after the multiplicity procedure
(${esc(procedureText(s))}); a two-sided test's rejections with the difference on the other side are the harmful side, not power; type I error counts
either side. A rate of 1 (every replicate) is shown as &gt; 0.999. Every rate is a share of all replicates, a replicate whose test is not defined counting as not rejecting,
± one Monte Carlo standard error (MCSE), with the estimate shown to the precision its MCSE supports.${esc(nullNote)}
"No test / not estimable" gives the share of replicates under the design without a p-value, and the share whose estimate and interval were
not estimable (their tests still count: a perfectly separated table has Fisher's p but no Wald interval).
Bias, coverage and CI width concern the treatment − control estimate against the truth: exact (± 0) where the model gives it in closed form
or under the null, else that of a very large simulated population, whose own SE is shown and is part of the bias' and coverage's MCSE.</p>
<div class="scroll">${table(head, rows, 'headline')}</div>
</section>`;
}

/**
 * What each analysis estimates (issue 13, item 8): its estimand and strategy,
 * its truth under the design and under the null, and for a rule that is not
 * an estimand, what its type I error means. Shown when an analysis has an
 * estimand or a legacy rule's null truth is not 0.
 */
function estimands(s: Summary): string {
  const any = s.designs.some((d) => d.analyses.some((a) => a.estimand.switch !== null || a.estimand.null_truth_note !== null));
  if (!any) return '';
  const swept = s.sweep.length > 0;
  const stops = s.designs.some((d) => d.analyses.some((a) => (a.estimand.discontinuation ?? null) !== null));
  const head = [...(swept ? [s.sweep.map((a) => a.key).join(', ')] : []), 'analysis', 'strategy for the switch', ...(stops ? ['strategy for discontinuation'] : []), 'truth under the design', 'truth under the null', 'type I error ± MCSE'];
  const rows: Cell[][] = [];
  for (const d of s.designs) {
    d.analyses.forEach((a, i) => {
      rows.push([
        ...(swept && i === 0 ? [designCell(d, d.analyses.length, true)] : []),
        { html: esc(a.id), header: !swept },
        text(a.estimand.switch === null ? 'none (legacy rules)' : a.estimand.switch.replace(/_/g, ' ')),
        ...(stops ? [text((a.estimand.discontinuation ?? (a.estimand.switch === null ? 'none (legacy rules)' : 'treatment_policy')).replace(/_/g, ' '))] : []),
        num(formatTruth(a.estimation.truth)),
        num(formatTruth(a.estimation_null?.truth ?? null)),
        num(formatMetric(a.type1_error)),
      ]);
    });
  }
  const notes = new Map<string, string>();
  for (const a of s.designs[0]?.analyses ?? []) notes.set(a.id, a.estimand.description);
  const nullNotes: string[] = [];
  for (const d of s.designs) for (const a of d.analyses) if (a.estimand.null_truth_note !== null) nullNotes.push(`${a.id}${swept ? ` (${d.id})` : ''}: ${a.estimand.null_truth_note}`);
  return `<section id="estimands">
<h2>Estimands: what each analysis estimates</h2>
<ul class="note">${[...notes].map(([id, t]) => `<li><b>${esc(id)}</b>: ${esc(t)}</li>`).join('')}</ul>
<div class="scroll">${table(head, rows, 'estimands')}</div>
${nullNotes.length === 0 ? '' : `<ul class="note">${nullNotes.map((t) => `<li>${esc(t)}</li>`).join('')}</ul>`}
</section>`;
}

function procedureText(s: Summary): string {
  const m = s.scenario.multiplicity;
  const p = typeof m === 'object' && m !== null && 'procedure' in m && typeof m.procedure === 'string' ? m.procedure : 'none';
  return p === 'none' ? 'none: adjusted = unadjusted' : `procedure ${p}`;
}

function familywise(s: Summary): string {
  if (s.designs.every((d) => d.familywise.analyses.length < 2)) return '';
  const swept = s.sweep.length > 0;
  const head = [...(swept ? [s.sweep.map((a) => keyName(a.key)).join(', ')] : []), 'family', 'disjunctive power (any)', 'conjunctive power (all)', 'FWER (any, under the null)', 'replicates with an analysis untested'];
  const rows = s.designs.map((d): Cell[] => [
    ...(swept ? [designCell(d, 1, true)] : []),
    text(d.familywise.analyses.join(', ')),
    num(formatRate(d.familywise.disjunctive_power)),
    num(formatRate(d.familywise.conjunctive_power)),
    num(formatRate(d.familywise.fwer)),
    num(`${formatCount(d.familywise.no_test.alternative)}${d.familywise.no_test.null === null ? '' : ` / ${formatCount(d.familywise.no_test.null)}`}`),
  ]);
  return `<section id="familywise">
<h2>Family-wise rates</h2>
<p class="note">Over the multiplicity family (${esc(procedureText(s))}). Every replicate counts; in those where a family analysis had no test
(shown as design / null) that analysis counts as not rejecting.</p>
<div class="scroll">${table(head, rows)}</div>
</section>`;
}

function strata(s: Summary): string {
  if (s.designs.every((d) => d.analyses.every((a) => a.strata.length === 0))) return '';
  const swept = s.sweep.length > 0;
  const head = [
    ...(swept ? [s.sweep.map((a) => keyName(a.key)).join(', ')] : []),
    'analysis',
    'interaction power',
    'stratum',
    'mean n control / treatment',
    'mean estimate',
    'truth',
    'mean CI half-width',
    'empirical SE',
    'coverage',
    'CI excludes 0',
  ];
  const rows: Cell[][] = [];
  for (const d of s.designs) {
    const withStrata = d.analyses.filter((a) => a.strata.length > 0);
    const span = withStrata.reduce((n, a) => n + a.strata.length, 0);
    withStrata.forEach((a, ai) => {
      a.strata.forEach((st, si) => {
        rows.push([
          ...(swept && ai === 0 && si === 0 ? [designCell(d, span, true)] : []),
          ...(si === 0 ? [{ html: esc(a.id), header: !swept, rowspan: a.strata.length }, { ...num(formatMetric(a.interaction_power)), rowspan: a.strata.length }] : []),
          text(st.label),
          num(`${formatEstimate(st.mean_n_control)} / ${formatEstimate(st.mean_n_treatment)}`),
          num(formatMetric(st.mean_estimate)),
          num(formatTruth(st.truth)),
          num(formatMetric(st.mean_ci_half_width)),
          num(formatMetric(st.empirical_se)),
          num(formatMetric(st.coverage)),
          num(formatMetric(st.ci_excludes_zero)),
        ]);
      });
    });
  }
  return `<section id="strata">
<h2>Strata: the effect within baseline strata</h2>
<p class="note">Per analysis with strata, the within-stratum treatment − control estimate under the design. The CI half-width is
the precision of a stratum estimate; interaction power is the rejection rate of the arm × stratum interaction test.</p>
<div class="scroll">${table(head, rows)}</div>
</section>`;
}

function plots(input: HtmlInput): string {
  const figures = input.plots.map((p) => {
    const id = `plot-${p.file.replace(/^.*\//, '').replace(/\.svg$/, '')}`;
    const spec = p.file.replace(/\.svg$/, '.vl.json');
    const svg = p.svg.replace(/^<svg /, `<svg role="img" aria-label="${esc(p.title)}" `);
    return `<figure id="${esc(id)}">
<h3>${esc(p.title)}</h3>
${svg}
<figcaption>${esc(p.caption)} Files: <a href="${esc(p.file)}">${esc(p.file)}</a>, <a href="${esc(spec)}">${esc(spec)}</a> (vega-lite 5).</figcaption>
</figure>`;
  });
  const omitted = input.omitted.map((o) => `<p class="note">${esc(o)}</p>`).join('\n');
  return `<section id="plots">
<h2>Plots</h2>
${figures.join('\n')}
${omitted}
</section>`;
}

function notEstimable(input: HtmlInput): string {
  const s = input.summary;
  const rows: Cell[][] = [];
  const reasons = (r: Record<string, number>): string =>
    Object.entries(r)
      .map(([k, v]) => `${k}: ${formatCount(v)}`)
      .join('; ');
  for (const d of s.designs) {
    const label = d.id;
    for (const a of d.analyses) {
      const ne = a.not_estimable;
      for (const [run, c] of [['design', ne.alternative], ['null', ne.null]] as const) {
        if (c !== null && c.count > 0) rows.push([text(label), text(a.id), text(''), text(run), num(formatCount(c.count)), text(reasons(c.reasons))]);
      }
      const nt = a.no_test;
      for (const [run, c] of [['design, no test', nt.alternative], ['null, no test', nt.null]] as const) {
        if (c !== null && c.count > 0) rows.push([text(label), text(a.id), text(''), text(run), num(formatCount(c.count)), text(reasons(c.reasons))]);
      }
      for (const st of a.strata) {
        const c = st.not_estimable;
        if (c.count > 0) rows.push([text(label), text(a.id), text(st.label), text('design'), num(formatCount(c.count)), text(reasons(c.reasons))]);
      }
    }
  }
  const failures = s.designs.filter((d) => d.failures.alternative + d.failures.null > 0);
  const failureRows = failures.map((d): Cell[] => [text(d.id), num(formatCount(d.failures.alternative)), num(formatCount(d.failures.null))]);
  const parts: string[] = [];
  parts.push(
    rows.length === 0
      ? '<p>Every analysis (and every stratum) was estimable in every replicate.</p>'
      : `<p class="note">Replicates in which an analysis' estimate or a stratum was not estimable are left out of its estimation measures (the n of each measure says how many remain); an analysis' test still counts in power and type I error whenever it is defined (see "no test" in the headline).</p>
<div class="scroll">${table(['design', 'analysis', 'stratum', 'run', 'not estimable', 'reasons'], rows)}</div>`,
  );
  if (input.failureCount === 0) {
    parts.push('<p>No replicate failed.</p>');
  } else {
    const listed = input.failures
      .map((f) => `<li><code>${esc(f.design)}</code>, ${esc(f.run)} run, replicate ${f.index} (seed ${f.seed}): ${esc(f.message)}</li>`)
      .join('\n');
    parts.push(`<p class="note">${formatCount(input.failureCount)} replicate(s) failed (threw) and were left out of everything; result.json lists each with the seed and index to replay it.</p>
<div class="scroll">${table(['design', 'failed under the design', 'failed under the null'], failureRows)}</div>
<ul>${listed}</ul>`);
  }
  return `<section id="not-estimable">
<h2>Not estimable and failed replicates</h2>
${parts.join('\n')}
</section>`;
}

function reproducibility(input: HtmlInput): string {
  const s = input.summary;
  const f = input.facts;
  const used = [...new Set(s.designs.map((d) => d.replicates.used))];
  const facts: [string, string][] = [
    ['trialsim version', f.version],
    ['seed', String(s.seed)],
    ['scenario hash (sha256)', s.scenario_hash],
    ['replicates', `${formatCount(s.replicates)} per design point requested${used.length === 1 && used[0] === s.replicates ? '' : `; used: ${used.map(formatCount).join(', ')}`}`],
    ['command line', commandLine(f.commandLine)],
    ['date', f.date],
    ['Node.js', f.nodeVersion],
    ['run identity', s.run.identity],
    ['kernel', s.run.kernel],
    ['block size', String(s.run.block_size)],
    ['target MCSE', s.target_mcse === null ? 'none' : String(s.target_mcse)],
    ['estimate sample', `${formatCount(s.run.estimate_sample)} replicates`],
    ['alpha grid', s.alpha_grid.join(', ')],
    ['design points', String(s.designs.length)],
  ];
  const dl = facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('\n');
  return `<section id="reproducibility">
<h2>Reproducibility</h2>
<p class="note">The same scenario (same hash), seed and trialsim version give the same numbers, whatever the number of workers, shards or interruptions.
The data behind this page: <a href="summary.json">summary.json</a>, <a href="summary.csv">summary.csv</a>.</p>
<dl class="facts">
${dl}
</dl>
</section>`;
}

export function reportHtml(input: HtmlInput): string {
  const s = input.summary;
  const description = typeof s.scenario.description === 'string' ? s.scenario.description : '';
  const sweep = s.sweep.length === 0 ? 'one design point' : `${s.designs.length} design points over ${s.sweep.map((a) => `${a.key} ∈ {${a.values.map(labelValue).join(', ')}}`).join(' × ')}`;
  const sections = [
    designSection(s),
    answerSection(s),
    headline(s),
    planningSection(s),
    estimands(s),
    familywise(s),
    strata(s),
    plots(input),
    `<section id="scenario">
<h2>The scenario as resolved</h2>
<p class="note">After --set overrides, with every default filled in: running this YAML gives this report.</p>
<pre><code>${esc(input.scenarioYaml)}</code></pre>
</section>`,
    reproducibility(input),
    notEstimable(input),
  ].filter((x) => x !== '');
  const nav = [
    ['design', 'Design'],
    ['answer', 'Answer'],
    ['headline', 'Headline'],
    ['planning', 'Per trial'],
    ...(sections.some((x) => x.startsWith('<section id="estimands"')) ? [['estimands', 'Estimands']] : []),
    ...(sections.some((x) => x.startsWith('<section id="familywise"')) ? [['familywise', 'Family-wise']] : []),
    ...(sections.some((x) => x.startsWith('<section id="strata"')) ? [['strata', 'Strata']] : []),
    ['plots', 'Plots'],
    ['scenario', 'Scenario'],
    ['reproducibility', 'Reproducibility'],
    ['not-estimable', 'Not estimable / failures'],
  ]
    .map(([id, label]) => `<li><a href="#${id}">${esc(label)}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="generator" content="trialsim ${esc(input.facts.version)}">
<title>${esc(s.scenario_name)} — trialsim report</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header class="question">
<h1>${esc(s.scenario_name)}</h1>
${description === '' ? '' : `<p class="description">${esc(description)}</p>`}
<p class="meta">${esc(sweep)}; ${formatCount(s.replicates)} simulated trials per design point${s.designs.some((d) => d.analyses.some((a) => a.type1_error !== null)) ? ' and as many under the null' : ''}; seed ${s.seed}; trialsim ${esc(input.facts.version)}; ${esc(input.facts.date)}.</p>
<nav><ul>${nav}</ul></nav>
</header>
${sections.join('\n')}
</main>
</body>
</html>
`;
}
