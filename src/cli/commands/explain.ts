/** `saliency explain`: one image, its top predictions, and the map and overlay for chosen classes. */
import { basename, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { isOnnxPath } from '../../node/models/load-onnx-model.ts';
import { explainOnnxCommand } from './explain-onnx.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { watchLongRun, type ProbeCache } from '../long-run.ts';
import { withinMemoryBudget } from '../memory-budget.ts';
import { writeSampleOutputs, type FigureStyle, type OutputFormat } from '../figures.ts';
import { ownSizeNote, seenRegion } from '../image-input.ts';
import { explainTextCommand } from './explain-text.ts';
import { chooseOutput, describeClass, inputSize, openSession, readImages, sessionInput, toInput, topPredictions, type SessionOptions } from '../session.ts';

/** Options of {@link explainCommand}. */
export interface ExplainArgs extends SessionOptions, MethodArgs, FigureStyle {
  /** The image to explain (or `text`). */
  readonly image?: string;
  /** `--text`: a sentence for a token model, explained word by word (with `vocab`). */
  readonly text?: string;
  /** `--vocab`: the vocabulary file of `text`, one token per line. */
  readonly vocab?: string;
  readonly target?: number;
  readonly top?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
  /** `--output`: the output to explain (index or name), required when the model has several. */
  readonly output?: string;
}

/** Prints the top predictions and writes the map, the overlay and raw maps for each explained class. */
export async function explainCommand(args: ExplainArgs, print: (line: string) => void): Promise<void> {
  if ((args.image === undefined) === (args.text === undefined)) throw new UsageError('give --image FILE, or --text "..." with --vocab FILE');
  if (args.text !== undefined) return explainTextCommand({ ...args, text: args.text }, print);
  if (args.target !== undefined && args.top !== undefined) throw new UsageError('--target and --top: give one or the other');
  const imagePath = args.image as string;
  if (isOnnxPath(args.model)) return explainOnnxCommand({ ...args, image: imagePath }, print);
  const asked = methodCall(args);
  const session = await openSession(args);
  const output = chooseOutput(session, args.output, !asked.filterMode);
  const [image] = await readImages([imagePath], session);
  const input = toInput(session, [image as NonNullable<typeof image>]);
  const call = withinMemoryBudget(asked, args.option, session.adapter.model, input.shape.slice(1), print);
  const size = inputSize(session, image as NonNullable<typeof image>);
  const note = ownSizeNote(sessionInput(session), args.size, session.preprocessing);
  if (note) print(`${note}; ${imagePath} is ${size[0]}x${size[1]} (height x width)`);
  const region = seenRegion(image as NonNullable<typeof image>, size, session.preprocessing);
  if (region.width !== image?.width || region.height !== image?.height) {
    print(`the model sees the centre ${region.width}x${region.height} (width x height) of the ${image?.width}x${image?.height} image; maps are drawn there`);
  }
  try {
    const [predictions = []] = await topPredictions(session, input, Math.max(5, args.top ?? 0), output);
    print(`top predictions for ${imagePath}:`);
    predictions.slice(0, 5).forEach((p, rank) => print(`  ${rank + 1}. ${describeClass(session, p.index, output)}: ${p.score.toFixed(4)}`));
    const classes = call.filterMode
      ? [undefined]
      : args.target !== undefined
        ? [args.target]
        : predictions.slice(0, args.top ?? 1).map((p) => p.index);
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const stem = basename(imagePath, extname(imagePath));
    const probe: ProbeCache = {};
    for (const cls of classes) {
      const options = call.options(cls, output);
      const watch = await watchLongRun(call.definition, { model: session.adapter, input, sampleShapes: [input.shape.slice(1)], samples: input.shape[0], probe }, options, print);
      const attribution = await call.definition.run(session.adapter, input, { ...options, onProgress: watch.onProgress }).finally(() => watch.stop());
      const name = `${stem}.${call.label}${output === undefined ? '' : `.output-${output}`}${cls === undefined ? '' : `.class-${cls}`}`;
      const written = await writeSampleOutputs(out, name, attribution, 0, image as NonNullable<typeof image>, args.format, args, region);
      const what = cls === undefined ? attribution.meta.target : describeClass(session, cls, output);
      print(`${call.label} for ${what}: ${written.join(', ')}`);
      attribution.meta.warnings.forEach((w) => print(`  warning: ${w}`));
    }
  } finally {
    input.dispose();
  }
}
