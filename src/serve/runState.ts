// A run's state as the server keeps it and the app reads it (GET /api/runs):
// no imports, so the browser bundle can share the type (app/main.ts).

export type RunStatus = 'starting' | 'truth' | 'running' | 'rendering' | 'done' | 'cancelled' | 'failed';

export interface RunState {
  readonly id: number;
  readonly name: string;
  readonly outDir: string | null;
  status: RunStatus;
  done: number;
  total: number;
  /** "1,250/4,000 replicates (31.3%)  820/s  ETA 0:03", as the CLI's progress line. */
  progress: string;
  etaSeconds: number | null;
  message: string | null;
  notes: string[];
}
