/** Median of `values` (0 for none). */
export function median(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * Median ms of `run` over `runs` timed calls after `warmup` untimed ones, stopping early once
 * `budgetMs` of timed calls are spent (at least one timed call is made).
 */
export function timeMs(run: () => void, runs: number, warmup: number, budgetMs = 20_000): number {
  for (let i = 0; i < warmup; i++) run();
  const times: number[] = [];
  const start = performance.now();
  while (times.length < runs && (times.length === 0 || performance.now() - start < budgetMs)) {
    const t0 = performance.now();
    run();
    times.push(performance.now() - t0);
  }
  return median(times);
}
