/**
 * `saliency explain --model m.onnx`: an ONNX model through onnxruntime-node. Saliency and Integrated
 * Gradients run on the ONNX engine's autodiff; the perturbation methods run the model as a function
 * model (forward passes only), where the installed methods take one. ONNX files carry no
 * preprocessing: --preprocess, --mean, --std, --layout, --invert and --size say it.
 */
import { basename, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import type { RgbaImage } from '../../core/image.ts';
import type { Attribution } from '../../core/result.ts';
import { onnxIntegratedGradients, onnxSaliency } from '../../engines/onnx/model/methods.ts';
import type { OnnxModel } from '../../engines/onnx/model/onnx-model.ts';
import type { ImageLayout } from '../../engines/onnx/model/layout.ts';
import { preprocessImages } from '../../io/preprocess-images.ts';
import { PREPROCESSING_PRESETS, type PreprocessingSpec } from '../../io/preprocessing-spec.ts';
import { setupBackend } from '../../engines/wasm/node/index.ts';
import { loadOnnxModel } from '../../node/models/load-onnx-model.ts';
import { loadImage } from '../../node/images.ts';
import { UsageError } from '../errors.ts';
import { writeSampleOutputs } from '../figures.ts';
import { chooseMethod } from '../method-choice.ts';
import type { MethodArgs } from '../explain-request.ts';
import type { FigureStyle, OutputFormat } from '../figures.ts';
import type { SessionOptions } from '../session.ts';

/** What `explain` passes on for an ONNX model (its ExplainArgs). */
export interface OnnxExplainArgs extends SessionOptions, MethodArgs, FigureStyle {
  readonly image: string;
  readonly target?: number;
  readonly top?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
}

/** The flags ONNX models add to `explain`. */
export interface OnnxArgs {
  readonly mean?: readonly number[];
  readonly std?: readonly number[];
  readonly layout?: ImageLayout;
  readonly invert?: boolean;
}

/** Prints the top predictions of an ONNX model and writes the map and overlay of each explained class. */
export async function explainOnnxCommand(args: OnnxExplainArgs & OnnxArgs, print: (line: string) => void): Promise<void> {
  const preset: PreprocessingSpec = args.preprocess ? PREPROCESSING_PRESETS[args.preprocess] : PREPROCESSING_PRESETS.unit;
  const preprocessing: PreprocessingSpec = { ...preset, ...(args.mean ? { mean: args.mean } : {}), ...(args.std ? { std: args.std } : {}) };
  await setupBackend({ backend: args.backend ?? 'wasm', ...(args.threads ? { threads: args.threads } : {}) });
  const model = await loadOnnxModel(args.model, {
    preprocessing,
    ...(args.labels ? { labels: args.labels } : {}),
    ...(args.layout ? { layout: args.layout } : {}),
    ...(args.size ? { size: args.size } : {}),
    ...(args.invert ? { invert: true } : {}),
    ...(args.threads ? { threads: args.threads } : {}),
    ...(args.maxModelBytes ? { maxModelBytes: args.maxModelBytes } : {}),
  });
  try {
    print(`${basename(args.model)}: ONNX, ${model.layout.toUpperCase()} (${model.layoutReason}), input ${model.imageShape.join('x')}, ${model.outputSize} outputs`);
    const image = await loadImage(args.image, { maxSide: Math.max(2048, ...model.imageShape) });
    const [height, width, channels] = model.imageShape;
    const pixels = model.invert ? inverted(image) : image;
    const input = preprocessImages(pixels, { ...preprocessing, size: [height, width], channels: preprocessing.channels ?? (channels === 1 ? 'grayscale' : 'rgb') }, [1, height, width, channels]);
    try {
      const data = Float32Array.from(await input.data());
      const scores = await model.predict(data, 1);
      const ranked = Array.from(scores, (score, index) => ({ score, index })).sort((a, b) => b.score - a.score);
      print(`top predictions for ${args.image}:`);
      ranked.slice(0, 5).forEach((p, rank) => print(`  ${rank + 1}. ${describe(model, p.index)}: ${p.score.toFixed(4)}`));
      const classes = args.target !== undefined ? [args.target] : ranked.slice(0, args.top ?? 1).map((p) => p.index);
      const out = resolve(args.out);
      await mkdir(out, { recursive: true });
      for (const cls of classes) {
        const attribution = await runMethod(model, args, { data, shape: [1, height, width, channels] }, input, cls);
        const name = `${basename(args.image, extname(args.image))}.${args.method}.class-${cls}`;
        const written = await writeSampleOutputs(out, name, attribution, 0, image, args.format, args);
        print(`${args.method} for ${describe(model, cls)}: ${written.join(', ')}`);
        attribution.meta.warnings.forEach((w) => print(`  warning: ${w}`));
      }
    } finally {
      input.dispose();
    }
  } finally {
    model.dispose();
  }
}

async function runMethod(model: OnnxModel, args: OnnxExplainArgs, images: { data: Float32Array; shape: number[] }, input: tf.Tensor, target: number): Promise<Attribution> {
  const method = args.method === 'vanilla' ? 'saliency' : args.method;
  const option = (key: string) => (args.option?.[key] !== undefined ? Number(args.option[key]) : undefined);
  if (method === 'saliency') return onnxSaliency(model, images, { target });
  if (method === 'integrated-gradients') {
    const steps = option('steps');
    return onnxIntegratedGradients(model, images, { target, ...(steps !== undefined ? { steps } : {}) });
  }
  const { definition } = chooseMethod(method);
  if (!(definition as { takesFunctionModel?: boolean }).takesFunctionModel) {
    throw new UsageError(`--method: '${method}' cannot run on an ONNX model; ONNX models take saliency, integrated-gradients and the perturbation methods that take function models`);
  }
  const run = definition.run as (model: unknown, input: tf.Tensor, options: Record<string, unknown>) => Promise<Attribution>;
  return run(model.functionModel, input, { ...args.option, target });
}

function describe(model: OnnxModel, index: number): string {
  const label = model.labels?.[index];
  return label !== undefined ? `${label} (class ${index})` : `class ${index}`;
}

/** `image` with its colours inverted (255 - value), for white-on-black digit models. */
function inverted(image: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) data[i + c] = 255 - (data[i + c] as number);
  return { ...image, data };
}

