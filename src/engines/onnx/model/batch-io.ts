/**
 * What every runner of an ONNX image model does around one session run, whether the runtime answers
 * synchronously (onnxruntime-node, onnx-model.ts) or with a promise (onnxruntime-web,
 * async-model.ts): choose the output read as scores, build the feed of a batch of NHWC images in the
 * model's layout, and read the scores back, checking that the batch comes first. Browser-safe.
 */
import { SaliencyError } from '../../../core/errors.ts';
import type { RuntimeTensor } from '../runtime.ts';
import type { OnnxModelData, OnnxValueData } from './decode-model.ts';
import type { OnnxImageInput } from './image-input.ts';
import { nhwcToNchw } from './layout-transpose.ts';

/** The output of `data` named or numbered by `ref` (default: the first); it must be float32 scores. */
export function chooseOutput(data: OnnxModelData, source: string, ref: number | string | undefined): OnnxValueData {
  const list = data.outputs.map((o, i) => `${i} '${o.name}'`).join(', ');
  const index = ref === undefined ? 0 : typeof ref === 'number' ? ref : data.outputs.findIndex((o) => o.name === ref);
  const found = data.outputs[index];
  if (!found) throw new SaliencyError('INVALID_ARGUMENT', `output: ${JSON.stringify(ref)} is not an output of ${source}; outputs are ${list}`, 'output');
  if (found.type !== 'float32') throw new SaliencyError('UNSUPPORTED_MODEL', `output: '${found.name}' of ${source} is ${found.type}; expected float32 scores`, 'output');
  return found;
}

/** The dims of `rows` images as `image`'s model takes them: [rows, c, h, w] (NCHW) or [rows, h, w, c] (NHWC). */
export function inputDims(image: OnnxImageInput, rows: number): number[] {
  const [height, width, channels] = image.imageShape;
  return image.layout === 'nchw' ? [rows, channels, height, width] : [rows, height, width, channels];
}

/** The feed of `rows` NHWC images (the library's order) for `image`'s model: transposed for NCHW models. */
export function imageFeed(image: OnnxImageInput, images: Float32Array, rows: number): RuntimeTensor {
  const [height, width, channels] = image.imageShape;
  return { data: image.layout === 'nchw' ? nhwcToNchw(images, rows, height, width, channels) : images, dims: inputDims(image, rows) };
}

/** The scores of `rows` rows in `result` (a copy), or an error when the output does not put the batch first. */
export function batchScores(source: string, output: OnnxValueData, result: RuntimeTensor, rows: number): Float32Array {
  if (result.dims[0] !== rows && !(rows === 1 && result.dims.length === 1)) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${source}: output '${output.name}' has shape [${result.dims.join(', ')}] for ${rows} rows; expected the batch first`, 'output');
  }
  return Float32Array.from(result.data);
}

/** True when `output` is computed by a Softmax node (through Identity nodes): its scores are probabilities that cannot be turned back into logits. */
export function endsInSoftmax(data: OnnxModelData, output: OnnxValueData): boolean {
  let value = output.name;
  for (let hops = 0; hops < 8; hops++) {
    const node = data.nodes.find((n) => n.outputs.includes(value));
    if (node?.op !== 'Identity') return node?.op === 'Softmax';
    value = node.inputs[0] ?? '';
  }
  return false;
}

/** The error of a runtime that failed on a batch of `rows` rows, naming the file, the runtime and the batch's shape. */
export function runFailure(source: string, runtime: string, image: OnnxImageInput, rows: number, error: unknown): SaliencyError {
  return new SaliencyError('UNSUPPORTED_MODEL', `${source}: ${runtime} failed on a batch of shape [${inputDims(image, rows).join(', ')}]: ${(error as Error).message}`, 'model');
}

/** `scores` when they hold `outputSize` values for each of `rows` rows, else an error naming the output. */
export function rowScores(source: string, output: OnnxValueData, scores: Float32Array, rows: number, outputSize: number): Float32Array {
  if (scores.length !== rows * outputSize) {
    throw new SaliencyError('UNSUPPORTED_MODEL', `${source}: output '${output.name}' gave ${scores.length} values for ${rows} rows; expected ${rows} x ${outputSize}`, 'output');
  }
  return scores;
}
