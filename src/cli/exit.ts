// How a command ends: exit codes and the one place errors are printed.
//   0  done                  2  a problem with what was asked: a scenario with
//   1  a runtime failure        errors, an unreadable file, a bad option value
//   130 interrupted (Ctrl-C); the journal is kept and --resume finishes the run
//   141 the reader of standard output or error went away (`trialsim sample … | head`):
//       stopped quietly, as a Unix tool killed by SIGPIPE (128 + 13) is
import type { ArgumentsCamelCase, Argv } from 'yargs';
import { ScenarioInvalid, UsageError } from '../api/errors.js';
import { RunInterrupted } from '../engine/errors.js';

export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130, closedPipe: 141 } as const;

let pipesWatched = false;

/**
 * A closed pipe on stdout or stderr ends the process at once, quietly, with
 * 141: what the shell reports for a tool killed by SIGPIPE, which Node
 * ignores (it turns a write to a closed pipe into an EPIPE error, and an
 * unhandled one into a stack trace). Nothing more can reach the reader, so
 * there is nothing to say; a run's journal is whole at any moment and
 * `--resume` finishes it.
 */
export function exitQuietlyOnClosedPipe(): void {
  if (pipesWatched) return;
  pipesWatched = true;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(EXIT.closedPipe);
      throw e;
    });
  }
}

export function exitCodeOf(e: unknown): number {
  if (e instanceof ScenarioInvalid || e instanceof UsageError) return EXIT.usage;
  if (e instanceof RunInterrupted) return EXIT.interrupted;
  return EXIT.failure;
}

/** Print an error as the user should see it: a scenario's problems one per line, anything else as one line. */
export function printError(command: string, e: unknown): void {
  if (e instanceof ScenarioInvalid) {
    process.stderr.write(e.message + '\n');
    return;
  }
  const text = e instanceof Error ? e.message : String(e);
  process.stderr.write(`trialsim ${command}: ${text}\n`);
  if (process.env.TRIALSIM_DEBUG !== undefined && e instanceof Error && e.stack !== undefined && !(e instanceof UsageError)) {
    process.stderr.write(e.stack + '\n');
  }
}

/** A command's handler that never throws: errors are printed and become the exit code. */
export function action<A>(command: string, run: (argv: A) => Promise<void> | void): (argv: A) => Promise<void> {
  return async (argv) => {
    exitQuietlyOnClosedPipe();
    try {
      await run(argv);
    } catch (e) {
      printError(command, e);
      process.exitCode = exitCodeOf(e);
    }
  };
}

/** The arguments a command's builder declares, as yargs parses them. */
export type ArgsOf<B> = B extends (y: Argv) => Argv<infer T> ? T : never;

/** ... and as its handler receives them (camelCase aliases added). */
export type HandlerArgs<B> = ArgumentsCamelCase<ArgsOf<B>>;
