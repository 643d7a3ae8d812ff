// The run journal: append-only JSON lines in the output folder, one line per
// completed block, fsync'd as each task finishes, so an interrupted run loses
// at most the tasks in flight. Resume replays it; merge reads several.
//
//   journal.jsonl:  header  (identity of the run, settings, shard)
//                   layout  (per design, the kernel's record layout, once)
//                   block   (per design and block: accumulators, failures,
//                            its share of the estimate sample)  ...
//
// Numbers round-trip exactly through JSON (shortest round-trip decimal), and
// accumulators hold only finite numbers (the estimate sample writes NaN as
// null), so a block read back is the block that was written.
import { FolderProblem } from './errors.js';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, truncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ReplicateLayout } from './layout.js';
import { journalCorrupt } from './messages.js';
import type { BlockResult, ReplicateFailure } from './task.js';

export const JOURNAL_FILE = 'journal.jsonl';
export const JOURNAL_FORMAT = 'trialsim-journal/1';

export interface JournalHeader {
  type: 'header';
  format: typeof JOURNAL_FORMAT;
  identity: string;
  /** Whatever the run needs to summarise without its caller: settings, design ids, truth, family. */
  run: unknown;
  shard: { k: number; n: number } | null;
}

interface LayoutLine {
  type: 'layout';
  design: number;
  layout: ReplicateLayout;
}

interface BlockLine {
  type: 'block';
  design: number;
  block: number;
  acc: number[];
  nullAcc: number[] | null;
  failures: ReplicateFailure[];
  /** The block's share of the estimate sample (null for NaN); absent when it has none. */
  sample?: (number | null)[][];
}

export interface JournalContents {
  header: JournalHeader;
  layouts: Map<number, ReplicateLayout>;
  /** By design, then block. */
  blocks: Map<number, Map<number, BlockResult>>;
  /** (design, block) pairs seen more than once, with whether the copies agree. */
  duplicates: { design: number; block: number; identical: boolean }[];
}

export function encodeBlock(design: number, b: BlockResult): BlockLine {
  return {
    type: 'block',
    design,
    block: b.block,
    acc: Array.from(b.acc),
    nullAcc: b.nullAcc === null ? null : Array.from(b.nullAcc),
    failures: b.failures.map((f) => ({ run: f.run, index: f.index, message: f.message })),
    ...(b.sample.length === 0 ? {} : { sample: b.sample.map((xs) => Array.from(xs, (x) => (Number.isFinite(x) ? x : null))) }),
  };
}

export function decodeBlock(line: BlockLine): BlockResult {
  return {
    block: line.block,
    acc: Float64Array.from(line.acc),
    nullAcc: line.nullAcc === null ? null : Float64Array.from(line.nullAcc),
    failures: line.failures,
    sample: (line.sample ?? []).map((xs) => Float64Array.from(xs, (x) => x ?? NaN)),
  };
}

/** Append-only writer; each `append` is one write followed by fsync. */
export class JournalWriter {
  private fd: number | null;

  private constructor(fd: number) {
    this.fd = fd;
  }

  /** Start a new journal (the file must not exist) with its header. */
  static create(dir: string, header: JournalHeader): JournalWriter {
    const w = new JournalWriter(openSync(join(dir, JOURNAL_FILE), 'wx'));
    w.append([JSON.stringify(header)]);
    return w;
  }

  /** Continue an existing journal, first dropping a last line cut short by a crash. */
  static reopen(dir: string): JournalWriter {
    const path = join(dir, JOURNAL_FILE);
    const text = readFileSync(path, 'utf8');
    if (text.length > 0 && !text.endsWith('\n')) truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
    return new JournalWriter(openSync(path, 'a'));
  }

  /** Append lines already serialised as JSON (one object each, no newline). */
  append(lines: readonly string[]): void {
    if (this.fd === null || lines.length === 0) return;
    writeSync(this.fd, lines.map((l) => l + '\n').join(''));
    fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}

export function journalExists(dir: string): boolean {
  return existsSync(join(dir, JOURNAL_FILE));
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((v) => typeof v === 'number');
const isSample = (x: unknown): x is (number | null)[][] =>
  Array.isArray(x) && x.every((xs) => Array.isArray(xs) && xs.every((v) => v === null || typeof v === 'number'));

function isHeader(x: Record<string, unknown>): x is JournalHeader & Record<string, unknown> {
  return x.type === 'header' && x.format === JOURNAL_FORMAT && typeof x.identity === 'string' && typeof x.run === 'object' && x.run !== null;
}

function isLayoutLine(x: Record<string, unknown>): x is LayoutLine & Record<string, unknown> {
  if (x.type !== 'layout' || !isIndex(x.design) || typeof x.layout !== 'object' || x.layout === null) return false;
  const l = x.layout as Record<string, unknown>;
  return isIndex(l.width) && Array.isArray(l.analyses);
}

function isBlockLine(x: Record<string, unknown>): x is BlockLine & Record<string, unknown> {
  return (
    x.type === 'block' &&
    isIndex(x.design) &&
    isIndex(x.block) &&
    isNumbers(x.acc) &&
    (x.nullAcc === null || isNumbers(x.nullAcc)) &&
    (x.sample === undefined || isSample(x.sample)) &&
    Array.isArray(x.failures) &&
    x.failures.every((f: unknown) => {
      if (typeof f !== 'object' || f === null) return false;
      const r = f as Record<string, unknown>;
      return (r.run === 'alternative' || r.run === 'null') && isIndex(r.index) && typeof r.message === 'string';
    })
  );
}

/** A block line read back (the engine folds blocks only as they read back from JSON). */
export function parseBlockLine(text: string): BlockResult {
  const line: unknown = JSON.parse(text);
  if (typeof line !== 'object' || line === null || !isBlockLine(line as Record<string, unknown>)) {
    throw new Error(`engine: internal error: a block line does not read back: ${text.slice(0, 80)}`);
  }
  return decodeBlock(line as BlockLine);
}

/** Read a journal; a last line without its newline (a crash mid-write) is ignored. */
export function readJournal(dir: string): JournalContents {
  const path = join(dir, JOURNAL_FILE);
  const text = readFileSync(path, 'utf8');
  const complete = text.split('\n').slice(0, -1); // the piece after the last newline is empty or torn
  let header: JournalHeader | null = null;
  const layouts = new Map<number, ReplicateLayout>();
  const blocks = new Map<number, Map<number, BlockResult>>();
  const raw = new Map<string, string>();
  const duplicates: JournalContents['duplicates'] = [];
  complete.forEach((text, i) => {
    let line: unknown;
    try {
      line = JSON.parse(text);
    } catch {
      throw new FolderProblem(journalCorrupt(path, i + 1));
    }
    if (typeof line !== 'object' || line === null) throw new FolderProblem(journalCorrupt(path, i + 1));
    const l = line as Record<string, unknown>;
    if (i === 0) {
      if (!isHeader(l)) throw new FolderProblem(journalCorrupt(path, 1));
      header = l;
    } else if (isLayoutLine(l)) {
      layouts.set(l.design, l.layout);
    } else if (isBlockLine(l)) {
      const key = `${l.design}/${l.block}`;
      const previous = raw.get(key);
      if (previous !== undefined) {
        duplicates.push({ design: l.design, block: l.block, identical: previous === text });
        return;
      }
      raw.set(key, text);
      let byBlock = blocks.get(l.design);
      if (byBlock === undefined) blocks.set(l.design, (byBlock = new Map()));
      byBlock.set(l.block, decodeBlock(l));
    } else {
      throw new FolderProblem(journalCorrupt(path, i + 1));
    }
  });
  if (header === null) throw new FolderProblem(journalCorrupt(path, 1));
  return { header, layouts, blocks, duplicates };
}

/** Write a file atomically: to a temporary file beside it, fsync, then rename over. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
