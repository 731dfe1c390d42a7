/**
 * Keras activations as ONNX ops: the `activation` of Conv/Dense layers and the Activation, ReLU,
 * LeakyReLU, ELU and Softmax layers. Softmax acts on the Keras channel axis (axis 1 in NCHW).
 */
import { axisIn, UnsupportedLayerError, value, type LayerLowering, type LowerLayer, type Value } from './context.ts';

/** `v` through the Keras activation `name` ('linear' returns `v`). */
export function activate(l: LayerLowering, v: Value, name: string, alpha?: number): Value {
  const { b } = l;
  const out = (op: string, inputs: string[], attributes: Record<string, number | { float: number }> = {}): Value =>
    value(b, b.op(op, inputs, attributes), v.shape, v.layout);
  switch (name) {
    case 'linear':
      return v;
    case 'relu':
      return out('Relu', [v.name]);
    case 'relu6':
      return out('Clip', [v.name, b.scalar(0), b.scalar(6)]);
    case 'sigmoid':
      return out('Sigmoid', [v.name]);
    case 'tanh':
      return out('Tanh', [v.name]);
    case 'elu':
      return out('Elu', [v.name], { alpha: { float: alpha ?? 1 } });
    case 'hardSigmoid':
      return out('HardSigmoid', [v.name], { alpha: { float: 0.2 }, beta: { float: 0.5 } });
    case 'swish':
      return out('Mul', [v.name, b.op('Sigmoid', [v.name])]);
    case 'softmax':
      return out('Softmax', [v.name], { axis: axisIn(v, -1) });
    default:
      throw new UnsupportedLayerError(l.layer, `activation '${name}' has no ONNX lowering`);
  }
}

/** The layer's own activation (config.activation), skipped when run linear. */
export function layerActivation(l: LayerLowering, v: Value): Value {
  const name = typeof l.config['activation'] === 'string' ? (l.config['activation'] as string) : 'linear';
  return l.linear ? v : activate(l, v, name);
}

export const Activation: LowerLayer = (l) => layerActivation(l, l.inputs[0] as Value);

export const Softmax: LowerLayer = (l) => {
  const v = l.inputs[0] as Value;
  if (l.linear) return v;
  const axis = typeof l.config['axis'] === 'number' ? (l.config['axis'] as number) : -1;
  return value(l.b, l.b.op('Softmax', [v.name], { axis: axisIn(v, axis) }), v.shape, v.layout);
};

export const ReLU: LowerLayer = (l) => {
  const v = l.inputs[0] as Value;
  const max = l.config['maxValue'];
  if ((l.config['negativeSlope'] ?? 0) !== 0 || (l.config['threshold'] ?? 0) !== 0) {
    throw new UnsupportedLayerError(l.layer, 'only ReLU without negativeSlope/threshold has an ONNX lowering');
  }
  if (max === null || max === undefined) return activate(l, v, 'relu');
  if (max === 6) return activate(l, v, 'relu6');
  return value(l.b, l.b.op('Clip', [v.name, l.b.scalar(0), l.b.scalar(max as number)]), v.shape, v.layout);
};

export const LeakyReLU: LowerLayer = (l) => {
  const v = l.inputs[0] as Value;
  const alpha = typeof l.config['alpha'] === 'number' ? (l.config['alpha'] as number) : 0.3;
  return value(l.b, l.b.op('LeakyRelu', [v.name], { alpha: { float: alpha } }), v.shape, v.layout);
};

export const ELU: LowerLayer = (l) => {
  const alpha = typeof l.config['alpha'] === 'number' ? (l.config['alpha'] as number) : 1;
  if (alpha !== 1) throw new UnsupportedLayerError(l.layer, 'ELU with alpha != 1 differs between TF.js and ONNX');
  return activate(l, l.inputs[0] as Value, 'elu', alpha);
};
