/** Median of `values` (0 for none). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Runs `fns` in turn (f0, f1, f0, f1, ...) `runs` times after `warmup` untimed rounds, stopping
 * early once `budgetMs` is spent (at least one timed round), and returns each function's times (ms).
 */
function sampleRounds(fns: (() => void)[], runs: number, warmup: number, budgetMs: number): number[][] {
  for (let i = 0; i < warmup; i++) fns.forEach((f) => f());
  const times = fns.map(() => [] as number[]);
  const start = performance.now();
  for (let round = 0; round < runs && (round === 0 || performance.now() - start < budgetMs); round++) {
    fns.forEach((f, i) => {
      const t0 = performance.now();
      f();
      times[i]?.push(performance.now() - t0);
    });
  }
  return times;
}

/** Median ms of `run` over `runs` timed calls after `warmup` untimed ones (see sampleRounds). */
export function timeMs(run: () => void, runs: number, warmup: number, budgetMs = 20_000): number {
  return median(sampleRounds([run], runs, warmup, budgetMs)[0] as number[]);
}

/**
 * Times `fns` in turn so that all see the same machine load, and returns each one's median and the
 * median of its per-round ratio to the LAST function (the baseline).
 */
export function timeRoundsMs(fns: (() => void)[], runs: number, warmup: number, budgetMs = 30_000): { ms: number[]; ratio: number[] } {
  const times = sampleRounds(fns, runs, warmup, budgetMs);
  const base = times[times.length - 1] as number[];
  return { ms: times.map(median), ratio: times.map((t) => median(t.map((v, i) => v / (base[i] as number)))) };
}

/**
 * Times `a` and `b` alternately so that both see the same machine load, and returns their medians
 * and the median of the per-pair ratios a/b.
 */
export function timePairMs(a: () => void, b: () => void, runs: number, warmup: number, budgetMs = 30_000): { a: number; b: number; ratio: number } {
  const { ms, ratio } = timeRoundsMs([a, b], runs, warmup, budgetMs);
  return { a: ms[0] as number, b: ms[1] as number, ratio: ratio[0] as number };
}
