// The report's opening: the design as a planner states it, then the answer.
//
//   The design   n per arm (or in total) and allocation, randomization and
//                stratification, eligibility, dropout, crossover, the effect
//                assumptions with the true effect they produce per analysis,
//                and the analyses (test, sidedness, alpha, direction of benefit)
//   The answer   power (towards benefit) per analysis, and the sample size at
//                target_power read off the swept curve (sampleSizeReadOff.ts)
//   Per trial    patients screened, enrolled, analysed, dropped out and
//                switched per design point (mean and range)
//
// Everything comes from summary.json (its resolved scenario and results);
// nothing is recomputed. A swept setting shows its swept values.
import { esc, table, type Cell } from './html.js';
import { formatMetric, formatSignificant, MISSING } from './format.js';
import { readingText } from './sampleSizeReadOff.js';
import { labelValue } from '../scenario/sweep.js';
import type { Summary, SummaryDesign, SummaryRanged } from './summarySchema.js';
import { PRODERM_DEFAULTS } from '../model/prodermParams.js';
import { snakeCase } from '../scenario/caseNames.js';

/** The calibrated ProDERM parameters under their scenario names. */
const PRODERM_SNAKE_DEFAULTS: Plain = Object.fromEntries(Object.entries(PRODERM_DEFAULTS).map(([k, v]) => [snakeCase(k), v]));

type Plain = Record<string, unknown>;
const isRecord = (x: unknown): x is Plain => typeof x === 'object' && x !== null && !Array.isArray(x);
const get = (x: unknown, path: readonly string[]): unknown => path.reduce<unknown>((v, k) => (isRecord(v) ? v[k] : undefined), x);
const num = (html: string): Cell => ({ html: esc(html), className: 'num' });
const text = (s: string): Cell => ({ html: esc(s) });

/** The last segment of a key path, for a label: "design.n_per_arm" → "n_per_arm". */
export function keyName(key: string): string {
  const parts = key.split('.');
  return parts[parts.length - 1];
}

/** "n_per_arm = 30, effect_scale = 0.5": a design point's swept values by their keys' last names. */
export function sweptLabel(d: Pick<SummaryDesign, 'swept' | 'id'>): string {
  const e = Object.entries(d.swept);
  return e.length === 0 ? d.id : e.map(([k, v]) => `${keyName(k)} = ${labelValue(v)}`).join(', ');
}

function sweptValues(s: Summary, key: string): string | null {
  const axis = s.sweep.find((a) => a.key === key);
  return axis === undefined ? null : `swept: ${axis.values.map(labelValue).join(', ')}`;
}

/** A setting's text, or its swept values when the sweep varies it. */
function setting(s: Summary, key: string, describe: (v: unknown) => string): string {
  return sweptValues(s, key) ?? describe(get(s.scenario, key.split('.')));
}

function sizeRow(s: Summary): [string, string] {
  const d = s.scenario.design;
  const alloc = get(d, ['allocation']);
  const ratio = isRecord(alloc) ? `${alloc.control}:${alloc.treatment} (control:treatment)` : '1:1';
  if (get(d, ['sample_size']) !== undefined || s.sweep.some((a) => a.key === 'design.sample_size')) {
    return ['patients randomized, allocation', `${setting(s, 'design.sample_size', (v) => String(v))}; ${ratio}`];
  }
  const n = setting(s, 'design.n_per_arm', (v) => (isRecord(v) ? `${v.control} control, ${v.treatment} treatment` : `${String(v)} per arm`));
  return ['patients per arm, allocation', `${n}; ${ratio}`];
}

function eligibilityText(v: unknown): string {
  if (!Array.isArray(v) || v.length === 0) return 'everyone screened (no eligibility rule)';
  return v
    .map((r: unknown) => {
      if (!isRecord(r)) return '';
      const lo = r.min === undefined ? '' : `${r.min} ${r.min_inclusive === false ? '<' : '≤'} `;
      const hi = r.max === undefined ? '' : ` ${r.max_inclusive === false ? '<' : '≤'} ${r.max}`;
      return `${lo}baseline ${String(r.measure)}${hi}`;
    })
    .join(' and ');
}

function stratificationText(v: unknown): string {
  if (!isRecord(v)) return 'none';
  const cuts = Array.isArray(v.cutpoints) ? v.cutpoints.map(labelValue).join(', ') : '';
  return `by baseline ${String(v.measure)}, cut at ${cuts}`;
}

function dropoutText(s: Summary): string {
  const design = get(s.scenario, ['design', 'dropout']);
  // A ProDERM scenario lists only the parameters it overrides: the others are the calibrated ones.
  const given = get(s.scenario, ['model', 'params']);
  const params = get(s.scenario, ['model', 'kind']) === 'proderm' ? { ...PRODERM_SNAKE_DEFAULTS, ...(isRecord(given) ? given : {}) } : given;
  const share = (x: unknown): string => (typeof x === 'number' ? `${formatSignificant(100 * x, 3)}%` : MISSING);
  if (isRecord(design) && (design.before_primary !== undefined || design.after_primary !== undefined)) {
    const parts = [];
    if (design.before_primary !== undefined && design.before_primary !== null) parts.push(`${share(design.before_primary)} before the primary week`);
    if (design.after_primary !== undefined && design.after_primary !== null) parts.push(`${share(design.after_primary)} after it`);
    return `${parts.join(', ')} (design.dropout)`;
  }
  if (s.scenario.model && get(s.scenario, ['model', 'kind']) === 'proderm') {
    return `${share(get(params, ['dropout_before_week16']))} before week 16, ${share(get(params, ['dropout_week16_to40']))} from week 16 to 40 (the model's, from ProDERM)`;
  }
  return `${share(get(params, ['dropout']))} before the primary week (model.params.dropout)`;
}

/** The model's effect settings: effect_scale, each measure's stated effect, a parametric endpoint's arms. */
function effectRows(s: Summary): [string, string][] {
  const kind = get(s.scenario, ['model', 'kind']);
  const params = get(s.scenario, ['model', 'params']);
  const rows: [string, string][] = [];
  const scaleKey = 'model.params.effect_scale';
  const how =
    kind === 'proderm'
      ? "between, the mean and the SD of IVIg's log-ratio response (and IVIg's TIS distribution) are interpolated towards placebo's, so the true mean difference is not proportional to it (see the true effects below)"
      : 'between, each endpoint’s treatment mean, SD and probability are interpolated linearly towards control';
  rows.push(['effect scale', `${setting(s, scaleKey, (v) => String(v ?? 1))}: 0 is the null (treatment as control), 1 the effect as stated; ${how}`]);
  if (isRecord(params)) {
    for (const [k, v] of Object.entries(params)) {
      if (!k.startsWith('effect_') && k !== 'tis_responder_rate_ivig') continue;
      if (k === 'effect_scale') continue;
      rows.push([k, sweptValues(s, `model.params.${k}`) ?? String(v)]);
    }
  }
  // Effects stated as true differences, as solved (per design point when they differ).
  const stated = new Map<string, string[]>();
  for (const d of s.designs) {
    for (const e of d.stated_effects) {
      const where = e.population === 'design' ? 'in the enrolled patients' : 'in everyone screened';
      const how = e.variance === 'shift' ? "IVIg's response shifted, its shape kept" : "IVIg's mean and SD interpolated towards placebo's";
      const v = `${formatSignificant(e.difference)}${e.se > 0 ? ` ± ${formatSignificant(e.se, 2)}` : ''} ${where} (${how})`;
      const list = stated.get(e.measure) ?? [];
      if (!list.includes(v)) list.push(v);
      stated.set(e.measure, list);
    }
  }
  for (const [m, vs] of stated) rows.push([`true difference, ${m}`, vs.join(' / ')]);
  // A design prior (model.prior): the distribution of the true difference θ each trial draws.
  const prior = (s.scenario.model as { prior?: unknown } | undefined)?.prior;
  if (isRecord(prior))
    for (const [m, p] of Object.entries(prior)) {
      rows.push([`design prior on the true difference, ${m}`, priorText(p)]);
      // A prior on the control's response too (model.prior.<measure>.placebo): θ stays treatment − control.
      if (isRecord(p) && isRecord(p.placebo))
        rows.push([`design prior on the control's response, ${m}`, `${priorText(p.placebo)} (${kind === 'parametric' ? 'the control mean' : "placebo's true mean change at the primary week"}; the treatment arm's is it + θ)`]);
    }
  if (kind === 'parametric' && isRecord(params) && Array.isArray(params.endpoints)) {
    params.endpoints.forEach((e: unknown, i: number) => {
      if (!isRecord(e)) return;
      const arms = (x: unknown): string => (isRecord(x) ? `control ${String(x.control)}, treatment ${String(x.treatment)}` : String(x));
      const base = `model.params.endpoints.${i}`;
      const swept = s.sweep.filter((a) => a.key.startsWith(base)).map((a) => `${a.key.slice(base.length + 1)} swept: ${a.values.map(labelValue).join(', ')}`);
      const what = e.type === 'binary' ? `P(1): ${arms(e.probability)}` : `${String(e.scale ?? 'change')} mean: ${arms(e.mean)}; SD ${arms(e.sd)}`;
      rows.push([`endpoint ${String(e.id)}`, [what, ...swept].join('; ')]);
    });
  }
  return rows;
}

/** Each analysis' true effect under the design: one value, or its range over the design points. */
function truthText(s: Summary, id: string): string {
  const values: string[] = [];
  for (const d of s.designs) {
    const t = d.analyses.find((a) => a.id === id)?.estimation.truth;
    if (t === null || t === undefined) continue;
    const v = t.se === 0 ? formatSignificant(t.value) : `${formatSignificant(t.value)} ± ${formatSignificant(t.se, 2)}`;
    if (!values.includes(v)) values.push(v);
  }
  if (values.length === 0) return 'not computed (--no-truth)';
  if (values.length === 1) return values[0];
  return s.designs.length === values.length ? values.join(' / ') : `${values.length} values: ${values.join(' / ')}`;
}

function analysisText(a: unknown, benefit: string | null): string {
  if (!isRecord(a)) return '';
  const e = isRecord(a.endpoint) ? a.endpoint : {};
  const threshold = e.threshold === undefined ? '' : ` ${String(e.threshold)}`;
  const sided = a.sidedness === 'two_sided' || a.sidedness === undefined ? 'two-sided' : `one-sided (${String(a.sidedness)})`;
  const dir = benefit === null ? '' : `; benefit: ${benefit === 'lower' ? 'treatment − control below 0' : 'treatment − control above 0'}`;
  return `${String(a.method ?? '')} of ${String(e.measure)} ${String(e.type ?? 'change')}${threshold} at week ${String(e.week ?? '')}, ${sided}, alpha ${String(a.alpha ?? 0.05)}${dir}`;
}

/** The design section: every setting a planner states, with the true effects they give. */
export function designSection(s: Summary): string {
  const rows: Cell[][] = [];
  const add = (k: string, v: string): void => void rows.push([{ html: esc(k), header: true }, text(v)]);
  const [sizeKey, sizeText] = sizeRow(s);
  add(sizeKey, sizeText);
  add('randomization', `${setting(s, 'design.block_size', (v) => (v === null || v === undefined ? 'simple' : `permuted blocks of ${String(v)}`))}; stratified: ${setting(s, 'design.stratification', stratificationText)}`);
  add('eligibility', setting(s, 'design.eligibility', eligibilityText));
  add('dropout', dropoutText(s));
  add('crossover', setting(s, 'design.crossover', (v) => (v === true ? 'placebo patients switch to treatment on confirmed deterioration' : 'none')));
  for (const [k, v] of effectRows(s)) add(k, v);
  const first = s.designs[0];
  for (const a of first?.analyses ?? []) {
    const spec = (s.scenario.analyses as unknown[] | undefined)?.find((x) => isRecord(x) && x.id === a.id);
    add(`analysis ${a.id}`, analysisText(spec, a.benefit));
    add(`true effect, ${a.id}`, truthText(s, a.id));
  }
  return `<section id="design">
<h2>The design</h2>
<p class="note">The settings of the simulated trial as resolved (defaults filled in). A true effect is the treatment − control value of each
analysis' estimand in the design's population, after its dropout and crossover rules: what the assumptions above produce, and what a trial of this
design estimates.</p>
<div class="scroll">${table(['setting', 'value'], rows, 'design')}</div>
</section>`;
}

/** The answer: power per analysis (at each design point of a small sweep) and the sample size at the target. */
export function answerSection(s: Summary): string {
  const parts: string[] = [];
  if (s.designs.length === 1) {
    const d = s.designs[0];
    const items = d.analyses.map((a) => `<li><strong>${esc(a.id)}</strong>: power ${esc(formatMetric(a.power))}${a.power_harm.estimate !== null && a.power_harm.estimate > 0 ? ` (and ${esc(formatMetric(a.power_harm))} rejecting on the harmful side)` : ''}</li>`);
    parts.push(`<ul>${items.join('')}</ul>`);
  } else {
    parts.push('<p>Power at each design point is in the headline table below.</p>');
  }
  if (s.target_power !== null) {
    if (s.sample_size.length > 0) {
      const items = s.sample_size.map((r) => {
        const at = Object.entries(r.at).map(([k, v]) => `${keyName(k)} = ${labelValue(v)}`).join(', ');
        return `<li><strong>${esc(r.analysis)}</strong>${at === '' ? '' : ` at ${esc(at)}`}: ${esc(readingText(r))}</li>`;
      });
      parts.push(`<p>Sample size at power ${esc(String(s.target_power))}, read off the swept power curve (${esc(s.sample_size[0].key)}; interpolated between swept sizes, with the 95% Monte Carlo interval of the read-off):</p><ul>${items.join('')}</ul>`);
    } else {
      parts.push(`<p class="note">Target power ${esc(String(s.target_power))}: no sample size is read off, because the sweep does not vary design.n_per_arm or design.sample_size (trialsim sample-size searches it).</p>`);
    }
  }
  parts.push(...assuranceAnswer(s));
  return `<section id="answer">
<h2>The answer</h2>
<p class="note">Power counts the trials whose test rejects towards benefit, as a share of all trials, ± one MCSE.</p>
${parts.join('\n')}
</section>`;
}

function ranged(c: SummaryRanged): string {
  if (c.mean.estimate === null) return MISSING;
  const m = formatSignificant(c.mean.estimate, 3);
  return c.min === c.max ? m : `${m} [${c.min}–${c.max}]`;
}

/** What one trial takes, per design point: screened, enrolled, analysed per analysis, dropouts and switches. */
export function planningSection(s: Summary): string {
  const ids = s.designs[0]?.analyses.map((a) => a.id) ?? [];
  // Treatment discontinuation: a column when some trial had one.
  const stops = s.designs.some((d) => (d.planning.discontinued?.control.max ?? 0) > 0 || (d.planning.discontinued?.treatment.max ?? 0) > 0);
  const head = [
    'design',
    'screened',
    'enrolled control / treatment',
    'dropouts control / treatment',
    'switched',
    ...(stops ? ['stopped treatment control / treatment'] : []),
    ...ids.map((id) => `analysed: ${id}`),
  ];
  const rows = s.designs.map((d): Cell[] => [
    { html: esc(sweptLabel(d)), header: true },
    num(ranged(d.planning.screened)),
    num(`${ranged(d.planning.enrolled.control)} / ${ranged(d.planning.enrolled.treatment)}`),
    num(`${ranged(d.planning.dropouts.control)} / ${ranged(d.planning.dropouts.treatment)}`),
    num(ranged(d.planning.switches)),
    ...(stops ? [num(d.planning.discontinued === undefined ? MISSING : `${ranged(d.planning.discontinued.control)} / ${ranged(d.planning.discontinued.treatment)}`)] : []),
    ...d.analyses.map((a) => num(`${ranged(a.analysed.control)} / ${ranged(a.analysed.treatment)}`)),
  ]);
  return `<section id="planning">
<h2>What a trial takes</h2>
<p class="note">Per simulated trial under the design: the mean and, in brackets, the range over the replicates. Screened: patients screened to
enrol the trial (more than enrolled when an eligibility rule turns some away). Dropouts: at or before the last analysis week; switched: patients
moved to the other arm before it${stops ? '; stopped treatment: patients who stopped the randomized treatment before it (design.discontinuation), as seen' : ''}. Analysed: patients with a value of the analysis' endpoint after its rules, control / treatment.</p>
<div class="scroll">${table(head, rows)}</div>
</section>`;
}

/** The success criterion's answer: assurance (or probability of success) per design point, and the size at target_assurance. */
function assuranceAnswer(s: Summary): string[] {
  const withA = s.designs.filter((d) => d.assurance !== undefined);
  if (withA.length === 0) return [];
  const a0 = withA[0].assurance!;
  const what = a0.prior ? 'Assurance (the probability of success averaged over the design prior on θ)' : 'Probability of success';
  const criterion = `${a0.analysis} rejects towards benefit${a0.estimate_beyond === null ? '' : ` with an estimate beyond ${a0.estimate_beyond}`}`;
  const items = withA.map((d) => {
    const a = d.assurance!;
    const theta = a.theta_success === null || a.theta_prior === null ? '' : `; mean θ ${formatSignificant(a.theta_prior.mean.estimate ?? NaN, 3)} as drawn, ${formatSignificant(a.theta_success.mean.estimate ?? NaN, 3)} among successes`;
    return `<li><strong>${esc(sweptLabel(d))}</strong>: ${esc(formatMetric(a.probability))}${a.probability_null === null ? '' : ` (under the null ${esc(formatMetric(a.probability_null))})`}${esc(theta)}</li>`;
  });
  const out = [`<p>${esc(what)}; success: ${esc(criterion)} (docs/assurance.md):</p><ul>${items.join('')}</ul>`];
  const readings = s.sample_size_assurance ?? [];
  if (s.target_assurance !== undefined && s.target_assurance !== null) {
    if (readings.length > 0) {
      const r = readings.map((x) => {
        const at = Object.entries(x.at).map(([k, v]) => `${keyName(k)} = ${labelValue(v)}`).join(', ');
        return `<li><strong>${esc(x.analysis)}</strong>${at === '' ? '' : ` at ${esc(at)}`}: ${esc(readingText(x))}</li>`;
      });
      out.push(`<p>Sample size at assurance ${esc(String(s.target_assurance))}, read off the swept assurance curve (${esc(readings[0].key)}; with the 95% Monte Carlo interval of the read-off):</p><ul>${r.join('')}</ul>`);
    } else {
      out.push(`<p class="note">Target assurance ${esc(String(s.target_assurance))}: no sample size is read off, because the sweep does not vary design.n_per_arm or design.sample_size.</p>`);
    }
  }
  return out;
}

/** A design prior as a planner reads it: "N(−8, 1.76²), ProDERM's estimate and CI (from_paper)". */
function priorText(p: unknown): string {
  if (!isRecord(p)) return MISSING;
  const n = (x: unknown): string => formatSignificant(Number(x), 3);
  const one = (c: Record<string, unknown>): string => {
    if (isRecord(c.normal)) return `N(${n(c.normal.mean)}, ${n(c.normal.sd)}²)`;
    if (isRecord(c.truncated_normal)) return `N(${n(c.truncated_normal.mean)}, ${n(c.truncated_normal.sd)}²) truncated to [${n(c.truncated_normal.lower)}, ${n(c.truncated_normal.upper)}]`;
    return MISSING;
  };
  const population = p.population === 'design' ? '; in the enrolled patients' : p.population === 'unrestricted' ? '; in everyone screened' : '';
  if (p.from_paper === true) return `from_paper: the sampling distribution of ProDERM's estimate, N(estimate, ((upper − lower)/3.92)²) from its published 95% CI${population || '; in everyone screened'}`;
  if (Array.isArray(p.mixture)) return `mixture: ${p.mixture.map((c) => (isRecord(c) ? `${n(c.weight)} × ${one(c)}` : MISSING)).join(' + ')}${population}`;
  return `${one(p)}${population}`;
}
