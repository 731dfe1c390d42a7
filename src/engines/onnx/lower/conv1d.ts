/**
 * Conv1D as a 2-D ONNX Conv over a height of 1: the Keras [N, L, C] value is transposed to [N, C, L]
 * and given a unit height axis, the filter [k, cin, cout] becomes [cout, cin, 1, k], TF's 'same'
 * padding is written as explicit pads along the length, and the result comes back as [N, L', cout].
 * The conv backward rule then covers it as it covers Conv2D. 'causal' padding is not lowered (TF.js
 * does not run it either).
 */
import { layerActivation } from './activations.ts';
import { tfPads, UnsupportedLayerError, value, weightsOf, type LowerLayer, type Value } from './context.ts';
import { convFilter } from './convolution.ts';

const first = (v: unknown): number => (Array.isArray(v) ? (v[0] as number) : (v as number));

export const Conv1D: LowerLayer = (l) => {
  const { b } = l;
  const x = l.inputs[0] as Value;
  const [, length, channels] = x.shape;
  if (x.shape.length !== 3 || length === null || length === undefined || channels === null || channels === undefined) {
    throw new UnsupportedLayerError(l.layer, 'needs a [batch, length, channels] input of known length');
  }
  if (l.config['padding'] === 'causal' || l.config['dataFormat'] === 'channelsFirst') {
    throw new UnsupportedLayerError(l.layer, "'causal' padding and 'channelsFirst' are not lowered");
  }
  const [k, s, d] = [first(l.config['kernelSize']), first(l.config['strides'] ?? 1), first(l.config['dilationRate'] ?? 1)];
  const w = weightsOf(l.layer);
  const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
  const cout = kernel.shape[2] as number;
  const [, outLength] = l.outputShape as [null, number, number];
  const pads = tfPads(l.config['padding'], [1, length], [1, k], [1, s], [1, d]);
  const ncl = b.op('Transpose', [x.name], { perm: [0, 2, 1] }, ['N', channels, length]);
  const nc1l = b.op('Unsqueeze', [ncl, b.ints([2])], {}, ['N', channels, 1, length]);
  const inputs = [nc1l, b.constant(convFilter(kernel.data, [1, k, channels, cout]), [cout, channels, 1, k], `${l.layer.name}/filter`)];
  const bias = w.get('bias');
  if (bias) inputs.push(b.constant(bias.data, [cout], `${l.layer.name}/bias`));
  const conv = b.op('Conv', inputs, { kernel_shape: [1, k], strides: [1, s], pads, dilations: [1, d], group: 1 }, ['N', cout, 1, outLength]);
  const ncl2 = b.op('Squeeze', [conv, b.ints([2])], {}, ['N', cout, outLength]);
  const y = b.op('Transpose', [ncl2], { perm: [0, 2, 1] });
  return layerActivation(l, value(b, y, l.outputShape, 'keras'));
};
