// Trains the bundled text model: a sentiment classifier over the procedural sentences of
// models/data/sentiment-sentences.ts, small enough for token attributions to be checked by eye.
// Usage: node --import tsx models/text-sentiment/train.ts [--backend wasm|cpu] [--epochs N] [--limit N] [--out DIR]
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { generateSentences, sentenceIds, SENTENCE_LENGTH, SENTIMENT_LABELS, SENTIMENT_VOCABULARY } from '../data/sentiment-sentences.ts';
import { writeFileAtomic } from '../lib/model-files.ts';
import { parseTrainingArgs, prepareTraining, saveAndReload, startClock, writeModelDocs } from '../train/script.ts';
import { oneHot, trainModel } from '../train/train-loop.ts';

const SEED = 'text-sentiment-v1';
const TRAIN = { count: 4000, seed: 'sentiment-train-v1' };
const TEST = { count: 1000, seed: 'sentiment-test-v1' };
const HYPER = { batchSize: 32, learningRate: 5e-3 };
const SAMPLES = ['the movie was not good', 'a wonderful story with brilliant acting', 'never boring but the ending was awful', 'i love this film', 'the plot was dull and the music was terrible'];

const here = dirname(fileURLToPath(import.meta.url));
const args = parseTrainingArgs({ epochs: 12, out: here });
await prepareTraining(args, SEED);

/** ids [12] -> Embedding 'embedding' (8) -> Conv1D 'conv' (16, width 3, same, relu) -> global average pool -> Dense 'sentiment' (2, softmax). */
function sentimentModel(): tf.LayersModel {
  const input = tf.input({ shape: [SENTENCE_LENGTH], name: 'token_ids' });
  const embedded = tf.layers.embedding({ inputDim: SENTIMENT_VOCABULARY.length, outputDim: 8, name: 'embedding' }).apply(input);
  const conv = tf.layers.conv1d({ filters: 16, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv' }).apply(embedded);
  const pooled = tf.layers.globalAveragePooling1d({ name: 'pool' }).apply(conv);
  const out = tf.layers.dense({ units: 2, activation: 'softmax', name: 'sentiment' }).apply(pooled) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: out, name: 'text_sentiment' });
}

function encode(sentences: ReturnType<typeof generateSentences>): { inputs: Float32Array; labels: number[] } {
  return { inputs: Float32Array.from(sentences.flatMap((s) => sentenceIds(s.words))), labels: sentences.map((s) => s.label) };
}

function accuracy(model: tf.LayersModel, data: { inputs: Float32Array; labels: number[] }): number {
  const predicted = tf.tidy(() => tf.argMax(model.predict(tf.tensor2d(data.inputs, [data.labels.length, SENTENCE_LENGTH])) as tf.Tensor, 1).dataSync());
  return data.labels.filter((l, i) => predicted[i] === l).length / data.labels.length;
}

const train = encode(generateSentences(Math.min(args.limit ?? Infinity, TRAIN.count), TRAIN.seed));
const test = encode(generateSentences(TEST.count, TEST.seed));
const model = sentimentModel();
const clock = startClock();
await trainModel(
  model,
  { inputs: train.inputs, inputShape: [SENTENCE_LENGTH], targets: oneHot(train.labels, 2), targetSize: 2, count: train.labels.length },
  { ...HYPER, epochs: args.epochs, loss: 'categoricalCrossentropy', seed: SEED },
);
const time = clock();
const shipped = await saveAndReload(model, args.out);
const metrics = { testAccuracy: accuracy(shipped, test), trainAccuracy: accuracy(shipped, train) };
console.log(metrics);

await writeFileAtomic(join(args.out, 'vocab.txt'), `${SENTIMENT_VOCABULARY.join('\n')}\n`);
await writeFileAtomic(join(args.out, 'sentences.json'), `${JSON.stringify(SAMPLES, null, 2)}\n`);
const command = `node --import tsx models/text-sentiment/train.ts --backend ${args.backend} --epochs ${args.epochs}` + (args.limit ? ` --limit ${args.limit}` : '');
await writeModelDocs(args.out, shipped, SENTIMENT_LABELS, {
  name: 'text-sentiment',
  title: 'Text sentiment classifier',
  task: 'classification',
  description:
    'A tiny token model for token attributions: it reads a short movie-review sentence as word ids (vocab.txt, one token per line, ' +
    'id = line number; 0 is <pad>, 1 is <unk>) and says whether it is negative or positive. `sentences.json` holds five example sentences.',
  architecture: 'Embedding 53 x 8 - Conv1D 16 (width 3, same, relu) - GlobalAveragePooling1D - Dense 2 (softmax)',
  input: { shape: [SENTENCE_LENGTH], range: [0, SENTIMENT_VOCABULARY.length - 1] },
  output: 'two softmax probabilities: negative, positive (labels.json).',
  data:
    `${train.labels.length} procedural sentences (seed \`${TRAIN.seed}\`), evaluated on ${test.labels.length} others (seed \`${TEST.seed}\`); ` +
    '`generateSentences()` in models/data/sentiment-sentences.ts: 1-3 opinion words (12 positive, 12 negative), each negated by not/never ' +
    'with probability 0.3, among neutral words; the label is the sign of the summed polarity.',
  training: { command, seed: SEED, backend: args.backend, epochs: args.epochs, ...HYPER, trainingSamples: train.labels.length, ...time },
  metrics,
  metricNotes: { testAccuracy: 'top-1 accuracy on the 1000 test sentences', trainAccuracy: 'top-1 accuracy on the training sentences' },
});
console.log(`wrote ${args.out}`);
