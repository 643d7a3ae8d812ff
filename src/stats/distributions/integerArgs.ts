// R's conventions for arguments that must be integers (nmath's R_nonint and
// R_forceint), shared by the discrete distributions. Internal kernel.

/** R_nonint: farther than 1e-7 (relative, for large x) from the nearest integer. */
export function isNonInteger(x: number): boolean {
  return Math.abs(x - Math.round(x)) > 1e-7 * Math.max(1, Math.abs(x));
}

/** R_forceint = C's nearbyint: round half to even (10.5 -> 10), unlike Math.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
