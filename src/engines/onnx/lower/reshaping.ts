/**
 * Layers that move values: Flatten (in Keras's channels-last order), Reshape, ZeroPadding2D (Pad),
 * Cropping2D (Slice), UpSampling2D nearest and bilinear (Resize), Permute, and the inference identities
 * (Dropout, SpatialDropout, GaussianNoise, GaussianDropout, AlphaDropout, ActivityRegularization).
 */
import { toKeras, toNchw, UnsupportedLayerError, value, type LowerLayer, type Value } from './context.ts';

export const Identity: LowerLayer = (l) => l.inputs[0] as Value;

export const Flatten: LowerLayer = (l) => {
  const x = toKeras(l.b, l.inputs[0] as Value);
  return value(l.b, l.b.op('Flatten', [x.name], { axis: 1 }), l.outputShape, 'keras');
};

export const Reshape: LowerLayer = (l) => {
  const x = toKeras(l.b, l.inputs[0] as Value);
  const target = (l.config['targetShape'] as (number | null)[]).map((d) => d ?? -1);
  return value(l.b, l.b.op('Reshape', [x.name, l.b.ints([0, ...target])]), l.outputShape, 'keras');
};

export const Permute: LowerLayer = (l) => {
  const x = toKeras(l.b, l.inputs[0] as Value);
  const dims = l.config['dims'] as number[];
  return value(l.b, l.b.op('Transpose', [x.name], { perm: [0, ...dims] }), l.outputShape, 'keras');
};

function pairsOfPairs(raw: unknown): [[number, number], [number, number]] {
  if (typeof raw === 'number') return [[raw, raw], [raw, raw]];
  const [h, w] = raw as (number | number[])[];
  const pair = (v: number | number[] | undefined): [number, number] => (Array.isArray(v) ? [v[0] as number, v[1] as number] : [v as number, v as number]);
  return [pair(h), pair(w)];
}

export const ZeroPadding2D: LowerLayer = (l) => {
  const x = toNchw(l.b, l.inputs[0] as Value);
  const [[t, bo], [le, r]] = pairsOfPairs(l.config['padding']);
  const pads = l.b.ints([0, 0, t, le, 0, 0, bo, r]);
  return value(l.b, l.b.op('Pad', [x.name, pads], { mode: 'constant' }), l.outputShape, 'nchw');
};

export const Cropping2D: LowerLayer = (l) => {
  const x = toNchw(l.b, l.inputs[0] as Value);
  const [[t, bo], [le, r]] = pairsOfPairs(l.config['cropping']);
  const [h, w] = [x.shape[1] as number, x.shape[2] as number];
  const sliced = l.b.op('Slice', [x.name, l.b.ints([t, le]), l.b.ints([h - bo, w - r]), l.b.ints([2, 3])]);
  return value(l.b, sliced, l.outputShape, 'nchw');
};

export const UpSampling2D: LowerLayer = (l) => {
  const x = toNchw(l.b, l.inputs[0] as Value);
  const interpolation = l.config['interpolation'] ?? 'nearest';
  if (interpolation !== 'nearest' && interpolation !== 'bilinear') throw new UnsupportedLayerError(l.layer, `interpolation '${String(interpolation)}' is not lowered`);
  const [sh, sw] = l.config['size'] as number[];
  const scales = l.b.constant([1, 1, sh as number, sw as number], [4], 'scales');
  // TF.js resizes without aligned corners or half-pixel centres: ONNX's 'asymmetric' coordinates
  const mode: Record<string, string> = interpolation === 'nearest' ? { mode: 'nearest', nearest_mode: 'floor' } : { mode: 'linear' };
  const y = l.b.op('Resize', [x.name, '', scales], { ...mode, coordinate_transformation_mode: 'asymmetric' });
  return value(l.b, y, l.outputShape, 'nchw');
};
