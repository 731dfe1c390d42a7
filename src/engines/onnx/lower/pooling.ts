/**
 * Pooling layers: MaxPooling2D / AveragePooling2D as MaxPool / AveragePool with TF's padding
 * written out (averages exclude padding, as TF), GlobalAveragePooling2D as GlobalAveragePool then
 * Flatten, GlobalMaxPooling2D as ReduceMax (no backward rule: gradients fall back to TF.js).
 */
import { spatial, tfPads, toNchw, UnsupportedLayerError, value, type LayerLowering, type LowerLayer, type Value } from './context.ts';

function pool(op: 'MaxPool' | 'AveragePool'): LowerLayer {
  return (l) => {
    const x = toNchw(l.b, l.inputs[0] as Value);
    if (l.config['dataFormat'] === 'channelsFirst') throw new UnsupportedLayerError(l.layer, "dataFormat 'channelsFirst' has no ONNX lowering");
    const size = l.config['poolSize'] as number[];
    const strides = (l.config['strides'] as number[] | null) ?? size;
    const pads = tfPads(l.config['padding'], spatial(l, x), size, strides, [1, 1]);
    const attributes: Record<string, number> = op === 'AveragePool' ? { count_include_pad: 0 } : {};
    return value(l.b, l.b.op(op, [x.name], { kernel_shape: size, strides, pads, ...attributes }), l.outputShape, 'nchw');
  };
}

export const MaxPooling2D = pool('MaxPool');
export const AveragePooling2D = pool('AveragePool');

function global(l: LayerLowering, op: 'GlobalAveragePool' | 'GlobalMaxPool'): Value {
  const { b } = l;
  const x = toNchw(b, l.inputs[0] as Value);
  if (x.shape.length !== 4) throw new UnsupportedLayerError(l.layer, 'only rank-4 inputs are lowered');
  const keep = l.config['keepDims'] === true;
  const pooled = b.op(op, [x.name]);
  const inShape = b.shapes.get(x.name);
  if (inShape) b.shapes.set(pooled, [...inShape.slice(0, 2), 1, 1]);
  if (keep) return value(b, pooled, l.outputShape, 'nchw');
  return value(b, b.op('Flatten', [pooled], { axis: 1 }), l.outputShape, 'keras');
}

export const GlobalAveragePooling2D: LowerLayer = (l) => global(l, 'GlobalAveragePool');
export const GlobalMaxPooling2D: LowerLayer = (l) => global(l, 'GlobalMaxPool');
