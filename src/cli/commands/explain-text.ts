/**
 * `saliency explain --text "..." --vocab FILE`: a sentence through a token model. The words become
 * ids (src/text/tokenize.ts); methods that take `wrt` attribute to the model's Embedding layer
 * unless told otherwise, and each word's attribution is the sum over the embedding axis. Prints the
 * predictions and a table of words and attributions, and writes them as JSON and highlighted HTML.
 */
import { readFile, stat, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { writeFileAtomic } from '../../node/output/atomic-write.ts';
import { inputEmbedding, tokenAttributions } from '../../methods/gradient/layer-space.ts';
import { escapeHtml } from '../../render/escape-html.ts';
import { tokenHighlightHtml } from '../../render/tokens.ts';
import { parseVocabulary, tokenize } from '../../text/tokenize.ts';
import { UsageError } from '../errors.ts';
import { methodCall, type MethodArgs } from '../explain-request.ts';
import { chooseOutput, describeClass, openSession, topPredictions, type SessionOptions } from '../session.ts';

/** Options of {@link explainTextCommand} (those of `explain` that apply to text). */
export interface ExplainTextArgs extends SessionOptions, MethodArgs {
  /** The sentence. */
  readonly text: string;
  /** The vocabulary file, one token per line. */
  readonly vocab?: string;
  readonly target?: number;
  readonly top?: number;
  readonly out: string;
  /** The output to explain (index or name), required when the model has several. */
  readonly output?: string;
}

/** Largest vocabulary file read, in bytes. */
export const MAX_VOCABULARY_BYTES = 16 * 2 ** 20;

/** Explains `args.text` with the vocabulary file `args.vocab`. */
export async function explainTextCommand(args: ExplainTextArgs, print: (line: string) => void): Promise<void> {
  if (args.vocab === undefined) throw new UsageError('--text: needs --vocab FILE (one token per line; the line number is its id)');
  if (args.target !== undefined && args.top !== undefined) throw new UsageError('--target and --top: give one or the other');
  const size = (await stat(args.vocab)).size;
  if (size > MAX_VOCABULARY_BYTES) throw new UsageError(`--vocab: ${args.vocab} has ${size} bytes; at most ${MAX_VOCABULARY_BYTES} are read`);
  const vocabulary = parseVocabulary(await readFile(args.vocab, 'utf8'));
  const asked = methodCall(args);
  const session = await openSession(args);
  const shapes = session.adapter.inputShapes();
  const length = shapes[0]?.[1];
  if (shapes.length !== 1 || shapes[0]?.length !== 2 || typeof length !== 'number') {
    throw new UsageError(`--text: the model must take one input of token ids [N, length]; its inputs are ${shapes.map((s) => `[${s.map((d) => d ?? 'N').join(', ')}]`).join(', ')}`);
  }
  const tokens = tokenize(args.text, vocabulary, length);
  if (tokens.truncated) print(`the text has more than ${length} words; the model reads the first ${length}`);
  if (tokens.unknownWords.length > 0) print(`not in the vocabulary (read as unknown): ${tokens.unknownWords.join(', ')}`);
  const embedding = inputEmbedding(session.adapter.model);
  const wrt = embedding && asked.definition.options.some((o) => o.name === 'wrt') && args.option?.['wrt'] === undefined ? { wrt: embedding.name } : {};
  if (wrt.wrt) print(`attributing to the Embedding layer '${wrt.wrt}'; a word's attribution is the sum over its ${embedding?.outputShape.at(-1) ?? ''} dimensions`);
  const output = chooseOutput(session, args.output, !asked.filterMode);
  const input = tf.tensor2d([tokens.ids as number[]], [1, length]);
  try {
    const [predictions = []] = await topPredictions(session, input, Math.max(5, args.top ?? 0), output);
    print(`top predictions for "${tokens.words.join(' ')}":`);
    predictions.slice(0, 5).forEach((p, rank) => print(`  ${rank + 1}. ${describeClass(session, p.index, output)}: ${p.score.toFixed(4)}`));
    const classes = asked.filterMode ? [undefined] : args.target !== undefined ? [args.target] : predictions.slice(0, args.top ?? 1).map((p) => p.index);
    const out = resolve(args.out);
    await mkdir(out, { recursive: true });
    for (const cls of classes) {
      const attribution = await asked.definition.run(session.adapter, input, { ...asked.options(cls, output), ...wrt });
      const map = attribution.map.shape.length > 2 ? tokenAttributions(attribution.map) : attribution.map;
      const scores = Array.from(map.data.slice(0, tokens.words.length));
      const what = cls === undefined ? attribution.meta.target : describeClass(session, cls, output);
      print(`${asked.label} for ${what}:`);
      tokens.words.forEach((word, i) => print(`  ${word.padEnd(16)} ${(scores[i] as number) >= 0 ? ' ' : ''}${(scores[i] as number).toFixed(4)}`));
      const name = join(out, `text.${asked.label}${cls === undefined ? '' : `.class-${cls}`}`);
      const record = { text: args.text, words: tokens.words, ids: tokens.ids, attributions: scores, method: attribution.meta.method, wrt: attribution.meta.wrt, target: attribution.meta.target, score: attribution.meta.scores[0], extra: attribution.meta.extra ?? {} };
      await writeFileAtomic(`${name}.tokens.json`, `${JSON.stringify(record, null, 2)}\n`);
      await writeFileAtomic(`${name}.tokens.html`, `<!doctype html><meta charset="utf-8"><title>${escapeHtml(asked.label)}</title><p>${escapeHtml(`${asked.label} for ${what}`)}</p>${tokenHighlightHtml(tokens.words, scores)}\n`);
      print(`  written: ${name}.tokens.json, ${name}.tokens.html`);
      attribution.meta.warnings.forEach((w) => print(`  warning: ${w}`));
    }
  } finally {
    input.dispose();
  }
}
