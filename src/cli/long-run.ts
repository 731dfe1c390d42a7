/**
 * What `explain` and `batch` show around a method run: before it starts, the estimated model
 * evaluations and time (estimateRun: the registry's count and one timed probe of the model), and a
 * progress bar with rate and ETA on stderr while it runs (fed by the method's onProgress).
 */
import type { AnyModel } from '../core/function-model.ts';
import type { ModelInput } from '../core/input.ts';
import type { Progress } from '../core/progress.ts';
import type { MethodDefinition } from '../methods/definition.ts';
import { estimateRun, type RunEstimate } from '../methods/estimate-run.ts';
import { progressReporter, type ProgressReporter } from './progress-bar.ts';

/** Runs estimated at this many model evaluations or more are announced before they start. */
export const ANNOUNCE_EVALUATIONS = 100;

/** Runs of unknown evaluations projected (after their first chunk) to take this many seconds or more get a time estimate line. */
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

/** The run a watch announces: the model and input it runs on, and how many times (batch of images). */
export interface WatchedRun {
  readonly model: AnyModel;
  readonly input: ModelInput;
  /** One per model input: the shape of a sample. */
  readonly sampleShapes: readonly (readonly number[])[];
  /** Samples in `input`. */
  readonly samples: number;
  /** Samples the whole command explains (batch: every image still to do). Default `samples`. */
  readonly totalSamples?: number;
  /** Shares one timed probe between runs on the same model and input (explain's classes). Default: a probe per run. */
  readonly probe?: ProbeCache;
}

/** The timed probe of a model and input, taken by the first run announced with it. */
export interface ProbeCache {
  timing?: Promise<RunEstimate>;
}

/** The line {@link watchLongRun} prints before a run: 'rise: about 501 model evaluations, ~12 s (24 ms each, timed on 32)'. */
function estimateLine(name: string, evaluations: number, perSample: number, samples: number, secondsPerEvaluation: number, probeRows: number): string {
  const each = secondsPerEvaluation >= 1 ? formatDuration(secondsPerEvaluation) : `${(secondsPerEvaluation * 1000).toPrecision(2)} ms`;
  return `${name}: about ${evaluations} model evaluations${samples > 1 ? ` (${perSample} per sample)` : ''}, ~${formatDuration(evaluations * secondsPerEvaluation)} (${each} each, timed on ${probeRows})`;
}

/**
 * Before a run of `definition` with `options` reaching {@link ANNOUNCE_EVALUATIONS} model
 * evaluations, times one probe of the model (estimateRun; once per `run.probe`) and prints the
 * evaluations and the time they project. Returns the evaluations per sample (undefined when the registry cannot tell).
 */
export async function announceRun(definition: MethodDefinition, run: WatchedRun, options: Readonly<Record<string, unknown>>, print: (line: string) => void): Promise<number | undefined> {
  const perSample = definition.estimateEvaluations(run.sampleShapes, options);
  const samples = run.totalSamples ?? run.samples;
  if (perSample !== undefined && perSample * samples >= ANNOUNCE_EVALUATIONS) {
    const probe = (): Promise<RunEstimate> => estimateRun(definition, run.model, run.input, options);
    const estimate = await (run.probe ? (run.probe.timing ??= probe()) : probe());
    print(estimateLine(definition.name, perSample * samples, perSample, samples, estimate.secondsPerEvaluation, estimate.probeRows));
  }
  return perSample;
}

/**
 * Announces the run (see {@link announceRun}) and returns a progress watch whose bar starts at the
 * first report (methods that finish in one step never show one). A run whose evaluations are
 * unknown (Score-CAM) prints, after its first report, the time that chunk projects when it reaches
 * {@link ANNOUNCE_SECONDS}.
 */
export async function watchLongRun(
  definition: MethodDefinition,
  run: WatchedRun,
  options: Readonly<Record<string, unknown>>,
  print: (line: string) => void,
  stream: NodeJS.WriteStream = process.stderr,
): Promise<LongRunWatch> {
  const perSample = await announceRun(definition, run, options, print);
  let bar: ProgressReporter | undefined;
  const started = performance.now();
  return {
    onProgress: ({ done, total: steps }) => {
      if (done >= steps && bar === undefined) return;
      if (bar === undefined && done > 0 && perSample === undefined) {
        const seconds = ((performance.now() - started) / 1000) * (steps / done);
        if (seconds >= ANNOUNCE_SECONDS) print(`${definition.name}: about ${formatDuration(seconds)} (${done} of ${steps} steps took ${formatDuration(seconds * (done / steps))})`);
      }
      bar ??= progressReporter(steps, 'steps', 0, stream);
      bar.update(done);
    },
    stop: () => bar?.stop(),
  };
}
