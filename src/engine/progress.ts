// Progress on stderr: a redrawn bar on a terminal, plain periodic lines
// otherwise (logs, CI). Injectable, so tests and library callers can silence
// or capture it.

export interface ProgressReporter {
  /** `total` replicates to run in this session (per design, summed over designs); `done` already done (resume). */
  start(total: number, done: number): void;
  update(done: number): void;
  finish(done: number): void;
}

export const silentProgress: ProgressReporter = { start() {}, update() {}, finish() {} };

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface ProgressOptions {
  stream?: ProgressStream;
  /** Minimum milliseconds between redraws on a terminal (default 100). */
  ttyInterval?: number;
  /** Milliseconds between lines when not a terminal (default 10,000). */
  lineInterval?: number;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  label?: string;
}

const fmtInt = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (x: number): string => String(x).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

/** The text of one progress report: counts, rate (this session), ETA. */
export function progressText(done: number, total: number, startDone: number, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? ((done - startDone) * 1000) / elapsedMs : 0;
  const eta = rate > 0 ? (total - done) / rate : NaN;
  const pct = total > 0 ? (100 * done) / total : 100;
  return `${fmtInt(done)}/${fmtInt(total)} replicates (${pct.toFixed(1)}%)  ${fmtInt(rate)}/s  ETA ${formatDuration(eta)}`;
}

export function createProgressReporter(options: ProgressOptions = {}): ProgressReporter {
  const stream: ProgressStream = options.stream ?? process.stderr;
  const now = options.now ?? ((): number => performance.now());
  const tty = stream.isTTY === true;
  const interval = tty ? (options.ttyInterval ?? 100) : (options.lineInterval ?? 10_000);
  const label = options.label ?? 'trialsim';
  let total = 0;
  let startDone = 0;
  let t0 = 0;
  let last = -Infinity;

  const draw = (done: number, final: boolean): void => {
    const text = progressText(done, total, startDone, now() - t0);
    if (!tty) {
      stream.write(`${label}: ${text}\n`);
      return;
    }
    const width = Math.max(10, Math.min(40, (stream.columns ?? 80) - text.length - label.length - 6));
    const filled = total > 0 ? Math.min(width, Math.floor((width * done) / total)) : width;
    stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${text}\x1b[K${final ? '\n' : ''}`);
  };

  return {
    start(t, done) {
      total = t;
      startDone = done;
      t0 = now();
      last = t0;
      if (tty) draw(done, false);
    },
    update(done) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      draw(done, false);
    },
    finish(done) {
      draw(done, true);
    },
  };
}
