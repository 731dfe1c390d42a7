/** `saliency predict --model m.onnx`: the top-k classes of each image, preprocessed as the flags say. */
import { onnxInputBatch } from '../../engines/onnx/model/onnx-images.ts';
import { loadImage } from '../../node/images.ts';
import { describeOnnxClass, describeOnnxModel, openOnnxModel, type OnnxArgs } from '../onnx/onnx-session.ts';
import { imageLimitsFor, rankedClasses, type SessionOptions } from '../session.ts';

/** What `predict` passes on for an ONNX model. */
export interface PredictOnnxArgs extends SessionOptions, OnnxArgs {
  readonly image: readonly string[];
  readonly top: number;
}

/** Prints the model line, then each image's top-k predictions. */
export async function predictOnnxCommand(args: PredictOnnxArgs, print: (line: string) => void): Promise<void> {
  const model = await openOnnxModel(args);
  try {
    print(describeOnnxModel(args.model, model));
    for (const path of args.image) {
      const image = await loadImage(path, imageLimitsFor(args, Math.max(...model.imageShape)));
      const batch = onnxInputBatch(model, image);
      const [ranked = []] = rankedClasses(await model.predict(batch.data, 1), 1);
      print(path);
      ranked.slice(0, args.top).forEach((p, rank) => print(`  ${rank + 1}. ${describeOnnxClass(model, p.index)}: ${p.score.toFixed(4)}`));
    }
  } finally {
    model.dispose();
  }
}
