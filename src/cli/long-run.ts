/**
 * What `explain` shows around one method run: the estimated model evaluations before it starts
 * (from the registry entry's estimateEvaluations) and a progress bar with rate and ETA on stderr
 * while it runs (fed by the method's onProgress), as `batch` shows for images.
 */
import type { Progress } from '../core/progress.ts';
import type { MethodDefinition } from '../methods/definition.ts';
import { progressReporter, type ProgressReporter } from './progress-bar.ts';

/** Runs estimated at this many model evaluations or more are announced before they start. */
export const ANNOUNCE_EVALUATIONS = 100;

/** Runs projected (after their first chunk) to take this many seconds or more get a time estimate line. */
export const ANNOUNCE_SECONDS = 5;

/** A duration for people: '42 s', '3.5 min', '1.2 h'. */
export function formatDuration(seconds: number): string {
  if (seconds < 90) return `${Math.round(seconds)} s`;
  return seconds < 5400 ? `${(seconds / 60).toFixed(1)} min` : `${(seconds / 3600).toFixed(1)} h`;
}

/** The options to add to the run, and what to call when it ends (also when it throws). */
export interface LongRunWatch {
  readonly onProgress: (progress: Progress) => void;
  stop(): void;
}

/**
 * Prints the estimate for running `definition` with `options` on `samples` samples of
 * `sampleShapes` when it reaches {@link ANNOUNCE_EVALUATIONS}, and returns a progress watch whose
 * bar starts at the first report (methods that finish in one step never show one). After the first
 * report, a run projected to take {@link ANNOUNCE_SECONDS} or more prints its time estimate (from the
 * rate of that first chunk) once.
 */
export function watchLongRun(
  definition: MethodDefinition,
  sampleShapes: readonly (readonly number[])[],
  options: Readonly<Record<string, unknown>>,
  samples: number,
  print: (line: string) => void,
  stream: NodeJS.WriteStream = process.stderr,
): LongRunWatch {
  const perSample = definition.estimateEvaluations(sampleShapes, options);
  if (perSample !== undefined && perSample * samples >= ANNOUNCE_EVALUATIONS) {
    print(`${definition.name}: about ${perSample * samples} model evaluations${samples > 1 ? ` (${perSample} per sample)` : ''}`);
  }
  let bar: ProgressReporter | undefined;
  const started = performance.now();
  return {
    onProgress: ({ done, total }) => {
      if (done >= total && bar === undefined) return;
      if (bar === undefined && done > 0) {
        const seconds = ((performance.now() - started) / 1000) * (total / done);
        if (seconds >= ANNOUNCE_SECONDS) print(`${definition.name}: about ${formatDuration(seconds)} (${done} of ${total} steps took ${formatDuration(seconds * (done / total))})`);
      }
      bar ??= progressReporter(total, 'steps', 0, stream);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
