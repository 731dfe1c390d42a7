/**
 * `saliency explain --model m.onnx`: an ONNX model through onnxruntime-node. Saliency, Integrated
 * Gradients and the CAMs (at --layer) run on the ONNX engine's autodiff; the perturbation methods
 * run the model as a function model (forward passes only), where the installed methods take one.
 * ONNX files carry no preprocessing: --preprocess, --mean, --std, --layout, --invert and --size say it.
 */
import { basename, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { onnxInputBatch } from '../../engines/onnx/model/onnx-images.ts';
import { loadImage } from '../../node/images.ts';
import { writeSampleOutputs } from '../figures.ts';
import type { MethodArgs } from '../explain-request.ts';
import type { FigureStyle, OutputFormat } from '../figures.ts';
import { describeOnnxClass, describeOnnxModel, openOnnxModel, type OnnxArgs } from '../onnx/onnx-session.ts';
import { onnxMethodName, runOnnxMethod } from '../onnx/onnx-method.ts';
import type { ProbeCache } from '../long-run.ts';
import { imageLimitsFor, rankedClasses, type SessionOptions } from '../session.ts';

export type { OnnxArgs } from '../onnx/onnx-session.ts';

/** What `explain` passes on for an ONNX model (its ExplainArgs). */
export interface OnnxExplainArgs extends SessionOptions, MethodArgs, FigureStyle {
  readonly image: string;
  readonly target?: number;
  readonly top?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
}

/** Prints the top predictions of an ONNX model and writes the map and overlay of each explained class. */
export async function explainOnnxCommand(args: OnnxExplainArgs & OnnxArgs, print: (line: string) => void): Promise<void> {
  const method = onnxMethodName(args);
  const model = await openOnnxModel(args);
  try {
    print(describeOnnxModel(args.model, model));
    const image = await loadImage(args.image, imageLimitsFor(args, Math.max(...model.imageShape)));
    const batch = onnxInputBatch(model, image);
    const [ranked = []] = rankedClasses(await model.predict(batch.data, 1), 1);
    print(`top predictions for ${args.image}:`);
    ranked.slice(0, 5).forEach((p, rank) => print(`  ${rank + 1}. ${describeOnnxClass(model, p.index)}: ${p.score.toFixed(4)}`));
    const classes = args.target !== undefined ? [args.target] : ranked.slice(0, args.top ?? 1).map((p) => p.index);
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const probe: ProbeCache = {};
    for (const cls of classes) {
      const attribution = await runOnnxMethod(model, method, args, batch, [cls], print, probe);
      const name = `${basename(args.image, extname(args.image))}.${method}.class-${cls}`;
      const written = await writeSampleOutputs(out, name, attribution, 0, image, args.format, args);
      const layer = attribution.meta.extra?.layer;
      print(`${method} for ${describeOnnxClass(model, cls)}${typeof layer === 'string' ? ` at '${layer}'` : ''}: ${written.join(', ')}`);
      attribution.meta.warnings.forEach((w) => print(`  warning: ${w}`));
    }
  } finally {
    model.dispose();
  }
}
