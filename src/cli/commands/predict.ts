/** `saliency predict`: top-k predictions for images. */
import { describeClass, openSession, readImages, toInput, topPredictions, type SessionOptions } from '../session.ts';

/** Options of {@link predictCommand}. */
export interface PredictArgs extends SessionOptions {
  readonly image: readonly string[];
  readonly top: number;
}

/** Prints the top-k predictions of each image. */
export async function predictCommand(args: PredictArgs, print: (line: string) => void): Promise<void> {
  const session = await openSession(args);
  const images = await readImages(args.image, session);
  const input = toInput(session, images);
  try {
    const predictions = await topPredictions(session, input, args.top);
    predictions.forEach((rows, i) => {
      print(args.image[i] as string);
      rows.forEach((p, rank) => print(`  ${rank + 1}. ${describeClass(session, p.index)}: ${p.score.toFixed(4)}`));
    });
  } finally {
    input.dispose();
  }
}
