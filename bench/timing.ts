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

/**
 * Times `a` and `b` alternately (a, b, a, b, ...) so that both see the same machine load, and
 * returns their medians and the median of the per-pair ratios a/b.
 */
export function timePairMs(a: () => void, b: () => void, runs: number, warmup: number, budgetMs = 30_000): { a: number; b: number; ratio: number } {
  for (let i = 0; i < warmup; i++) {
    a();
    b();
  }
  const ta: number[] = [];
  const tb: number[] = [];
  const ratios: number[] = [];
  const start = performance.now();
  while (ta.length < runs && (ta.length === 0 || performance.now() - start < budgetMs)) {
    let t0 = performance.now();
    a();
    ta.push(performance.now() - t0);
    t0 = performance.now();
    b();
    tb.push(performance.now() - t0);
    ratios.push((ta[ta.length - 1] as number) / (tb[tb.length - 1] as number));
  }
  return { a: median(ta), b: median(tb), ratio: median(ratios) };
}
