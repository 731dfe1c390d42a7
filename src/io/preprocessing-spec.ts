import { checkChoice, SaliencyError } from '../core/errors.ts';

/** The range 8-bit pixel values are mapped to: `unit` [0, 1], `symmetric` [-1, 1], `raw` 0..255. */
export type PixelScale = 'unit' | 'symmetric' | 'raw';

/** The channels the model reads: RGB, BGR (Caffe-style models) or one luminance channel. */
export type ChannelLayout = 'rgb' | 'bgr' | 'grayscale';

/**
 * How an image is fitted to the input size: `stretch` resizes it whole (aspect ratio may change);
 * `center-crop` first cuts the largest centred region of the target aspect ratio (as Teachable
 * Machine does), then resizes.
 */
export type ResizeFit = 'stretch' | 'center-crop';

/**
 * How pixels become a model's input, stated once. Steps, in order: fit to `size` (bilinear, half-pixel
 * centres, on unrounded values), pick `channels`, map 0..255 to `scale`, subtract `mean`, divide by
 * `std`. Alpha is ignored.
 */
export interface PreprocessingSpec {
  /** Value range after scaling. Default `'unit'` ([0, 1]). */
  readonly scale?: PixelScale;
  /** Per-channel values subtracted after scaling, in the model's channel order (one value: all channels). Default: none. */
  readonly mean?: readonly number[];
  /** Per-channel divisors applied after `mean` (one value: all channels). Default: none. */
  readonly std?: readonly number[];
  /** Channel layout. Default: `'grayscale'` when the model has one input channel, else `'rgb'`. */
  readonly channels?: ChannelLayout;
  /** Input `[height, width]`. Default: the model's input size (required when the model does not fix it). */
  readonly size?: readonly [number, number];
  /** How images are fitted to `size`. Default `'stretch'`. */
  readonly fit?: ResizeFit;
}

/** A {@link PreprocessingSpec} with every default filled in and every value checked. */
export interface ResolvedPreprocessing {
  readonly scale: PixelScale;
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly channels: ChannelLayout;
  readonly size: readonly [number, number];
  readonly fit: ResizeFit;
}

/**
 * Common recipes, named after the modes of Keras's `imagenet_utils.preprocess_input`:
 * `tf` (MobileNet, Inception, Teachable Machine: [-1, 1]), `torch` ([0, 1] then ImageNet mean/std),
 * `caffe` (VGG, ResNet50 from Keras: BGR, 0..255 minus the ImageNet BGR mean), `unit` ([0, 1]) and
 * `raw` (0..255).
 */
export const PREPROCESSING_PRESETS = {
  tf: { scale: 'symmetric' },
  torch: { scale: 'unit', mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
  caffe: { scale: 'raw', channels: 'bgr', mean: [103.939, 116.779, 123.68] },
  unit: { scale: 'unit' },
  raw: { scale: 'raw' },
} as const satisfies Record<string, PreprocessingSpec>;

/** Default scale of a {@link PreprocessingSpec}. */
export const DEFAULT_PIXEL_SCALE: PixelScale = 'unit';
/** Default fit of a {@link PreprocessingSpec}. */
export const DEFAULT_RESIZE_FIT: ResizeFit = 'stretch';

const SCALES: readonly PixelScale[] = ['unit', 'symmetric', 'raw'];
const LAYOUTS: readonly ChannelLayout[] = ['rgb', 'bgr', 'grayscale'];
const FITS: readonly ResizeFit[] = ['stretch', 'center-crop'];

/**
 * Fills in the defaults of `spec` for a model whose input shape is `inputShape` (NHWC, unknown sizes
 * as `null` or -1; may be omitted when `spec.size` is given) and checks every value, naming the
 * offending option.
 */
export function resolvePreprocessing(
  spec: PreprocessingSpec = {},
  inputShape?: readonly (number | null)[],
): ResolvedPreprocessing {
  const known = (d: number | null | undefined): number | undefined => (d !== null && d !== undefined && d > 0 ? d : undefined);
  if (inputShape !== undefined && inputShape.length !== 4) {
    throw invalid('inputShape', `expected an image input [batch, height, width, channels], got [${inputShape.join(', ')}]`);
  }
  const modelChannels = known(inputShape?.[3]);
  const channels = spec.channels ?? (modelChannels === 1 ? 'grayscale' : 'rgb');
  oneOf('channels', channels, LAYOUTS);
  const count = channels === 'grayscale' ? 1 : 3;
  if (modelChannels !== undefined && modelChannels !== count) {
    throw invalid('preprocessing.channels', `'${channels}' gives ${count} channel(s) but the model takes ${modelChannels}`);
  }
  const height = spec.size?.[0] ?? known(inputShape?.[1]);
  const width = spec.size?.[1] ?? known(inputShape?.[2]);
  if (!isPositiveInteger(height) || !isPositiveInteger(width)) {
    throw invalid(
      'preprocessing.size',
      `need [height, width] as positive integers (the model does not fix its input size), got ${JSON.stringify(spec.size ?? null)}`,
    );
  }
  const scale = spec.scale ?? DEFAULT_PIXEL_SCALE;
  oneOf('scale', scale, SCALES);
  const fit = spec.fit ?? DEFAULT_RESIZE_FIT;
  oneOf('fit', fit, FITS);
  const mean = perChannel('mean', spec.mean, count, 0);
  const std = perChannel('std', spec.std, count, 1);
  if (std.some((s) => s === 0)) throw invalid('preprocessing.std', 'values must be non-zero');
  return { scale, mean, std, channels, size: [height, width], fit };
}

function oneOf<T extends string>(option: string, value: T, allowed: readonly T[]): void {
  checkChoice(value, allowed, `preprocessing.${option}`);
}

function invalid(argument: string, problem: string): SaliencyError {
  return new SaliencyError('INVALID_ARGUMENT', `${argument}: ${problem}`, argument);
}

function perChannel(option: string, values: readonly number[] | undefined, count: number, fallback: number): number[] {
  if (values === undefined) return new Array<number>(count).fill(fallback);
  if (!Array.isArray(values) || values.some((v) => !Number.isFinite(v)) || (values.length !== 1 && values.length !== count)) {
    throw invalid(`preprocessing.${option}`, `expected 1 or ${count} finite numbers, got ${JSON.stringify(values)}`);
  }
  return values.length === 1 ? new Array<number>(count).fill(values[0] as number) : [...values];
}

function isPositiveInteger(n: number | undefined): n is number {
  return Number.isInteger(n) && (n as number) > 0;
}
