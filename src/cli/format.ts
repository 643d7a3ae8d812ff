// Plain-text tables and numbers for the terminal. Formatting only: every
// number shown comes from the API's results, never recomputed here.

/** Columns padded to their widest cell; `right` marks columns aligned right (numbers). */
export function table(header: readonly string[], rows: readonly (readonly string[])[], right: readonly boolean[] = []): string {
  const all = [header, ...rows];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, j) => (right[j] === true ? cell.padStart(widths[j]) : cell.padEnd(widths[j])))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** A number to `digits` significant digits, without exponent for ordinary sizes; "–" for none. */
export function sig(x: number | null | undefined, digits = 4): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e7) return String(Number(x.toPrecision(digits)));
  return x.toExponential(digits - 1);
}

/** A p-value: 4 decimals, or "<0.0001". */
export function pValue(p: number | null | undefined): string {
  if (p === null || p === undefined || !Number.isFinite(p)) return '–';
  return p < 1e-4 ? '<0.0001' : p.toFixed(4);
}

/** A rate with its MCSE: "0.812 ± 0.0087". */
export function rate(estimate: number | null | undefined, mcse: number | null | undefined): string {
  if (estimate === null || estimate === undefined) return '–';
  // Every replicate rejected: not a claim of certainty (the report's formatRate).
  if (estimate === 1 && mcse === 0) return '> 0.999';
  return mcse === null || mcse === undefined ? estimate.toFixed(3) : `${estimate.toFixed(3)} ± ${mcse.toFixed(4)}`;
}

/** An interval "[lo, hi]". */
export function interval(ci: readonly [number | null, number | null]): string {
  return ci[0] === null && ci[1] === null ? '–' : `[${sig(ci[0])}, ${sig(ci[1])}]`;
}

/** An argument as a shell would need it written. */
export function shellQuote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
