/**
 * The numbers of a saliency card: every method of a model's line-up run on a few samples, its map
 * scored by metrics through the library's `evaluate`, with the time per map and per metric
 * evaluation. A method or metric that fails is recorded in the log and left blank.
 */
import { evaluate, getMetric, metricNames, perSampleTarget, type ModelAdapter } from '../src/index.ts';
import type { DemoSample } from './bundled-models.ts';
import type { DemoLog } from './demo-log.ts';
import { samplesBatch } from './explain-samples.ts';
import type { MethodRun } from './method-rows.ts';

/** A metric of a card with its demo options. */
export interface CardMetric {
  /** Registry name. */
  readonly name: string;
  /** Column heading. */
  readonly label: string;
  readonly options: Readonly<Record<string, unknown>>;
  /** Run it for these method labels only (a costly metric in the quick demo). Default: every method. */
  readonly only?: readonly string[];
}

/** One method's line of a card. */
export interface CardRow {
  readonly method: string;
  /** Seconds per map (the method's time for the samples / their number). */
  readonly mapSeconds: number;
  /** Mean score over the samples, by metric name (absent when it failed). */
  readonly scores: Readonly<Record<string, number>>;
  /** Seconds per sample of each metric's evaluation, by metric name. */
  readonly metricSeconds: Readonly<Record<string, number>>;
}

function meanOfFinite(values: readonly number[]): number {
  const finite = values.filter(Number.isFinite);
  return finite.length ? finite.reduce((s, v) => s + v, 0) / finite.length : Number.NaN;
}

/** The metrics of `wanted` that are registered (a card shows what the library has). */
export function registeredMetrics(wanted: readonly CardMetric[]): CardMetric[] {
  const known = new Set(metricNames());
  return wanted.filter((m) => known.has(m.name));
}

/** Scores every run of `runs` on `samples` (each explained for `targets[i]`) with every metric. */
export async function cardRows(adapter: ModelAdapter, runs: readonly MethodRun[], samples: readonly DemoSample[], targets: readonly number[], metrics: readonly CardMetric[], log: DemoLog, what: string): Promise<CardRow[]> {
  const rows: CardRow[] = [];
  const input = samplesBatch(samples);
  try {
    for (const run of runs) {
      const options = { ...run.options, target: perSampleTarget(targets) };
      let attribution;
      const started = performance.now();
      try {
        attribution = await run.definition.run(adapter, input, options);
      } catch (error) {
        log.failed(`${what} card: ${run.label}`, error);
        continue;
      }
      const mapSeconds = (performance.now() - started) / 1000 / samples.length;
      const scores: Record<string, number> = {};
      const metricSeconds: Record<string, number> = {};
      for (const metric of metrics.filter((m) => !m.only || m.only.includes(run.label))) {
        const explainer = { method: run.definition.name, options: run.options };
        const source = getMetric(metric.name).needsExplainer ? { explainer } : attribution;
        try {
          const result = await evaluate(adapter, input, source, metric.name, { ...metric.options, target: [...targets] });
          scores[metric.name] = meanOfFinite(result.scores);
          metricSeconds[metric.name] = result.meta.milliseconds / 1000 / samples.length;
        } catch (error) {
          log.failed(`${what} card: ${run.label} ${metric.name}`, error);
        }
      }
      rows.push({ method: run.label, mapSeconds, scores, metricSeconds });
    }
  } finally {
    input.dispose();
  }
  const seconds = metrics.map((m) => `${m.name} ${rows.reduce((sum, r) => sum + (r.metricSeconds[m.name] ?? 0) * samples.length, 0).toFixed(1)} s`);
  log.print(`  ${what}: saliency card, ${rows.length} methods x ${metrics.length} metrics on ${samples.length} samples (${seconds.join(', ')})`);
  return rows;
}
