import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { conv2dFilterGradient, conv2dInputGradient, installFastConvGradients, type Conv2DAttrs } from '../../models/train/conv-gradients.ts';

await tf.setBackend('cpu');

const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor): number => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

interface ConvCase {
  readonly pad: 'valid' | 'same';
  readonly k: number;
  readonly h: number;
  readonly stride: number;
}

/** Random x, filter and dy for `conv`, and the attributes of the Conv2D call. */
function convCase({ pad, k, h, stride }: ConvCase): { x: tf.Tensor4D; filter: tf.Tensor4D; dy: tf.Tensor4D; attrs: Conv2DAttrs } {
  const x = tf.randomNormal([2, h, h + 1, 3], 0, 1, 'float32', 1) as tf.Tensor4D;
  const filter = tf.randomNormal([k, k, 3, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
  const dy = tf.randomNormal(tf.conv2d(x, filter, stride, pad).shape, 0, 1, 'float32', 3) as tf.Tensor4D;
  return { x, filter, dy, attrs: { strides: stride, pad, dataFormat: 'NHWC', dilations: 1 } };
}

type ConvTensors = ReturnType<typeof convCase>;

const checks: { name: string; cases: ConvCase[]; fast: (c: ConvTensors) => tf.Tensor | undefined; stock: (c: ConvTensors) => tf.Tensor }[] = [
  {
    name: 'the stride-1 input gradient as a forward convolution equals conv2DBackpropInput',
    cases: [
      { pad: 'valid', k: 3, h: 7, stride: 1 },
      { pad: 'same', k: 3, h: 5, stride: 1 },
      { pad: 'same', k: 2, h: 6, stride: 1 },
      { pad: 'valid', k: 1, h: 4, stride: 1 },
    ],
    fast: ({ x, filter, dy, attrs }) => conv2dInputGradient(dy, x, filter, attrs),
    stock: ({ x, filter, dy, attrs }) => tf.conv2dTranspose(dy, filter, x.shape, 1, attrs.pad as 'same' | 'valid'),
  },
  {
    name: 'the filter gradient as a dilated forward convolution equals conv2DBackpropFilter',
    cases: [
      { pad: 'same', k: 3, h: 8, stride: 2 },
      { pad: 'same', k: 3, h: 7, stride: 2 },
      { pad: 'valid', k: 3, h: 9, stride: 2 },
      { pad: 'valid', k: 3, h: 6, stride: 1 },
      { pad: 'same', k: 2, h: 5, stride: 3 },
    ],
    fast: ({ x, filter, dy, attrs }) => conv2dFilterGradient(dy, x, filter.shape, attrs),
    stock: ({ x, filter, dy, attrs }) => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: filter.shape }) as tf.Tensor,
  },
];

for (const check of checks) {
  test(check.name, () => {
    for (const c of check.cases) {
      tf.tidy(() => {
        const tensors = convCase(c);
        const fast = check.fast(tensors);
        assert.ok(fast, `${c.pad} k=${c.k} s=${c.stride} takes the fast path`);
        const stock = check.stock(tensors);
        assert.deepEqual(fast.shape, stock.shape);
        assert.ok(maxAbsDiff(fast, stock) < 1e-4, `${c.pad} k=${c.k} s=${c.stride}`);
      });
    }
  });
}

test('strided convolutions are left to the stock kernel', () => {
  tf.tidy(() => {
    const x = tf.ones([1, 6, 6, 1]) as tf.Tensor4D;
    const filter = tf.ones([3, 3, 1, 1]) as tf.Tensor4D;
    assert.equal(conv2dInputGradient(tf.ones([1, 3, 3, 1]), x, filter, { strides: 2, pad: 'same', dataFormat: 'NHWC', dilations: 1 }), undefined);
  });
});

test('with the override installed, conv2d input and filter gradients match hand-computed values', () => {
  installFastConvGradients();
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    // f(x, W) = sum(conv2d(x, W) * R): its gradients are closed-form correlations; check two entries by hand.
    const x = tf.tensor4d([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]);
    const filter = tf.tensor4d([1, 0, -1, 2], [2, 2, 1, 1]);
    const weights = tf.tensor4d([1, 10, 100, 1000], [1, 2, 2, 1]);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'valid'), weights)))([x, filter]);
    // dx[0,0] only meets output (0,0) through filter tap (0,0): 1 * 1.
    assert.equal(dx!.dataSync()[0], 1);
    // dx[1,1] meets all four outputs: 1*W[1,1] + 10*W[1,0] + 100*W[0,1] + 1000*W[0,0] = 2 + 10*-1 + 0 + 1000.
    assert.equal(dx!.dataSync()[4], 992);
    // dW[0,0] = sum over outputs of weight * x at the output's origin: 1*1 + 10*2 + 100*4 + 1000*5.
    assert.equal(dw!.dataSync()[0], 5421);
  });
  assert.equal(tf.memory().numTensors, before);
});
