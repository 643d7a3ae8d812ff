// Writing into a results folder: every writer of the project goes through here.
//
//   writeFileAtomic   a file whole or not at all: written in full to a temporary
//                     beside it, fsync'd, renamed over the old one, the folder
//                     fsync'd. On failure (a full disk) the temporary is removed,
//                     the old file stays, and the error says why (WriteFailed).
//   writeFully        a write that is not cut short: write(2) may write part of
//                     a buffer on a nearly full disk and fail only on the next
//                     call, so it loops (the journal's appends use it).
//   lockFolder        one writer per folder: a lock file, <dir>/.trialsim.lock,
//                     created atomically and naming its holder (pid, host, start
//                     time, command). A second run is refused and told who holds
//                     the folder; a lock whose process is gone is taken over.
//
// The lock file is written whole to a temporary and then hard-linked into
// place: link(2) fails if the name exists, so the creation is exclusive like
// open(O_CREAT | O_EXCL), and a reader never sees a lock file half-written
// (link is also the exclusive create that works on NFS, where a cluster's
// shards run). On a file system without hard links, open(O_EXCL) is used.
import { closeSync, fsyncSync, linkSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { FolderBusy, FolderProblem, WriteFailed } from './errors.js';
import { folderLocked, folderNotWritable, notAFolder, staleLockTaken, writeFailed } from './messages.js';

export const LOCK_FILE = '.trialsim.lock';

/** The system error code of a failed file operation ('' when there is none). */
export const errorCode = (e: unknown): string =>
  typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : '';

/** A failed write as a WriteFailed that names the file and says why; other errors as they are. */
export function writeFailure(path: string, e: unknown): unknown {
  if (e instanceof WriteFailed) return e;
  const code = errorCode(e);
  return code === '' ? e : new WriteFailed(writeFailed(path, code), path, code);
}

/** Write all of `data` at the file's position; a short write is continued, a failed one throws. */
export function writeFully(fd: number, data: string | Uint8Array): void {
  const buf = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  for (let at = 0; at < buf.length; ) at += writeSync(fd, buf, at, buf.length - at);
}

function fsyncFolder(dir: string): void {
  let fd: number;
  try {
    fd = openSync(dir, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems cannot sync a folder; the rename is atomic all the same.
  } finally {
    closeSync(fd);
  }
}

let temporaries = 0;
const temporaryBeside = (path: string): string => join(dirname(path), `.${basename(path)}.${process.pid}.${temporaries++}.tmp`);

/** Write `data` to a new file at `path` (which must not exist) and fsync it; false when the name is taken. */
function createWhole(path: string, data: string, exclusive: boolean): boolean {
  let fd: number;
  try {
    fd = openSync(path, exclusive ? 'wx' : 'w');
  } catch (e) {
    if (exclusive && errorCode(e) === 'EEXIST') return false;
    throw e;
  }
  try {
    writeFully(fd, data);
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw e;
  }
  closeSync(fd);
  return true;
}

/**
 * Write a file whole or not at all: to a temporary beside it, fsync'd, then
 * renamed over `path`, and the folder fsync'd so the rename survives a crash.
 * On failure the temporary is removed and `path` is as it was; the error is a
 * WriteFailed saying why (ENOSPC: the disk is full).
 */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = temporaryBeside(path);
  let fd: number | null = null;
  try {
    fd = openSync(tmp, 'w');
    writeFully(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) closeSync(fd);
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw writeFailure(path, e);
  }
  fsyncFolder(dirname(path));
}

/** Who holds a folder's lock, as its lock file says. */
export interface LockHolder {
  pid: number;
  host: string;
  /** When the lock was taken (ISO 8601). */
  started: string;
  /** The holder's process start time in clock ticks since boot (Linux), to tell a reused pid; null elsewhere. */
  processStart: string | null;
  command: string;
}

export interface FolderLock {
  readonly dir: string;
  /** Remove the lock file (when it is still this lock's); safe to call twice. */
  release(): void;
}

/** Field 22 of /proc/<pid>/stat (Linux): when the process started; null where unknown. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const describeHolder = (h: LockHolder): string => `pid ${h.pid} on ${h.host} since ${h.started}${h.command === '' ? '' : ` (${h.command})`}`;

function parseHolder(text: string): LockHolder | null {
  try {
    const x: unknown = JSON.parse(text);
    if (typeof x !== 'object' || x === null) return null;
    const h = x as Record<string, unknown>;
    if (!Number.isSafeInteger(h.pid) || typeof h.host !== 'string' || typeof h.started !== 'string') return null;
    return {
      pid: h.pid as number,
      host: h.host,
      started: h.started,
      processStart: typeof h.processStart === 'string' ? h.processStart : null,
      command: typeof h.command === 'string' ? h.command : '',
    };
  } catch {
    return null;
  }
}

/** True when the holder's process is certainly gone: same host, and no such pid (or the pid now belongs to a later process). */
function holderGone(h: LockHolder): boolean {
  if (h.host !== hostname() || h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
  } catch (e) {
    return errorCode(e) === 'ESRCH';
  }
  const now = processStart(h.pid);
  return h.processStart !== null && now !== null && now !== h.processStart;
}

/** The lock file's text, or null when there is none. */
function readLock(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (errorCode(e) === 'ENOENT') return null;
    throw e;
  }
}

let linksUnsupported = false;

/** Create `file` holding `text`, exclusively and whole; false when it exists. */
function createLockFile(file: string, text: string): boolean {
  if (linksUnsupported) return createWhole(file, text, true);
  const tmp = temporaryBeside(file);
  createWhole(tmp, text, false);
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    const code = errorCode(e);
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'EXDEV') throw e;
    linksUnsupported = true;
    return createWhole(file, text, true);
  } finally {
    unlinkSync(tmp);
  }
}

const pause = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/**
 * Replace the lock file left by a process that is gone. Two processes may find
 * the same stale lock: a second lock file (<lock>.takeover) lets one of them
 * replace it, and that one checks the lock is still the stale one first.
 */
function takeOver(file: string, stale: string, text: string): boolean {
  const guard = `${file}.takeover`;
  if (!createLockFile(guard, text)) {
    const g = readLock(guard);
    const holder = g === null ? null : parseHolder(g);
    if (holder !== null && holderGone(holder)) {
      try {
        unlinkSync(guard); // a takeover that died half-way
      } catch {
        // another process removed it first
      }
    }
    return false;
  }
  try {
    const now = readLock(file);
    if (now !== null && now !== stale) return false; // taken over (or released and taken) meanwhile
    if (now !== null) unlinkSync(file);
    return createLockFile(file, text);
  } finally {
    unlinkSync(guard);
  }
}

/** The holder of a folder's lock when its process is still running, else null. */
export function folderHolder(dir: string): string | null {
  let text: string | null;
  try {
    text = readLock(join(dir, LOCK_FILE));
  } catch {
    return null;
  }
  if (text === null) return null;
  const holder = parseHolder(text);
  if (holder === null) return 'a process that left an unreadable lock file';
  return holderGone(holder) ? null : describeHolder(holder);
}

/**
 * Take a folder (which must exist) for this process alone, before anything is
 * written in it. Throws FolderBusy naming the holder when another process has
 * it, FolderProblem when nothing can be written there. A lock whose process is
 * gone (killed, the machine restarted) is taken over, with a note. Release it
 * in `finally`; it is also removed if the process exits without releasing it.
 */
export function lockFolder(dir: string, options: { onNote?: (note: string) => void; command?: readonly string[] } = {}): FolderLock {
  const file = join(dir, LOCK_FILE);
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    started: new Date().toISOString(),
    processStart: processStart(process.pid),
    command: (options.command ?? ['node', ...process.argv.slice(1)]).join(' '),
  };
  const text = JSON.stringify(me) + '\n';
  const acquire = (): boolean => {
    try {
      return createLockFile(file, text);
    } catch (e) {
      const code = errorCode(e);
      if (code === 'ENOTDIR') throw new FolderProblem(notAFolder(dir));
      if (code !== '') throw new FolderProblem(folderNotWritable(dir, code));
      throw e;
    }
  };
  let busy = '';
  for (let attempt = 0; attempt < 200; attempt++) {
    if (acquire()) return held(dir, file, text);
    const found = readLock(file);
    if (found === null) continue; // released in the meantime
    const holder = parseHolder(found);
    if (holder === null) throw new FolderBusy(folderLocked(dir, 'which left an unreadable lock file', file, true));
    busy = describeHolder(holder);
    if (!holderGone(holder)) throw new FolderBusy(folderLocked(dir, busy, file, holder.host !== hostname()));
    if (takeOver(file, found, text)) {
      options.onNote?.(staleLockTaken(dir, busy));
      return held(dir, file, text);
    }
    pause(20); // another process is taking the stale lock over: see who ends up with it
  }
  throw new FolderBusy(folderLocked(dir, busy, file, false));
}

function held(dir: string, file: string, text: string): FolderLock {
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      if (readLock(file) === text) unlinkSync(file);
    } catch {
      // the folder is gone, or unreadable: nothing to release
    }
  };
  process.on('exit', release);
  return { dir, release };
}
