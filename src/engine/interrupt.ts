// Ctrl-C for long runs: the first SIGINT (or SIGTERM) aborts the run cleanly
// (pending tasks cancelled, journal kept, `resume` finishes it); the handler
// then steps aside, so a second Ctrl-C kills the process the default way.

export interface Interrupt {
  signal: AbortSignal;
  /** Remove the handlers (call in finally). */
  dispose(): void;
}

export function interruptOnSignals(signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'], onInterrupt?: (signal: NodeJS.Signals) => void): Interrupt {
  const controller = new AbortController();
  const dispose = (): void => {
    for (const s of signals) process.off(s, handler);
  };
  function handler(signal: NodeJS.Signals): void {
    dispose();
    onInterrupt?.(signal);
    controller.abort();
  }
  for (const s of signals) process.on(s, handler);
  return { signal: controller.signal, dispose };
}
