/**
 * Dense as Gemm (rank-2 inputs) or MatMul + Add on the last Keras axis (higher ranks, taken in
 * Keras layout), and inference BatchNormalization as ONNX BatchNormalization on the channel axis
 * (folded into the convolution before it by fold-batch-norm.ts where nothing reads between).
 */
import { layerActivation } from './activations.ts';
import { axisIn, toKeras, UnsupportedLayerError, value, weightsOf, type LowerLayer, type Value } from './context.ts';

export const Dense: LowerLayer = (l) => {
  const { b } = l;
  const x = toKeras(b, l.inputs[0] as Value);
  const w = weightsOf(l.layer);
  const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
  const bias = w.get('bias');
  const weight = b.constant(kernel.data, kernel.shape, `${l.layer.name}/kernel`);
  let y: string;
  if (x.shape.length === 2) {
    const inputs = [x.name, weight];
    if (bias) inputs.push(b.constant(bias.data, bias.shape, `${l.layer.name}/bias`));
    y = b.op('Gemm', inputs);
  } else {
    y = b.op('MatMul', [x.name, weight]);
    if (bias) y = b.op('Add', [y, b.constant(bias.data, bias.shape, `${l.layer.name}/bias`)]);
  }
  return layerActivation(l, value(b, y, l.outputShape, 'keras'));
};

export const BatchNormalization: LowerLayer = (l) => {
  const { b } = l;
  const x = l.inputs[0] as Value;
  const axis = l.config['axis'];
  const rank = x.shape.length;
  if (axisIn(x, typeof axis === 'number' ? axis : -1) !== (rank === 4 && x.layout === 'nchw' ? 1 : rank - 1) || (rank !== 2 && rank !== 4)) {
    throw new UnsupportedLayerError(l.layer, 'only BatchNormalization over the channel axis of rank-2 or rank-4 inputs is lowered');
  }
  const w = weightsOf(l.layer);
  const mean = w.get('moving_mean') as { data: Float32Array; shape: number[] };
  const variance = w.get('moving_variance') as { data: Float32Array; shape: number[] };
  const c = mean.data.length;
  const gamma = w.get('gamma')?.data ?? new Float32Array(c).fill(1);
  const beta = w.get('beta')?.data ?? new Float32Array(c);
  const eps = typeof l.config['epsilon'] === 'number' ? (l.config['epsilon'] as number) : 1e-3;
  const name = l.layer.name;
  const inputs = [x.name, b.constant(gamma, [c], `${name}/gamma`), b.constant(beta, [c], `${name}/beta`), b.constant(mean.data, [c], `${name}/mean`), b.constant(variance.data, [c], `${name}/variance`)];
  return value(b, b.op('BatchNormalization', inputs, { epsilon: { float: eps } }), l.outputShape, x.layout);
};
