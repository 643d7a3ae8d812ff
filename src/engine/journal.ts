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
import { accumulatorLayout, type AccumulatorLayout } from './accumulator.js';
import { FolderProblem } from './errors.js';
import { sampleWidth, sampledRange } from './estimateSample.js';
import { closeSync, existsSync, fsyncSync, ftruncateSync, fstatSync, openSync, readFileSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { writeFailure, writeFully } from './folderFiles.js';
import type { ReplicateLayout } from './layout.js';
import { journalBadLine, journalConflict, journalCorrupt } from './messages.js';
import { blockCount, blockReplicates } from './plan.js';
import { checkRunSettings, type RunSettings } from './runResult.js';
import type { BlockResult, ReplicateFailure } from './task.js';

export { writeFileAtomic } from './folderFiles.js';

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

  private constructor(
    fd: number,
    private readonly path: string,
  ) {
    this.fd = fd;
  }

  /** Start a new journal (the file must not exist) with its header. */
  static create(dir: string, header: JournalHeader): JournalWriter {
    const path = join(dir, JOURNAL_FILE);
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      throw writeFailure(path, e);
    }
    const w = new JournalWriter(fd, path);
    w.append([JSON.stringify(header)]);
    return w;
  }

  /** Continue an existing journal, first dropping a last line cut short by a crash. */
  static reopen(dir: string): JournalWriter {
    const path = join(dir, JOURNAL_FILE);
    const text = readFileSync(path, 'utf8');
    try {
      if (text.length > 0 && !text.endsWith('\n')) truncateSync(path, Buffer.byteLength(text.slice(0, text.lastIndexOf('\n') + 1)));
      return new JournalWriter(openSync(path, 'a'), path);
    } catch (e) {
      throw writeFailure(path, e);
    }
  }

  /**
   * Append lines already serialised as JSON (one object each, no newline),
   * whole or not at all: a write that fails part-way (a full disk) is cut
   * back off, and the error (WriteFailed) says why.
   */
  append(lines: readonly string[]): void {
    if (this.fd === null || lines.length === 0) return;
    const size = fstatSync(this.fd).size;
    try {
      writeFully(this.fd, lines.map((l) => l + '\n').join(''));
      fsyncSync(this.fd);
    } catch (e) {
      try {
        ftruncateSync(this.fd, size);
      } catch {
        // a torn last line is dropped when the journal is reopened
      }
      throw writeFailure(this.path, e);
    }
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

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null;

function isLayoutLine(x: Record<string, unknown>): x is LayoutLine & Record<string, unknown> {
  if (x.type !== 'layout' || !isIndex(x.design) || !isRecord(x.layout)) return false;
  const l = x.layout;
  return (
    isIndex(l.width) &&
    (l.trial === undefined || isIndex(l.trial)) &&
    Array.isArray(l.analyses) &&
    l.analyses.every(
      (a: unknown) =>
        isRecord(a) &&
        typeof a.id === 'string' &&
        isIndex(a.offset) &&
        (a.tail === undefined || isIndex(a.tail)) &&
        Array.isArray(a.strata) &&
        a.strata.every((st: unknown) => isRecord(st) && typeof st.label === 'string' && isIndex(st.offset)),
    )
  );
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

/**
 * Read a journal; a last line without its newline (a crash mid-write) is
 * ignored. Every line is checked before anything is used (checkJournal), so
 * resume and merge take in the same blocks and refuse the same damage.
 */
export function readJournal(dir: string): JournalContents {
  const path = join(dir, JOURNAL_FILE);
  const text = readFileSync(path, 'utf8');
  const complete = text.split('\n').slice(0, -1); // the piece after the last newline is empty or torn
  let header: JournalHeader | null = null;
  const layoutLines: { line: number; text: string; layout: LayoutLine }[] = [];
  const blockLines: { line: number; text: string; block: BlockLine }[] = [];
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
      layoutLines.push({ line: i + 1, text, layout: l });
    } else if (isBlockLine(l)) {
      blockLines.push({ line: i + 1, text, block: l });
    } else {
      throw new FolderProblem(journalCorrupt(path, i + 1));
    }
  });
  if (header === null) throw new FolderProblem(journalCorrupt(path, 1));
  return checkJournal(path, header, layoutLines, blockLines);
}

/** Replicates of a block whose moments and counts agree with each other and with its size; null when they do, else what is wrong. */
function tallyProblem(acc: readonly number[], slots: AccumulatorLayout, n: number, failed: number): string | null {
  if (acc.length !== slots.width) return `${acc.length} tallies where the kernel's record layout needs ${slots.width}`;
  for (let k = 0; k < slots.width; k++) {
    const x = acc[k];
    const kind = slots.kinds[k];
    if (kind === 3 || kind === 4) {
      // A ranged group's min or max: a finite value, 0 while its triple is empty.
      const nAt = kind === 3 ? k + 2 : k + 1;
      if (!Number.isFinite(x) || (acc[nAt] === 0 && x !== 0)) return `tally ${k} is ${x}, not the ${kind === 3 ? 'least' : 'greatest'} of ${acc[nAt]} counts`;
    } else if (kind !== 2) {
      // A count, or a moment triple's n: at most one per replicate.
      if (!Number.isInteger(x) || x < 0 || x > n) return `tally ${k} is ${x}, not a count from 0 to ${n} (the block's replicates)`;
    } else if (slots.kinds[k - 1] === 1) {
      // A mean: its square enters the merge of moments (Chan, Golub & LeVeque), so it must stay finite; zero with no values.
      if (!Number.isFinite(x * x) || (acc[k - 1] === 0 && x !== 0)) return `tally ${k} is ${x}, not the mean of ${acc[k - 1]} estimates`;
    } else if (!Number.isFinite(x) || x < 0 || (acc[k - 2] === 0 && x !== 0)) {
      return `tally ${k} is ${x}, not a sum of squared deviations of ${acc[k - 2]} estimates`;
    }
  }
  if (acc[slots.replicates] + failed !== n) return `${acc[slots.replicates]} replicates accumulated and ${failed} failed, where the block has ${n}`;
  return null;
}

/**
 * The one check of a journal's contents, for resume and merge alike: each
 * line's design and block exist in the run its header describes, a block's
 * tallies fit its size and layout (counts are whole numbers from 0 to its
 * replicates, moments finite, replicates run + failed = its size), its
 * failures and estimate sample are its own replicates', and a block or layout
 * journalled twice is the same both times.
 */
function checkJournal(
  path: string,
  header: JournalHeader,
  layoutLines: readonly { line: number; text: string; layout: LayoutLine }[],
  blockLines: readonly { line: number; text: string; block: BlockLine }[],
): JournalContents {
  let settings: RunSettings;
  try {
    settings = checkRunSettings(header.run, path);
  } catch (e) {
    throw new FolderProblem(e instanceof Error ? e.message : String(e));
  }
  const count = (x: number): boolean => Number.isSafeInteger(x) && x >= 1;
  if (!count(settings.replicates) || !count(settings.blockSize) || !Number.isSafeInteger(settings.estimateSample) || settings.estimateSample < 0) {
    throw new FolderProblem(journalBadLine(path, 1, 'the header\'s replicates, block size or estimate sample are not whole numbers'));
  }
  const nDesigns = settings.designs.length;
  const nBlocks = blockCount(settings.replicates, settings.blockSize);
  const bad = (line: number, what: string): never => {
    throw new FolderProblem(journalBadLine(path, line, what));
  };

  const layouts = new Map<number, ReplicateLayout>();
  const layoutSeen = new Map<number, { line: number; text: string; slots: AccumulatorLayout }>();
  for (const { line, text, layout } of layoutLines) {
    if (layout.design >= nDesigns) bad(line, `a layout for design ${layout.design}, but the run has ${nDesigns} designs`);
    const seen = layoutSeen.get(layout.design);
    if (seen !== undefined) {
      if (seen.text !== text) bad(line, `design ${layout.design}'s record layout is journalled again (first at line ${seen.line}) with different contents`);
      continue;
    }
    layoutSeen.set(layout.design, { line, text, slots: accumulatorLayout(layout.layout) });
    layouts.set(layout.design, layout.layout);
  }

  const blocks = new Map<number, Map<number, BlockResult>>();
  const blockSeen = new Map<string, { line: number; text: string }>();
  const duplicates: JournalContents['duplicates'] = [];
  for (const { line, text, block: l } of blockLines) {
    const where = `design ${l.design}, block ${l.block}`;
    if (l.design >= nDesigns) bad(line, `${where}: the run has ${nDesigns} designs`);
    if (l.block >= nBlocks) bad(line, `${where}: the run has ${nBlocks} blocks (0 to ${nBlocks - 1})`);
    const key = `${l.design}/${l.block}`;
    const previous = blockSeen.get(key);
    if (previous !== undefined) {
      if (previous.text !== text) throw new FolderProblem(journalConflict(path, line, previous.line, l.design, l.block));
      duplicates.push({ design: l.design, block: l.block, identical: true });
      continue;
    }
    blockSeen.set(key, { line, text });
    const layout = layoutSeen.get(l.design);
    if (layout === undefined) bad(line, `${where}: no record layout for design ${l.design} is journalled before it`);
    const slots = (layout as { slots: AccumulatorLayout }).slots;
    const n = blockReplicates(l.block, settings.replicates, settings.blockSize);
    const first = l.block * settings.blockSize;
    const failed = { alternative: 0, null: 0 };
    const indices = new Set<string>();
    for (const f of l.failures) {
      if (f.index < first || f.index >= first + n) bad(line, `${where}: a failure of replicate ${f.index}, which is not in this block (${first} to ${first + n - 1})`);
      if (indices.has(`${f.run}/${f.index}`)) bad(line, `${where}: replicate ${f.index}'s ${f.run} run fails twice`);
      indices.add(`${f.run}/${f.index}`);
      failed[f.run]++;
    }
    const alt = tallyProblem(l.acc, slots, n, failed.alternative);
    if (alt !== null) bad(line, `${where}: ${alt}`);
    const nullRun = settings.designs[l.design].nullRun;
    if (nullRun !== (l.nullAcc !== null)) bad(line, `${where}: ${nullRun ? 'the null run\'s tallies are missing' : 'null-run tallies, but the run has no null run'}`);
    if (l.nullAcc !== null) {
      const nul = tallyProblem(l.nullAcc, slots, n, failed.null);
      if (nul !== null) bad(line, `${where}, null run: ${nul}`);
    } else if (failed.null > 0) {
      bad(line, `${where}: null-run failures, but the run has no null run`);
    }
    const sampled = sampledRange(l.block, settings.blockSize, settings.replicates, settings.estimateSample);
    const length = sampled.to - sampled.from;
    const sample = l.sample ?? [];
    const analyses = sampleWidth(layouts.get(l.design) as ReplicateLayout);
    if (length === 0 ? sample.length !== 0 : sample.length !== analyses || sample.some((xs) => xs.length !== length)) {
      bad(line, `${where}: its estimate sample is not ${length === 0 ? 'empty' : `${length} estimates of each of ${analyses} analyses`}`);
    }
    if (sample.some((xs) => xs.some((x) => x !== null && !Number.isFinite(x * x)))) bad(line, `${where}: its estimate sample holds a number too large for an estimate`);
    let byBlock = blocks.get(l.design);
    if (byBlock === undefined) blocks.set(l.design, (byBlock = new Map()));
    byBlock.set(l.block, decodeBlock(l));
  }
  return { header, layouts, blocks, duplicates };
}
