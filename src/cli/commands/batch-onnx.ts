/**
 * `saliency batch --model m.onnx`: a folder of images through an ONNX model, in chunks of
 * --batch-size (a model with a fixed batch runs them in padded runs of its size), resumable from the
 * same record as `batch`, with the same loop and gallery (batch-run.ts). Each image is explained for
 * --target, else its top class.
 */
import { resolve } from 'node:path';
import { onnxInputBatch } from '../../engines/onnx/model/onnx-images.ts';
import { batchFolder, runBatch, writeFinished, type BatchImage } from '../batch-run.ts';
import type { FinishedImage } from '../batch-state.ts';
import { describeOnnxClass, describeOnnxModel, flagPreprocessing, openOnnxModel, type OnnxArgs } from '../onnx/onnx-session.ts';
import { onnxMethodName, runOnnxMethod } from '../onnx/onnx-method.ts';
import type { MethodArgs } from '../explain-request.ts';
import type { FigureStyle, OutputFormat } from '../figures.ts';
import { imageLimitsFor, rankedClasses, type SessionOptions } from '../session.ts';

/** What `batch` passes on for an ONNX model. */
export interface BatchOnnxArgs extends SessionOptions, MethodArgs, FigureStyle, OnnxArgs {
  readonly images: string;
  readonly target?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
  readonly batchSize: number;
}

/** Explains every image of --images with an ONNX model; returns the gallery path. */
export async function batchOnnxCommand(args: BatchOnnxArgs, print: (line: string) => void): Promise<string> {
  const method = onnxMethodName(args);
  const out = resolve(args.out);
  const paths = await batchFolder(args.images, out, print);
  const model = await openOnnxModel(args);
  try {
    print(describeOnnxModel(args.model, model));
    const settings = JSON.stringify({
      model: resolve(args.model), method, target: args.target ?? null, layer: args.layer ?? null, option: args.option ?? null, formats: args.format,
      preprocessing: flagPreprocessing(args), invert: model.invert, layout: model.layout, size: model.imageShape,
    });
    return await runBatch({
      out, paths, settings, chunkSize: args.batchSize, limits: imageLimitsFor(args, Math.max(...model.imageShape)),
      title: `Saliency: ${method} on ${args.model}`, method,
      explain: (images) => explainImages(model, method, args, images, out),
    }, print);
  } finally {
    model.dispose();
  }
}

/** Explains `images` in one run (targets: --target or each row's top class) and writes their files. */
async function explainImages(model: Awaited<ReturnType<typeof openOnnxModel>>, method: string, args: BatchOnnxArgs, images: readonly BatchImage[], out: string): Promise<FinishedImage[]> {
  const batch = onnxInputBatch(model, images.map((i) => i.image));
  const targets = args.target !== undefined ? images.map(() => args.target as number) : rankedClasses(await model.predict(batch.data, images.length), images.length).map((r) => (r[0] as { index: number }).index);
  const attribution = await runOnnxMethod(model, method, args, batch, targets);
  const done: FinishedImage[] = [];
  for (const [i, entry] of images.entries()) {
    done.push(await writeFinished(out, entry, i, attribution, method, describeOnnxClass(model, targets[i] as number), args));
  }
  return done;
}
