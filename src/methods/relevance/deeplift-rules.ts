/**
 * DeepLIFT's Rescale rule as scoped kernel gradients (Shrikumar et al. 2017; Captum's deep_lift.py).
 * The model runs once on [inputs; references] (2N rows); the gradient of each non-linearity is
 * replaced by the multiplier m = (f(x) - f(x')) / (x - x'), the same for both halves, falling back
 * to the kernel's own derivative where |x - x'| < eps (Captum's near-zero rule). Max pooling and
 * softmax follow Captum. The registrations are restored in `finally`, as guided backprop's.
 */
import * as tf from '@tensorflow/tfjs';
import { SaliencyError } from '../../core/errors.ts';
import { FUSED_KERNELS, fusedRules } from './deeplift-fused.ts';
import { countRule, halves, nearZeroGuarded, rescaled, rescaleMultiplier, stateDifference, timesBothHalves, type RuleCounts } from './deeplift-math.ts';

/** An elementwise non-linearity: y = f(x) and f'(x) (from x, y and the kernel's attributes). */
interface Elementwise {
  readonly forward: (x: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor;
  readonly derivative: (x: tf.Tensor, y: tf.Tensor, attrs: tf.NamedAttrMap) => tf.Tensor;
}

const inRange = (x: tf.Tensor, low: number, high: number) => tf.cast(tf.logicalAnd(tf.greaterEqual(x, low), tf.lessEqual(x, high)), 'float32');

/**
 * The elementwise non-linearities whose gradients the Rescale rule replaces. ClipByValue is one:
 * tfjs-layers' ReLU(maxValue) is relu then clipByValue, and Rescale multipliers chain exactly
 * (Δz/Δy · Δy/Δx = Δz/Δx), so the pair gives ReLU6's own multiplier.
 */
const ELEMENTWISE: Readonly<Record<string, Elementwise>> = {
  Relu: { forward: (x) => tf.relu(x), derivative: (x) => tf.step(x) },
  Relu6: { forward: (x) => tf.relu6(x), derivative: (x) => tf.mul(tf.step(x), tf.cast(tf.lessEqual(x, 6), 'float32')) },
  ClipByValue: {
    forward: (x, a) => tf.clipByValue(x, a['clipValueMin'] as number, a['clipValueMax'] as number),
    derivative: (x, _y, a) => inRange(x, a['clipValueMin'] as number, a['clipValueMax'] as number),
  },
  LeakyRelu: {
    forward: (x, a) => tf.leakyRelu(x, a['alpha'] as number),
    derivative: (x, _y, a) => tf.where(tf.greater(x, 0), tf.onesLike(x), tf.fill(x.shape, a['alpha'] as number)),
  },
  Elu: { forward: (x) => tf.elu(x), derivative: (_x, y) => tf.where(tf.greater(y, 0), tf.onesLike(y), tf.add(y, 1)) },
  Sigmoid: { forward: (x) => tf.sigmoid(x), derivative: (_x, y) => tf.mul(y, tf.sub(1, y)) },
  Tanh: { forward: (x) => tf.tanh(x), derivative: (_x, y) => tf.sub(1, tf.square(y)) },
  Softplus: { forward: (x) => tf.softplus(x), derivative: (x) => tf.sigmoid(x) },
};

/** The kernels whose gradients DeepLIFT replaces while it runs. */
export const DEEPLIFT_KERNELS: readonly string[] = [...Object.keys(ELEMENTWISE), 'Softmax', 'MaxPool', ...FUSED_KERNELS];

function elementwiseRule(kernelName: string, { forward, derivative }: Elementwise, counts: RuleCounts): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      countRule(counts, kernelName);
      // An engine's composed gradient (the wasm ReLU(6) layer) may pass x alone: y is recomputed.
      const [x, saveY] = saved as [tf.Tensor, tf.Tensor | undefined];
      return {
        x: () => {
          const y = saveY ?? forward(x, attrs);
          const [xIn, xRef] = halves(x, kernelName);
          const [yIn, yRef] = halves(y, kernelName);
          const m = rescaleMultiplier(tf.sub(xIn, xRef), tf.sub(yIn, yRef), derivative(xIn, yIn, attrs));
          return timesBothHalves(dy as tf.Tensor, m);
        },
      };
    },
  };
}

/**
 * Captum's softmax rule: the Rescale multipliers, then minus their mean. Captum takes the mean over
 * the whole 2N-row tensor; here it is taken per row (the same for one sample, and a batch then
 * equals its samples one by one).
 */
function softmaxRule(counts: RuleCounts): tf.GradConfig {
  return {
    kernelName: 'Softmax',
    inputsToSave: ['logits'],
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      countRule(counts, 'Softmax');
      const [x, y] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      return {
        logits: () => {
          const plain = tf.mul(y, tf.sub(g, tf.sum(tf.mul(g, y), -1, true)));
          const unnormalised = rescaled(g, stateDifference(x, 'Softmax'), stateDifference(y, 'Softmax'), plain);
          return tf.sub(unnormalised, tf.mean(unnormalised, -1, true));
        },
      };
    },
  };
}

/**
 * Captum's max-pooling rule: with o, o' the pooled input and reference and m = max(o, o'), dy·(m - o')
 * goes to the input's arg-max and dy·(o - m) to the reference's; their sum over both, divided by
 * x - x', is the multiplier (the plain gradient where |x - x'| < eps).
 */
function maxPoolRule(original: tf.GradConfig, counts: RuleCounts): tf.GradConfig {
  return {
    kernelName: 'MaxPool',
    inputsToSave: ['x'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      countRule(counts, 'MaxPool');
      const [x, y] = saved as [tf.Tensor, tf.Tensor];
      const g = dy as tf.Tensor;
      const unpool = (d: tf.Tensor): tf.Tensor => (original.gradFunc(d, [x, y], attrs) as Record<string, () => tf.Tensor>)['x']?.() as tf.Tensor;
      return {
        x: () => {
          const [o, oRef] = halves(y, 'MaxPool');
          const [gIn, gRef] = halves(g, 'MaxPool');
          const top = tf.maximum(o, oRef);
          const spread = halves(unpool(tf.concat([tf.mul(gIn, tf.sub(top, oRef)), tf.mul(gRef, tf.sub(o, top))], 0)), 'MaxPool');
          const total = tf.add(spread[0], spread[1]);
          const dIn = stateDifference(x, 'MaxPool');
          return nearZeroGuarded(tf.concat([total, total], 0), dIn, unpool(g));
        },
      };
    },
  };
}

/**
 * Runs `fn` (synchronous) with the gradients of {@link DEEPLIFT_KERNELS} replaced by the Rescale
 * rule, counting each replaced gradient in `counts`; the previous registrations come back when `fn`
 * returns or throws. Everything `fn` differentiates must run on [inputs; references] rows.
 */
export function withDeepLiftRules<T>(fn: () => T, counts: RuleCounts): T {
  const saved = DEEPLIFT_KERNELS.map((kernel) => [kernel, tf.getGradient(kernel)] as const);
  const maxPool = tf.getGradient('MaxPool');
  if (!maxPool) throw new SaliencyError('UNSUPPORTED_MODEL', 'DeepLIFT: no gradient is registered for MaxPool');
  try {
    for (const [kernel, rule] of Object.entries(ELEMENTWISE)) tf.registerGradient(elementwiseRule(kernel, rule, counts));
    tf.registerGradient(softmaxRule(counts));
    tf.registerGradient(maxPoolRule(maxPool, counts));
    for (const config of fusedRules(counts)) tf.registerGradient(config);
    const result = fn();
    if (result instanceof Promise) throw new Error('withDeepLiftRules: fn must be synchronous');
    return result;
  } finally {
    for (const [kernel, config] of saved) {
      if (config) tf.registerGradient(config);
      else if (tf.getGradient(kernel)) tf.unregisterGradient(kernel);
    }
  }
}
