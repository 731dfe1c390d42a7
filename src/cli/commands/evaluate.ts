/**
 * `saliency evaluate`: which map can I trust? Every chosen method's map of every image scored by
 * every chosen metric (deletion, insertion, MPRT ...), one image at a time, into results.json,
 * results.csv and a self-contained report.html with the curves and the MPRT plot. Resumable and
 * shardable (`--shard K/N`) like every table command; `saliency merge` joins shards.
 */
import { basename, resolve } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../../core/image.ts';
import { evaluate } from '../../metrics/evaluate.ts';
import type { MetricResult } from '../../metrics/definition.ts';
import { DEFAULT_METRICS, methodCalls, metricCalls, nameList, type MetricCall } from '../evaluate/choices.ts';
import { evaluateRows } from '../evaluate/evaluate-report.ts';
import type { EvaluateRow } from '../evaluate/evaluate-row.ts';
import type { MethodArgs, MethodCall } from '../explain-request.ts';
import { UsageError } from '../errors.ts';
import { chooseOutput, openSession, readImages, toInput, type Session, type SessionOptions } from '../session.ts';
import { runTable, tableImages } from '../tables/table-run.ts';
import { resolveShard, shardOutput, type ShardChoice } from '../tables/shard.ts';
import { writeTable } from '../tables/write-table.ts';

/** Options of {@link evaluateCommand}. */
export interface EvaluateArgs extends SessionOptions, Omit<MethodArgs, 'method' | 'filter'> {
  readonly images: string;
  /** Comma list of methods (default 'vanilla'). */
  readonly method: string;
  /** Comma list of metrics (default 'deletion,insertion'). */
  readonly metric?: string;
  /** `--metric-option key=value`: given to every chosen metric that declares `key`. */
  readonly metricOption?: Readonly<Record<string, string>>;
  readonly target?: number;
  readonly output?: string;
  readonly out: string;
  readonly shard?: ShardChoice;
  readonly shards?: number;
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; seconds: number }> {
  const start = performance.now();
  const value = await work();
  return { value, seconds: (performance.now() - start) / 1000 };
}

function toRow(image: string, method: string, result: MetricResult, mapSeconds: number, unit: number): EvaluateRow {
  return {
    image, method, metric: result.metric, class: result.meta.units?.[0] ?? unit, score: result.scores[0] ?? NaN, higherIsBetter: result.higherIsBetter,
    evaluations: result.meta.evaluations, seconds: result.meta.milliseconds / 1000, mapSeconds,
    curve: result.curves?.[0] ? { x: [...result.curves[0].x], y: [...result.curves[0].y] } : null,
    perLayer: result.perLayer ? result.perLayer.map((l) => ({ layer: l.layer, similarity: l.similarity[0] ?? NaN })) : null,
    warnings: [...result.meta.warnings],
  };
}

/** The rows of one image: every method's map, scored by every metric. */
async function imageRows(session: Session, input: tf.Tensor, image: string, methods: readonly { call: MethodCall; options: Record<string, unknown> }[], metrics: readonly MetricCall[]): Promise<EvaluateRow[]> {
  const rows: EvaluateRow[] = [];
  for (const { call, options } of methods) {
    const { value: attribution, seconds: mapSeconds } = await timed(() => call.definition.run(session.adapter, input, options));
    const unit = attribution.meta.units?.[0] ?? -1;
    for (const metric of metrics) {
      const source = metric.definition.needsExplainer ? { explainer: { method: call.definition.name, options } } : attribution;
      const result = await evaluate(session.adapter, input, source, metric.definition, { ...metric.options, ...(unit >= 0 ? { target: [unit] } : {}) });
      rows.push(toRow(image, call.label, result, mapSeconds, unit));
    }
  }
  return rows;
}

/** Evaluates; writes results.json, results.csv and report.html; returns the rows. */
export async function evaluateCommand(args: EvaluateArgs, print: (line: string) => void): Promise<EvaluateRow[]> {
  const shard = resolveShard(args.shard, args.shards);
  const calls = methodCalls(nameList('--method', args.method), args);
  const metrics = metricCalls(args.metric === undefined ? [...DEFAULT_METRICS] : nameList('--metric', args.metric), args.metricOption);
  const regional = metrics.filter((m) => m.definition.needsRegion).map((m) => m.definition.name);
  if (regional.length > 0) throw new UsageError(`--metric: ${regional.join(', ')} need(s) a ground-truth region per image; use saliency audit --region/--masks for localisation`);
  const all = await tableImages(args.images);
  const session = await openSession(args);
  const output = chooseOutput(session, args.output, true);
  const methods = calls.map((call) => ({ call, options: call.options(args.target, output) }));
  const settings = JSON.parse(JSON.stringify({
    model: resolve(args.model), methods: methods.map((m) => ({ method: m.call.label, options: m.options })),
    metrics: metrics.map((m) => ({ metric: m.definition.name, options: m.options })), target: args.target ?? null,
    preprocess: args.preprocess ?? null, size: args.size ?? null,
  }));
  const out = resolve(shardOutput(args.out, shard));
  const results = await runTable<EvaluateRow>({
    command: 'evaluate', all, out, shard, settings, print,
    load: async (path) => (await readImages([path], session))[0] as RgbaImage,
    rows: async (path, image) => {
      const input = toInput(session, [image]);
      try {
        return await imageRows(session, input, basename(path), methods, metrics);
      } finally {
        input.dispose();
      }
    },
  });
  await writeTable(out, results, print);
  if (results.failed.length > 0) throw new Error(`${results.failed.length} image(s) could not be evaluated (${results.failed.map((f) => f.image).join(', ')}); the others are in ${out}`);
  return evaluateRows(results);
}
