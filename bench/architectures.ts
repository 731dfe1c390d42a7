import * as tf from '@tensorflow/tfjs';

/** A benchmark model: how to build it and the input batch one map is computed for. */
export interface BenchModel {
  name: string;
  build: () => tf.LayersModel | Promise<tf.LayersModel>;
  batch: number;
  /** Bundled demo models are loaded from disk; the others are built with fixed seeds. */
  path?: string;
}

let seed = 1;
const kernel = () => tf.initializers.heNormal({ seed: seed++ });
const bias = () => tf.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed: seed++ });

/** The VGG-like net: conv 32-64-128 (3x3 same, relu) each followed by a 2x2 max pool. */
export function vggLike(size = 224): tf.LayersModel {
  seed = 100;
  const m = tf.sequential();
  [32, 64, 128].forEach((filters, i) => {
    m.add(tf.layers.conv2d({ ...(i === 0 ? { inputShape: [size, size, 3] } : {}), filters, kernelSize: 3, padding: 'same',
      activation: 'relu', kernelInitializer: kernel(), biasInitializer: bias() }));
    m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  });
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernel() }));
  return m;
}

/** MobileNet v1 as Keras builds it: conv/depthwise without bias -> BatchNorm -> ReLU(max 6). */
export function mobileNetV1(alpha: number, size = 224, classes = 1000): tf.LayersModel {
  seed = 200;
  const f = (n: number) => Math.round(n * alpha);
  const m = tf.sequential();
  let bn = 0;
  const bnRelu6 = () => {
    const s = 1000 + 4 * bn++;
    m.add(tf.layers.batchNormalization({
      epsilon: 1e-3,
      gammaInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: s }),
      betaInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: s + 1 }),
      movingMeanInitializer: tf.initializers.randomNormal({ stddev: 0.1, seed: s + 2 }),
      movingVarianceInitializer: tf.initializers.randomUniform({ minval: 0.5, maxval: 1.5, seed: s + 3 }),
    }));
    m.add(tf.layers.reLU({ maxValue: 6 }));
  };
  m.add(tf.layers.conv2d({ inputShape: [size, size, 3], filters: f(32), kernelSize: 3, strides: 2, padding: 'same', useBias: false, kernelInitializer: kernel() }));
  bnRelu6();
  const blocks: [number, number][] = [[64, 1], [128, 2], [128, 1], [256, 2], [256, 1], [512, 2], [512, 1], [512, 1], [512, 1], [512, 1], [512, 1], [1024, 2], [1024, 1]];
  for (const [filters, strides] of blocks) {
    m.add(tf.layers.depthwiseConv2d({ kernelSize: 3, strides, padding: 'same', useBias: false, depthwiseInitializer: kernel() }));
    bnRelu6();
    m.add(tf.layers.conv2d({ filters: f(filters), kernelSize: 1, padding: 'same', useBias: false, kernelInitializer: kernel() }));
    bnRelu6();
  }
  m.add(tf.layers.globalAveragePooling2d({}));
  m.add(tf.layers.dense({ units: classes, activation: 'softmax', kernelInitializer: kernel() }));
  return m;
}

/** Keras's mnist_cnn.py. */
export function mnistCnn(): tf.LayersModel {
  seed = 300;
  const m = tf.sequential();
  m.add(tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', kernelInitializer: kernel(), biasInitializer: bias() }));
  m.add(tf.layers.conv2d({ filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: kernel(), biasInitializer: bias() }));
  m.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  m.add(tf.layers.dropout({ rate: 0.25 }));
  m.add(tf.layers.flatten());
  m.add(tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: kernel(), biasInitializer: bias() }));
  m.add(tf.layers.dropout({ rate: 0.5 }));
  m.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: kernel() }));
  return m;
}

/** The benchmark models. */
export const BENCH_MODELS: readonly BenchModel[] = [
  { name: 'MNIST CNN b1', build: mnistCnn, batch: 1 },
  { name: 'MNIST CNN b32', build: mnistCnn, batch: 32 },
  { name: 'VGG-like 224', build: () => vggLike(), batch: 1 },
  { name: 'MobileNet v1 a=0.5', build: () => mobileNetV1(0.5), batch: 1 },
  { name: 'MobileNet v1 a=1.0', build: () => mobileNetV1(1.0), batch: 1 },
];

interface LayerConfig { strides?: number[]; kernelSize?: number[]; filters?: number; depthMultiplier?: number; units?: number }

/**
 * FLOPs of one map: 2 * multiply-adds of every conv, depthwise conv and dense layer, forward and
 * again for its input gradient (element-wise ops, pooling and batch norm are not counted).
 */
export function mapFlops(model: tf.LayersModel, batch: number): number {
  let flops = 0;
  const visit = (layers: tf.layers.Layer[]) => {
    for (const layer of layers) {
      if (layer instanceof tf.LayersModel) {
        visit(layer.layers);
        continue;
      }
      const name = layer.getClassName();
      const out = layer.outputShape as number[];
      const input = (layer.input as tf.SymbolicTensor).shape as number[];
      const c = layer.getConfig() as LayerConfig;
      const positions = batch * (out.slice(1, -1).reduce((a, b) => a * b, 1));
      const taps = (c.kernelSize ?? [1]).reduce((a, b) => a * b, 1);
      const cin = input[input.length - 1] as number;
      const cout = out[out.length - 1] as number;
      let macs = 0;
      if (name === 'Conv2D' || name === 'Conv1D') macs = positions * taps * cin * cout;
      else if (name === 'DepthwiseConv2D') macs = positions * taps * cout;
      else if (name === 'Dense') macs = positions * cin * cout;
      flops += 2 * 2 * macs;
    }
  };
  visit(model.layers);
  return flops;
}
