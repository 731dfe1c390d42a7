/**
 * Token attributions on the bundled text model (models/text-sentiment): each example sentence with
 * its words highlighted (red: for the predicted class, blue: against), one figure per method. The
 * gradient methods attribute to the Embedding layer and sum each word's row; feature ablation
 * replaces one token id at a time by <pad>.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { getMethod, parseVocabulary, tokenAttributions, tokenHighlightImage, tokenize, type RgbaImage } from '../src/index.ts';
import { loadModel, type GallerySection, type ImageFigure } from '../src/node/index.ts';
import { MODELS_DIR } from '../models/lib/bundled.ts';
import type { DemoLog } from './demo-log.ts';
import type { DemoSettings } from './settings.ts';

const DIR = join(MODELS_DIR, 'text-sentiment');
const METHODS: readonly { readonly name: string; readonly options: Readonly<Record<string, unknown>> }[] = [
  { name: 'integrated-gradients', options: { wrt: 'embedding' } },
  { name: 'gradient-shap', options: { wrt: 'embedding', samples: 16 } },
  { name: 'input-x-gradient', options: { wrt: 'embedding' } },
  { name: 'feature-ablation', options: {} },
];

/** Pictures one under another on white, `gap` pixels apart. */
function stack(images: readonly RgbaImage[], gap = 4): RgbaImage {
  const width = Math.max(...images.map((i) => i.width));
  const height = images.reduce((h, i) => h + i.height + gap, 0);
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  let top = 0;
  for (const image of images) {
    for (let row = 0; row < image.height; row++) data.set(image.data.subarray(row * image.width * 4, (row + 1) * image.width * 4), ((top + row) * width) * 4);
    top += image.height + gap;
  }
  return { width, height, data };
}

/** The text section of the gallery. */
export async function textSection(settings: DemoSettings, log: DemoLog): Promise<GallerySection<ImageFigure>> {
  const model = (await loadModel(DIR)).model as tf.LayersModel;
  const vocabulary = parseVocabulary(await readFile(join(DIR, 'vocab.txt'), 'utf8'));
  const sentences = (JSON.parse(await readFile(join(DIR, 'sentences.json'), 'utf8')) as string[]).slice(0, settings.quick ? 2 : undefined);
  const tokens = sentences.map((s) => tokenize(s, vocabulary, 12));
  const input = tf.tensor2d(tokens.map((t) => [...t.ids]), [tokens.length, 12]);
  const figures: ImageFigure[] = [];
  try {
    for (const { name, options } of METHODS) {
      try {
        const result = await getMethod(name).run(model, input, options);
        const perWord = result.map.shape.length > 2 ? tokenAttributions(result.map) : result.map;
        const lines = tokens.map((t, n) => tokenHighlightImage([`${result.meta.units?.[n] === 1 ? '[+]' : '[-]'}`, ...t.words], [0, ...perWord.data.slice(n * 12, n * 12 + t.words.length)]));
        figures.push({ image: stack(lines), file: `text-${name}.png`, caption: `${name}${options['wrt'] ? ` at the Embedding layer` : ''}` });
        log.print(`  text-sentiment: ${name}`);
      } catch (error) {
        log.failed(`text-sentiment: ${name}`, error);
      }
    }
  } finally {
    input.dispose();
    model.dispose();
  }
  return {
    title: 'Which words made the model say negative or positive? (text-sentiment)',
    text:
      'The bundled text model reads short reviews as word ids. Each line is one sentence, [+] or [-] the predicted class; ' +
      'red words speak for it, blue words against it, stronger colour = larger share. Gradient methods attribute to the ' +
      'Embedding layer (Captum\'s LayerIntegratedGradients) and sum each word\'s row; feature ablation replaces one word by <pad>. ' +
      'Expect the opinion words in colour, "not" and "never" where they flip one, and the filler words pale.',
    figures,
  };
}
