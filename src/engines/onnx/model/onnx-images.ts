/**
 * Images into an ONNX model's input, with the preprocessing the model was loaded with: 8-bit RGBA
 * pictures are inverted when `invert` is set, then fitted, scaled and normalised by the model's
 * `preprocessing` (preprocessImages), channels grey or RGB by the model's channel count. Batches
 * given as NHWC arrays are taken as already preprocessed. Every path (the library's ONNX methods,
 * the CLI's explain, batch and predict) goes through here, so the stored options always apply.
 */
import { check, checkChoice } from '../../../core/errors.ts';
import type { RgbaImage } from '../../../core/image.ts';
import type { NdArray } from '../../../core/ndarray.ts';
import { preprocessImages } from '../../../io/preprocess-images.ts';
import { PREPROCESSING_PRESETS, resolvePreprocessing, type PreprocessingSpec, type ResolvedPreprocessing } from '../../../io/preprocessing-spec.ts';
import type { OnnxModel, PreprocessingPreset } from './model-types.ts';

/** What the ONNX methods take: RGBA pictures (preprocessed as the model says) or a preprocessed NHWC batch. */
export type OnnxImages = NdArray | RgbaImage | readonly RgbaImage[];

/**
 * The NHWC batch [N, height, width, channels] the model reads for `images`: pictures are inverted
 * (when the model's `invert` is set) and preprocessed with its `preprocessing`; an NdArray is
 * checked for the model's shape and returned as it is.
 */
export function onnxInputBatch(model: OnnxModel, images: OnnxImages): NdArray {
  const [height, width, channels] = model.imageShape;
  if ('shape' in images) {
    const [, h, w, c] = images.shape;
    check(images.shape.length === 4 && h === height && w === width && c === channels, 'images', `expected NHWC images [N, ${height}, ${width}, ${channels}] (or RGBA pictures); got [${images.shape.join(', ')}]`);
    return images;
  }
  const list = Array.isArray(images) ? (images as readonly RgbaImage[]) : [images as RgbaImage];
  const pixels = model.invert ? list.map(inverted) : list;
  const tensor = preprocessImages(pixels, model.preprocessing, [null, height, width, channels]);
  try {
    return { data: Float32Array.from(tensor.dataSync()), shape: [...tensor.shape] };
  } finally {
    tensor.dispose();
  }
}

/**
 * The preprocessing of a model whose images are [height, width, channels]: the preset named, or
 * the spec, every default filled in and checked (mean/std per channel, channels that fit), the
 * size the model's. Errors name the option.
 */
export function onnxPreprocessing(spec: PreprocessingSpec | PreprocessingPreset | undefined, imageShape: readonly [number, number, number]): ResolvedPreprocessing {
  const [height, width, channels] = imageShape;
  if (typeof spec === 'string') checkChoice(spec, Object.keys(PREPROCESSING_PRESETS) as PreprocessingPreset[], 'preprocessing');
  const given: PreprocessingSpec = typeof spec === 'string' ? PREPROCESSING_PRESETS[spec] : (spec ?? PREPROCESSING_PRESETS.unit);
  return resolvePreprocessing({ ...given, size: [height, width] }, [null, height, width, channels]);
}

/** `image` with its colours inverted (255 - value), for white-on-black digit models. */
function inverted(image: RgbaImage): RgbaImage {
  const data = new Uint8ClampedArray(image.data);
  for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c++) data[i + c] = 255 - (data[i + c] as number);
  return { ...image, data };
}
