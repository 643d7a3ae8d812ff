// f(x) remembered for the values a score's baseline takes: read to 0.1 cm (a
// VAS) or to a whole point (CDASI), so a few dozen of them. The slot is
// Math.round(10 x); a remembered value is used only for exactly the same x,
// so the result is f(x) whatever the slot held before.

/** f, remembered for x in [0, upTo] (computed each time outside it). */
export function rememberByTenths(f: (x: number) => number, upTo: number): (x: number) => number {
  const slots = Math.round(10 * upTo) + 1;
  const key = new Float64Array(slots).fill(NaN);
  const value = new Float64Array(slots);
  return (x: number): number => {
    const k = Math.round(10 * x);
    if (!(k >= 0 && k < slots)) return f(x);
    if (key[k] === x) return value[k];
    const v = f(x);
    key[k] = x;
    value[k] = v;
    return v;
  };
}
