/**
 * Conv2D, DepthwiseConv2D and SeparableConv2D as ONNX Conv (NCHW; TF's 'same' padding written as
 * explicit pads, so strides and padding match TF.js exactly). Filters are re-laid out once:
 * Keras [kh, kw, cin, cout] -> ONNX [cout, cin, kh, kw]; depthwise [kh, kw, cin, m] -> [cin·m, 1, kh, kw]
 * with group = cin (output channel c·m + j, as TF).
 */
import { layerActivation } from './activations.ts';
import { spatial, tfPads, toNchw, UnsupportedLayerError, value, weightsOf, type LayerLowering, type LowerLayer, type Value } from './context.ts';

function pairs(l: LayerLowering, key: string): number[] {
  const v = l.config[key];
  return Array.isArray(v) ? (v as number[]) : [v as number, v as number];
}

/** Keras [kh, kw, cin, cout] -> ONNX [cout, cin, kh, kw]. */
export function convFilter(data: Float32Array, [kh, kw, cin, cout]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) {
    out[((o * cin + c) * kh + i) * kw + j] = data[((i * kw + j) * cin + c) * cout + o] as number;
  }
  return out;
}

/** Keras depthwise [kh, kw, cin, m] -> ONNX [cin·m, 1, kh, kw]. */
function depthwiseFilter(data: Float32Array, [kh, kw, cin, m]: number[]): Float32Array {
  const out = new Float32Array(data.length);
  for (let i = 0; i < kh; i++) for (let j = 0; j < kw; j++) for (let c = 0; c < cin; c++) for (let k = 0; k < m; k++) {
    out[((c * m + k) * kh + i) * kw + j] = data[((i * kw + j) * cin + c) * m + k] as number;
  }
  return out;
}

function conv(l: LayerLowering, x: Value, filter: Float32Array, dims: number[], group: number, bias: Float32Array | undefined, strides: number[], pads: number[], dilations: number[]): string {
  const { b } = l;
  const inputs = [x.name, b.constant(filter, dims, `${l.layer.name}/filter`)];
  if (bias) inputs.push(b.constant(bias, [bias.length], `${l.layer.name}/bias`));
  return b.op('Conv', inputs, { kernel_shape: dims.slice(2), strides, pads, dilations, group });
}

function geometry(l: LayerLowering, dilated = true) {
  const x = toNchw(l.b, l.inputs[0] as Value);
  if (l.config['dataFormat'] === 'channelsFirst') throw new UnsupportedLayerError(l.layer, "dataFormat 'channelsFirst' has no ONNX lowering");
  const kernel = pairs(l, 'kernelSize');
  const strides = pairs(l, 'strides');
  const dilations = dilated ? pairs(l, 'dilationRate') : kernel.map(() => 1);
  const pads = tfPads(l.config['padding'], spatial(l, x), kernel, strides, dilations);
  return { x, kernel, strides, dilations, pads, w: weightsOf(l.layer) };
}

export const Conv2D: LowerLayer = (l) => {
  const { x, strides, dilations, pads, w } = geometry(l);
  const kernel = w.get('kernel') as { data: Float32Array; shape: number[] };
  const [kh, kw, cin, cout] = kernel.shape as [number, number, number, number];
  const y = conv(l, x, convFilter(kernel.data, kernel.shape), [cout, cin, kh, kw], 1, w.get('bias')?.data, strides, pads, dilations);
  return layerActivation(l, value(l.b, y, l.outputShape, 'nchw'));
};

export const DepthwiseConv2D: LowerLayer = (l) => {
  // TF.js's DepthwiseConv2D layer ignores its dilationRate (its output shape is the undilated one): lowered as it computes
  const { x, strides, dilations, pads, w } = geometry(l, false);
  const kernel = w.get('depthwise_kernel') as { data: Float32Array; shape: number[] };
  const [kh, kw, cin, m] = kernel.shape as [number, number, number, number];
  const y = conv(l, x, depthwiseFilter(kernel.data, kernel.shape), [cin * m, 1, kh, kw], cin, w.get('bias')?.data, strides, pads, dilations);
  return layerActivation(l, value(l.b, y, l.outputShape, 'nchw'));
};

export const SeparableConv2D: LowerLayer = (l) => {
  const { x, strides, dilations, pads, w } = geometry(l);
  const depth = w.get('depthwise_kernel') as { data: Float32Array; shape: number[] };
  const point = w.get('pointwise_kernel') as { data: Float32Array; shape: number[] };
  const [kh, kw, cin, m] = depth.shape as [number, number, number, number];
  const mid = conv(l, x, depthwiseFilter(depth.data, depth.shape), [cin * m, 1, kh, kw], cin, undefined, strides, pads, dilations);
  const inner = l.outputShape.slice(0, 3).concat([cin * m]);
  const midValue = value(l.b, mid, inner, 'nchw');
  const cout = point.shape[3] as number;
  const y = conv(l, midValue, convFilter(point.data, point.shape), [cout, cin * m, 1, 1], 1, w.get('bias')?.data, [1, 1], [0, 0, 0, 0], [1, 1]);
  return layerActivation(l, value(l.b, y, l.outputShape, 'nchw'));
};
