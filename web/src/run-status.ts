// The words of the status line while panels compute and after: progress with a time estimate, and a
// summary that counts what failed instead of claiming every map was made, and each panel's line.
import type { PanelSuccess } from './run-panel.ts';

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

/** "412 ms · batch 16 after 64 ran out of memory · worker restarted · <method notes>"; `asked` is the batch the options asked for. */
export function panelStatusText(outcome: PanelSuccess, asked: number | undefined, elapsedMs: number): string {
  const { batch, failedBatches } = outcome;
  const budgeted = batch !== undefined && asked !== undefined && batch < asked ? `batch ${batch} (memory budget)` : '';
  const shrunk = failedBatches.length > 0 ? `batch ${batch} after ${failedBatches.join(', ')} ran out of memory` : budgeted;
  const restarted = outcome.restarted ? 'worker restarted' : '';
  return [`${Math.round(elapsedMs)} ms`, shrunk, restarted, ...outcome.result.notes].filter((t) => t !== '').join(' · ');
}
