// Trains the bundled steering regressor on procedurally generated road scenes (models/data/road-scenes.ts).
// Usage: node --import tsx models/steering/train.ts [--backend wasm|cpu] [--epochs N] [--limit N] [--out DIR]
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRoadScenes, renderRoadScene, ROAD_SCENE_SIZE, sampleRoadSceneParams } from '../data/road-scenes.ts';
import { writeFileAtomic } from '../lib/model-files.ts';
import { predictInBatches } from '../lib/predict.ts';
import { createRng } from '../lib/rng.ts';
import { encodeSamples, SAMPLES_JSON } from '../lib/samples.ts';
import { steeringCnn } from '../train/architectures.ts';
import { regressionMetrics } from '../train/regression-metrics.ts';
import { parseTrainingArgs, prepareTraining, saveAndReload, startClock, writeModelDocs } from '../train/script.ts';
import { trainModel } from '../train/train-loop.ts';

const SEED = 'steering-v1';
const TRAIN_SCENES = { count: 6000, seed: 'road-train-v1' };
const TEST_SCENES = { count: 1000, seed: 'road-test-v1' };
const SAMPLE_CURVATURES = [-0.8, -0.4, 0, 0.4, 0.8];
const SHAPE = [ROAD_SCENE_SIZE, ROAD_SCENE_SIZE, 3];
const HYPER = { batchSize: 64, learningRate: 1e-3 };

const here = dirname(fileURLToPath(import.meta.url));
const args = parseTrainingArgs({ epochs: 12, out: here });
await prepareTraining(args, SEED);

const train = generateRoadScenes(Math.min(args.limit ?? Infinity, TRAIN_SCENES.count), TRAIN_SCENES.seed);
const test = generateRoadScenes(TEST_SCENES.count, TEST_SCENES.seed);

const model = steeringCnn();
const clock = startClock();
await trainModel(
  model,
  { inputs: train.images, inputShape: SHAPE, targets: train.curvatures, targetSize: 1, count: train.count },
  { ...HYPER, epochs: args.epochs, loss: 'meanSquaredError', seed: SEED },
);
const time = clock();

const shipped = await saveAndReload(model, args.out);
const metrics = regressionMetrics(predictInBatches(shipped, test.images, SHAPE), test.curvatures);
console.log(metrics);

const sampleRng = createRng('road-samples-v1');
const samples = SAMPLE_CURVATURES.map((curvature) => ({
  name: `road bending ${curvature < 0 ? 'left' : curvature > 0 ? 'right' : 'straight'} (curvature ${curvature})`,
  target: curvature,
  pixels: renderRoadScene(sampleRoadSceneParams(sampleRng, curvature)),
}));
await writeFileAtomic(`${args.out}/${SAMPLES_JSON}`, `${JSON.stringify(encodeSamples(SHAPE, samples))}\n`);

const command = `node --import tsx models/steering/train.ts --backend ${args.backend} --epochs ${args.epochs}` +
  (args.limit ? ` --limit ${args.limit}` : '');
await writeModelDocs(args.out, shipped, ['steering'], {
  name: 'steering',
  title: 'Steering regressor',
  task: 'regression',
  description: "In the spirit of keras-vis's self-driving example: a small CNN that reads a road scene and outputs " +
    'how hard the road ahead bends, so "steer left / right / keep straight" saliency has a real model behind it. ' +
    '`samples.json` holds five scenes from hard left to hard right.',
  architecture: 'Conv2D 16 / 24 / 32 / 48 (3x3, stride 2, same, relu) - Flatten - Dense 64 (relu) - Dropout 0.3 - Dense 1 (tanh)',
  input: { shape: SHAPE, range: [0, 1] },
  output: 'one value in [-1, 1]: the curvature of the road ahead, negative = bends left, positive = bends right.',
  data: `${train.count} generated road scenes (seed \`${TRAIN_SCENES.seed}\`), evaluated on ${test.count} others ` +
    `(seed \`${TEST_SCENES.seed}\`); \`generateRoadScenes()\` in models/data/road-scenes.ts: sky, grass, a road whose ` +
    'far end bends by the target curvature (uniform in [-1, 1]), edge and dashed centre lines, 1-5 trees, rocks and cars, ' +
    'random colours, horizon, road width, lane offset and pixel noise.',
  training: { command, seed: SEED, backend: args.backend, epochs: args.epochs, ...HYPER, trainingSamples: train.count, ...time },
  metrics: { ...metrics },
  metricNotes: {
    testMae: 'mean |prediction - curvature| on the test scenes',
    testRmse: 'root mean squared error on the test scenes',
    baselineMae: 'the mean absolute error of always predicting 0, for comparison',
    correlation: 'Pearson correlation of prediction and curvature',
    signAccuracy: 'fraction of test scenes with |curvature| > 0.1 whose predicted sign (left / right) is right',
  },
});
console.log(`wrote ${args.out}`);
