/**
 * How the CLI feeds images to a model: the model's image input ([N, H, W, C], or [N, H, W] for
 * one-channel models without a channel axis, such as Keras-tutorial MLPs), the input size (fixed by
 * the model, chosen with `--size HxW`, or the image's own when the model takes any size) and the
 * region of each image the model sees (where its map belongs).
 */
import type { RgbaImage } from '../core/image.ts';
import type { PixelRect } from '../image/transform.ts';
import { fitRegion } from '../io/fit-region.ts';
import type { PreprocessingSpec } from '../io/preprocessing-spec.ts';
import { UsageError } from './errors.ts';

/** A model's image input as the CLI reads it. */
export interface ImageInput {
  /** The input shape in NHWC, a channel axis of 1 added for [N, H, W] models (free sizes as null). */
  readonly nhwc: readonly (number | null)[];
  /** True when the model's input has no channel axis ([N, H, W]): one channel, dropped after preprocessing. */
  readonly channelless: boolean;
}

/** Reads the image input from the model's input shapes; an error when the model does not take one image. */
export function imageInput(shapes: readonly (readonly (number | null)[])[]): ImageInput {
  const shape = shapes[0];
  if (shapes.length === 1 && shape?.length === 4) return { nhwc: [...shape], channelless: false };
  if (shapes.length === 1 && shape?.length === 3) return { nhwc: [...shape, 1], channelless: true };
  throw new Error(
    `the model takes input shape(s) ${JSON.stringify(shapes)}; the CLI explains models with one image input, ` +
      '[N, height, width, channels] or [N, height, width] (one channel)',
  );
}

/** True when the model leaves the input height or width free (then `--size` or the image's size is used). */
export function hasFreeSize(input: ImageInput): boolean {
  return input.nhwc[1] === null || input.nhwc[2] === null;
}

/**
 * Checks `--size` against the model: it is for models that leave the size free, and must agree with
 * any dimension the model fixes.
 */
export function checkSizeOption(input: ImageInput, size: readonly [number, number] | undefined): void {
  if (size === undefined) return;
  const [height, width] = [input.nhwc[1], input.nhwc[2]];
  if ((height !== null && height !== size[0]) || (width !== null && width !== size[1])) {
    throw new UsageError(
      `--size: the model's input is fixed at ${height ?? 'any'}x${width ?? 'any'} (height x width); ` +
        `${size[0]}x${size[1]} does not fit it (--size is for models that take any size)`,
    );
  }
}

/**
 * The input size ([height, width]) for `image`: the model's, else `--size`, else the preprocessing's,
 * else the image's own for each dimension the model leaves free.
 */
export function inputSizeFor(input: ImageInput, preprocessing: PreprocessingSpec, size: readonly [number, number] | undefined, image: RgbaImage): [number, number] {
  const chosen = size ?? preprocessing.size;
  return [input.nhwc[1] ?? chosen?.[0] ?? image.height, input.nhwc[2] ?? chosen?.[1] ?? image.width];
}

/** The region of `image` the model sees (the centre crop, or the whole image), where its map belongs. */
export function seenRegion(image: RgbaImage, inputSize: readonly [number, number], preprocessing: PreprocessingSpec): PixelRect {
  return fitRegion(image.width, image.height, inputSize, preprocessing.fit ?? 'stretch');
}

/** The note printed when the model takes any size and the images' own sizes are used. */
export function ownSizeNote(input: ImageInput, size: readonly [number, number] | undefined, preprocessing: PreprocessingSpec): string | undefined {
  if (!hasFreeSize(input) || size !== undefined || preprocessing.size !== undefined) return undefined;
  return "the model takes any input size: each image is explained at its own size (choose one with --size HxW)";
}
