// Micro-benchmark harness for `npm run bench`: time per call, median over
// repeated rounds, with min and max. Not a test: nothing here asserts speed.
export interface BenchCase {
  readonly name: string;
  /** One call of the function under test; return a number so the work cannot be optimised away. */
  run(): number;
  /** Calls per round (default 10,000). */
  readonly callsPerRound?: number;
}

export interface BenchResult {
  name: string;
  nsPerCallMedian: number;
  nsPerCallMin: number;
  nsPerCallMax: number;
  rounds: number;
}

let sink = 0;

export function measure(c: BenchCase, rounds = 15): BenchResult {
  const calls = c.callsPerRound ?? 10_000;
  for (let i = 0; i < calls; i++) sink += c.run(); // warm-up: let the JIT settle
  const perCall: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += c.run();
    perCall.push(Number(process.hrtime.bigint() - t0) / calls);
  }
  perCall.sort((a, b) => a - b);
  return {
    name: c.name,
    nsPerCallMedian: perCall[Math.floor(rounds / 2)],
    nsPerCallMin: perCall[0],
    nsPerCallMax: perCall[rounds - 1],
    rounds,
  };
}

export function sinkValue(): number {
  return sink;
}
