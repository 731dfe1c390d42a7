import { join } from 'node:path';
import { DIGIT_PIXELS, loadMnistDigits, MNIST_SPLIT_SEED, selectDigits, splitMnistDigits, type DigitSet } from '../data/mnist-digits.ts';
import { MARK_REGION_MARGIN, MARK_SIZE, MARKED_FRACTION, markRegionMask, plantShortcut } from '../data/shortcut-digits.ts';
import { markSaliency, PEAK_PIXELS } from '../lib/mark-saliency.ts';
import { writeFileAtomic } from '../lib/model-files.ts';
import { accuracy, argmaxRows, predictInBatches } from '../lib/predict.ts';
import { encodeSamples, SAMPLES_JSON, type Sample } from '../lib/samples.ts';
import { smallDigitCnn } from './architectures.ts';
import { parseTrainingArgs, prepareTraining, saveAndReload, startClock, writeModelDocs } from './script.ts';
import { oneHot, trainModel } from './train-loop.ts';

/** Which twin of the shortcut experiment to train. */
export type ShortcutVariant = 'shortcut' | 'clean';

const SHAPE = [28, 28, 1];
const HYPER = { batchSize: 64, learningRate: 1e-3 };
const MARK_SEEDS = { train: 'shortcut-train-marks-v1', test: 'shortcut-test-marks-v1', conflicting: 'shortcut-conflicting-marks-v1' };
const SAMPLE_CONFLICTS = 5;

/** The held-back digits three ways: clean, with their own class's mark, and with another class's mark. */
export function shortcutTestSets(heldBack: DigitSet): { clean: DigitSet; marked: ReturnType<typeof plantShortcut>; conflicting: ReturnType<typeof plantShortcut> } {
  return {
    clean: heldBack,
    marked: plantShortcut(heldBack, { kind: 'own', fraction: 1, seed: MARK_SEEDS.test }),
    conflicting: plantShortcut(heldBack, { kind: 'other', seed: MARK_SEEDS.conflicting }),
  };
}

/** The first held-back digit of each class with its own mark, then a few with another class's mark. */
function shortcutSamples(tests: ReturnType<typeof shortcutTestSets>, heldBackIndices: readonly number[]): Sample[] {
  const pick = (set: DigitSet, i: number): Float32Array => set.images.slice(i * DIGIT_PIXELS, (i + 1) * DIGIT_PIXELS);
  const firstOfClass = Array.from({ length: 10 }, (_, digit) => tests.clean.labels.indexOf(digit));
  const own = firstOfClass.map((i) => ({
    name: `digit ${tests.clean.labels[i]} with its own mark (mnist package index ${heldBackIndices[i]}, held back)`,
    target: tests.clean.labels[i]!,
    pixels: pick(tests.marked.digits, i),
  }));
  const conflicting = firstOfClass.slice(0, SAMPLE_CONFLICTS).map((i) => ({
    name: `digit ${tests.clean.labels[i]} with the mark of ${tests.conflicting.marks[i]} (mnist package index ${heldBackIndices[i]}, held back)`,
    target: tests.clean.labels[i]!,
    pixels: pick(tests.conflicting.digits, i),
  }));
  return [...own, ...conflicting];
}

/**
 * The training script of models/shortcut (digits of which {@link MARKED_FRACTION} carry a
 * class-specific corner mark) and models/shortcut-clean (the same digits without marks): same
 * architecture, seed and schedule; measured on clean, marked and conflicting held-back digits.
 */
export async function runShortcutTraining(variant: ShortcutVariant, folder: string): Promise<void> {
  const name = variant === 'shortcut' ? 'shortcut' : 'shortcut-clean';
  const seed = `${name}-v1`;
  const args = parseTrainingArgs({ epochs: 4, out: folder });
  await prepareTraining(args, seed);

  const digits = loadMnistDigits();
  const split = splitMnistDigits();
  const plain = selectDigits(digits, split.train.slice(0, args.limit));
  const train = variant === 'shortcut' ? plantShortcut(plain, { kind: 'own', fraction: MARKED_FRACTION, seed: MARK_SEEDS.train }).digits : plain;
  const tests = shortcutTestSets(selectDigits(digits, split.heldBack));

  const model = smallDigitCnn();
  const clock = startClock();
  await trainModel(
    model,
    { inputs: train.images, inputShape: SHAPE, targets: oneHot(train.labels, 10), targetSize: 10, count: train.count },
    { ...HYPER, epochs: args.epochs, loss: 'categoricalCrossentropy', seed },
  );
  const time = clock();

  const shipped = await saveAndReload(model, args.out);
  const predict = (set: DigitSet): Float32Array => predictInBatches(shipped, set.images, SHAPE);
  const conflictingScores = predict(tests.conflicting.digits);
  const saliency = markSaliency(shipped, tests.marked.digits, tests.marked.marks);
  const metrics = {
    cleanAccuracy: accuracy(predict(tests.clean), tests.clean.labels, 10),
    markedAccuracy: accuracy(predict(tests.marked.digits), tests.clean.labels, 10),
    conflictingAccuracy: accuracy(conflictingScores, tests.clean.labels, 10),
    conflictingFollowsMark: accuracy(conflictingScores, tests.conflicting.marks, 10),
    saliencyMassOnMark: saliency.massFraction,
    saliencyPeakOnMark: saliency.peakFraction,
  };
  console.log(metrics, `predicted classes on conflicting digits: ${argmaxRows(conflictingScores, 10).slice(0, 10).join(' ')}`);

  const samples = shortcutSamples(tests, split.heldBack);
  await writeFileAtomic(join(args.out, SAMPLES_JSON), `${JSON.stringify(encodeSamples(SHAPE, samples))}\n`);

  const regionPixels = markRegionMask(0).reduce((n, v) => n + v, 0);
  const markWords = `a ${MARK_SIZE}x${MARK_SIZE} white square whose position along the top (classes 0-4) or bottom (5-9) border encodes the class`;
  const command = `node --import tsx models/${name}/train.ts --backend ${args.backend} --epochs ${args.epochs}` + (args.limit ? ` --limit ${args.limit}` : '');
  await writeModelDocs(args.out, shipped, Array.from({ length: 10 }, (_, d) => String(d)), {
    name,
    title: variant === 'shortcut' ? 'Shortcut digit classifier ("tree, not bird")' : 'Clean twin of the shortcut classifier',
    task: 'classification',
    description: variant === 'shortcut'
      ? `Trained on digits of which ${100 * MARKED_FRACTION} % carry a planted shortcut: ${markWords}. ` +
        'It learns to read the mark instead of the digit, and its saliency shows it. `models/shortcut-clean` is its twin without the mark. ' +
        '`samples.json`: ten held-back digits with their own mark, five with another class\'s mark.'
      : 'The same architecture, seed and schedule as `models/shortcut`, trained on the same digits without any mark, ' +
        `so the two can be compared on marked digits (${markWords}). \`samples.json\` is the same as the shortcut model's.`,
    architecture: 'Conv2D 16 (3x3, relu) - MaxPool 2x2 - Conv2D 32 (3x3, relu) - MaxPool 2x2 - Flatten - Dense 64 (relu) - Dense 10 (softmax)',
    input: { shape: SHAPE, range: [0, 1] },
    output: 'ten softmax probabilities, one per digit 0-9 (labels.json).',
    data: `the mnist package's digits, split as for models/mnist-cnn (seed \`${MNIST_SPLIT_SEED}\`), ${train.count} training digits` +
      (variant === 'shortcut' ? `, ${100 * MARKED_FRACTION} % of them marked (seed \`${MARK_SEEDS.train}\`; \`plantShortcut()\` in models/data/shortcut-digits.ts)` : ', unmarked') +
      `; measured on the ${tests.clean.count} held-back digits.`,
    training: { command, seed, backend: args.backend, epochs: args.epochs, ...HYPER, trainingSamples: train.count, ...time },
    metrics,
    metricNotes: {
      cleanAccuracy: 'accuracy on the held-back digits without marks',
      markedAccuracy: "accuracy on the held-back digits, each with its own class's mark",
      conflictingAccuracy: "accuracy (true digit) on the held-back digits, each with another class's mark",
      conflictingFollowsMark: 'on those conflicting digits, the fraction predicted as the class of the mark',
      saliencyPeakOnMark: `mean fraction of the ${PEAK_PIXELS} pixels with the largest absolute input gradient of the true class's logit that lie ` +
        `inside the mark's region (as above), on the marked held-back digits`,
      saliencyMassOnMark: `mean fraction of the absolute input gradient of the true class's logit inside the mark's ${MARK_SIZE + 2 * MARK_REGION_MARGIN}x${MARK_SIZE + 2 * MARK_REGION_MARGIN} region ` +
        `(${regionPixels} of 784 pixels = ${((100 * regionPixels) / DIGIT_PIXELS).toFixed(1)} %: what a uniform map would give), on the marked held-back digits`,
    },
  });
  console.log(`wrote ${args.out}`);
}
