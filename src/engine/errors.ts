// Errors a caller may want to tell apart (the CLI exits differently on an interruption).

/** The run was stopped by its AbortSignal (Ctrl-C); completed blocks are journalled. */
export class RunInterrupted extends Error {
  override readonly name = 'RunInterrupted';
  constructor(
    message: string,
    readonly blocksDone: number,
    readonly blocksTotal: number,
    /** What was stopped: the replicates, or the truth computed before them (nothing new journalled). */
    readonly during: 'replicates' | 'truth' = 'replicates',
  ) {
    super(message);
  }
}

/** More replicates threw than the run allows. */
export class TooManyFailures extends Error {
  override readonly name = 'TooManyFailures';
}

/**
 * The folders a caller named are not what the operation needs: a journal of
 * another run, a damaged journal, shards that do not belong together or miss
 * blocks. A problem with what was asked, not a failure of the run.
 */
export class FolderProblem extends Error {
  override readonly name = 'FolderProblem';
}

/** Another process holds the folder's lock (a run or merge writing into it). */
export class FolderBusy extends FolderProblem {}

/**
 * A file could not be written (the disk is full, the folder became read-only):
 * nothing half-written is left in its place, the old file is kept. `code` is
 * the system's error code (ENOSPC, EROFS, ...).
 */
export class WriteFailed extends Error {
  override readonly name = 'WriteFailed';
  constructor(
    message: string,
    readonly path: string,
    readonly code: string,
  ) {
    super(message);
  }
}
