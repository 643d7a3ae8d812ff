// The runs the app starts, one at a time, each through runScenario: the same
// loader, limits, engine, worker pool, journal and results folder as
// `trialsim run`. The server keeps the state of the run under way (and of the
// last one), so a page reloaded mid-run attaches to it again.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ScenarioInvalid, UsageError } from '../api/errors.js';
import { runScenario } from '../api/run.js';
import { defaultRunDir, hasJournal, hasResult, readRunInfo, runName, RUN_FILE, SCENARIO_FILE } from '../api/runFolder.js';
import { DEFAULT_TRUTH_POPULATION, TRUTH_SEED } from '../api/truth.js';
import { validateScenario } from '../api/validate.js';
import { RunInterrupted } from '../engine/errors.js';
import { formatDuration, progressText, type ProgressReporter } from '../engine/progress.js';
import type { ScenarioError } from '../scenario/scenarioError.js';
import type { Scenario } from '../scenario/schema.js';
import { SERVE_MSG } from './messages.js';
import { partialPlots, type Plots } from './plots.js';

/** The plots of a run under way are folded from its journal at most this often. */
export const PLOT_INTERVAL_MS = 2000;

/** The name the editor's text carries in messages. */
export const EDITOR_FILE = 'scenario.yaml';

export type { RunState, RunStatus } from './runState.js';
import type { RunState, RunStatus } from './runState.js';

export interface StartRequest {
  readonly text: string;
  readonly replicates?: number;
  readonly seed?: number;
  readonly truth?: boolean;
  readonly workers?: number;
}

export type StartAnswer =
  | { readonly ok: true; readonly run: RunState }
  | { readonly ok: false; readonly status: number; readonly message: string; readonly errors?: readonly ScenarioError[] };

export interface RunManagerOptions {
  /** The folder whose results/ the runs write into. */
  readonly folder: string;
  /** Simulated patients a run may ask for at most. */
  readonly maxPatients: number;
  /** Engine test hooks (a slowed task, so a test can cancel mid-run). */
  readonly taskDelayMs?: number;
}

/** Simulated patients of a run: replicates × sample size per design point, twice for a design with its null run. */
export function patientsOf(designs: readonly { spec: { design: { sampleSize: number } }; nullSpec: unknown }[], replicates: number): number {
  return designs.reduce((n, d) => n + replicates * d.spec.design.sampleSize * (d.nullSpec === null ? 1 : 2), 0);
}

export class RunManager {
  private current: {
    state: RunState;
    scenario: Scenario;
    abort: AbortController;
    finished: Promise<void>;
    plots: { key: string; at: number; plots: Plots | null };
  } | null = null;
  private nextId = 1;
  /** Who follows the run (the server's event streams): told of every change of its state. */
  private readonly listeners = new Set<() => void>();
  readonly resultsRoot: string;

  constructor(private readonly options: RunManagerOptions) {
    this.resultsRoot = join(options.folder, 'results');
  }

  /** The run under way or the last one, with its plots so far; null before the first. */
  state(): { run: RunState; plots: Plots | null } | null {
    const c = this.current;
    if (c === null) return null;
    return { run: c.state, plots: this.plotsOf(c) };
  }

  private plotsOf(c: NonNullable<RunManager['current']>): Plots | null {
    const dir = c.state.outDir;
    if (dir === null || !hasJournal(dir)) return null;
    // Folded again only when the journal has grown, and while the run goes on
    // at most every PLOT_INTERVAL_MS: folding a journal takes the thread that
    // feeds the workers (a 25-point sweep's 0.5 MB journal: about 0.3 s).
    const key = String(statSync(join(dir, 'journal.jsonl')).size);
    const now = performance.now();
    if (c.plots.key === key || (this.busy() && now - c.plots.at < PLOT_INTERVAL_MS)) return c.plots.plots;
    let plots: Plots | null = c.plots.plots;
    try {
      plots = partialPlots(dir, c.scenario);
    } catch {
      // a journal this fold cannot read yet: the next poll folds it
    }
    c.plots = { key, at: now, plots };
    return plots;
  }

  /** Be told of each change of the run's state (progress, status); the answer unsubscribes. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  busy(): boolean {
    const s = this.current?.state.status;
    return s === 'starting' || s === 'truth' || s === 'running' || s === 'rendering';
  }

  /**
   * Start a run of the editor's text. Refused before anything runs: a scenario
   * with problems (each located), a run asking for more than maxPatients, and
   * whatever runScenario refuses before its first task (limits, folders).
   */
  async start(req: StartRequest): Promise<StartAnswer> {
    if (this.busy() && this.current !== null) return { ok: false, status: 409, message: SERVE_MSG.runBusy(this.current.state.name) };
    const source = { text: req.text, file: EDITOR_FILE };
    const scenarioOptions = { replicates: req.replicates, seed: req.seed };
    let v;
    try {
      v = validateScenario(source, scenarioOptions);
    } catch (e) {
      return { ok: false, status: 400, message: e instanceof Error ? e.message : String(e) };
    }
    if (!v.ok) return { ok: false, status: 400, message: v.messages.join('\n'), errors: v.errors };
    const patients = patientsOf(v.designs, v.scenario.replicates);
    if (patients > this.options.maxPatients) return { ok: false, status: 400, message: SERVE_MSG.tooMuchWork(patients, this.options.maxPatients) };
    const truth = req.truth !== false;
    const name = runName(v.scenario, v.hash, truth ? { computed: true, patientsPerArm: DEFAULT_TRUTH_POPULATION, seed: TRUTH_SEED } : { computed: false });
    const outDir = defaultRunDir(name, null, this.resultsRoot);
    // A run of these settings stopped before its end: take it up where it was.
    const resume = hasJournal(outDir) && !hasResult(outDir);

    const state: RunState = { id: this.nextId++, name, outDir, status: 'starting', done: 0, total: 0, progress: '', etaSeconds: null, message: null, notes: [] };
    const abort = new AbortController();
    const changed = (): void => this.changed();
    let t0 = 0;
    let startDone = 0;
    const progress: ProgressReporter = {
      start(total, done) {
        state.status = 'running';
        state.total = total;
        state.done = done;
        startDone = done;
        t0 = performance.now();
        changed();
      },
      update(done) {
        state.done = done;
        const elapsed = performance.now() - t0;
        state.progress = progressText(done, state.total, startDone, elapsed);
        const rate = elapsed > 0 ? (done - startDone) / elapsed : 0;
        state.etaSeconds = rate > 0 ? (state.total - done) / rate / 1000 : null;
        changed();
      },
      finish(done) {
        this.update(done);
      },
    };
    let failedEarly: unknown = null;
    const running = runScenario(source, {
      ...scenarioOptions,
      truth,
      workers: req.workers,
      outDir,
      resume,
      progress,
      signal: abort.signal,
      commandLine: ['trialsim', 'serve', `(${EDITOR_FILE} from the app${req.replicates === undefined ? '' : `, --replicates ${req.replicates}`}${truth ? '' : ', --no-truth'})`],
      onNote: (note) => {
        state.notes.push(note);
        if (/truth/i.test(note) && state.status === 'starting') state.status = 'truth';
        if (state.status === 'running' && state.done >= state.total) state.status = 'rendering';
        changed();
      },
      hooks: this.options.taskDelayMs === undefined ? undefined : { taskDelayMs: () => this.options.taskDelayMs ?? 0 },
    });
    const finished = running.then(
      () => {
        state.status = 'done';
        state.done = state.total;
        state.etaSeconds = 0;
        changed();
      },
      (e: unknown) => {
        failedEarly = e;
        if (e instanceof RunInterrupted) {
          state.status = 'cancelled';
          state.message = e.message;
        } else {
          state.status = 'failed';
          state.message = e instanceof Error ? e.message : String(e);
        }
        changed();
      },
    );
    this.current = { state, scenario: v.scenario, abort, finished, plots: { key: '', at: -Infinity, plots: null } };
    // runScenario checks the options, the limits and the folder before its
    // first await: a refusal there is answered as a refusal, not as a run.
    await new Promise((resolve) => setImmediate(resolve));
    if (failedEarly instanceof UsageError || failedEarly instanceof ScenarioInvalid) {
      this.current = null;
      const errors = failedEarly instanceof ScenarioInvalid ? failedEarly.errors : undefined;
      return { ok: false, status: 400, message: failedEarly.message, errors };
    }
    changed();
    return { ok: true, run: state };
  }

  /** Stop the run under way after its tasks in flight (its journal kept: running it again resumes it). */
  cancel(): boolean {
    if (!this.busy() || this.current === null) return false;
    this.current.abort.abort();
    return true;
  }

  /** Stop and wait for the run under way, if any (server shutdown). */
  async close(): Promise<void> {
    this.cancel();
    await this.current?.finished;
  }

  /** The folders of results/: finished or not, newest first. */
  listRuns(): RunListing[] {
    if (!existsSync(this.resultsRoot)) return [];
    const out: RunListing[] = [];
    for (const name of readdirSync(this.resultsRoot)) {
      const dir = join(this.resultsRoot, name);
      try {
        if (!statSync(dir).isDirectory()) continue;
      } catch {
        continue;
      }
      const calibration = existsSync(join(dir, 'calibration.json'));
      const isRun = existsSync(join(dir, SCENARIO_FILE)) || hasJournal(dir);
      if (!isRun && !calibration) continue;
      let info = null;
      try {
        info = existsSync(join(dir, RUN_FILE)) ? readRunInfo(dir) : null;
      } catch {
        info = null;
      }
      const stamp = statSync(dir).mtimeMs;
      out.push({
        name,
        kind: calibration ? 'calibration' : 'run',
        finished: hasResult(dir),
        report: existsSync(join(dir, 'report.html')),
        scenario: info?.name ?? null,
        designs: info?.designs.length ?? null,
        date: info?.facts?.date ?? new Date(stamp).toISOString(),
        running: this.busy() && this.current?.state.outDir === dir,
      });
    }
    return out.sort((a, b) => b.date.localeCompare(a.date));
  }

  /** A run folder of results/ by name, or null (a name is one path segment, never ../). */
  runDir(name: string): string | null {
    if (!/^[\w.=,+-]+$/.test(name) || name === '.' || name === '..') return null;
    const dir = join(this.resultsRoot, name);
    return existsSync(dir) && statSync(dir).isDirectory() ? dir : null;
  }

  savedScenarioText(name: string): string | null {
    const dir = this.runDir(name);
    if (dir === null || !existsSync(join(dir, SCENARIO_FILE))) return null;
    return readFileSync(join(dir, SCENARIO_FILE), 'utf8');
  }
}

export interface RunListing {
  readonly name: string;
  readonly kind: 'run' | 'calibration';
  readonly finished: boolean;
  readonly report: boolean;
  readonly scenario: string | null;
  readonly designs: number | null;
  readonly date: string;
  readonly running: boolean;
}

export { formatDuration };
