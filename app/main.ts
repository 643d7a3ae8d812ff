// The trialsim planning app (bundled by app/build.mjs into dist/app/).
// Everything it knows comes from the server (src/serve/server.ts): the schema
// for completion and hover, the CLI's own validator for the problems (located
// at line and column), the runs and their plots (the report's vega-lite specs).
import { basicSetup, EditorView } from 'codemirror';
import { yaml, yamlLanguage } from '@codemirror/lang-yaml';
import { forceLinting, linter, lintGutter, type Diagnostic } from '@codemirror/lint';
import { hoverTooltip } from '@codemirror/view';
import { stateExtensions } from 'codemirror-json-schema';
import { yamlCompletion, yamlSchemaHover } from 'codemirror-json-schema/yaml';
import embed, { type Result as EmbedResult } from 'vega-embed';
import { expressionInterpreter } from 'vega-interpreter';
import type { ScenarioError } from '../src/scenario/scenarioError.js';
import type { RunState } from '../src/serve/runState.js';
import type { SummaryTable } from '../src/serve/summaryBlocks.js';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { addAnalysis, freeAnalysisId, measuresIn, parseSweepValues, setSweepEntry, sweepEntries } from '../src/serve/yamlEdit.js';

interface Plots {
  power: object | null;
  typeI: object | null;
  strata: object | null;
  designs: { drawn: number; total: number };
}
interface RunListing {
  name: string;
  kind: 'run' | 'calibration';
  finished: boolean;
  report: boolean;
  scenario: string | null;
  designs: number | null;
  date: string;
  running: boolean;
}

const $ = <T extends HTMLElement = HTMLElement>(sel: string): T => {
  const el = document.querySelector<T>(sel);
  if (el === null) throw new Error(`app: no ${sel}`);
  return el;
};

async function api<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(path, { credentials: 'same-origin', ...init, headers: { 'Content-Type': 'application/json', ...(init?.headers ?? {}) } });
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, body: (type.startsWith('application/json') ? JSON.parse(text) : text) as T };
}

const post = <T>(path: string, value: unknown): Promise<{ status: number; body: T }> => api<T>(path, { method: 'POST', body: JSON.stringify(value) });

// ---------------------------------------------------------------- editor

let lastProblems: ScenarioError[] = [];

/** Problems from the server's validator (the CLI's loader), as diagnostics at their line and column. */
async function validate(view: EditorView): Promise<Diagnostic[]> {
  const text = view.state.doc.toString();
  const { status, body } = await post<{ ok: boolean; errors?: ScenarioError[]; summary?: string; error?: string }>('/api/validate', { text });
  const validity = $('#validity');
  const list = $('#problems');
  list.replaceChildren();
  if (status !== 200) {
    validity.textContent = body.error ?? `validation failed (HTTP ${status})`;
    validity.className = 'validity bad';
    return [];
  }
  if (view.state.doc.toString() !== text) return []; // stale: another check follows
  lastProblems = body.errors ?? [];
  if (body.ok) {
    validity.textContent = `OK: ${body.summary ?? ''}`;
    validity.className = 'validity ok';
    return [];
  }
  validity.textContent = `${lastProblems.length} problem${lastProblems.length === 1 ? '' : 's'}`;
  validity.className = 'validity bad';
  const doc = view.state.doc;
  return lastProblems.map((e) => {
    const li = document.createElement('li');
    li.textContent = `${e.file}:${e.line}:${e.col} ${e.path === '' ? '' : `${e.path}: `}${e.message}`;
    list.append(li);
    const line = doc.line(Math.min(Math.max(1, e.line), doc.lines));
    const from = Math.min(line.from + Math.max(0, e.col - 1), line.to);
    const word = /^[\w.-]+/.exec(doc.sliceString(from, line.to));
    const to = word === null || word[0].length === 0 ? Math.min(from + 1, doc.length) : from + word[0].length;
    return { from, to: Math.max(to, from), severity: 'error' as const, message: `${e.path === '' ? '' : `${e.path}: `}${e.message}`, source: 'trialsim validate' };
  });
}

let formFromYaml = (): void => {};
/** The analysis methods the schema allows (analyses[].method's enum). */
let analysisMethods: string[] = [];
/** The endpoint types the schema allows (analyses[].endpoint.type's enum). */
let endpointTypes: string[] = [];

/** An enum of the schema, by its path of property names under analyses[] (empty when the schema has none there). */
function analysisEnum(schema: unknown, path: string[]): string[] {
  const at = (x: unknown, key: string): unknown => (typeof x === 'object' && x !== null ? (x as Record<string, unknown>)[key] : undefined);
  let node = at(at(at(schema, 'properties'), 'analyses'), 'items');
  for (const p of path) node = at(at(node, 'properties'), p);
  const e = at(node, 'enum');
  return Array.isArray(e) ? e.map(String) : [];
}

async function createEditor(): Promise<EditorView> {
  const schema = (await api<object>('/api/schema')).body;
  analysisMethods = analysisEnum(schema, ['method']);
  endpointTypes = analysisEnum(schema, ['endpoint', 'type']);
  let formTimer: number | undefined;
  return new EditorView({
    parent: $('#editor'),
    doc: '',
    extensions: [
      basicSetup,
      yaml(),
      lintGutter(),
      linter(validate, { delay: 400 }),
      yamlLanguage.data.of({ autocomplete: yamlCompletion() }),
      hoverTooltip(yamlSchemaHover()),
      stateExtensions(schema as never),
      EditorView.updateListener.of((u) => {
        if (!u.docChanged) return;
        window.clearTimeout(formTimer);
        formTimer = window.setTimeout(() => formFromYaml(), 300);
      }),
    ],
  });
}

function setText(view: EditorView, text: string): void {
  view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  forceLinting(view);
  formFromYaml();
}

// ---------------------------------------------------------------- form

const keyPath = (key: string): string[] => key.split('.');

/** The form's fields, read from the editor's YAML (left blank when the YAML does not parse). */
function bindForm(view: EditorView): void {
  const doc = (): Document => parseDocument(view.state.doc.toString());
  /** Edit the YAML through its Document, so that comments and layout elsewhere survive. */
  const edit = (change: (d: Document) => void): void => {
    const d = doc();
    if (d.errors.length > 0) return;
    change(d);
    const text = d.toString();
    view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  };
  const inputs = [...document.querySelectorAll<HTMLInputElement>('#form input[data-key]')];
  formFromYaml = () => {
    const d = doc();
    const ok = d.errors.length === 0;
    for (const input of inputs) {
      // Not while typed in (edited, not yet changed); a field that merely keeps the focus is refreshed (another scenario chosen).
      if (input.dataset.typing === '1' && document.activeElement === input) continue;
      delete input.dataset.typing;
      const v = ok ? d.getIn(keyPath(input.dataset.key ?? '')) : undefined;
      input.value = v === undefined || v === null ? '' : input.dataset.yaml === '1' ? JSON.stringify(toPlain(v)) : String(v);
    }
    showSweep(ok ? sweepEntries(view.state.doc.toString()) : null);
    const measures = $('#measures');
    measures.replaceChildren(...(ok ? measuresIn(view.state.doc.toString()) : []).map((m) => new Option(m, m)));
    const box = $('#analyses');
    box.replaceChildren();
    const analyses = ok ? d.get('analyses') : null;
    if (isSeq(analyses)) {
      box.append('analyses: ');
      analyses.items.forEach((item, i) => {
        const id = isMap(item) ? String(item.get('id')) : `#${i + 1}`;
        const label = document.createElement('label');
        label.dataset.analysis = id;
        const method = document.createElement('select');
        method.title = `method of ${id}`;
        const current = isMap(item) ? item.get('method') : undefined;
        method.append(new Option('(default)', ''), ...analysisMethods.map((m) => new Option(m, m)));
        method.value = typeof current === 'string' ? current : '';
        method.addEventListener('change', () =>
          edit((doc) => {
            if (method.value === '') doc.deleteIn(['analyses', i, 'method']);
            else doc.setIn(['analyses', i, 'method'], method.value);
          }),
        );
        const remove = document.createElement('button');
        remove.type = 'button';
        remove.textContent = '×';
        remove.title = `remove analysis ${id}`;
        remove.addEventListener('click', () => edit((doc) => doc.deleteIn(['analyses', i])));
        label.append(id, ' ', method, ' ', remove);
        box.append(label);
      });
    }
  };
  for (const input of inputs) {
    input.addEventListener('input', () => (input.dataset.typing = '1'));
    input.addEventListener('change', () => {
      delete input.dataset.typing;
      const path = keyPath(input.dataset.key ?? '');
      const raw = input.value.trim();
      edit((d) => {
        if (raw === '') {
          d.deleteIn(path);
          return;
        }
        const value = input.dataset.yaml === '1' ? parseDocument(raw).toJS() : Number(raw);
        d.setIn(path, value);
        // n per arm and total sample size are alternatives.
        if (path.join('.') === 'design.n_per_arm') d.deleteIn(['design', 'sample_size']);
        if (path.join('.') === 'design.sample_size') d.deleteIn(['design', 'n_per_arm']);
      });
    });
  }
  /** Replace the editor's text by what a yamlEdit function made of it (null: the text does not parse, nothing to do). */
  const editText = (change: (text: string) => string | null): void => {
    const text = change(view.state.doc.toString());
    if (text !== null) view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
  };
  /**
   * The sweep, one row per key (a grid has several) and a blank row for a new
   * key: a row edits its own key only (setSweepEntry), the others stay as written.
   */
  const showSweep = (entries: SweepEntryView[] | null): void => {
    const box = $('#sweep');
    // Not while a row is being typed in (edited and not yet changed); a row merely focused is redrawn.
    if (box.dataset.typing === '1' && box.contains(document.activeElement)) return;
    delete box.dataset.typing;
    box.replaceChildren();
    const rows: (SweepEntryView | null)[] = [...(entries ?? []), null];
    rows.forEach((entry, i) => {
      const index = entry === null ? null : i;
      const row = document.createElement('div');
      row.className = 'sweep-row';
      row.dataset.sweep = index === null ? 'new' : String(i);
      if (entry !== null) row.dataset.key = entry.key;
      const key = document.createElement('input');
      key.type = 'text';
      key.className = 'sweep-key';
      key.placeholder = 'design.n_per_arm';
      key.value = entry?.key ?? '';
      const values = document.createElement('input');
      values.type = 'text';
      values.className = 'sweep-values';
      values.placeholder = '32, 48, 64';
      values.value = entry === null ? '' : entry.values.join(', ');
      const changed = (): void => {
        const k = key.value.trim();
        const vs = parseSweepValues(values.value);
        // A new row is written once it has both its key and its values.
        if (index === null && (k === '' || vs.length === 0)) return;
        editText((text) => setSweepEntry(text, index, k, vs));
      };
      for (const input of [key, values]) {
        input.addEventListener('input', () => (box.dataset.typing = '1'));
        input.addEventListener('change', () => {
          delete box.dataset.typing;
          changed();
        });
      }
      const k = document.createElement('label');
      k.append(index === null ? 'sweep another key ' : 'sweep key ', key);
      const v = document.createElement('label');
      v.append(' values ', values);
      row.append(k, v);
      box.append(row);
    });
  };
  const typeSelect = $<HTMLSelectElement>('#new-analysis-type');
  typeSelect.append(new Option('(default)', ''), ...endpointTypes.map((t) => new Option(t, t)));
  const methodSelect = $<HTMLSelectElement>('#new-analysis-method');
  methodSelect.append(new Option('(default)', ''), ...analysisMethods.map((m) => new Option(m, m)));
  $('#add-analysis-button').addEventListener('click', () => {
    const measure = $<HTMLInputElement>('#new-analysis-measure').value.trim();
    if (measure === '') {
      $<HTMLInputElement>('#new-analysis-measure').focus();
      return;
    }
    const idInput = $<HTMLInputElement>('#new-analysis-id');
    const week = $<HTMLInputElement>('#new-analysis-week').value.trim();
    editText((text) => {
      const id = idInput.value.trim() !== '' ? idInput.value.trim() : freeAnalysisId(text, methodSelect.value !== '' ? methodSelect.value : measure);
      return addAnalysis(text, { id, measure, week: week === '' ? undefined : Number(week), type: typeSelect.value, method: methodSelect.value });
    });
    idInput.value = '';
  });
}

interface SweepEntryView {
  readonly key: string;
  readonly values: readonly (number | string)[];
}

function toPlain(v: unknown): unknown {
  return typeof v === 'object' && v !== null && 'toJSON' in v && typeof v.toJSON === 'function' ? (v.toJSON as () => unknown)() : v;
}

// ---------------------------------------------------------------- plots

const views = new Map<string, { key: string; view: EmbedResult | null }>();

/** Draw (or redraw, when its data changed) a vega-lite spec with vega-embed; the CSP-safe expression interpreter, no remote actions. */
async function draw(target: string, spec: object | null): Promise<void> {
  const el = $(target);
  const key = spec === null ? '' : JSON.stringify(spec);
  const held = views.get(target);
  if (held !== undefined && held.key === key) return;
  held?.view?.finalize();
  views.set(target, { key, view: null });
  el.replaceChildren();
  if (spec === null) return;
  const view = await embed(el, spec as never, { actions: false, ast: true, expr: expressionInterpreter, renderer: 'svg', mode: 'vega-lite' });
  views.set(target, { key, view });
}

async function drawPlots(plots: Plots | null): Promise<void> {
  await draw('#plot-power', plots?.power ?? null);
  await draw('#plot-typeI', plots?.typeI ?? null);
  await draw('#plot-strata', plots?.strata ?? null);
}

// ---------------------------------------------------------------- tables

/** A plain table: a header row and rows of text. */
function htmlTable(columns: readonly string[], rows: readonly (readonly string[])[], className = ''): HTMLTableElement {
  const t = document.createElement('table');
  t.className = className;
  const head = document.createElement('tr');
  for (const c of columns) {
    const th = document.createElement('th');
    th.textContent = c;
    head.append(th);
  }
  t.createTHead().append(head);
  const body = t.createTBody();
  for (const r of rows) {
    const tr = document.createElement('tr');
    for (const v of r) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
  }
  return t;
}

/** The summary blocks the app has no view of its own for (group_sequential, assurance, planning, …), each as a table. */
async function showBlocks(name: string | null): Promise<void> {
  const box = $('#run-blocks');
  if (name === null) {
    box.replaceChildren();
    delete box.dataset.run;
    return;
  }
  if (box.dataset.run === name) return;
  box.dataset.run = name;
  const { status, body } = await api<SummaryTable[]>(`/api/runs/${encodeURIComponent(name)}/blocks`);
  if (status !== 200 || box.dataset.run !== name) return;
  box.replaceChildren();
  for (const b of body) {
    const details = document.createElement('details');
    details.dataset.block = b.name;
    const summary = document.createElement('summary');
    summary.textContent = `${b.name}${b.scope === 'design' ? ' (per design point)' : ''}`;
    details.append(summary, htmlTable(b.columns, b.rows, 'block-table'));
    box.append(details);
  }
}

// ---------------------------------------------------------------- runs

const BUSY = new Set(['starting', 'truth', 'running', 'rendering']);
/** The run's event stream while a run goes on (GET /api/run/events, Server-Sent Events; no polling). */
let events: EventSource | null = null;

function fmtEta(s: number | null): string {
  if (s === null || !Number.isFinite(s)) return '';
  const t = Math.round(s);
  return `${Math.floor(t / 60)}:${String(t % 60).padStart(2, '0')}`;
}

function showRun(run: RunState | null, plots: Plots | null): void {
  const status = $('#run-status');
  const busy = run !== null && BUSY.has(run.status);
  $<HTMLButtonElement>('#run').disabled = busy;
  $<HTMLButtonElement>('#cancel').disabled = !busy;
  if (run === null) return;
  const words: Record<string, string> = {
    starting: 'starting…',
    truth: 'computing the true estimands…',
    running: 'running',
    rendering: 'writing the report…',
    done: 'done',
    cancelled: 'cancelled (journal kept: run it again to resume)',
    failed: 'failed',
  };
  status.textContent = `${run.name}: ${words[run.status] ?? run.status}${run.status === 'failed' && run.message !== null ? `\n${run.message}` : ''}`;
  status.className = `run-status ${run.status}`;
  status.dataset.status = run.status;
  const bar = $<HTMLProgressElement>('#run-progress');
  bar.max = Math.max(1, run.total);
  bar.value = run.done;
  const eta = run.status === 'running' && run.etaSeconds !== null ? ` — ETA ${fmtEta(run.etaSeconds)}` : '';
  $('#run-text').textContent = run.progress === '' ? '' : `${run.progress}${eta}${plots === null ? '' : `; plotted ${plots.designs.drawn} of ${plots.designs.total} design points`}`;
  const links = $('#run-links');
  links.replaceChildren();
  if (run.status === 'done' && run.outDir !== null) {
    const a = document.createElement('a');
    a.href = `/files/results/${encodeURIComponent(run.name)}/report.html`;
    a.target = '_blank';
    a.rel = 'noopener';
    a.textContent = 'open the report';
    a.id = 'report-link';
    links.append(a);
  }
  void drawPlots(plots);
  void showBlocks(run.status === 'done' ? run.name : null);
}

/**
 * Follow the run under way (or show the last one) by its event stream: the
 * server sends the state at once and after each change; the stream is closed
 * once the run has ended. Also what re-attaches a reloaded page. The browser
 * sends the key's cookie with it, and reconnects by itself if the stream drops.
 */
function follow(): void {
  if (events !== null) return;
  const stream = new EventSource('/api/run/events');
  events = stream;
  document.body.dataset.following = '1';
  stream.onmessage = (e: MessageEvent<string>) => {
    const body = JSON.parse(e.data) as { run: RunState; plots: Plots | null } | null;
    showRun(body?.run ?? null, body?.plots ?? null);
    if (body === null || !BUSY.has(body.run.status)) {
      stream.close();
      if (events === stream) events = null;
      delete document.body.dataset.following;
      // A finished run is one more to start from.
      void refreshStartFrom();
    }
  };
}

async function startRun(view: EditorView): Promise<void> {
  const replicates = $<HTMLInputElement>('#run-replicates').value.trim();
  const status = $('#run-status');
  const { status: code, body } = await post<{ run?: RunState; error?: string; errors?: ScenarioError[] }>('/api/run', {
    text: view.state.doc.toString(),
    replicates: replicates === '' ? undefined : Number(replicates),
    truth: $<HTMLInputElement>('#run-truth').checked,
  });
  if (code !== 202) {
    status.textContent = `not started: ${body.error ?? `HTTP ${code}`}`;
    status.className = 'run-status refused';
    status.dataset.status = 'refused';
    return;
  }
  views.forEach((v) => v.view?.finalize());
  views.clear();
  follow();
}

// ---------------------------------------------------------------- past runs, compare, calibration

async function loadRuns(): Promise<RunListing[]> {
  const { body } = await api<RunListing[]>('/api/runs');
  const tbody = $('#runs-table tbody');
  tbody.replaceChildren();
  for (const r of body.filter((x) => x.kind === 'run')) {
    const tr = document.createElement('tr');
    tr.dataset.run = r.name;
    const cell = (content: string | Node): void => {
      const td = document.createElement('td');
      td.append(content);
      tr.append(td);
    };
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.value = r.name;
    box.disabled = !r.finished;
    cell(box);
    cell(r.name);
    cell(r.scenario ?? '');
    cell(r.designs === null ? '' : String(r.designs));
    cell(r.running ? 'running' : r.finished ? 'finished' : 'interrupted');
    cell(r.date.slice(0, 19).replace('T', ' '));
    const actions = document.createElement('span');
    if (r.report) {
      const a = document.createElement('a');
      a.href = `/files/results/${encodeURIComponent(r.name)}/report.html`;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = 'report';
      actions.append(a, ' ');
    }
    const edit = document.createElement('button');
    edit.type = 'button';
    edit.textContent = 'edit';
    edit.addEventListener('click', () => void openRunScenario(r.name));
    actions.append(edit);
    cell(actions);
    tbody.append(tr);
  }
  return body;
}

let editorView: EditorView | null = null;
let refreshStartFrom = async (): Promise<void> => {};

async function openRunScenario(name: string): Promise<void> {
  const { status, body } = await api<string>(`/api/runs/${encodeURIComponent(name)}/scenario`);
  if (status === 200 && editorView !== null) {
    setText(editorView, body);
    showTab('plan');
  }
}

async function compare(names: string[]): Promise<void> {
  const { status, body } = await api<{ power: object; diff: { key: string; values: (string | null)[] }[]; runs: string[]; error?: string }>(
    `/api/compare?runs=${names.map(encodeURIComponent).join(',')}`,
  );
  showTab('compare');
  const thead = $('#compare-diff thead');
  const tbody = $('#compare-diff tbody');
  thead.replaceChildren();
  tbody.replaceChildren();
  if (status !== 200) {
    $('#compare-plot').textContent = body.error ?? `HTTP ${status}`;
    return;
  }
  await draw('#compare-plot', body.power);
  const head = document.createElement('tr');
  for (const h of ['setting', ...body.runs]) {
    const th = document.createElement('th');
    th.textContent = h;
    head.append(th);
  }
  thead.append(head);
  for (const row of body.diff) {
    const tr = document.createElement('tr');
    for (const v of [row.key, ...row.values.map((x) => x ?? '—')]) {
      const td = document.createElement('td');
      td.textContent = v;
      tr.append(td);
    }
    tbody.append(tr);
  }
}

async function loadCalibrations(listing: RunListing[]): Promise<void> {
  const box = $('#calibrations');
  box.replaceChildren();
  const found = listing.filter((r) => r.kind === 'calibration');
  if (found.length === 0) {
    box.textContent = 'No calibration here yet: trialsim calibrate --trials 200 writes one to results/calibration.';
    return;
  }
  for (const c of found) {
    const h = document.createElement('h2');
    h.textContent = c.name;
    const plot = document.createElement('div');
    plot.id = `calibration-${c.name.replace(/\W/g, '_')}`;
    plot.className = 'plot';
    const link = document.createElement('a');
    link.href = `/files/results/${encodeURIComponent(c.name)}/calibration.csv`;
    link.textContent = 'calibration.csv';
    const tableBox = document.createElement('div');
    box.append(h, link, plot, tableBox);
    const spec = await api<object>(`/files/results/${encodeURIComponent(c.name)}/calibration.vl.json`);
    if (spec.status === 200) await draw(`#${plot.id}`, typeof spec.body === 'string' ? (JSON.parse(spec.body) as object) : spec.body);
    const cal = await api<{ trials?: number; rows?: CalibrationRow[] } | string>(`/files/results/${encodeURIComponent(c.name)}/calibration.json`);
    const parsed = typeof cal.body === 'string' ? (JSON.parse(cal.body) as { trials?: number; rows?: CalibrationRow[] }) : cal.body;
    if (cal.status === 200 && Array.isArray(parsed.rows)) {
      const num = (x: number | null | undefined): string => (typeof x !== 'number' ? '' : Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(4))));
      tableBox.append(
        htmlTable(
          ['quantity', 'published', 'simulated mean', 'SD', '95% of trials', 'published inside', 'z', 'headline', 'held out'],
          parsed.rows.map((r) => [
            r.path,
            `${r.relation === '=' ? '' : `${r.relation} `}${num(r.published)}`,
            num(r.mean),
            num(r.sd),
            `${num(r.lower)} – ${num(r.upper)}`,
            r.inside ? 'yes' : 'no',
            num(r.z),
            r.headline ? 'yes' : '',
            r.heldOut ? 'yes' : '',
          ]),
          'calibration-table',
        ),
      );
    }
  }
}

interface CalibrationRow {
  path: string;
  published: number;
  relation: string;
  heldOut: boolean;
  headline: boolean;
  mean: number | null;
  sd: number | null;
  lower: number | null;
  upper: number | null;
  inside: boolean;
  z: number | null;
}

function showTab(name: string): void {
  document.querySelectorAll('nav button').forEach((b) => b.classList.toggle('active', (b as HTMLElement).dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === `tab-${name}`));
  if (name === 'runs') void loadRuns().then(() => refreshStartFrom());
  if (name === 'calibration') void loadRuns().then(loadCalibrations);
}

async function start(): Promise<void> {
  const view = await createEditor();
  editorView = view;
  bindForm(view);
  document.querySelectorAll<HTMLElement>('nav button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab ?? 'plan')));

  const select = $<HTMLSelectElement>('#start-from');
  const shipped = (await api<string[]>('/api/scenarios')).body;
  const group = (label: string, options: [string, string][]): HTMLOptGroupElement => {
    const g = document.createElement('optgroup');
    g.label = label;
    for (const [value, text] of options) g.append(new Option(text, value));
    select.append(g);
    return g;
  };
  group('shipped scenarios', shipped.map((s) => [`scenario:${s}`, s]));
  const pastRuns = group('past runs', []);
  pastRuns.id = 'start-from-runs';
  /** The past runs of results/, asked for again: at load, when the list gets focus (is opened) and when a run ends. */
  refreshStartFrom = async () => {
    const runs = (await api<RunListing[]>('/api/runs')).body.filter((r) => r.kind === 'run');
    const names = runs.map((r) => `run:${r.name}`);
    const shown = [...pastRuns.querySelectorAll('option')].map((o) => o.value);
    if (names.join('\n') === shown.join('\n')) return; // unchanged: leave an open list alone
    const chosen = select.value;
    pastRuns.replaceChildren(...runs.map((r) => new Option(r.name, `run:${r.name}`)));
    pastRuns.hidden = runs.length === 0;
    select.value = chosen;
    pastRuns.dataset.count = String(runs.length);
  };
  await refreshStartFrom();
  select.addEventListener('focus', () => void refreshStartFrom());
  select.addEventListener('change', async () => {
    const [kind, name] = [select.value.slice(0, select.value.indexOf(':')), select.value.slice(select.value.indexOf(':') + 1)];
    if (kind === 'scenario') setText(view, (await api<string>(`/api/scenarios/${encodeURIComponent(name)}`)).body);
    if (kind === 'run') await openRunScenario(name);
  });
  $('#run').addEventListener('click', () => void startRun(view));
  $('#cancel').addEventListener('click', () => void post('/api/run/cancel', {}));
  $('#compare-selected').addEventListener('click', () => {
    const names = [...document.querySelectorAll<HTMLInputElement>('#runs-table input:checked')].map((b) => b.value);
    void compare(names);
  });

  // A run under way (a reloaded page) re-attaches; else start from the first shipped scenario.
  const current = (await api<{ run: RunState } | null>('/api/run')).body;
  if (shipped.length > 0) {
    const first = shipped.includes('parametric_textbook.yaml') ? 'parametric_textbook.yaml' : shipped[0];
    select.value = `scenario:${first}`;
    setText(view, (await api<string>(`/api/scenarios/${encodeURIComponent(first)}`)).body);
  }
  if (current !== null) follow();
  document.body.dataset.ready = '1';
}

void start();
