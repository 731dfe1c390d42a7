/**
 * Which input and output of an ONNX model the library explains, and the image it takes: the one
 * float input of rank 4, its layout (read from the graph or given), its height, width and channels
 * (given as `size` where the model leaves them free), and its batch (fixed, or free when symbolic).
 */
import { SaliencyError } from '../../../core/errors.ts';
import type { OnnxModelData, OnnxValueData } from './decode-model.ts';
import { guessLayout, IMAGE_LAYOUTS, type ImageLayout } from './layout.ts';

/** The image input of a model. */
export interface OnnxImageInput {
  readonly input: OnnxValueData;
  readonly layout: ImageLayout;
  /** How the layout was chosen: the graph's evidence, or 'given'. */
  readonly layoutReason: string;
  /** One sample in the library's order: [height, width, channels]. */
  readonly imageShape: readonly [number, number, number];
  /** Rows one run takes: the fixed batch size, or Infinity when the batch is free. */
  readonly maxBatch: number;
}

/** Options that settle what the graph leaves open. */
export interface ImageInputOptions {
  /** The input's layout. Default: read from the graph; required where it cannot be read. */
  readonly layout?: ImageLayout;
  /** Input [height, width]. Default: the model's; required where the model leaves them free. */
  readonly size?: readonly [number, number];
}

/** The image input of `model` with `options` applied; errors name the option that would settle it. */
export function imageInput(model: OnnxModelData, name: string, options: ImageInputOptions = {}): OnnxImageInput {
  const candidates = model.inputs.filter((v) => v.type === 'float32' && v.shape.length === 4);
  const list = model.inputs.map((v) => `'${v.name}' ${v.type} [${v.shape.map((d) => d ?? '?').join(', ')}]`).join(', ');
  if (model.inputs.length !== 1 || candidates.length !== 1) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${name}: expected one float32 image input of 4 dimensions (NCHW or NHWC); inputs are ${list}`, 'model');
  }
  const input = candidates[0] as OnnxValueData;
  if (options.layout !== undefined && !IMAGE_LAYOUTS.includes(options.layout)) {
    throw new SaliencyError('INVALID_ARGUMENT', `layout: expected one of ${IMAGE_LAYOUTS.join(', ')}; got ${String(options.layout)}`, 'layout');
  }
  const guess = guessLayout(model, input.name);
  const layout = options.layout ?? guess.layout;
  if (layout === undefined) {
    throw new SaliencyError('INVALID_ARGUMENT', `layout: ${name}: ${guess.reason}; give layout 'nchw' (PyTorch) or 'nhwc' (TensorFlow) (CLI --layout)`, 'layout');
  }
  const [batch, ...rest] = input.shape;
  const [c, h, w] = layout === 'nchw' ? rest : [rest[2], rest[0], rest[1]];
  const known = (d: number | string | null | undefined) => (typeof d === 'number' ? d : undefined);
  const channels = known(c);
  if (channels === undefined) throw new SaliencyError('UNSUPPORTED_MODEL', `${name}: input '${input.name}' leaves its channel count free (${layout} [${input.shape.join(', ')}])`, 'model');
  const height = options.size?.[0] ?? known(h);
  const width = options.size?.[1] ?? known(w);
  if (height === undefined || width === undefined) {
    throw new SaliencyError('INVALID_ARGUMENT', `size: ${name} takes images of any size ([${input.shape.join(', ')}]); give size [height, width] (CLI --size HxW)`, 'size');
  }
  for (const [given, fixed, what] of [[height, known(h), 'height'], [width, known(w), 'width']] as const) {
    if (fixed !== undefined && given !== fixed) throw new SaliencyError('INVALID_ARGUMENT', `size: ${name} takes ${what} ${fixed}; got ${given}`, 'size');
  }
  return {
    input,
    layout,
    layoutReason: options.layout !== undefined ? 'given' : guess.reason,
    imageShape: [height, width, channels],
    maxBatch: typeof batch === 'number' ? batch : Infinity,
  };
}
