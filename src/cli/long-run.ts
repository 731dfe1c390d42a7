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

/** The options to add to the run, and what to call when it ends (also when it throws). */
export interface LongRunWatch {
  readonly onProgress: (progress: Progress) => void;
  stop(): void;
}

/**
 * Prints the estimate for running `definition` with `options` on `samples` samples of
 * `sampleShapes` when it reaches {@link ANNOUNCE_EVALUATIONS}, and returns a progress watch whose
 * bar starts at the first report (methods that finish in one step never show one).
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
  return {
    onProgress: ({ done, total }) => {
      if (done >= total && bar === undefined) return;
      bar ??= progressReporter(total, 'steps', 0, stream);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
