// A problem with a scenario, where it was written, and how it is shown:
//   scenarios/x.yaml:14:7 design.allocation.control: must be at least 1 (got -1)
// A problem in a --set argument names it by its position on the command line:
//   --set:2:8 design.n_per_arm: must be at least 1 (got 0)
// (the second --set, column 8 of that argument).

export interface ScenarioError {
  /** The file, or "--set" for a command-line override. */
  file: string;
  /** 1-based line in the file; for --set, which --set argument (1-based). */
  line: number;
  /** 1-based column (for --set, within the argument). */
  col: number;
  /** Key path the problem is about ("" for the whole file). */
  path: string;
  message: string;
}

export const SET_SOURCE = '--set';

export function formatError(e: ScenarioError): string {
  return `${e.file}:${e.line}:${e.col} ${e.path === '' ? '' : `${e.path}: `}${e.message}`;
}

/** File order: by source (the file before --set), line, column. */
export function compareErrors(a: ScenarioError, b: ScenarioError): number {
  const sa = a.file === SET_SOURCE ? 1 : 0;
  const sb = b.file === SET_SOURCE ? 1 : 0;
  return sa - sb || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col || a.path.localeCompare(b.path);
}
