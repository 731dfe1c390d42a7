/**
 * Counts of the engine's paths taken (fused kernels, polyphase, col2im, cpu fallbacks...), for tests
 * and the benchmark's profile.
 */
const counts = new Map<string, number>();

/** Records that the engine took path `name` once (for tests and the benchmark's profile). */
export function countPath(name: string): void {
  counts.set(name, (counts.get(name) ?? 0) + 1);
}

/** How often each path was taken since the last reset. */
export function pathCounts(): Record<string, number> {
  return Object.fromEntries(counts);
}

/** Forgets the recorded counts. */
export function resetPathCounts(): void {
  counts.clear();
}
