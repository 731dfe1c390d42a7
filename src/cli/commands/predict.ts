/**
 * `saliency predict`: top-k predictions for images. A model with several outputs shows every output
 * (or the one `--output` names), and each line names its output.
 */
import { ownSizeNote } from '../image-input.ts';
import { chooseOutput, describeClass, openSession, readImages, sessionInput, toInput, topPredictions, type SessionOptions } from '../session.ts';
import { isOnnxPath } from '../../node/models/load-onnx-model.ts';
import { predictOnnxCommand } from './predict-onnx.ts';

/** Options of {@link predictCommand}. */
export interface PredictArgs extends SessionOptions {
  readonly image: readonly string[];
  readonly top: number;
  /** `--output`: the output to show (index or name). Default: every output. */
  readonly output?: string;
}

/** Prints the top-k predictions of each image. */
export async function predictCommand(args: PredictArgs, print: (line: string) => void): Promise<void> {
  if (isOnnxPath(args.model)) return predictOnnxCommand(args, print);
  const session = await openSession(args);
  const chosen = chooseOutput(session, args.output, false);
  const count = session.adapter.outputNames().length;
  const outputs = args.output === undefined && count > 1 ? Array.from({ length: count }, (_, i) => i) : [chosen];
  const note = ownSizeNote(sessionInput(session), args.size, session.preprocessing);
  if (note) print(note);
  const images = await readImages(args.image, session);
  for (const [i, image] of images.entries()) {
    const input = toInput(session, [image]);
    try {
      print(args.image[i] as string);
      for (const output of outputs) {
        const [rows = []] = await topPredictions(session, input, args.top, output ?? 0);
        rows.forEach((p, rank) => print(`  ${rank + 1}. ${describeClass(session, p.index, output)}: ${p.score.toFixed(4)}`));
      }
    } finally {
      input.dispose();
    }
  }
}
