/**
 * `saliency batch --model m.onnx`: a folder of images through an ONNX model, in chunks of
 * --batch-size (at most the model's fixed batch), resumable from the same record as `batch`, with
 * the same gallery. Each image is explained for --target, else its top class.
 */
import { mkdir } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { RgbaImage } from '../../core/image.ts';
import { onnxInputBatch } from '../../engines/onnx/model/onnx-images.ts';
import { loadImage } from '../../node/images.ts';
import { writePng } from '../../node/output/png.ts';
import { batchInputs } from '../batch-inputs.ts';
import { finishBatch, type FailedImage } from '../batch-gallery.ts';
import { readBatchState, removeStaleTemporaries, writeBatchState, type FinishedImage } from '../batch-state.ts';
import { writeSampleOutputs } from '../figures.ts';
import { outputStem } from '../image-list.ts';
import { describeOnnxClass, describeOnnxModel, flagPreprocessing, openOnnxModel, rankedClasses, type OnnxArgs } from '../onnx/onnx-session.ts';
import { onnxMethodName, runOnnxMethod } from '../onnx/onnx-method.ts';
import { progressReporter } from '../progress-bar.ts';
import type { MethodArgs } from '../explain-request.ts';
import type { FigureStyle, OutputFormat } from '../figures.ts';
import { imageLimitsFor, type SessionOptions } from '../session.ts';

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
  const { paths, skipped } = await batchInputs(args.images, out);
  if (skipped.length > 0) print(`skipping ${skipped.length} file(s) in the --images folder that are outputs of saliency batch`);
  if (paths.length === 0) throw new Error(`--images: no images found in '${args.images}'`);
  await mkdir(out, { recursive: true });
  const model = await openOnnxModel(args);
  try {
    print(describeOnnxModel(args.model, model));
    const settings = JSON.stringify({
      model: resolve(args.model), method, target: args.target ?? null, layer: args.layer ?? null, option: args.option ?? null, formats: args.format,
      preprocessing: flagPreprocessing(args), invert: model.invert, layout: model.layout, size: model.imageShape,
    });
    await removeStaleTemporaries(out);
    const finished = new Map((await readBatchState(out, settings)).map((f) => [f.image, f] as const));
    const todo = paths.filter((p) => !finished.has(p));
    if (finished.size > 0) print(`resuming: ${finished.size} of ${paths.length} images already done in ${out}`);
    const failed: FailedImage[] = [];
    const progress = progressReporter(paths.length, 'images', finished.size);
    const chunk = Math.min(args.batchSize, model.maxBatch);
    try {
      for (let start = 0; start < todo.length; start += chunk) {
        const names = todo.slice(start, start + chunk);
        const read = await Promise.allSettled(names.map((p) => loadImage(p, imageLimitsFor(args, Math.max(...model.imageShape)))));
        const ok: { path: string; image: RgbaImage }[] = [];
        read.forEach((r, i) => {
          if (r.status === 'fulfilled') ok.push({ path: names[i] as string, image: r.value });
          else {
            const reason = r.reason instanceof Error ? r.reason.message : String(r.reason);
            failed.push({ image: names[i] as string, reason });
            print(`skipped: ${reason.includes(names[i] as string) ? reason : `${names[i]}: ${reason}`}`);
          }
        });
        if (ok.length > 0) for (const f of await explainImages(model, method, args, ok, out)) finished.set(f.image, f);
        await writeBatchState(out, { settings, finished: paths.flatMap((p) => finished.get(p) ?? []) });
        progress.update(finished.size + failed.length);
      }
    } finally {
      progress.stop();
    }
    return await finishBatch(out, { title: `Saliency: ${method} on ${args.model}`, method, paths }, finished, failed, print);
  } finally {
    model.dispose();
  }
}

/** Explains `images` in one run (targets: --target or each row's top class) and writes their files. */
async function explainImages(model: Awaited<ReturnType<typeof openOnnxModel>>, method: string, args: BatchOnnxArgs, images: readonly { path: string; image: RgbaImage }[], out: string): Promise<FinishedImage[]> {
  const batch = onnxInputBatch(model, images.map((i) => i.image));
  const targets = args.target !== undefined ? images.map(() => args.target as number) : rankedClasses(await model.predict(batch.data, images.length), images.length).map((r) => (r[0] as { index: number }).index);
  const attribution = await runOnnxMethod(model, method, args, batch, targets);
  const done: FinishedImage[] = [];
  for (const [i, { path, image }] of images.entries()) {
    const stem = outputStem(path);
    await writePng(join(out, `${stem}.image.png`), image);
    const written = await writeSampleOutputs(out, `${stem}.${method}`, attribution, i, image, args.format, args);
    done.push({
      image: path,
      outputs: [`${stem}.image.png`, ...written.map((w) => w.slice(out.length + 1))],
      caption: `${basename(path)}: ${describeOnnxClass(model, targets[i] as number)}, score ${(attribution.meta.scores[i] ?? 0).toFixed(3)}`,
    });
  }
  return done;
}
