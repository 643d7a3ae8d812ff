// Progress on stderr: a redrawn bar on a terminal (cli-progress), plain
// periodic lines otherwise (logs, CI). Injectable, so tests and library
// callers can silence or capture it. The counts, rate and ETA are ours
// (progressText, on the injectable clock); cli-progress draws and redraws the
// bar line, at most 1000 / ttyInterval times a second.
import cliProgress from 'cli-progress';

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
  const label = options.label ?? 'trialsim';
  let total = 0;
  let startDone = 0;
  let t0 = 0;
  const text = (done: number): string => progressText(done, total, startDone, now() - t0);

  if (tty) {
    let bar: cliProgress.SingleBar | null = null;
    return {
      start(t, done) {
        total = t;
        startDone = done;
        t0 = now();
        // The bar takes what the line leaves beside the label and the text (about 55 characters), 10 to 40 blocks.
        const barsize = Math.max(10, Math.min(40, (stream.columns ?? 80) - label.length - 62));
        bar = new cliProgress.SingleBar({
          stream: stream as NodeJS.WritableStream,
          format: (opts, params) => `${label} [${cliProgress.Format.BarFormat(params.progress, opts)}] ${text(params.value)}`,
          barsize,
          barCompleteChar: '#',
          barIncompleteChar: '.',
          fps: 1000 / (options.ttyInterval ?? 100),
          hideCursor: false,
          clearOnComplete: false,
          stopOnComplete: false,
          // The run owns Ctrl-C (it journals what finished); the bar is stopped by finish().
          gracefulExit: false,
        });
        bar.start(t, done);
      },
      update(done) {
        bar?.update(done);
      },
      finish(done) {
        if (bar === null) return;
        bar.update(done);
        bar.stop();
        bar = null;
      },
    };
  }

  const interval = options.lineInterval ?? 10_000;
  let last = -Infinity;
  return {
    start(t, done) {
      total = t;
      startDone = done;
      t0 = now();
      last = t0;
    },
    update(done) {
      const t = now();
      if (t - last < interval) return;
      last = t;
      stream.write(`${label}: ${text(done)}\n`);
    },
    finish(done) {
      stream.write(`${label}: ${text(done)}\n`);
    },
  };
}
