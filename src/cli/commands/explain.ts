/** `saliency explain`: one image, its top predictions, and the map and overlay for chosen classes. */
import { basename, extname, resolve } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { UsageError } from '../errors.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { writeSampleOutputs, type FigureStyle, type OutputFormat } from '../figures.ts';
import { describeClass, openSession, readImages, toInput, topPredictions, type SessionOptions } from '../session.ts';

/** Options of {@link explainCommand}. */
export interface ExplainArgs extends SessionOptions, MethodArgs, FigureStyle {
  readonly image: string;
  readonly target?: number;
  readonly top?: number;
  readonly out: string;
  readonly format: readonly OutputFormat[];
}

/** Prints the top predictions and writes the map, the overlay and raw maps for each explained class. */
export async function explainCommand(args: ExplainArgs, print: (line: string) => void): Promise<void> {
  if (args.target !== undefined && args.top !== undefined) throw new UsageError('--target and --top: give one or the other');
  const call = methodCall(args);
  const session = await openSession(args);
  const [image] = await readImages([args.image], session);
  const input = toInput(session, [image as NonNullable<typeof image>]);
  try {
    const [predictions = []] = await topPredictions(session, input, Math.max(5, args.top ?? 0));
    print(`top predictions for ${args.image}:`);
    predictions.slice(0, 5).forEach((p, rank) => print(`  ${rank + 1}. ${describeClass(session, p.index)}: ${p.score.toFixed(4)}`));
    const classes = call.filterMode
      ? [undefined]
      : args.target !== undefined
        ? [args.target]
        : predictions.slice(0, args.top ?? 1).map((p) => p.index);
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    const stem = basename(args.image, extname(args.image));
    for (const cls of classes) {
      const attribution = await call.definition.run(session.adapter, input, call.options(cls));
      const name = `${stem}.${call.label}${cls === undefined ? '' : `.class-${cls}`}`;
      const written = await writeSampleOutputs(out, name, attribution, 0, image as NonNullable<typeof image>, args.format, args);
      const what = cls === undefined ? attribution.meta.target : describeClass(session, cls);
      print(`${call.label} for ${what}: ${written.join(', ')}`);
      attribution.meta.warnings.forEach((w) => print(`  warning: ${w}`));
    }
  } finally {
    input.dispose();
  }
}
