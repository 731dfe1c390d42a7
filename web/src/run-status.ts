// The words of the status line while panels compute and after: progress with a time estimate, and a
// summary that counts what failed instead of claiming every map was made.

/** Below this fraction done, a time estimate is mostly noise and is not shown. */
const MIN_FRACTION_FOR_ESTIMATE = 0.05;

/** "Computing Integrated Gradients (2 of 5): 40 %, about 12 s left"; `fraction` is of the whole run. */
export function progressText(label: string, index: number, count: number, fraction: number, elapsedMs: number): string {
  const percent = Math.floor(100 * Math.min(1, Math.max(0, fraction)));
  const left = fraction >= MIN_FRACTION_FOR_ESTIMATE && fraction < 1 ? `, about ${duration((elapsedMs * (1 - fraction)) / fraction)} left` : '';
  return `Computing ${label} (${index + 1} of ${count}): ${percent} %${left}`;
}

/** A duration in words: "12 s", "3 min 5 s". */
export function duration(ms: number): string {
  const seconds = Math.max(1, Math.round(ms / 1000));
  return seconds < 60 ? `${seconds} s` : `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}

/** "Done: 13 maps, 2 failed: Integrated Gradients (out of memory), Score-CAM (error) for “cat”." (`target` comes quoted) */
export function summaryText(computed: number, failed: readonly { readonly label: string; readonly reason: string }[], target: string): string {
  const maps = `${computed} map${computed === 1 ? '' : 's'}`;
  const failures = failed.length === 0 ? '' : `, ${failed.length} failed: ${failed.map((f) => `${f.label} (${f.reason})`).join(', ')}`;
  return `Done: ${maps}${failures} for ${target}.`;
}
